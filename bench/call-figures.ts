import type { RecordedCall } from '../main/sandbox';

/**
 * The figures a benchmark reads off the sandbox's call log, the witness that does
 * not depend on what the importer says about itself.
 *
 * Utilisation is the share of the rate limit's allowance the import used. A sliding
 * window of W ms lets B calls through at once and B more every W, so in T ms after
 * the first call it allows B·T/W calls (a whole number of windows: exactly). The
 * measured stretch runs from the first call to the first call of the last,
 * incomplete budget's worth (call number m + 1, m the largest multiple of B below the
 * number of calls): the tail after it is the import running out of work, not out of
 * budget, and counting it would punish a run for ending. A run that fires B calls at
 * the start of every window scores exactly 1. The whole-run figure (first call to
 * last, B·(1 + T/W) allowed) is reported beside it for transparency.
 */

export interface CallFigures {
  /** Calls OneFile admitted (everything but 429s): what counts against the limit. */
  made: number;
  /** Calls answered 429. */
  rateLimited: number;
  /** Writes whose answer was dropped on purpose (fault runs). */
  lost: number;
  /** ms from the first call's arrival to the last's. */
  elapsedMs: number;
  /** Calls in the measured stretch (whole budgets' worth) and what the limit allowed in it. */
  measuredCalls: number;
  allowedCalls: number;
  /** measuredCalls / allowedCalls: the goal figure (see above). */
  utilisation: number;
  /** Calls the limit allowed over the whole run, B·(1 + T/W). */
  allowedWholeRun: number;
  /** Utilisation over the whole run, tail included. */
  wholeRunUtilisation: number;
  /** Calls received per route, 429s included. */
  byRoute: Record<string, number>;
}

export interface LimitOfRun {
  budget: number;
  windowMs: number;
}

/** Directory downloads: the searches and template reads made before the first write. */
export const DIRECTORY_ROUTE = /^(POST (Classroom|Placement|User|Standard|Unit|FrameworkTemplate)\/Search|GET FrameworkTemplate\/\{id\})/;

export function isWrite(call: Pick<RecordedCall, 'method' | 'route'>): boolean {
  return call.method === 'POST' && !/Search|Authentication/.test(call.route);
}

export function callFigures(calls: readonly RecordedCall[], limit: LimitOfRun): CallFigures {
  const admitted = calls.filter((c) => c.status !== 429).sort((a, b) => a.at - b.at);
  const byRoute: Record<string, number> = {};
  for (const call of calls) byRoute[call.route] = (byRoute[call.route] ?? 0) + 1;
  const made = admitted.length;
  const elapsedMs = made > 0 ? admitted[made - 1].at - admitted[0].at : 0;
  const whole = Math.floor((made - 1) / limit.budget) * limit.budget;
  const measuredMs = whole > 0 ? admitted[whole].at - admitted[0].at : 0;
  const allowedCalls = (limit.budget * measuredMs) / limit.windowMs;
  const allowedWholeRun = limit.budget * (1 + elapsedMs / limit.windowMs);
  return {
    made,
    measuredCalls: whole,
    allowedCalls,
    allowedWholeRun,
    rateLimited: calls.length - made,
    lost: calls.filter((c) => c.lost).length,
    elapsedMs,
    utilisation: allowedCalls > 0 ? whole / allowedCalls : 0,
    wholeRunUtilisation: made > 0 ? made / allowedWholeRun : 0,
    byRoute,
  };
}

/** Calls spent downloading the organisation's directory (searches and template reads before the first write). */
export function directoryCalls(calls: readonly RecordedCall[]): number {
  const firstWrite = calls.findIndex(isWrite);
  const before = firstWrite === -1 ? calls : calls.slice(0, firstWrite);
  return before.filter((c) => c.status !== 429 && DIRECTORY_ROUTE.test(c.route)).length;
}
