import type { BudgetShare } from './budget-lease';
import { CallWithdrawn, currentSendSignal } from './call-scope';
import { AdmittedBudget } from './admitted-budget';
import { CallsAtOnce, type AtOnceNews } from './calls-at-once';
import type { RateLimiterOptions, RateLimiterStats, RatePacing, SentAs } from './limiter-types';
import { checkWindow } from './rate-budget';

/** OneFile's documented ceiling is 100 calls a minute; a newer page says 300. */
import { DEFAULT_BUDGET_PER_MINUTE, DEFAULT_WINDOW_MS } from '../../shared/defaults';

export { DEFAULT_BUDGET_PER_MINUTE, DEFAULT_WINDOW_MS };
/** Added to every release time so a server that counts its window inclusively, or a timer that fires a millisecond early, still never sees budget + 1. */
const SAFETY_MS = 2;

/** A sent call's place in the window: it counts until `release` (Infinity while in flight). */
interface Slot {
  release: number;
  sent: SentAs;
}

export type { AtOnceNews, RateLimiterOptions, RateLimiterStats, RatePacing, SentAs };

interface Waiter {
  grant: (slot: Slot) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Keeps every window of `windowMs` at or under `budget` calls, as OneFile counts them.
 *
 * A call occupies the window from the moment it is sent until `windowMs` after its
 * answer arrived (not after it was sent): the server saw it somewhere in between, so
 * however latency varies, two calls the server counts in one window were both counted
 * here too. Callers queue first-in first-out; a retry after a 429 goes to the front.
 * After a 429 the whole limiter holds off (Retry-After, or until the window frees), so
 * callers sharing the token do not keep hitting the wall. A 429 while the window had room
 * says OneFile does not count calls as a window does: from then on calls are paced
 * evenly (`RatePacing`), which every way of counting "N a minute" admits. A 429 after a
 * whole window paced evenly says OneFile admits fewer calls than the budget: the budget
 * comes down to what it admitted, and is tried higher again after clean windows
 * (admitted-budget.ts).
 */
export class RateLimiter {
  /** The budget in force: the one set, or fewer where OneFile was seen to admit fewer. */
  private readonly rate: AdmittedBudget;
  private windowValue: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private slots: Slot[] = [];
  private readonly queue: Waiter[] = [];
  private heldUntil = 0;
  /** How long the last hold was for: a hold reaching further than that from now was set before the system clock went back. */
  private heldFor = 0;
  private sleeping = false;
  private sentCount = 0;
  private rateLimitedCount = 0;
  /** Where calls are claimed against other processes using the same token (budget-lease.ts), when the budget is shared. */
  private share?: BudgetShare;
  private pacingValue: RatePacing = 'window';
  /** With `even` pacing, when the next call may be sent. */
  private nextEvenAt = 0;
  /** The gap `nextEvenAt` was set with (a spacing, or a share's part of it). */
  private evenGap = 0;
  private readonly pacingListeners = new Set<(pacing: RatePacing) => void>();
  /** Pacing became `even` on a 429 and no run has said so yet (takePacingNews). */
  private pacingNews = false;
  /** Since when calls have been paced evenly (the admitted rate is judged only on a whole window of it). */
  private evenSince?: number;
  /** When each 429 of the last window came. */
  private refusedAt: number[] = [];
  /** The most calls sent at once: every slot the window has, until OneFile refused calls sent together (`fewerAtOnce`). */
  private readonly atOnce = new CallsAtOnce();

  constructor(options: RateLimiterOptions = {}) {
    this.windowValue = checkWindow(options.windowMs ?? DEFAULT_WINDOW_MS);
    this.clock = options.clock ?? Date.now;
    this.rate = new AdmittedBudget(options.budget ?? DEFAULT_BUDGET_PER_MINUTE, this.clock);
    this.sleep = options.sleep ?? realSleep;
  }

  /** Calls a window: the budget set, or what OneFile was seen to admit when that is fewer. */
  get budget(): number {
    return this.rate.budget;
  }

  /** The budget the user set. */
  get configuredBudget(): number {
    return this.rate.configured;
  }

  /** Calls a window OneFile was seen to admit while refusing the budget set; undefined while none was refused so. */
  get admitted(): number | undefined {
    return this.rate.admitted;
  }

  get windowMs(): number {
    return this.windowValue;
  }

