import { mostRowsInFlight, type RowsInFlightSetting } from '../import';

/**
 * How long an import will take, and whether it is waiting for OneFile's allowance,
 * read from the client's own rate limiter: it knows which calls are still in the
 * current window (the directory just downloaded, the rows just sent), so the estimate
 * does not count a full window for a first or last wave that needs less, and it counts
 * down by itself while the run waits.
 */

/** What of the OneFile client the pace needs (its limiter and its measured latency). */
export interface PacedClient {
  limiter: { readonly budget: number; readonly mostAtOnce?: number; nextSendInMs(): number | null };
  eta(calls: number): number;
  latencyMs(): number | undefined;
}

/**
 * Milliseconds for `calls` more calls: the limiter's time until the last of them may be
 * sent (each budget's wave waits for a window plus an answer), then the last wave's
 * rows answered one call after another; or, when latency rather than the budget is
 * what limits, calls × latency over the rows in flight (or the calls OneFile takes at once,
 * where it was seen to refuse more).
 */
export function estimateAtLimiterMs(client: PacedClient, calls: number, rowsInFlight: RowsInFlightSetting | undefined): number {
  if (!(calls > 0)) return 0;
  const latency = Math.max(0, client.latencyMs() ?? 0);
  const rows = Math.min(mostRowsInFlight(rowsInFlight), client.limiter.mostAtOnce ?? Infinity);
  const budget = Math.max(1, client.limiter.budget);
  const waves = Math.ceil(calls / budget);
  const lastWave = calls - (waves - 1) * budget;
  const rateBound = client.eta(calls) + (waves - 1) * latency + Math.max(latency, (lastWave * latency) / rows);
  const latencyBound = (calls * latency) / rows;
  return Math.round(Math.max(rateBound, latencyBound));
}

/**
 * Set while calls wait for the rate limit longer than an answer takes: the wait the
 * user should be told of, with a countdown. A wait shorter than a second is the
 * limiter's ordinary pacing, not worth a word.
 */
export function rateLimitWait(client: PacedClient): { reason: 'rate-limit'; resumesInMs: number } | null {
  const wait = client.limiter.nextSendInMs();
  if (wait === null || wait < 1_000) return null;
  return { reason: 'rate-limit', resumesInMs: wait };
}
