import type { Body } from '../body';
import { readDate, readInt, readText } from '../coerce';
import { ERROR_CODE, notFound, validationError } from '../errors';
import { route, type CallContext, type Reply, type Route } from '../routes';
import type { RecordKind } from '../records';
import type { SandboxSwitches, TextFilterMode } from '../switches';

/**
 * Searches come in pairs: `X/Search` answers every match, `X/Search/{page}/{size}`
 * one 1-based page (0-based with `pageNumbering: from-0`). Either way a bare JSON array (or with
 * `searchAnswers: envelope` an object holding it), ordered by ID; an empty answer is
 * 204, `[]`, `null` or 404 (with words or none) by the `emptySearch` switch; the last page is simply short. With
 * `pageCap` a page holds at most that many rows whatever size is asked, starting where
 * `pageCapOffsets` says.
 * `rows(context, paged)` lets a search give paged rows more fields (as User does).
 */
export function searchRoutes(entity: string, rows: (context: CallContext, paged: boolean) => unknown[]): Route[] {
  const shown = (context: CallContext, paged: boolean) => {
    if (context.switches.unknownFilters === 'refused') refuseUnknownFilters(entity, context.body);
    return madeLongEnoughAgo(context, entity, rows(context, paged));
  };
  return [
    route('POST', `${entity}/Search`, (context) => {
      if (!context.switches.unpagedSearchRoutes && UNPAGED_OPTIONAL.has(entity)) throw notFound(`No HTTP resource was found that matches POST ${entity}/Search.`);
      return answerRows(context, shown(context, false));
    }),
    route('POST', `${entity}/Search/{page}/{size}`, (context) => answerRows(context, shown(context, true))),
  ];
}

/** The filters the guides (and onefile-api.md's table) name for each search: what a strict OneFile takes. */
const DOCUMENTED_FILTERS: Readonly<Record<string, readonly string[]>> = {
  Organisation: ['CustomerID'],
  User: ['OrganisationID', 'Role', 'FirstName', 'LastName', 'Email', 'MISID', 'LastModified'],
  Classroom: ['OrganisationID', 'Name'],
  Placement: ['OrganisationID', 'Name'],
  Standard: ['OrganisationID', 'Title'],
  Unit: ['StandardID', 'OrganisationID', 'Title'],
  FrameworkTemplate: ['OrganisationID'],
  LearningAim: ['UserID'],
  UnitSummary: ['UserID'],
};

/** `unknownFilters: refused`: a body key the guides do not name for this search is a 400, as a OneFile binding it strictly would answer. */
function refuseUnknownFilters(entity: string, body: Body): void {
  const known = DOCUMENTED_FILTERS[entity] ?? [];
  const unknown = Object.keys(body).find((key) => !known.some((filter) => filter.toLowerCase() === key.toLowerCase()));
  if (unknown !== undefined) throw validationError(ERROR_CODE.unknownFilter, `The request is invalid: '${unknown}' is not a filter of ${entity}/Search.`);
}

/** The kinds whose unpaged search the `unpagedSearchRoutes` switch can take away (each has a paged one). */
const UNPAGED_OPTIONAL: ReadonlySet<string> = new Set(['User', 'Classroom', 'Placement', 'Standard', 'Unit']);

/** The kinds a client makes, whose new records the `searchLagMs` switch keeps out of searches for a while. */
const LAGGING_KINDS: Partial<Record<string, RecordKind>> = {
  User: 'users',
  Classroom: 'classrooms',
  Placement: 'placements',
  LearningAim: 'learningAims',
  UnitSummary: 'unitSummaries',
};

/** Rows without those made less than `searchLagMs` ago: a search trailing the writes. */
function madeLongEnoughAgo(context: CallContext, entity: string, rows: unknown[]): unknown[] {
  const lag = context.switches.searchLagMs;
  const kind = LAGGING_KINDS[entity];
  if (lag <= 0 || !kind) return rows;
  return rows.filter((row) => {
    const madeAt = context.store.madeAtOf(kind, (row as { ID: number | string }).ID);
    return madeAt === undefined || context.now - madeAt >= lag;
  });
}

