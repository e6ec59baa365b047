import type { z } from 'zod';
import type { ApiCaller } from './caller';
import { OneFileError } from './errors';
import { searchAnswer } from './schemas';
import { DEFAULT_PAGE_SIZE, SMALL_PAGE_SIZE } from '../../shared/defaults';

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
  /** Stop with an error after this many pages: a server that never ends a search cannot loop us forever. Default 10 000. */
  maxPages?: number;
  /** Called once per page call made (an empty answer included): the directory counts its calls with it. */
  onCall?: () => void;
  /** Told when the server serves fewer rows a page than asked (and more pages followed): the cap learned. */
  onCapLearned?: (cap: number) => void;
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
  let size = Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, options.pageCap ?? Number.POSITIVE_INFINITY);
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new OneFileError({ kind: 'validation', endpoint: route, message: `The page size must be a whole number from 1 to 1000 (got ${size}).` });
  }
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Set<string>();
  let calls = 0;
  let passes = 0;
  for (;;) {
    passes += 1;
    const pass = yield* readPass(size, maxPages - calls);
    calls += pass.calls;
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

  /** One reading of every page at `pageSize`, yielding rows not seen before; how many rows its pages served and the calls it made. */
  async function* readPass(pageSize: number, callsLeft: number): AsyncGenerator<z.output<S>[], { rows: number; calls: number }, undefined> {
    let page = 1;
    let previous = '';
    let served = 0;
    /** Set when page 1 came back shorter than asked: later pages are asked at the size served. */
    let servedOnPage1: number | undefined;
    /** Page 1 was refused at the size asked and is asked again smaller. */
    let smallerAnswers = false;
    for (let calls = 1; calls <= callsLeft; calls += 1) {
      let rows: z.output<S>[];
      try {
        rows = await api.parsed(
          { method: 'POST', route, path: `${entity}/Search/${page}/${pageSize}`, body: filter, read: true },
          searchAnswer(row),
        );
      } catch (error) {
        options.onCall?.();
        // A OneFile may refuse a page larger than it serves rather than serve less: ask again for the size the guides use.
        if (page === 1 && seen.size === 0 && pageSize > SMALL_PAGE_SIZE && error instanceof OneFileError && (error.kind === 'validation' || error.kind === 'unsupported')) {
          pageSize = SMALL_PAGE_SIZE;
          size = pageSize;
          smallerAnswers = true;
          continue;
        }
        throw page > 1 || seen.size > 0 ? cutShort(error, route, page, seen.size) : error;
      }
      options.onCall?.();
      // Remembered only once the smaller page answers: refused at that size too, it was not the size (a filter, say).
      if (smallerAnswers) options.onCapLearned?.(pageSize);
      smallerAnswers = false;
      if (rows.length === 0) return { rows: served, calls };
      served += rows.length;
      // Rows after a short page 1: the server caps its pages at what it served.
      if (page === 2 && servedOnPage1 !== undefined) options.onCapLearned?.(servedOnPage1);
      const ids = JSON.stringify(rows.map((r) => (r as { ID?: unknown }).ID));
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
      if (rows.length < pageSize) {
        // A page shorter than a measured cap is the end; otherwise only an empty page is.
        const whole = options.pageCap ?? options.servesWhole;
        if (whole !== undefined && rows.length < Math.min(pageSize, whole)) return { rows: served, calls };
        if (page === 1) {
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
    message: `${error.message} The search ${route} stopped at page ${page} after ${rowsRead} rows, so the list is incomplete and nothing is planned from it.`,
  });
}

/** Every row of every page, in order. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