  get pacing(): RatePacing {
    return this.pacingValue;
  }

  /** With `even` pacing, the time between two calls sent: the window over the budget, and 0.2 % more for clocks that disagree. */
  get spacingMs(): number {
    return (this.windowValue / this.rate.budget) * 1.002;
  }

  /** From now on one call every `spacingMs` (a OneFile known or seen to refuse bursts its window has room for); listeners hear of it once. */
  paceEvenly(): void {
    if (this.pacingValue === 'even') return;
    this.pacingValue = 'even';
    this.evenSince = this.clock();
    for (const listener of this.pacingListeners) listener('even');
    this.pump();
  }

  /** The most calls sent at once now (Infinity: as many as the window has room for). */
  get mostAtOnce(): number {
    return this.atOnce.value;
  }

  /**
   * From now on at most `calls` sent at once (at least one), each next one sent when one is
   * answered: OneFile (or a gateway before it) refused, with `status`, a call sent while others
   * were being answered. Tried higher again after quiet windows (calls-at-once.ts).
   */
  fewerAtOnce(calls: number, status: number): void {
    this.atOnce.fewer(calls, status, this.clock());
  }

  /** Once after `fewerAtOnce` lowered it: the most sent at once then, and the refusal's status, for the first run to end after it to say. */
  takeAtOnceNews(): AtOnceNews | undefined {
    return this.atOnce.takeNews();
  }

  /** True once after a 429 made the pacing `even`: the first run to end after it says so. */
  takePacingNews(): boolean {
    const news = this.pacingNews;
    this.pacingNews = false;
    return news;
  }

  /**
   * From now on at most `calls` a window (OneFile was seen, here or by an earlier import
   * with the same budget set, to admit no more); listeners hear of it, and of each raise
   * (`mayRaise`). Never raises the budget; a budget set again (`configure`) drops it.
   */
  admitAtMost(calls: number): void {
    if (this.rate.atMost(calls)) this.pump();
  }

  /** The budget OneFile admitted, once after a 429 lowered it: the first run to end after it says so. */
  takeAdmittedNews(): number | undefined {
    return this.rate.takeNews();
  }

  /** Tells `listener` when the budget is lowered to what OneFile admits, or raised again; returns how to stop. */
  onAdmitted(listener: (calls: number) => void): () => void {
    return this.rate.onChange(listener);
  }

  /** Tells `listener` when the pacing changes (a client keeps it with its environment's findings); returns how to stop. */
  onPacing(listener: (pacing: RatePacing) => void): () => void {
    this.pacingListeners.add(listener);
    return () => this.pacingListeners.delete(listener);
  }

  /** Changes the budget or window for every caller sharing this limiter. */
  configure(options: { budget?: number; windowMs?: number }): void {
    if (options.budget !== undefined) this.rate.configure(options.budget);
    if (options.windowMs !== undefined) this.windowValue = checkWindow(options.windowMs);
    this.pump();
  }

  /** Shares the budget with limiters in other processes: from now on every call is claimed there before it is sent. */
  shareWith(share: BudgetShare): void {
    this.share = share;
    share.attach({
      budget: () => this.rate.budget,
      windowMs: () => this.windowValue,
      releases: () => this.slots.map((s) => s.release),
    });
  }

  /** Waits for a slot, sends, and counts the call until `windowMs` after it finished. */
  async run<T>(send: (sent: SentAs) => Promise<T>, options: { retry?: boolean } = {}): Promise<T> {
    const slot = await this.acquire(options.retry === true);
    try {
      return await send(slot.sent);
    } finally {
      slot.release = this.clock() + this.windowValue + SAFETY_MS;
      this.share?.changed();
      this.pump();
    }
  }

