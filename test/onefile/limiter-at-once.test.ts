import { describe, expect, it } from 'vitest';
import type { RateLimiter, SentAs } from '../../main/onefile/limiter';
import { callsInto, limiterIn } from './calls-into';
import { VirtualTime } from './virtual-time';

/**
 * No guide says how many calls OneFile takes at once; a OneFile, or a gateway before it,
 * may refuse one call more than it handles (403, 429 or 503, undone). The limiter sends
 * fewer at once from then on (test/reliability/calls-at-once.test.ts plays it end to end).
 */
describe('the rate limiter, with a OneFile refusing calls sent together', () => {
  it('once told fewer calls go at once, sends each only when one before was answered, in order, and says so once', async () => {
    const time = new VirtualTime();
    const limiter = limiterIn(time);
    let inFlight = 0;
    let most = 0;
    const order: number[] = [];
    const call = (i: number) =>
      limiter.run(async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await time.sleep(10);
        order.push(i);
        inFlight -= 1;
      });
    await time.drive(Promise.all([0, 1, 2, 3].map(call)));
    expect(most).toBe(4);
    limiter.fewerAtOnce(2, 503);
    most = 0;
    await time.drive(Promise.all([4, 5, 6, 7, 8].map(call)));
    expect(most).toBe(2);
    limiter.fewerAtOnce(3, 503); // never raised
    limiter.fewerAtOnce(0, 403); // at least one
    most = 0;
    await time.drive(Promise.all([9, 10, 11].map(call)));
    expect(most).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(limiter.takeAtOnceNews()).toEqual({ atOnce: 1, status: 403 });
    expect(limiter.takeAtOnceNews()).toBeUndefined();
  });

  it('tells each call how many were in flight when it was sent, itself included, and whether calls were paced evenly', async () => {
    const time = new VirtualTime();
    const limiter = limiterIn(time);
    const seen: SentAs[] = [];
    const call = () =>
      limiter.run(async (sent) => {
        seen.push(sent);
        await time.sleep(10);
      });
    await time.drive(Promise.all([call(), call(), call()]));
    await time.drive(call());
    limiter.paceEvenly();
    await time.drive(call());
    expect(seen).toEqual([1, 2, 3, 1].map((inFlight) => ({ inFlight, paced: false })).concat({ inFlight: 1, paced: true }));
  });

  // A budget set above what OneFile admits is refused with calls on their way (a burst): those
  // refusals say nothing of how many it takes at once. Only a call sent paced evenly counts.
  it('a 429 to a call sent in a burst (not paced evenly) leaves the calls at once as they were', () => {
    const time = new VirtualTime();
    const limiter = limiterIn(time, 300, 1000);
    limiter.backOff(undefined, 10, { inFlight: 12, paced: false });
    limiter.backOff(undefined, 10, { inFlight: 11, paced: false });
    expect(limiter.pacing).toBe('even');
    expect(limiter.mostAtOnce).toBe(Infinity);
    expect(limiter.takeAtOnceNews()).toBeUndefined();
    limiter.backOff(undefined, 10, { inFlight: 4, paced: true });
    expect(limiter.takeAtOnceNews()).toEqual({ atOnce: 3, status: 429 });
  });

  // A gateway refusing one call more than it handles at once with 429 read as a rate limit:
  // paced evenly and still refused (calls take longer than the spacing, so several are in
  // flight), the budget came down to a third, remembered for the OneFile. Now a 429 to a call
  // sent beside others while the window had room sends fewer at once, and lowers no budget.
  it('a 429 to a call sent beside others while the window had room: fewer at once, the budget kept, and soon no more 429s', async () => {
    const time = new VirtualTime();
    const limiter = limiterIn(time, 100, 1000);
    const refusals = await callsInto(time, limiter, { limit: 100, shape: 'sliding', atOnce: 2 }, 300, 8, 50);
    expect(limiter.budget).toBe(100);
    expect(limiter.admitted).toBeUndefined();
    expect(limiter.takeAdmittedNews()).toBeUndefined();
    expect(limiter.takeAtOnceNews()).toEqual({ atOnce: 2, status: 429 });
    // Refused at first: only calls already on their way when the first 429 came.
    const first = refusals.filter((at) => at - refusals[0] < 200);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(8);
    // Then one call refused each time one more at once is tried: after two quiet windows, then four.
    const tries = refusals.slice(first.length);
    expect(tries.length).toBeGreaterThan(0);
    expect(tries.length).toBeLessThanOrEqual(3);
    expect(tries[0] - refusals[0]).toBeGreaterThanOrEqual(2 * 1000);
    for (let i = 1; i < tries.length; i++) expect(tries[i] - tries[i - 1]).toBeGreaterThanOrEqual(4 * 1000);
    expect([2, 3]).toContain(limiter.mostAtOnce);
  });

  it('after a refusal that was a moment\'s (a OneFile restarting, 503 to everything), more go at once again, one more every two quiet windows', async () => {
    const time = new VirtualTime();
    const limiter = limiterIn(time, 100, 1000);
    limiter.fewerAtOnce(1, 503);
    expect(limiter.mostAtOnce).toBe(1);
    const seen = await sixRowsForSevenWindows(time, limiter);
    expect(limiter.mostAtOnce).toBe(4);
    expect(Math.max(...seen)).toBe(4);
  });

  it('after a 403 (a cap the sign-in needed), stays at one at a time', async () => {
    const time = new VirtualTime();
    const limiter = limiterIn(time, 100, 1000);
    limiter.fewerAtOnce(1, 403);
    const seen = await sixRowsForSevenWindows(time, limiter);
    expect(limiter.mostAtOnce).toBe(1);
    expect(Math.max(...seen)).toBe(1);
  });
});

/** 6 rows in flight, each call taking 50 ms, for 7 windows of 1 s: how many were in flight as each call was sent. */
async function sixRowsForSevenWindows(time: VirtualTime, limiter: RateLimiter): Promise<number[]> {
  const seen: number[] = [];
  const end = time.now + 7_000;
  const row = async () => {
    while (time.now < end) {
      await limiter.run(async (sent) => {
        seen.push(sent.inFlight);
        await time.sleep(50);
      });
    }
  };
  await time.drive(Promise.all(Array.from({ length: 6 }, row)));
  return seen;
}