function answerRows(context: CallContext, rows: unknown[]): Reply {
  const { page, size } = context.params;
  let answer = rows;
  if (page !== undefined) {
    const pageNumber = /^\d+$/.test(page) ? Number(page) : -1;
    const pageSize = /^\d+$/.test(size) ? Number(size) : 0;
    // `pageNumbering: from-0` plays a OneFile counting its pages from 0 (page 1 is then the second).
    const first = context.switches.pageNumbering === 'from-0' ? 0 : 1;
    if (pageNumber < first || pageSize < 1) {
      throw validationError(ERROR_CODE.badPaging, `Page ${page} of size ${size} is not a page: pages start at ${first} and sizes at 1.`);
    }
    const { largestPageSize, largerPages } = context.switches;
    if (largestPageSize > 0 && pageSize > largestPageSize) {
      if (largerPages === 'refused') throw validationError(ERROR_CODE.badPaging, `The page size ${pageSize} is too large: at most ${largestPageSize} rows a page.`);
      return emptySearchReply(context.switches, page, size, 0);
    }
    const cap = context.switches.pageCap;
    const served = cap > 0 ? Math.min(pageSize, cap) : pageSize;
    const start = (pageNumber - first) * (cap > 0 && context.switches.pageCapOffsets === 'requested' ? pageSize : served);
    answer = rows.slice(start, start + served);
  } else if (context.switches.unpagedCap > 0) {
    answer = rows.slice(0, context.switches.unpagedCap);
  }
  if (answer.length === 0) return emptySearchReply(context.switches, page, size, rows.length);
  if (context.switches.searchAnswers === 'envelope') return { status: 200, json: envelope(answer, rows.length, page, size) };
  return { status: 200, json: answer };
}

/** A search with no rows to answer, as the `emptySearch` and `searchAnswers` switches write it. */
export function emptySearchReply(switches: SandboxSwitches, page: string | undefined, size: string, total = 0): Reply {
  if (switches.emptySearch === '204') return { status: 204 };
  if (switches.emptySearch === 'null') return { status: 200, json: null };
  if (switches.emptySearch === '404') return { status: 404, json: { Message: 'No records found.' } };
  if (switches.emptySearch === '404-bare') return { status: 404 };
  return { status: 200, json: switches.searchAnswers === 'envelope' ? envelope([], total, page, size) : [] };
}

function envelope(rows: unknown[], total: number, page: string | undefined, size: string): object {
  const paging = page !== undefined ? { Page: Number(page), PageSize: Number(size) } : {};
  return { Items: rows, TotalCount: total, ...paging };
}

/** Exact, case-insensitive (and ends-trimmed) text comparison, as the filters use. */
export function sameText(a: unknown, b: string): boolean {
  return a != null && String(a).trim().toLowerCase() === b.trim().toLowerCase();
}

/** How a text filter compares a record's value with the text asked for, by the `textFilters` switch. */
const TEXT_TESTS: Record<TextFilterMode, (value: unknown, wanted: string) => boolean> = {
  exact: sameText,
  'case-sensitive': (value, wanted) => value != null && String(value).trim() === wanted.trim(),
  contains: (value, wanted) => value != null && String(value).toLowerCase().includes(wanted.trim().toLowerCase()),
  ignored: () => true,
};

/**
 * A record filter from body fields: integers compare exactly; text as the `textFilters`
 * switch says (by default exactly, ignoring case).
 */
export interface FilterSpec {
  ints?: string[];
  texts?: string[];
  /** Fields compared as "on or after this date". */
  since?: string[];
}

export function bodyFilter(
  body: Body,
  spec: FilterSpec,
  textFilters: TextFilterMode = 'exact',
  numberFilters: 'exact' | 'ignored' = 'exact',
): (record: Record<string, unknown>) => boolean {
  const sameAsAsked = TEXT_TESTS[textFilters];
  const tests: ((record: Record<string, unknown>) => boolean)[] = [];
  for (const key of numberFilters === 'ignored' ? [] : (spec.ints ?? [])) {
    const wanted = readInt(body[key], key);
    if (wanted != null) tests.push((record) => record[key] === wanted);
  }
  for (const key of spec.texts ?? []) {
    const wanted = readText(body[key]);
    if (wanted != null) tests.push((record) => sameAsAsked(record[key], wanted));
  }
  for (const key of spec.since ?? []) {
    const wanted = readDate(body[key], key);
    if (wanted != null) {
      const from = Date.parse(wanted);
      tests.push((record) => typeof record[key] === 'string' && Date.parse(record[key] as string) >= from);
    }
  }
  return (record) => tests.every((test) => test(record));
}

/** Picks the named fields of a record, in that order. */
export function pick<T extends object>(record: T, keys: readonly (keyof T)[]): Partial<T> {
  const row: Partial<T> = {};
  for (const key of keys) row[key] = record[key];
  return row;
}
