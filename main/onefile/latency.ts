/**
 * The median of the most recent samples: how long OneFile has been taking to answer,
 * robust to one slow retry or a pause.
 */
export class RecentMedian {
  private readonly samples: number[] = [];

  constructor(private readonly size = 64) {}

  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.samples.push(value);
    if (this.samples.length > this.size) this.samples.shift();
  }

  /** Undefined before the first sample. */
  value(): number | undefined {
    if (this.samples.length === 0) return undefined;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
}