  /**
   * Called after a 429. Holds every caller off until `retryAfterMs` from now when the
   * server said so (and it is not 0); otherwise, pacing evenly, for one spacing; else until
   * the oldest call here leaves the window; and at least `minimumMs`. Refused while the window had
   * room: paced evenly from now on, and if it was sent so, beside others, fewer at once (`sent`);
   * sent alone, paced evenly a whole window and refused: the budget is lowered (`lowerToAdmitted`).
   */
  backOff(retryAfterMs: number | undefined, minimumMs: number, sent: SentAs = { inFlight: 1, paced: false }): void {
    this.rateLimitedCount += 1;
    const now = this.clock();
    this.prune(now);
    this.refusedAt = this.refusedAt.filter((at) => at > now - this.windowValue);
    this.refusedAt.push(now);
    this.rate.refusedAt(now, this.windowValue);
    const room = this.slots.length < this.rate.budget;
    // Sent beside others, paced evenly, the window with room: it may have been one call too many at once.
    if (room && sent.inFlight > 1 && sent.paced) this.fewerAtOnce(sent.inFlight - 1, 429);
    if (room && this.pacingValue === 'window') {
      this.pacingNews = true;
      this.paceEvenly();
    } else if (this.pacingValue === 'even' && sent.inFlight === 1 && this.evenSince !== undefined && now - this.evenSince >= this.windowValue) {
      this.lowerToAdmitted();
    }
    let until = now + minimumMs;
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      until = now + retryAfterMs;
    } else if (this.pacingValue === 'even') {
      until = Math.max(until, now + this.spacingMs);
    } else {
      const earliest = Math.min(...this.slots.map((s) => s.release).filter(Number.isFinite));
      if (Number.isFinite(earliest)) until = Math.max(until, earliest);
    }
    this.heldUntil = Math.max(this.heldUntil, until);
    this.heldFor = this.heldUntil - now;
  }

  /** Paced evenly for a whole window and still refused: OneFile admits fewer calls a window than the budget (AdmittedBudget). */
  private lowerToAdmitted(): void {
    const answered = this.slots.filter((slot) => Number.isFinite(slot.release)).length;
    if (this.rate.refusedWhilePaced(answered, this.refusedAt.length)) this.pump();
  }

  stats(): RateLimiterStats {
    this.prune(this.clock());
    return {
      sent: this.sentCount,
      rateLimited: this.rateLimitedCount,
      queued: this.queue.length,
      inFlight: this.slots.filter((s) => s.release === Infinity).length,
      inWindow: this.slots.length,
    };
  }

  /**
   * While calls wait for a slot: milliseconds until the next one may be sent (0 when one
   * may go now, or when every slot is in flight and an answer will free one). Null when
   * no call is waiting. The app's progress says so: "waiting for OneFile's allowance".
   */
  nextSendInMs(): number | null {
    if (this.queue.length === 0) return null;
    const now = this.clock();
    this.prune(now);
    if (now < this.heldUntil) return this.heldUntil - now;
    if (this.slots.length < this.rate.budget) return this.pacingValue === 'even' ? Math.max(0, this.nextEvenAt - now) : 0;
    const earliest = Math.min(...this.slots.map((s) => s.release));
    return Number.isFinite(earliest) ? Math.max(0, earliest - now) : 0;
  }

  /**
   * Estimated milliseconds until `calls` more calls (after those already queued) have
   * been sent, if each were answered at once. Used for the ETA shown before an import.
   */
  eta(calls: number): number {
    const now = this.clock();
    this.prune(now);
    const total = this.queue.length + Math.max(0, Math.floor(calls));
    if (total === 0) return 0;
    const start = Math.max(now, this.heldUntil);
    const evenly = this.pacingValue === 'even' ? Math.max(start, this.nextEvenAt) - now + (total - 1) * this.spacingMs * (this.share?.sharers() ?? 1) : 0;
    return Math.max(evenly, this.windowEta(now, start, total));
  }

  /** When the last of `total` calls may be sent as far as the window alone allows. */
  private windowEta(now: number, start: number, total: number): number {
    const free = this.rate.budget - this.slots.length;
    if (total <= free) return start - now;
    // Releases of the first wave: calls in the window (in flight counted as just sent),
    // then the free slots used at `start`. Each later wave repeats one window later.
    const releases = this.slots
      .map((s) => (s.release === Infinity ? now + this.windowValue : s.release))
      .concat(Array.from({ length: Math.max(0, free) }, () => start + this.windowValue))
      .sort((a, b) => a - b);
    const j = total - Math.max(0, free) - 1;
    const wave = Math.floor(j / this.rate.budget);
    const at = Math.max(start, releases[j % this.rate.budget] + wave * this.windowValue);
    return at - now;
  }

