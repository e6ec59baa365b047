/**
 * OneFile's documented limits and the importer's defaults, written once: the engine,
 * the CLI's help, the app's settings and the contract's schemas all read them here.
 */

/** OneFile's documented rate limit: calls a minute. */
export const DEFAULT_BUDGET_PER_MINUTE = 100;
/** The most a newer OneFile page allows; the budget setting goes no higher. */
export const MAX_BUDGET_PER_MINUTE = 300;
/** The rate window (tests shorten it). */
export const DEFAULT_WINDOW_MS = 60_000;
/**
 * Rows asked for per page of a search. Large, so that a centre's learners come in a
 * call or two: a OneFile that serves fewer is read past (the cap is learned), and one
 * that refuses a page this large is asked again for `SMALL_PAGE_SIZE`.
 */
export const DEFAULT_PAGE_SIZE = 500;
/** The page size every OneFile is known to take (the guides' examples use 100). */
export const SMALL_PAGE_SIZE = 100;
/** The largest page size seen in production use (onefile-api.md): the last asked for where larger pages are refused or come back empty. */
export const SEEN_PAGE_SIZE = 50;
/** The most rows in flight a person may set. */
export const MAX_ROWS_IN_FLIGHT = 64;
