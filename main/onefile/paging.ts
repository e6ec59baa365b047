import type { z } from 'zod';
import type { ApiCaller } from './caller';
import { OneFileError } from './errors';
import { searchAnswer } from './schemas';
import { DEFAULT_PAGE_SIZE, SEEN_PAGE_SIZE, SMALL_PAGE_SIZE } from '../../shared/defaults';

export interface PageOptions {
  /** Rows asked for per page (1..1000). Default 100. */
  pageSize?: number;
  /** The most rows this OneFile serves a page, as the probe measured it: pages are asked at that size, and a shorter one is the end. */
  pageCap?: number;
  /**
   * Pages of this many rows are known to be served whole (the probe saw one): a page
   * shorter than it ends a search. Without either, a search ends only on an empty
   * answer (204 or `[]`).
   */
  servesWhole?: number;
  /**
   * How many rows this search held when it was last read whole (the directory's lists,
   * remembered per organisation: `listSizes` in knowledge.ts). A page shorter than a
   * measurement ends the search only once at least that many rows have come: a OneFile
   * capping its pages since the probe at a number no rule foresees (73) would otherwise
   * end the learners' search on its first page, and every learner past it would look new.
   * The probe counts the learners for the first import (probe-paging.ts); a list never read
   * or counted is given as Infinity: only an empty page ends it.
   */
  knownRows?: number;
  /** Stop with an error after this many pages: a server that never ends a search cannot loop us forever. Default 10 000. */
  maxPages?: number;
  /** The largest page this OneFile is known to serve (refused or empty above it): pages are asked at most this size. */
  largestPageSize?: number;
  /** Told when a page larger than this was refused, or answered as empty where a page of this size held rows. */
  onLargestPageLearned?: (size: number) => void;
  /**
   * Whether an empty first page is asked again before it is believed: at the size seen in
   * production (50) where it was asked larger, then once more at that size (a stray empty
   * answer). For a search whose emptiness would make a learner look new where it would be
   * wrong (an organisation's list, a look for a write whose answer was lost). Always so where
   * `knownRows` is above 0.
   */
  confirmEmpty?: boolean;
  /** Called once per page call made (an empty answer included): the directory counts its calls with it. */
  onCall?: () => void;
  /** Told when the server serves fewer rows a page than asked (and more pages followed): the cap learned. */
  onCapLearned?: (cap: number) => void;
  /** The number of this OneFile's first page, where known: 1 as the guides have it, or 0. Unknown: 1, checked (see `searchPages`). */
  pageBase?: PageBase;
  /** Told when a search found out how this OneFile numbers its pages. */
  onPageBaseLearned?: (base: PageBase) => void;
}

/** The number of a OneFile's first page. */
export type PageBase = 0 | 1;

const NO_PAGE_ZERO: ReadonlySet<string> = new Set(['validation', 'not-found', 'unsupported', 'bad-response', 'server']);

/** Whether an error answering page 0 means "no such page" (pages start at 1 there), not a failed call. */
export function noPageZero(error: unknown): boolean {
  return error instanceof OneFileError && NO_PAGE_ZERO.has(error.kind);
}

export { DEFAULT_PAGE_SIZE };
const DEFAULT_MAX_PAGES = 10_000;
/** Readings of a search whose pages overlap, each with other page edges, before it is given up as incomplete. */
const MOST_PASSES = 4;

/**
 * Pages of `POST {entity}/Search/{page}/{size}`, page 1 first. The answer has no total
 * and a server may serve fewer rows than asked (onefile-api.md: 50 is the largest page
 * seen in production), so a short page is **not** the end: a search ends only on 204
 * or `[]`, or on a page shorter than a cap the probe measured. Stopping early would make
 * existing learners look new and create them twice.
 *
 * After a short first page, the search goes on at the size served: if more rows come,
 * the server caps its pages (the cap is learned for later searches), and whether it
 * counts later pages in the rows it served or in the rows asked for, page 2 of the
 * served size starts at the same row, so every row is read.
 *
 * Pages start at 1 [doc, seen]. A OneFile counting them from 0 would answer page 1 with
 * its second page, and a search starting there would never see the first rows: learners
 * would look new and be created twice. Until it is known (`pageBase`), a search whose first
 * page comes back empty or full, or short and followed by more, asks page 0 of the same
 * size once: rows there that page 1 does not hold mean pages start at 0, and the search is
 * read again from page 0 (reading from 0 holds every row from 1 too, so a wrong "0" costs
 * a page, never a row). A short first page followed by an empty one proves pages start at
 * 1 without a call. What is found is told (`onPageBaseLearned`) for later searches.
 *
 * A OneFile may not serve a page as large as asked: refused (400), page 1 is asked again
 * at the guides' 100, then at the 50 seen in production; answered as an empty search, where
 * the search should hold rows (`confirmEmpty`, an organisation's list), at 50 before "none"
 * is believed. Either found is told (`onLargestPageLearned`): later searches ask no larger.
 *
 * An empty page is asked once more at its size before it is believed wherever rows may
 * follow the page before it (`mayHoldMoreAfter`), as is an empty first page where the search
 * should hold rows and an empty page 0: a gateway's stray empty answer would end the list.
 *
 * A page that fails after the first is reported as such: the caller must not act on
 * the part it has (the directory stops the plan).
 */
