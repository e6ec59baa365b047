/** Whole windows with no refusal of a call sent beside others after which one more is sent at once; doubled after each raise refused, up to the most. */
const RAISE_AFTER_WINDOWS = 2;
const MOST_WINDOWS_BEFORE_A_RAISE = 16;
/** Raised past this many at once, the cap is dropped: no run sends more rows at once. */
const MOST_CAPPED = 32;

/** OneFile refused (with `status`) a call sent beside others: from then on at most `atOnce` were sent at once. */
export type AtOnceNews = { atOnce: number; status: number };

/**
 * How many calls the rate limiter sends at once: as many as its window has room for, until
 * OneFile (or a gateway before it) refuses a call sent while others were being answered
 * (403, 429 or 503, undone: a gateway's concurrency policy, a full request queue, IIS's
 * "too many concurrent requests"). Then at most one fewer than were in flight (`fewer`).
 * A refusal may be a moment's (a OneFile restarting answers 503 to everything), and at 300
 * calls a minute with answers slower than 200 ms one at a time halves a run: after some
 * whole windows with no such refusal one more is tried (`mayRaise`), and a raise refused
 * doubles the wait for the next. A cap set after a 403 is never raised: a 403 again would
 * cost a sign-in, and says no more than the first.
 */
export class CallsAtOnce {
  private most = Infinity;
  private status = 0;
  private news?: AtOnceNews;
  private changedAt = -Infinity;
  private raiseAfterWindows = RAISE_AFTER_WINDOWS;
  private raised = false;

  /** The most calls sent at once now (Infinity: no cap). */
  get value(): number {
    return this.most;
  }

  /** At most `calls` at once from `now` (at least one); never raises. True when that lowered the cap. */
  fewer(calls: number, status: number, now: number): boolean {
    const most = Math.max(1, Math.floor(calls));
    if (most >= this.most) return false;
    if (this.raised) this.raiseAfterWindows = Math.min(this.raiseAfterWindows * 2, MOST_WINDOWS_BEFORE_A_RAISE);
    this.raised = false;
    this.most = most;
    this.status = status;
    this.changedAt = now;
    this.news = { atOnce: most, status };
    return true;
  }

  /** True when the cap has had its quiet windows and one more is now sent at once. */
  mayRaise(now: number, windowMs: number): boolean {
    if (this.most === Infinity || this.status === 403) return false;
    // Lowered before the system clock was put back: counted from now, not from as far ahead as it went back.
    this.changedAt = Math.min(this.changedAt, now);
    if (now - this.changedAt < this.raiseAfterWindows * windowMs) return false;
    this.most = this.most >= MOST_CAPPED ? Infinity : this.most + 1;
    this.changedAt = now;
    this.raised = true;
    return true;
  }

  /** Once after the cap was lowered: the cap then, and the refusal's status, for the first run to end after it to say. */
  takeNews(): AtOnceNews | undefined {
    const news = this.news;
    this.news = undefined;
    return news;
  }
}
