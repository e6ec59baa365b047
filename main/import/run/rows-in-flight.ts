import { RecentMedian } from '../../onefile/latency';

/**
 * How many rows the runner keeps in flight. Each row's calls go one after another, so
 * a row in flight is at most one call in flight, and the API's budget is used up only
 * when there are enough rows to cover its latency: by Little's law, calls a
 * millisecond × milliseconds a call keeps a row busy. OneFile answers in 50 ms on a
 * good day and in seconds on a bad one, so `auto` (the default) measures and adapts;
 * a number fixes it (`--concurrency 1` for a gentle run).
 */

export type RowsInFlightSetting = number | 'auto';

/** What `auto` never goes below: enough for OneFile's usual latency with no measurement yet. */
export const FEWEST_ROWS_IN_FLIGHT = 4;
/**
 * What `auto` never goes above. At OneFile's 100 calls a minute this covers 4.8 s per
 * call; more rows in flight would only queue at the rate limiter, where a pause or a
 * crash finds them.
 */
export const MOST_ROWS_IN_FLIGHT = 16;
/**
 * Rows in flight beyond the exact figure, so a slow answer or a journal write does not
 * leave the budget idle (`npm run bench`, 2 s latency: × 2 reached 0.953 of the limit,
 * × 3 0.960, against a ceiling of 0.968).
 */
const HEADROOM = 3;
/** Calls answered well after a struggling one before `auto` puts more than the fewest rows in flight again. */
export const CALM_CALLS = 50;

/** The rate limit and the API's recent latency, as the client knows them. */
export interface Pace {
  /** Read at each decision: the limiter may be reconfigured mid-run. */
  limit: { readonly budget: number; readonly windowMs: number };
  /** Recent time for one HTTP exchange; undefined before the first. */
  latencyMs(): number | undefined;
}

export function parseRowsInFlight(text: string): RowsInFlightSetting | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'auto') return 'auto';
  return /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 64 ? Number(value) : undefined;
}

/** No setting means `auto`. */
function isAutomatic(setting: RowsInFlightSetting | undefined): setting is 'auto' | undefined {
  return setting === undefined || setting === 'auto';
}

export function describeRowsInFlight(setting: RowsInFlightSetting | undefined): string {
  return isAutomatic(setting) ? `automatic (${FEWEST_ROWS_IN_FLIGHT} to ${MOST_ROWS_IN_FLIGHT})` : String(setting);
}

/** The most rows a setting can put in flight: what the ETA assumes, and a fixed setting itself. */
export function mostRowsInFlight(setting: RowsInFlightSetting | undefined): number {
  return isAutomatic(setting) ? MOST_ROWS_IN_FLIGHT : Math.max(1, Math.floor(setting));
}

/**
 * Decides the rows in flight. A fixed setting is kept as it is. `auto` starts at
 * `FEWEST_ROWS_IN_FLIGHT` and, once calls have been answered, asks for
 * ceil(calls per ms × (latency + the runner's own time between a row's calls) ×
 * HEADROOM), kept within [FEWEST, MOST]. The latency is the HTTP exchange alone, not
 * the wait for the rate limiter: at the limit, waiting there calls for no more rows.
 */
export class RowsInFlight {
  private readonly between = new RecentMedian();
  /** Calls answered since the last one that failed as if OneFile were struggling. */
  private sinceStruggle = Infinity;

  constructor(
    private readonly setting: RowsInFlightSetting | undefined,
    private readonly pace: Pace | undefined,
  ) {}

  /**
   * A call ended. One that failed as OneFile does when it struggles (5xx, time-outs,
   * lost answers, sessions refused) holds `auto` at the fewest rows for the next
   * `CALM_CALLS` calls: more at once would only add to its trouble and to the writes to
   * check afterwards.
   */
  recordCall(struggling: boolean): void {
    this.sinceStruggle = struggling ? 0 : this.sinceStruggle + 1;
  }

  /** Time a row spent between one call's answer and its next call (journal writes, planning the next step). */
  recordTimeBetweenCalls(ms: number): void {
    this.between.add(ms);
  }

  target(): number {
    if (!isAutomatic(this.setting)) return mostRowsInFlight(this.setting);
    const latency = this.pace?.latencyMs();
    if (!this.pace || latency === undefined || this.sinceStruggle < CALM_CALLS) return FEWEST_ROWS_IN_FLIGHT;
    const callsPerMs = this.pace.limit.budget / this.pace.limit.windowMs;
    const busyMs = latency + (this.between.value() ?? 0);
    const wanted = Math.ceil(callsPerMs * busyMs * HEADROOM);
    return Math.min(MOST_ROWS_IN_FLIGHT, Math.max(FEWEST_ROWS_IN_FLIGHT, wanted));
  }
}
