/**
 * OneFile's rate limit as a sliding window: a call is admitted when fewer than
 * `limit` admitted calls arrived in the last `windowMs`. Every admitted call counts,
 * Authentication and calls that then fail auth included. A call refused with 429
 * does NOT count (our choice: a client that backs off is not punished for asking).
 */
export class RateWindow {
  private readonly arrivals: number[] = [];
  private peakCount = 0;

  /** Admits the call (and counts it) or says how long until the window frees a slot. */
  admit(now: number, limit: number, windowMs: number): { admitted: true } | { admitted: false; retryAfterMs: number } {
    this.forget(now, windowMs);
    if (this.arrivals.length >= limit) {
      const freesAt = this.arrivals[this.arrivals.length - limit] + windowMs;
      return { admitted: false, retryAfterMs: Math.max(0, freesAt - now) };
    }
    this.arrivals.push(now);
    this.peakCount = Math.max(this.peakCount, this.arrivals.length);
    return { admitted: true };
  }

  /** Admitted calls in the window ending now. */
  inWindow(now: number, windowMs: number): number {
    this.forget(now, windowMs);
    return this.arrivals.length;
  }

  /** The most admitted calls any window has held (never above the limit unless the limit was lowered mid-run). */
  get peak(): number {
    return this.peakCount;
  }

  private forget(now: number, windowMs: number): void {
    while (this.arrivals.length > 0 && this.arrivals[0] <= now - windowMs) this.arrivals.shift();
  }
}

/** `Retry-After` is whole seconds, rounded up, never 0. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
