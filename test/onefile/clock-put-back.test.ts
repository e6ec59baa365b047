import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdmittedBudget } from '../../main/onefile/admitted-budget';
import { BudgetLease } from '../../main/onefile/budget-lease';
import { RateLimiter } from '../../main/onefile/limiter';
import { busiestWindow, VirtualTime } from './virtual-time';

/**
 * The system clock put back while an import runs (corrected by hand, by the network's time
 * after a laptop's clock drifted, after travel). The limiter and the budget leases keep
 * times on that clock: every call in the window, a hold after a 429, the next even call.
 * Before, each of them stood as far off as the clock went back: put back an hour, the
 * next call waited an hour, and the run looked stuck. Time here is virtual (`real`); the
 * limiter reads the system's clock, which is `real` plus what it was put back by.
 */
function clockPutBack(time: VirtualTime) {
  let offset = 0;
  return {
    clock: () => time.now + offset,
    putBack: (ms: number) => void (offset -= ms),
  };
}

const HOUR = 3_600_000;
const WINDOW = 60_000;

describe('the system clock put back in the middle of an import', () => {
  it('costs the limiter at most one window, never an hour, and never lets more than the budget into a window', async () => {
    const time = new VirtualTime();
    const system = clockPutBack(time);
    const limiter = new RateLimiter({ budget: 100, windowMs: WINDOW, clock: system.clock, sleep: time.sleep });
    const sent: number[] = [];
    const call = () => limiter.run(async () => void sent.push(time.now));
    const start = time.now;
    await time.drive(Promise.all(Array.from({ length: 100 }, call)));
    await time.drive(time.sleep(10_000));
    system.putBack(HOUR);
    await time.drive(Promise.all(Array.from({ length: 150 }, call)));

    expect(sent).toHaveLength(250);
    // The window was full: the 101st call waits for the first to leave it, a window after it was answered, and no longer.
    expect(sent[100]).toBeGreaterThanOrEqual(start + WINDOW);
    expect(sent[100]).toBeLessThanOrEqual(start + 10_000 + WINDOW + 10);
    expect(sent[249] - start).toBeLessThan(4 * WINDOW);
    expect(busiestWindow(sent, WINDOW)).toBeLessThanOrEqual(100);
  });

  it('keeps a hold after a 429 to the time OneFile asked for, and the even pace to one spacing', async () => {
    const time = new VirtualTime();
    const system = clockPutBack(time);
    const limiter = new RateLimiter({ budget: 10, windowMs: WINDOW, clock: system.clock, sleep: time.sleep });
    const sent: number[] = [];
    const call = () => limiter.run(async () => void sent.push(time.now));
    await time.drive(call());
    limiter.backOff(undefined, 5); // refused with room in the window: paced evenly from now on
    expect(limiter.pacing).toBe('even');
    await time.drive(Promise.all([call(), call()]));
    const heldAt = time.now;
    limiter.backOff(30_000, 5);
    system.putBack(HOUR);
    await time.drive(Promise.all([call(), call(), call()]));

    // Held for the 30 s OneFile asked for, not 30 s and an hour; then one call a spacing.
    expect(sent[3]).toBeGreaterThanOrEqual(heldAt + 30_000);
    expect(sent[3]).toBeLessThan(heldAt + 30_000 + limiter.spacingMs + 10);
    expect(sent[4] - sent[3]).toBeGreaterThanOrEqual(limiter.spacingMs - 1e-6);
    expect(sent[5] - sent[4]).toBeLessThan(limiter.spacingMs + 10);
  });

  it('raises a cap on calls at once after its quiet windows counted from the clock as it is now', async () => {
    const time = new VirtualTime();
    const system = clockPutBack(time);
    const limiter = new RateLimiter({ budget: 100, windowMs: 1_000, clock: system.clock, sleep: time.sleep });
    limiter.fewerAtOnce(1, 503);
    system.putBack(HOUR);
    let calls = 0;
    const call = () => limiter.run(async () => void (calls += 1));
    // Two quiet windows of calls, then one more: the cap is raised by one, as without the clock put back.
    while (time.now < 1_000_000 + 2_100) await time.drive(Promise.all([call(), call()]));
    expect(limiter.mostAtOnce).toBe(2);
    expect(calls).toBeGreaterThan(0);
  });

  it('raises a budget lowered to what OneFile admitted after its clean windows counted from the clock as it is now', () => {
    let now = 10 * HOUR;
    const admitted = new AdmittedBudget(100, () => now);
    admitted.atMost(50);
    admitted.refusedAt(now, WINDOW);
    now -= HOUR;
    expect(admitted.mayRaise(now, WINDOW, 50)).toBe(false);
    expect(admitted.mayRaise(now + 2 * WINDOW, WINDOW, 50)).toBe(false);
    expect(admitted.mayRaise(now + 3 * WINDOW, WINDOW, 50)).toBe(true);
    expect(admitted.budget).toBe(60);
  });
});

describe('a budget lease written before the clock was put back', () => {
  let folder: string | undefined;
  afterEach(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  it('counts no longer than a lease can: a window and the time it is renewed in', () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lease-clock-'));
    const written = 10 * HOUR;
    // Another process's lease, its window full of calls answered just now, as it wrote it; then the clock put back an hour.
    const lease = { v: 2, pid: process.ppid, host: os.hostname(), budget: 100, windowMs: WINDOW, releases: Array<number>(100).fill(written + WINDOW), waiting: 0, waitingAt: written, renewedAt: written, countsUntil: written + 5_000 + WINDOW };
    fs.writeFileSync(path.join(folder, 'other.json'), JSON.stringify(lease));
    let now = written - HOUR;
    const here = new BudgetLease({ folder, clock: () => now });
    here.attach({ budget: () => 100, windowMs: () => WINDOW, releases: () => [] });
    expect(here.claim(1)).toBe(0); // the other's calls still count: the window is full
    now += WINDOW + 10;
    expect(here.claim(1)).toBe(1); // a window later they no longer do, not an hour later
    // Its process has died: never renewed, the lease stops counting as one renewed when first seen would, and is removed.
    now += 5_000;
    expect(here.claim(1)).toBe(1);
    expect(fs.existsSync(path.join(folder, 'other.json'))).toBe(false);
    here.close();
  });
});
