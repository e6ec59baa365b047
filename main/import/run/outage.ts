import { isOneFileError } from '../../onefile';
import { RunStopped, type RunGate } from './gate';

/**
 * OneFile gone quiet in the middle of a run: a maintenance window, its servers down, or
 * this computer's network lost [assume: OneFile answers for the length of an import].
 * Without this each row would spend its four tries in a quarter of a minute and fail,
 * one after another, until the whole rest of the file had failed for nothing in it.
 *
 * So once `UNANSWERED_IN_A_ROW` calls in a row go unanswered (no connection, a time-out,
 * a 5xx, a web page in OneFile's place) with no answer between them, OneFile is taken to
 * be down: no new call starts, and the tries that failed meanwhile are not counted. One
 * call at a time looks whether it is back, after a wait that grows from `firstLookMs` to
 * `mostLookMs`; the first answer of any kind (a refusal is an answer) opens the way for
 * every row again. Down for `giveUpMs`, the run stops, resumable, saying so. Writes whose
 * answer was lost on the way down are checked in OneFile before being sent again, as
 * always (operation.ts).
 */

/** Calls in a row with no answer that mean OneFile is down rather than struggling (5% of calls failing makes six in a row about once in 64 million). */
export const UNANSWERED_IN_A_ROW = 6;

export interface OutageTiming {
  /** The wait before the first look once OneFile is down. */
  firstLookMs: number;
  /** The longest wait between looks (each wait doubles up to it). */
  mostLookMs: number;
  /** Down this long, the run stops (resumable). */
  giveUpMs: number;
}

export const OUTAGE_TIMING: OutageTiming = { firstLookMs: 5_000, mostLookMs: 60_000, giveUpMs: 30 * 60_000 };

/** The wait before the next look after one that found OneFile still silent: doubled, up to the longest. */
export function nextLookMs(timing: OutageTiming, lastMs: number): number {
  return Math.min(timing.mostLookMs, lastMs * 2);
}

/** What a run in an outage shows: since when OneFile has not answered, and when the next look goes. */
export interface OneFileUnanswered {
  /** Epoch milliseconds of the call that made it down. */
  since: number;
  /** Until the next look may go; 0 while one is under way. */
  nextLookInMs: number;
  /** Down this long in all (from `since`), the run stops, resumable: `OutageTiming.giveUpMs`. */
  giveUpAfterMs: number;
}

/**
 * The run stops: OneFile has not answered for `giveUpMs`. The run ends `failed` like any run
 * stopped for good, and is resumable like every failed run; no row is failed for it.
 */
export class OneFileUnreachable extends Error {
  constructor(minutes: number) {
    super(
      `OneFile has not answered for ${minutes} minute${minutes === 1 ? '' : 's'} (no connection, time-outs, server errors or a maintenance page), so the import stopped. ` +
        'No row was failed for it. Check this computer\'s network and OneFile\'s service status, then carry on with the import.',
    );
    this.name = 'OneFileUnreachable';
  }
}

/** A call's failure that says nothing of the data or the session: OneFile (or the way to it) did not answer. */
export function wentUnanswered(error: unknown): boolean {
  if (!isOneFileError(error)) return false;
  if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server') return true;
  // A write sent and no answer back (the connection dropped), or a page in OneFile's place.
  return (error.kind === 'outcome-unknown' && error.causeCode !== undefined) || error.causeCode === 'web-page';
}

export class OneFileOutage {
  private unansweredInARow = 0;
  private downSince: number | null = null;
  private lookDelayMs = 0;
  private nextLookAt = 0;
  /** A look is under way: the others wait for its answer. */
  private looking = false;
  /** Looks granted so far: the number of the one under way. */
  private looks = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly timing: OutageTiming = OUTAGE_TIMING,
    private readonly now: () => number = Date.now,
  ) {}

  get down(): boolean {
    return this.downSince !== null;
  }

  view(): OneFileUnanswered | null {
    if (this.downSince === null) return null;
    return { since: this.downSince, nextLookInMs: this.looking ? 0 : Math.max(0, this.nextLookAt - this.now()), giveUpAfterMs: this.timing.giveUpMs };
  }

  /** A call got an answer from OneFile (any answer, a refusal too): it is there. */
  answered(): void {
    this.unansweredInARow = 0;
    if (this.downSince === null) return;
    this.downSince = null;
    this.looking = false;
    this.wake();
  }

  /** A call went unanswered. */
  unanswered(): void {
    this.unansweredInARow += 1;
    if (this.downSince === null) {
      if (this.unansweredInARow < UNANSWERED_IN_A_ROW) return;
      this.downSince = this.now();
      this.lookDelayMs = this.timing.firstLookMs;
    } else if (this.looking) {
      this.lookDelayMs = nextLookMs(this.timing, this.lookDelayMs);
    } else {
      // A call that was already on its way when OneFile went down: the next look keeps its time.
      return;
    }
    this.looking = false;
    this.nextLookAt = this.now() + this.lookDelayMs;
    this.wake();
  }

  /**
   * Waits until a try may go: at once while OneFile answers (false); while it does not,
   * the one whose turn it is to look goes when the look is due (its look's number: it
   * must call `lookEnded` with it after its try), the others once OneFile answers. Throws OneFileUnreachable
   * once OneFile has been down for `giveUpMs`, RunStopped when the run is cancelled.
   */
  async turn(gate: RunGate, sleep: (ms: number) => Promise<void>): Promise<number | null> {
    for (;;) {
      await gate.pass();
      if (this.downSince === null) return null;
      this.keepToClock(this.now());
      if (this.now() - this.downSince >= this.timing.giveUpMs) throw new OneFileUnreachable(Math.round(this.timing.giveUpMs / 60_000));
      if (this.looking) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        continue;
      }
      const untilLook = this.nextLookAt - this.now();
      if (untilLook <= 0) {
        // (A run cancelled while this try waited sends no look.)
        const stopped = gate.stopped;
        if (stopped) throw new RunStopped(stopped);
        this.looking = true;
        this.looks += 1;
        return this.looks;
      }
      const untilGiveUp = this.downSince + this.timing.giveUpMs - this.now();
      // A second at a time: a cancel or a look's answer is seen within one.
      await gate.wait(Math.max(1, Math.min(untilLook, untilGiveUp, 1_000)), sleep);
    }
  }

  /**
   * The system clock put back while OneFile was down (by hand, by the network's time as a
   * laptop wakes): the next look would stand as far off as the clock went back, and the
   * run would wait that long. A look is never further off than the wait it was given, and
   * the outage counts from now at the latest.
   */
  private keepToClock(now: number): void {
    if (this.downSince !== null && this.downSince > now) this.downSince = now;
    if (this.nextLookAt - now > this.lookDelayMs) this.nextLookAt = now + this.lookDelayMs;
  }

  /** The look's try is over: if none of its calls settled whether OneFile is back, the next look may go. */
  lookEnded(look: number | null): void {
    if (!this.looking || look !== this.looks) return;
    this.looking = false;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
