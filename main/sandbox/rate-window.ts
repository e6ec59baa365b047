import type { RateShape } from './switches';

/**
 * OneFile's rate limit, counted one of the ways a server counts "N calls a minute"
 * (`rateShape`): a sliding window (a call is admitted when fewer than `limit` admitted
 * calls arrived in the last `windowMs`), a fixed window (at most `limit` in each
 * `windowMs` counted from the epoch, as a per-minute counter resets on the minute), or a
 * token bucket (`burst` calls at once at most, refilled at `limit` per `windowMs`, as an
 * API gateway's rate-and-burst or a spike arrest counts). Every admitted call counts,
 * Authentication and calls that then fail auth included. A call refused with 429 does
 * NOT count (our choice: a client that backs off is not punished for asking).
 */
export class RateWindow {
  private readonly arrivals: number[] = [];
  private peakCount = 0;
  private fixed = { index: Number.NaN, count: 0 };
  private bucket: { tokens: number; at: number } | undefined;

  /** Admits the call (and counts it) or says how long until the limit frees a slot. */
  admit(now: number, limit: number, windowMs: number, shape: RateShape = 'sliding', burst = limit): { admitted: true } | { admitted: false; retryAfterMs: number } {
    this.forget(now, windowMs);
    const refusal = this.refusal(now, limit, windowMs, shape, Math.max(1, burst));
    if (refusal !== undefined) return { admitted: false, retryAfterMs: refusal };
    this.arrivals.push(now);
    this.peakCount = Math.max(this.peakCount, this.arrivals.length);
    return { admitted: true };
  }

  /** Admitted calls in the (sliding) window ending now. */
  inWindow(now: number, windowMs: number): number {
    this.forget(now, windowMs);
    return this.arrivals.length;
  }

  /** The most admitted calls any sliding window has held (never above the limit of a sliding window unless the limit was lowered mid-run). */
  get peak(): number {
    return this.peakCount;
  }

  /** Milliseconds until the call could be admitted, or undefined when it is (and is then counted). */
  private refusal(now: number, limit: number, windowMs: number, shape: RateShape, burst: number): number | undefined {
    if (shape === 'fixed') {
      const index = Math.floor(now / windowMs);
      if (index !== this.fixed.index) this.fixed = { index, count: 0 };
      if (this.fixed.count >= limit) return (index + 1) * windowMs - now;
      this.fixed.count += 1;
      return undefined;
    }
    if (shape === 'bucket') {
      const perMs = limit / windowMs;
      const held = this.bucket ? Math.min(burst, this.bucket.tokens + (now - this.bucket.at) * perMs) : burst;
      if (held < 1) {
        this.bucket = { tokens: held, at: now };
        return Math.ceil((1 - held) / perMs);
      }
      this.bucket = { tokens: held - 1, at: now };
      return undefined;
    }
    if (this.arrivals.length >= limit) return Math.max(0, this.arrivals[this.arrivals.length - limit] + windowMs - now);
    return undefined;
  }

  private forget(now: number, windowMs: number): void {
    while (this.arrivals.length > 0 && this.arrivals[0] <= now - windowMs) this.arrivals.shift();
  }
}

/** `Retry-After` is whole seconds, rounded up, never 0. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
