import type { SandboxSwitches } from './switches';

/** What the fault switches decided for one call. */
export interface FaultPlan {
  delayMs: number;
  /** Answer 500 without doing anything. */
  serverError: boolean;
  /** For a write: perform and persist it, then drop the connection unanswered. */
  loseResponse: boolean;
}

/**
 * Decides a call's faults from the switches. `random` is drawn only for a switch
 * that is on, in this order: latency jitter, error rate, lost response (writes
 * only), so a test that fixes the random source gets the same faults every time.
 */
export function planFaults(switches: SandboxSwitches, random: () => number, isWrite: boolean): FaultPlan {
  const jitter = switches.latencyJitterMs > 0 ? random() * switches.latencyJitterMs : 0;
  const serverError = switches.errorRate > 0 && random() < switches.errorRate;
  const loseResponse = !serverError && isWrite && switches.lostResponseRate > 0 && random() < switches.lostResponseRate;
  return { delayMs: Math.max(0, switches.latencyMs) + jitter, serverError, loseResponse };
}
