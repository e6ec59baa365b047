/** The rate limiter's options and what it tells of itself (see ./limiter). */

export interface RateLimiterOptions {
  /** Calls allowed in any window of `windowMs` (1..300). */
  budget?: number;
  windowMs?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RateLimiterStats {
  /** Calls handed a slot so far (Authentication and retries included). */
  sent: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Calls waiting for a slot. */
  queued: number;
  /** Calls sent and not yet answered. */
  inFlight: number;
  /** Calls that still count against the current window (in flight included). */
  inWindow: number;
}

/** How a call was sent: with how many in flight, itself included, and whether calls were paced evenly. */
export interface SentAs {
  inFlight: number;
  paced: boolean;
}

/**
 * How calls are spread over the window: `window`, as many at once as the window has room
 * for (right for a OneFile counting a sliding or a fixed window), or `even`, one every
 * `windowMs / budget` (right for one refusing bursts at the same average rate: a token
 * bucket, a spike arrest). Every shape of "N a minute" admits `even`.
 */
export type RatePacing = 'window' | 'even';
