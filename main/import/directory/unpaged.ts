import type { OneFileClient } from '../../onefile/client';
import { OneFileError } from '../../onefile/errors';

/** Answers that mean "OneFile will not do this" (a search not offered, or not with that filter), as against "try again later": another way to read it, not a failed directory. */
const SEARCH_REFUSALS: ReadonlySet<string> = new Set(['validation', 'not-found', 'unsupported', 'bad-response']);

/** Whether an error is OneFile refusing a search (see SEARCH_REFUSALS), not failing it. */
export function isSearchRefusal(error: unknown): error is OneFileError {
  return error instanceof OneFileError && SEARCH_REFUSALS.has(error.kind);
}

/**
 * The unpaged search's rows; where OneFile refuses it, the same rows page by page, and
 * (once the pages answer: refused both ways, it is the filter, not the route) the
 * environment remembers that unpaged searches are not offered.
 */
export async function unpagedOrPages<T>(
  client: Partial<Pick<OneFileClient, 'unpagedSearchSeen'>>,
  list: () => Promise<T[]>,
  pages: () => Promise<T[]>,
): Promise<{ rows: T[]; paged: boolean }> {
  try {
    return { rows: await list(), paged: false };
  } catch (error) {
    if (!isSearchRefusal(error)) throw error;
    const rows = await pages();
    client.unpagedSearchSeen?.('not-offered');
    return { rows, paged: true };
  }
}
