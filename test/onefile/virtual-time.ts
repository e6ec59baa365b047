/**
 * Virtual time for the rate limiter's tests: `sleep` registers a timer, and `drive`
 * runs the work to completion by jumping the clock to the next timer whenever every
 * promise is idle. No test waits in real time, and the result is the same every run.
 */
export class VirtualTime {
  now = 1_000_000;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  readonly clock = (): number => this.now;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, resolve });
    });

  async drive<T>(work: Promise<T>, maxSteps = 100_000): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let step = 0; step < maxSteps; step += 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (settled) return work;
      if (this.timers.length === 0) throw new Error('virtual time: work is stuck with no timer pending');
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.now = Math.max(this.now, next.at);
      next.resolve();
    }
    throw new Error('virtual time: too many steps');
  }
}

/** The largest number of times within any closed window [t, t + windowMs] (stricter than a server needs). */
export function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end] - sorted[start] > windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