export async function* searchPages<S extends z.ZodType>(
  api: ApiCaller,
  entity: string,
  filter: object,
  row: S,
  options: PageOptions = {},
): AsyncGenerator<z.output<S>[], void, undefined> {
  const route = `POST ${entity}/Search/{page}/{size}`;
  let size = Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, options.pageCap ?? Number.POSITIVE_INFINITY, options.largestPageSize ?? Number.POSITIVE_INFINITY);
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new OneFileError({ kind: 'validation', endpoint: route, message: `The page size must be a whole number from 1 to 1000 (got ${size}).` });
  }
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Set<string>();
  let calls = 0;
  let passes = 0;
  let base = options.pageBase;
  /** The probe's measurement (pageCap, servesWhole) ends a search until this search finds OneFile serving fewer a page. */
  let measuredStands = true;
  const learnBase = (found: PageBase) => {
    base = found;
    options.onPageBaseLearned?.(found);
  };
  for (;;) {
    passes += 1;
    const pass = yield* readPass(size, maxPages - calls);
    calls += pass.calls;
    // Pages start at 0 here: read again from there (once: the base is known now).
    if (pass.fromZero) {
      passes -= 1;
      continue;
    }
    // Every row of this reading is among those seen: the list is whole. Pages that never
    // overlap always end here, after one reading.
    if (seen.size >= pass.rows) return;
    if (passes === MOST_PASSES) {
      throw new OneFileError({
        kind: 'bad-response',
        endpoint: route,
        message:
          `OneFile's pages of ${route} overlap: read ${passes} times with different page sizes, its last reading served ${pass.rows} rows and ` +
          `only ${seen.size} different ones have come in all, so some rows may be missing. Nothing was written, and nothing is planned from an incomplete list ` +
          '(a learner missing from it would look new). Try again later; if it happens again, tell OneFile support that this search has no stable order.',
      });
    }
    // A row can come on two pages and another on none when the server orders by something
    // that ties (a last name) and each page's query breaks the ties its own way. Read again
    // with other page edges: rows that straddled an edge lie inside a page.
    size = Math.max(1, size - Math.ceil(size / 8) - 6);
  }

  /** Page 0 of `pageSize` rows, or undefined where OneFile refuses it (pages start at 1 there). */
  async function pageZero(pageSize: number): Promise<z.output<S>[] | undefined> {
    try {
      return await api.parsed({ method: 'POST', route, path: `${entity}/Search/0/${pageSize}`, body: filter, read: true }, searchAnswer(row));
    } catch (error) {
      if (noPageZero(error)) return undefined;
      throw error;
    } finally {
      options.onCall?.();
    }
  }

  /**
   * Whether page 0 holds rows that page 1 (asked at the same size) does not: then pages
   * start at 0; and the calls it took. Page 0 answered empty is asked once more before
   * pages are taken to start at 1: a stray empty answer would have every later search
   * start past the first page, its learners looking new.
   */
  async function startsAtZero(pageSize: number, pageOneIds: string): Promise<{ fromZero: boolean; calls: number }> {
    let rows = await pageZero(pageSize);
    let calls = 1;
    if (rows?.length === 0) {
      rows = await pageZero(pageSize);
      calls += 1;
    }
    return { fromZero: rows !== undefined && rows.length > 0 && idsOf(rows) !== pageOneIds, calls };
  }

  /**
   * One reading of every page at `pageSize`, yielding rows not seen before; how many rows
   * its pages served and the calls it made, or `fromZero` where it found pages start at 0.
   */
  async function* readPass(pageSize: number, callsLeft: number): AsyncGenerator<z.output<S>[], { rows: number; calls: number; fromZero?: boolean }, undefined> {
    const first = base ?? 1;
    let page = first;
    /** The first page's size and rows, to ask page 0 alike while the base is unknown. */
    let firstPage = { size: pageSize, ids: '' };
    let previous = '';
    let served = 0;
    /** Set when page 1 came back shorter than asked: later pages are asked at the size served. */
    let servedOnPage1: number | undefined;
    /** Why page 1 is asked again smaller: refused at the size asked, or empty there. */
    let askedSmaller: 'refused' | 'empty' | undefined;
    /** Whether an empty page 1 at this size is asked again smaller before it is believed (see `confirmEmpty`). */
    const confirmEmpty = options.confirmEmpty === true || (options.knownRows ?? 0) > 0;
    /** Whether more rows may follow the last page of rows: an empty page then is asked once more before it is believed (see `mayHoldMoreAfter`). */
    let moreMayFollow = false;
    /** The page and size whose empty answer was asked again: the second empty answer there is believed. */
    let askedAgain: string | undefined;
    for (let calls = 1; calls <= callsLeft; calls += 1) {
      let rows: z.output<S>[];
      try {
        rows = await api.parsed(
          { method: 'POST', route, path: `${entity}/Search/${page}/${pageSize}`, body: filter, read: true },
          searchAnswer(row),
        );
      } catch (error) {
        options.onCall?.();
        // A OneFile may refuse a page larger than it serves rather than serve less: ask again for the size the guides use, then the one seen in production.
        const smaller = smallerPageThan(pageSize);
        if (page === first && seen.size === 0 && smaller !== undefined && error instanceof OneFileError && (error.kind === 'validation' || error.kind === 'unsupported')) {
          pageSize = smaller;
          size = pageSize;
          askedSmaller = 'refused';
          continue;
        }
        throw page > first || seen.size > 0 ? cutShort(error, route, page, seen.size) : error;
      }
      options.onCall?.();
      const firstOfList = page === first && seen.size === 0;
      // Or answer it as an empty search: where the search should hold rows, the size seen in
      // production is asked before "none" is believed (every learner would look new).
      if (rows.length === 0 && firstOfList && confirmEmpty && pageSize > SEEN_PAGE_SIZE) {
        pageSize = SEEN_PAGE_SIZE;
        size = pageSize;
        askedSmaller = 'empty';
        continue;
      }
      // A page answered empty where rows may be (after a full page, or the first page of a list
      // that should hold rows, at the smallest size it is asked): a gateway's or a restarting
      // server's stray answer would end the list there, and every learner after it would look
      // new. Asked once more, at the same size.
      const look = `${page}/${pageSize}`;
      if (rows.length === 0 && askedAgain !== look && (firstOfList ? confirmEmpty : moreMayFollow)) {
        askedAgain = look;
        continue;
      }
      // Remembered only once the smaller page answers (refused at that size too, it was not the size: a filter, say), or holds rows (empty there too, the search is).
      if (askedSmaller === 'refused' || (askedSmaller === 'empty' && rows.length > 0)) {
        options.onCapLearned?.(pageSize);
        options.onLargestPageLearned?.(pageSize);
      }
      askedSmaller = undefined;
      const ids = idsOf(rows);
      if (page === first) firstPage = { size: pageSize, ids };
      if (base === undefined) {
        const afterShortFirst = page === first + 1 && servedOnPage1 !== undefined;
        // A short first page and an empty second: a OneFile counting from 0 would have served rows there.
        if (afterShortFirst && rows.length === 0) learnBase(1);
        else if ((page === first && (rows.length === 0 || rows.length >= pageSize)) || afterShortFirst) {
          const { fromZero, calls: asked } = await startsAtZero(firstPage.size, firstPage.ids);
          calls += asked;
          learnBase(fromZero ? 0 : 1);
          if (fromZero) return { rows: served, calls, fromZero };
        }
      }
      if (rows.length === 0) return { rows: served, calls };
      served += rows.length;
      // Rows after a short page 1: the server caps its pages at what it served, and a
      // measurement of more is out of date (this search ends only on an empty page now).
      if (page === first + 1 && servedOnPage1 !== undefined) {
        measuredStands = false;
        options.onCapLearned?.(servedOnPage1);
      }
      if (ids === previous) {
        throw new OneFileError({
          kind: 'bad-response',
          endpoint: route,
          message: `OneFile answered page ${page} of ${route} with the same rows as page ${page - 1}, so the search cannot be completed. Nothing was written. OneFile's paging may have changed: run the probe (onefile-import probe).`,
        });
      }
      previous = ids;
      const fresh = rows.filter((r) => {
        const key = JSON.stringify((r as { ID?: unknown }).ID);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (fresh.length > 0) yield fresh;
      moreMayFollow = mayHoldMoreAfter(rows.length, pageSize, page === first, served, options.knownRows);
      if (rows.length < pageSize) {
        // A page shorter than a measured cap is the end, unless it may be a cap set since
        // (mayBeACap), or the search held more rows when last read (knownRows); otherwise
        // only an empty page is.
        const whole = measuredStands ? (options.pageCap ?? options.servesWhole) : undefined;
        const fewerThanKnown = served < (options.knownRows ?? 0);
        if (whole !== undefined && rows.length < Math.min(pageSize, whole) && !mayBeACap(rows.length) && !fewerThanKnown) return { rows: served, calls };
        if (page === first) {
          // Page 1 starts at the first row however a server counts its pages. Whether its
          // page 2 starts after the rows it served or after the rows asked for is unknown;
          // asked for at the size it served, both readings start page 2 at the same row.
          servedOnPage1 = rows.length;
          pageSize = rows.length;
          size = pageSize;
        }
      }
      page += 1;
    }
    throw new OneFileError({
      kind: 'bad-response',
      endpoint: route,
      message: `${route} was still returning rows after ${maxPages} pages; stopped. Nothing was written. Narrow the search or raise the page size.`,
    });
  }
}

/** The next page size to ask for where a larger one was refused or came back empty: the guides' 100, then the 50 seen in production; none below. */
export function smallerPageThan(pageSize: number): number | undefined {
  return [SMALL_PAGE_SIZE, SEEN_PAGE_SIZE].find((size) => size < pageSize);
}

/**
 * Whether a page of this many rows may be a page cap rather than the end of a search:
 * caps are set by people, as round numbers (the 50 seen in production, the guides' 100,
 * 250, 500, 1000; 64, 128, 256 in code written around powers of two). A short page of such
 * a length is not taken as the end on the strength of a measurement, which a OneFile
 * upgraded since the probe may no longer bear out: one more call, where stopping there
 * would make every learner past the new cap look new and create them twice. Fewer than
 * 10 rows is no cap anyone sets.
 */
export function mayBeACap(rows: number): boolean {
  return rows >= 10 && (rows % 5 === 0 || (rows & (rows - 1)) === 0);
}

/**
 * Whether rows may follow a page of `rows` asked at `pageSize`, as far as can be known
 * without a call: it was full; the list held more when last read (`knownRows`, where
 * counted); or it was a short first page of a length a cap may be set at (`mayBeACap`)
 * in a list not known to hold no more. A later short page is the end (a cap would have
 * shortened the pages before it too).
 */
function mayHoldMoreAfter(rows: number, pageSize: number, firstPage: boolean, served: number, knownRows: number | undefined): boolean {
  const counted = knownRows !== undefined && Number.isFinite(knownRows);
  if (rows >= pageSize || (counted && served < knownRows)) return true;
  return firstPage && mayBeACap(rows) && !counted;
}

/** A page's rows by their IDs, to tell two pages apart. */
function idsOf(rows: readonly unknown[]): string {
  return JSON.stringify(rows.map((r) => (r as { ID?: unknown }).ID));
}

/** A search that failed part-way: the rows read so far are not the whole list. */
function cutShort(error: unknown, route: string, page: number, rowsRead: number): unknown {
  if (!(error instanceof OneFileError)) return error;
  return new OneFileError({
    kind: error.kind,
    endpoint: error.endpoint,
    status: error.status,
    code: error.code,
    oneFileMessage: error.oneFileMessage,
    mayHaveApplied: false,
    causeCode: error.causeCode,
    message: `${error.message} The search ${route} stopped at page ${page} after ${rowsRead} rows, so the list is incomplete: nothing is planned or written from it.`,
  });
}

/** Every row of every page, in order. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
