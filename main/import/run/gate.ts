/**
 * The gate every OneFile call of a run passes first: open while running, closed while
 * paused (calls already sent finish; no new one starts), and shut for good when the
 * run is cancelled or has to stop (a journal that cannot be written). Waits for a
 * retry pass through it too, so cancelling never waits out a backoff.
 */

/** Thrown out of a row's work when the run stops; the row stays unfinished, not failed. */
export class RunStopped extends Error {
  constructor(readonly reason: 'cancelled' | 'fatal') {
    super(reason === 'cancelled' ? 'The run was cancelled.' : 'The run had to stop.');
    this.name = 'RunStopped';
  }
}

export class RunGate {
  private mode: 'open' | 'paused' | 'cancelled' | 'fatal' = 'open';
  private waiters: Array<() => void> = [];

  get paused(): boolean {
    return this.mode === 'paused';
  }

  get stopped(): 'cancelled' | 'fatal' | null {
    return this.mode === 'cancelled' || this.mode === 'fatal' ? this.mode : null;
  }

  pause(): void {
    if (this.mode === 'open') this.mode = 'paused';
  }

  resume(): void {
    if (this.mode !== 'paused') return;
    this.mode = 'open';
    this.wake();
  }

  cancel(): void {
    if (this.mode === 'open' || this.mode === 'paused') this.mode = 'cancelled';
    this.wake();
  }

  /** Stops everything at once: nothing more may be sent or written. */
  fail(): void {
    this.mode = 'fatal';
    this.wake();
  }

  /** Resolves when a new call may start; throws RunStopped when none ever may. */
  async pass(): Promise<void> {
    for (;;) {
      const stopped = this.stopped;
      if (stopped) throw new RunStopped(stopped);
      if (this.mode === 'open') return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Waits `ms` (with the injected sleep), cut short by a cancel; then passes the gate. */
  async wait(ms: number, sleep: (ms: number) => Promise<void>): Promise<void> {
    if (ms > 0) {
      await Promise.race([sleep(ms), new Promise<void>((resolve) => this.waiters.push(resolve))]);
    }
    await this.pass();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
