import { createHash } from 'node:crypto';
import { BudgetLease, budgetLeaseFolder, type BudgetShare } from './budget-lease';
import { CallWithdrawn, currentSendSignal } from './call-scope';
import { OneFileError } from './errors';

/** OneFile's documented ceiling is 100 calls a minute; a newer page says 300. */
import { DEFAULT_BUDGET_PER_MINUTE, DEFAULT_WINDOW_MS, MAX_BUDGET_PER_MINUTE } from '../../shared/defaults';

export { DEFAULT_BUDGET_PER_MINUTE, DEFAULT_WINDOW_MS, MAX_BUDGET_PER_MINUTE };
/** Added to every release time so a server that counts its window inclusively, or a timer that fires a millisecond early, still never sees budget + 1. */
const SAFETY_MS = 2;

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

/** A sent call's place in the window: it counts until `release` (Infinity while in flight). */
interface Slot {
  release: number;
}

/**
 * How calls are spread over the window: `window`, as many at once as the window has room
 * for (right for a OneFile counting a sliding or a fixed window), or `even`, one every
 * `windowMs / budget` (right for one refusing bursts at the same average rate: a token
 * bucket, a spike arrest). Every shape of "N a minute" admits `even`.
 */
export type RatePacing = 'window' | 'even';

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
 * evenly (`RatePacing`), which every way of counting "N a minute" admits.
 */
export class RateLimiter {
  private budgetValue: number;
  private windowValue: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private slots: Slot[] = [];
  private readonly queue: Waiter[] = [];
  private heldUntil = 0;
  private sleeping = false;
  private sentCount = 0;
  private rateLimitedCount = 0;
  /** Where calls are claimed against other processes using the same token (budget-lease.ts), when the budget is shared. */
  private share?: BudgetShare;
  private pacingValue: RatePacing = 'window';
  /** With `even` pacing, when the next call may be sent. */
  private nextEvenAt = 0;
  private readonly pacingListeners = new Set<(pacing: RatePacing) => void>();
  /** Pacing became `even` on a 429 and no run has said so yet (takePacingNews). */
  private pacingNews = false;

