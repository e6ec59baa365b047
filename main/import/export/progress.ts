import type { OneFileClient } from '../../onefile';

/**
 * Progress of a task that reads OneFile before it writes a file (the export, the
 * template): a 0..1 value for a bar, the calls made, and the time left. OneFile's
 * searches give no totals, so while a search is still paging the calls left are a
 * floor (each unfinished search has at least one more page) and the estimate grows
 * as the pages come; it is never a made-up figure.
 */
export interface TaskProgress {
  phase: 'reading' | 'learning-aims' | 'writing' | 'done';
  /** 0..1 */
  value: number;
  /** Calls made so far. */
  calls: number;
  /** Time left at the rate limit and OneFile's recent pace; null when not known yet. */
  etaMs: number | null;
  /** In words, for a person. */
  description: string;
  /** Where the task counts things it reads (a plan's matched users): how many of how many. */
  count?: { done: number; of: number };
}

/**
 * Milliseconds for `callsLeft` more calls with `inFlight` of them at once: the longer of
 * what the rate limit allows and what OneFile's measured latency takes.
 */
export function estimateLeft(client: Pick<OneFileClient, 'eta' | 'latencyMs'>, callsLeft: number, inFlight: number): number | null {
  if (callsLeft <= 0) return 0;
  const latency = client.latencyMs();
  const byLimit = client.eta(callsLeft);
  if (latency === undefined) return byLimit > 0 ? byLimit : null;
  return Math.round(Math.max(byLimit, (callsLeft * latency) / Math.max(1, inFlight)));
}
