/**
 * The sandbox's knobs. Every one is live: tests change `running.switches.x` mid-run
 * and the next call sees the new value.
 */
export interface SandboxSwitches {
  /** Calls allowed per window per customer token (OneFile documents 100 a minute). */
  rateLimit: number;
  /** Sliding window length in ms (60 000 like OneFile; tests scale it down, e.g. 500). */
  windowMs: number;
  /** Send `Retry-After` (whole seconds, rounded up) on 429. OneFile documents none. */
  retryAfter: boolean;
  /** How an empty search answers: `204` No Content (seen in production) or `[]`. */
  emptySearch: '204' | '[]';
  /** Answer Authentication with a JSON string `"abc"` instead of the raw token. */
  quotedToken: boolean;
  /** Session token lifetime in ms (OneFile: 24 h). */
  sessionLifetimeMs: number;
  /** Fixed latency added to every call before it is handled. */
  latencyMs: number;
  /** Plus a random 0..jitter ms. */
  latencyJitterMs: number;
  /** 0..1: probability that a call answers 500 without doing anything. */
  errorRate: number;
  /** 0..1: probability that a write is performed and persisted, then its connection dropped unanswered. */
  lostResponseRate: number;
  /** The next N calls answer 429 regardless of the window (decrements per call). */
  burst429: number;
  /** 0 = off; otherwise every N-th call first invalidates every session token. */
  expireSessionsEvery: number;
}

/** The sandbox's fixed, public demo customer token. Not a secret: it opens only the sandbox. */
export const DEMO_CUSTOMER_TOKEN = 'sandbox-customer-token';

export const DEFAULT_SWITCHES: Readonly<SandboxSwitches> = Object.freeze({
  rateLimit: 100,
  windowMs: 60_000,
  retryAfter: true,
  emptySearch: '204',
  quotedToken: false,
  sessionLifetimeMs: 24 * 60 * 60 * 1000,
  latencyMs: 0,
  latencyJitterMs: 0,
  errorRate: 0,
  lostResponseRate: 0,
  burst429: 0,
  expireSessionsEvery: 0,
});

/** The defaults overlaid with whichever switches the caller set (undefined means "default"). */
export function resolveSwitches(partial: Partial<SandboxSwitches>): SandboxSwitches {
  const switches: SandboxSwitches = { ...DEFAULT_SWITCHES };
  for (const key of Object.keys(DEFAULT_SWITCHES) as (keyof SandboxSwitches)[]) {
    const value = partial[key];
    if (value !== undefined) (switches as unknown as Record<string, unknown>)[key] = value;
  }
  return switches;
}