  /** Waits for a slot; a call whose caller's signal aborts while it waits is withdrawn (see call-scope). */
  private acquire(front: boolean): Promise<Slot> {
    const signal = currentSendSignal();
    return new Promise<Slot>((resolve, reject) => {
      if (signal?.aborted) return reject(new CallWithdrawn());
      const withdraw = () => {
        const at = this.queue.indexOf(waiter);
        if (at < 0) return;
        this.queue.splice(at, 1);
        reject(new CallWithdrawn());
      };
      const waiter: Waiter = {
        grant: (slot) => {
          signal?.removeEventListener('abort', withdraw);
          resolve(slot);
        },
      };
      signal?.addEventListener('abort', withdraw, { once: true });
      if (front) this.queue.unshift(waiter);
      else this.queue.push(waiter);
      this.pump();
    });
  }

  private prune(now: number): void {
    this.keepToClock(now);
    if (this.slots.some((s) => s.release <= now)) this.slots = this.slots.filter((s) => s.release > now);
  }

  /**
   * Times set before the system clock was put back (a clock corrected by hand or by the
   * network's time, a laptop's clock after travel) stand that much further off than they
   * can: a call counts at most a window after now, a hold at most as long as it was given,
   * the next even call at most the gap it was given. Each is brought back to
   * that most, so the clock put back an hour costs at most one window's wait, not an hour's,
   * and never lets a call go sooner than the window allows. A clock put forward needs
   * nothing: the calls leave the window sooner, as after a laptop's sleep (OneFile's window
   * did pass); where it did not, a 429 is honoured as ever.
   */
  private keepToClock(now: number): void {
    const latestRelease = now + this.windowValue + SAFETY_MS;
    for (const slot of this.slots) if (slot.release !== Infinity && slot.release > latestRelease) slot.release = latestRelease;
    if (this.heldUntil > now + this.heldFor) this.heldUntil = now + this.heldFor;
    if (this.nextEvenAt > now + this.evenGap) this.nextEvenAt = now + this.evenGap;
    if (this.evenSince !== undefined && this.evenSince > now) this.evenSince = now;
  }

  /** Hands out slots while the window has room; otherwise sleeps until it may. */
  private pump(): void {
    if (this.sleeping) return;
    while (this.queue.length > 0) {
      const now = this.clock();
      this.prune(now);
      this.rate.mayRaise(now, this.windowValue, this.slots.length);
      this.atOnce.mayRaise(now, this.windowValue);
      let wakeAt: number;
      const evenly = this.pacingValue === 'even';
      if (now < this.heldUntil) {
        wakeAt = this.heldUntil;
      } else if (evenly && now < this.nextEvenAt && this.slots.length < this.rate.budget) {
        wakeAt = this.nextEvenAt;
      } else if (this.slots.length < this.rate.budget) {
        const inFlight = this.slots.filter((s) => s.release === Infinity).length;
        // One call at a time: the next answer calls pump() again.
        if (inFlight >= this.atOnce.value) return;
        const wanted = evenly ? 1 : Math.min(this.rate.budget - this.slots.length, this.queue.length, this.atOnce.value - inFlight);
        const granted = this.share ? this.share.claim(wanted) : 1;
        for (let i = 0; i < granted; i++) {
          const slot: Slot = { release: Infinity, sent: { inFlight: inFlight + i + 1, paced: evenly } };
          this.slots.push(slot);
          this.sentCount += 1;
          this.queue.shift()!.grant(slot);
        }
        // From this call's own time, not its scheduled one: a late call never lets the next go
        // sooner (a spike arrest, a bucket of one, would refuse it).
        // Processes sharing the budget through leases share the pace too: each keeps its part.
        if (evenly && granted > 0) {
          this.evenGap = this.spacingMs * (this.share?.sharers() ?? 1);
          this.nextEvenAt = now + this.evenGap;
        }
        if (granted > 0) continue;
        // Other processes on this token hold the rest of the window: look again when one of their calls leaves it.
        wakeAt = Math.min(this.share!.retryAt(), ...this.slots.map((s) => s.release));
      } else {
        wakeAt = Math.min(...this.slots.map((s) => s.release));
        // Every slot is in flight: the next answer calls pump() again.
        if (!Number.isFinite(wakeAt)) return;
      }
      this.sleeping = true;
      void this.sleep(Math.max(1, wakeAt - now)).then(() => {
        this.sleeping = false;
        this.pump();
      });
      return;
    }
  }
}