  constructor(options: RateLimiterOptions = {}) {
    this.budgetValue = checkBudget(options.budget ?? DEFAULT_BUDGET_PER_MINUTE);
    this.windowValue = checkWindow(options.windowMs ?? DEFAULT_WINDOW_MS);
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  get budget(): number {
    return this.budgetValue;
  }

  get windowMs(): number {
    return this.windowValue;
  }

  get pacing(): RatePacing {
    return this.pacingValue;
  }

  /** With `even` pacing, the time between two calls sent: the window over the budget, and 0.2 % more for clocks that disagree. */
  get spacingMs(): number {
    return (this.windowValue / this.budgetValue) * 1.002;
  }

  /** From now on one call every `spacingMs` (a OneFile known or seen to refuse bursts its window has room for); listeners hear of it once. */
  paceEvenly(): void {
    if (this.pacingValue === 'even') return;
    this.pacingValue = 'even';
    for (const listener of this.pacingListeners) listener('even');
    this.pump();
  }

  /** True once after a 429 made the pacing `even`: the first run to end after it says so. */
  takePacingNews(): boolean {
    const news = this.pacingNews;
    this.pacingNews = false;
    return news;
  }

  /** Tells `listener` when the pacing changes (a client keeps it with its environment's findings); returns how to stop. */
  onPacing(listener: (pacing: RatePacing) => void): () => void {
    this.pacingListeners.add(listener);
    return () => this.pacingListeners.delete(listener);
  }

  /** Changes the budget or window for every caller sharing this limiter. */
  configure(options: { budget?: number; windowMs?: number }): void {
    if (options.budget !== undefined) this.budgetValue = checkBudget(options.budget);
    if (options.windowMs !== undefined) this.windowValue = checkWindow(options.windowMs);
    this.pump();
  }

  /** Shares the budget with limiters in other processes: from now on every call is claimed there before it is sent. */
  shareWith(share: BudgetShare): void {
    this.share = share;
    share.attach({
      budget: () => this.budgetValue,
      windowMs: () => this.windowValue,
      releases: () => this.slots.map((s) => s.release),
    });
  }

  /** Waits for a slot, sends, and counts the call until `windowMs` after it finished. */
  async run<T>(send: () => Promise<T>, options: { retry?: boolean } = {}): Promise<T> {
    const slot = await this.acquire(options.retry === true);
    try {
      return await send();
    } finally {
      slot.release = this.clock() + this.windowValue + SAFETY_MS;
      this.share?.changed();
      this.pump();
    }
  }

  /**
   * Called after a 429. Holds every caller off until `retryAfterMs` from now when the
   * server said so (and it is not 0); otherwise, pacing evenly, for one spacing; else until
   * the oldest call here leaves the window; and at least `minimumMs`. Refused while the
   * window had room, calls are paced evenly from now on.
   */
  backOff(retryAfterMs: number | undefined, minimumMs: number): void {
    this.rateLimitedCount += 1;
    const now = this.clock();
    this.prune(now);
    if (this.slots.length < this.budgetValue && this.pacingValue === 'window') {
      this.pacingNews = true;
      this.paceEvenly();
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
    if (this.slots.length < this.budgetValue) return this.pacingValue === 'even' ? Math.max(0, this.nextEvenAt - now) : 0;
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
    const evenly = this.pacingValue === 'even' ? Math.max(start, this.nextEvenAt) - now + (total - 1) * this.spacingMs : 0;
    return Math.max(evenly, this.windowEta(now, start, total));
  }

  /** When the last of `total` calls may be sent as far as the window alone allows. */
  private windowEta(now: number, start: number, total: number): number {
    const free = this.budgetValue - this.slots.length;
    if (total <= free) return start - now;
    // Releases of the first wave: calls in the window (in flight counted as just sent),
    // then the free slots used at `start`. Each later wave repeats one window later.
    const releases = this.slots
      .map((s) => (s.release === Infinity ? now + this.windowValue : s.release))
      .concat(Array.from({ length: Math.max(0, free) }, () => start + this.windowValue))
      .sort((a, b) => a - b);
    const j = total - Math.max(0, free) - 1;
    const wave = Math.floor(j / this.budgetValue);
    const at = Math.max(start, releases[j % this.budgetValue] + wave * this.windowValue);
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
    if (this.slots.some((s) => s.release <= now)) this.slots = this.slots.filter((s) => s.release > now);
  }

  /** Hands out slots while the window has room; otherwise sleeps until it may. */
  private pump(): void {
    if (this.sleeping) return;
    while (this.queue.length > 0) {
      const now = this.clock();
      this.prune(now);
      let wakeAt: number;
      const evenly = this.pacingValue === 'even';
      if (now < this.heldUntil) {
        wakeAt = this.heldUntil;
      } else if (evenly && now < this.nextEvenAt && this.slots.length < this.budgetValue) {
        wakeAt = this.nextEvenAt;
      } else if (this.slots.length < this.budgetValue) {
        const wanted = evenly ? 1 : Math.min(this.budgetValue - this.slots.length, this.queue.length);
        const granted = this.share ? this.share.claim(wanted) : 1;
        for (let i = 0; i < granted; i++) {
          const slot: Slot = { release: Infinity };
          this.slots.push(slot);
          this.sentCount += 1;
          this.queue.shift()!.grant(slot);
        }
        // From this call's own time, not its scheduled one: a late call never lets the next go
        // sooner (a spike arrest, a bucket of one, would refuse it).
        if (evenly && granted > 0) this.nextEvenAt = now + this.spacingMs;
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

function checkBudget(budget: number): number {
  if (!Number.isInteger(budget) || budget < 1 || budget > MAX_BUDGET_PER_MINUTE) {
    throw new OneFileError({
      kind: 'validation',
      endpoint: 'rate limit',
      message: `The call budget must be a whole number from 1 to ${MAX_BUDGET_PER_MINUTE} calls a minute (got ${budget}).`,
    });
  }
  return budget;
}

function checkWindow(windowMs: number): number {
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    throw new OneFileError({ kind: 'validation', endpoint: 'rate limit', message: `The rate window must be a positive number of milliseconds (got ${windowMs}).` });
  }
  return windowMs;
}

const registry = new Map<string, RateLimiter>();

/**
 * The process-wide limiter for one OneFile account on one server: every client using
 * the same base URL and customer token shares it, since OneFile counts calls per
 * token. The registry key holds a SHA-256 of the token, never the token itself. A
 * later call with other settings reconfigures the shared limiter.
 */
export function sharedRateLimiter(baseUrl: string, customerToken: string, options: RateLimiterOptions & SharingOptions = {}): RateLimiter {
  const key = `${baseUrl}\n${createHash('sha256').update(customerToken).digest('hex')}`;
  let limiter = registry.get(key);
  if (limiter) {
    limiter.configure({ budget: options.budget, windowMs: options.windowMs });
  } else {
    limiter = new RateLimiter(options);
    registry.set(key, limiter);
  }
  if (options.shareDataDir !== undefined && !sharedFolders.has(key)) {
    sharedFolders.add(key);
    limiter.shareWith(new BudgetLease({ folder: budgetLeaseFolder(options.shareDataDir, baseUrl, customerToken), clock: options.clock }));
  }
  return limiter;
}

export interface SharingOptions {
  /**
   * The data folder: the budget is shared, through leases there, with every process on
   * this machine that uses the same base URL and token (budget-lease.ts).
   */
  shareDataDir?: string;
}

/** Registry keys whose limiter already shares its budget. */
const sharedFolders = new Set<string>();
