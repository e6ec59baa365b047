import type { z } from 'zod';
import type { ApiCaller } from './caller';
import { OneFileError } from './errors';
import { searchAnswer } from './schemas';

export interface PageOptions {
  /** Rows per page (1..1000). Default 100. */
  pageSize?: number;
  /** Stop with an error after this many pages: a server that never ends a search cannot loop us forever. Default 10 000. */
  maxPages?: number;
}

export const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_MAX_PAGES = 10_000;

/**
 * Pages of `POST {entity}/Search/{page}/{size}`, page 1 first. The answer has no
 * total, so the search ends at a 204, an empty array, or a page shorter than asked.
 * A server that ignores paging (the same full page again) is an error, not a loop.
 */
export async function* searchPages<S extends z.ZodType>(
  api: ApiCaller,
  entity: string,
  filter: object,
  row: S,
  options: PageOptions = {},
): AsyncGenerator<z.output<S>[], void, undefined> {
  const size = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const route = `POST ${entity}/Search/{page}/{size}`;
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new OneFileError({ kind: 'validation', endpoint: route, message: `The page size must be a whole number from 1 to 1000 (got ${size}).` });
  }
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let previous = '';
  for (let page = 1; page <= maxPages; page += 1) {
    const rows: z.output<S>[] = await api.parsed(
      { method: 'POST', route, path: `${entity}/Search/${page}/${size}`, body: filter, read: true },
      searchAnswer(row),
    );
    if (rows.length === 0) return;
    const ids = JSON.stringify(rows.map((r) => (r as { ID?: unknown }).ID));
    if (ids === previous) {
      throw new OneFileError({
        kind: 'bad-response',
        endpoint: route,
        message: `OneFile answered page ${page} of ${route} with the same rows as page ${page - 1}, so the search cannot be completed. OneFile's paging may have changed.`,
      });
    }
    previous = ids;
    yield rows;
    if (rows.length < size) return;
  }
  throw new OneFileError({
    kind: 'bad-response',
    endpoint: route,
    message: `${route} was still returning full pages after ${maxPages} pages; stopped. Narrow the search or raise the page size.`,
  });
}

/** Every row of every page, in order. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
