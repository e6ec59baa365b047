import { checkBudget } from './rate-budget';

/** Whole windows with no 429 after which a lowered budget is raised by a fifth; doubled after each raise refused, up to the most. */
const RAISE_AFTER_WINDOWS = 3;
const MOST_WINDOWS_BEFORE_A_RAISE = 48;

/**
 * The budget of calls a window the rate limiter keeps: the one the user set, or fewer
 * where OneFile was seen to admit fewer (a budget raised above what the account has, a
 * limit counted per address, another program on the token).
 *
 * Refused again within two windows while calls have been paced evenly for a whole one,
 * the budget comes down to the calls OneFile admitted in that window, and one fewer than
 * the budget for each it refused there (`refusedWhilePaced`): against a window-counting
 * OneFile the first lowering lands on its limit; against a bucket within a few calls of
 * its rate, one a refusal after that. A OneFile admitting within a tenth of the budget
 * set is not taken to admit less (the odd 429 of clocks that disagree is waited for).
 * After some whole windows with no 429, the budget in use, a fifth more is tried, up to
 * the budget set (`mayRaise`), so what OneFile admitted for a while is not kept for ever;
 * a raise refused doubles the wait for the next.
 */
export class AdmittedBudget {
  private configuredValue: number;
  private budgetValue: number;
  private admittedValue?: number;
  private readonly listeners = new Set<(calls: number) => void>();
  /** Lowered on a 429 and no run has said so yet (takeNews). */
  private news = false;
  private changedAt = -Infinity;
  private lastRefusedAt = -Infinity;
  /** The last 429 came within two windows of the one before. */
  private refusedAgain = false;
  private raiseAfterWindows = RAISE_AFTER_WINDOWS;
  private raised = false;

  constructor(
    budget: number,
    private readonly clock: () => number,
  ) {
    this.configuredValue = checkBudget(budget);
    this.budgetValue = this.configuredValue;
  }

  /** Calls a window now: the budget set, or what OneFile admits when that is fewer. */
  get budget(): number {
    return this.budgetValue;
  }

  get configured(): number {
    return this.configuredValue;
  }

  /** Calls a window OneFile was seen to admit, fewer than the budget set; undefined while none was refused so. */
  get admitted(): number | undefined {
    return this.admittedValue;
  }

  /** A budget set anew is the user's word on what this OneFile admits: what was seen under the old one no longer holds. */
  configure(budget: number): void {
    if (budget === this.configuredValue) return;
    this.configuredValue = checkBudget(budget);
    this.budgetValue = this.configuredValue;
    this.admittedValue = undefined;
  }

  /** At most `calls` a window from now on (never more than the budget set); true when that lowered the budget. */
  atMost(calls: number): boolean {
    const ceiling = Math.max(1, Math.floor(calls));
    if (ceiling >= this.budgetValue) return false;
    this.set(ceiling);
    return true;
  }

  /**
   * A 429 after calls were paced evenly for a whole window, with `answered` calls answered
   * in the window and `refusedInWindow` of them refused (this one included): true when
   * the budget came down.
   */
  refusedWhilePaced(answered: number, refusedInWindow: number): boolean {
    // One refusal may be a moment's (a server busy, a gateway's hiccup): a limit refuses again.
    if (!this.refusedAgain) return false;
    const admitted = Math.min(answered - refusedInWindow, this.budgetValue - refusedInWindow);
    if (admitted >= this.budgetValue || admitted < 1) return false;
    if (this.admittedValue === undefined && admitted >= this.configuredValue * 0.9) return false;
    if (this.raised) this.raiseAfterWindows = Math.min(this.raiseAfterWindows * 2, MOST_WINDOWS_BEFORE_A_RAISE);
    this.raised = false;
    this.news = true;
    return this.atMost(admitted);
  }

  /** Every 429: whether it is the second within two windows, and for the clean windows a raise waits for. */
  refusedAt(now: number, windowMs: number): void {
    this.refusedAgain = now - this.lastRefusedAt <= 2 * windowMs;
    this.lastRefusedAt = now;
  }

  /**
   * True when a lowered budget has had its clean windows and was raised by a fifth. Only
   * while the budget is in use (`inWindow`, the calls in the last window, nine tenths of it
   * or more): windows without calls say nothing of what OneFile admits.
   */
  mayRaise(now: number, windowMs: number, inWindow: number): boolean {
    if (this.admittedValue === undefined || inWindow < this.budgetValue * 0.9) return false;
    // Set before the system clock was put back: counted from now, not from as far ahead as it went back.
    this.changedAt = Math.min(this.changedAt, now);
    this.lastRefusedAt = Math.min(this.lastRefusedAt, now);
    if (now - Math.max(this.changedAt, this.lastRefusedAt) < this.raiseAfterWindows * windowMs) return false;
    this.set(Math.ceil(this.budgetValue * 1.2));
    this.raised = true;
    return true;
  }

  /** What OneFile admits, once after a 429 lowered the budget: the first run to end after it says so. */
  takeNews(): number | undefined {
    const news = this.news ? this.admittedValue : undefined;
    this.news = false;
    return news;
  }

  /** Tells `listener` each time the budget changes on what OneFile admits (lowered or raised); returns how to stop. */
  onChange(listener: (calls: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(calls: number): void {
    this.admittedValue = calls < this.configuredValue ? calls : undefined;
    this.budgetValue = Math.min(calls, this.configuredValue);
    this.changedAt = this.clock();
    for (const listener of this.listeners) listener(this.budgetValue);
  }
}
