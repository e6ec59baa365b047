import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../main/onefile';
import { estimateAtLimiterMs, rateLimitWait, type PacedClient } from '../../main/service/run-pace';
import { VirtualTime } from '../onefile/virtual-time';

/**
 * The app's pace: how long the rest of an import takes, and whether it is waiting for
 * OneFile's allowance, read from the client's own rate limiter (virtual time: no test
 * waits for real).
 */

function pacedBy(limiter: RateLimiter, latencyMs: number): PacedClient {
  return { limiter, eta: (calls) => limiter.eta(calls), latencyMs: () => latencyMs };
}

describe('the pace the app shows', () => {
  it('counts two and a half budgets as two windows, not three (the plan said "about 3 minutes" for a run of 2)', () => {
    const time = new VirtualTime();
    const limiter = new RateLimiter({ budget: 100, windowMs: 60_000, clock: time.clock, sleep: time.sleep });
    const estimate = estimateAtLimiterMs(pacedBy(limiter, 0), 250, 'auto');
    expect(estimate).toBeGreaterThanOrEqual(120_000);
    expect(estimate).toBeLessThan(121_000);
  });

  it('allows for the calls already in the window, and for rows that must wait on a slow OneFile', async () => {
    const time = new VirtualTime();
    const limiter = new RateLimiter({ budget: 100, windowMs: 60_000, clock: time.clock, sleep: time.sleep });
    expect(estimateAtLimiterMs(pacedBy(limiter, 0), 50, 'auto')).toBe(0);
    // 80 calls just made (the directory, the plan's reads): 50 more do not all fit in this window.
    await time.drive(Promise.all(Array.from({ length: 80 }, () => limiter.run(async () => undefined))));
    expect(estimateAtLimiterMs(pacedBy(limiter, 0), 50, 'auto')).toBeGreaterThan(59_000);
    // Latency-bound: 2 s a call, one row in flight, 10 calls take 20 s whatever the budget.
    const slow = new RateLimiter({ budget: 300, windowMs: 60_000, clock: time.clock, sleep: time.sleep });
    expect(estimateAtLimiterMs(pacedBy(slow, 2_000), 10, 1)).toBe(20_000);
  });

  it('counts no more calls at once than OneFile was seen to take: 1,000 calls of 1 s at 300 a minute, 2 at once, take 500 s, not the 250 s of 4 rows in flight', () => {
    const time = new VirtualTime();
    const limiter = new RateLimiter({ budget: 300, windowMs: 60_000, clock: time.clock, sleep: time.sleep });
    const before = estimateAtLimiterMs(pacedBy(limiter, 1_000), 1_000, 4);
    expect(before).toBe(250_000);
    limiter.fewerAtOnce(2, 429);
    expect(estimateAtLimiterMs(pacedBy(limiter, 1_000), 1_000, 4)).toBe(500_000);
  });

  it('says the run waits for the allowance, and for how long, only while calls are queued past the window', async () => {
    const time = new VirtualTime();
    const limiter = new RateLimiter({ budget: 2, windowMs: 10_000, clock: time.clock, sleep: time.sleep });
    expect(rateLimitWait(pacedBy(limiter, 0))).toBeNull();
    await time.drive(Promise.all([limiter.run(async () => undefined), limiter.run(async () => undefined)]));
    const third = limiter.run(async () => undefined);
    expect(limiter.nextSendInMs()).toBeGreaterThan(9_000);
    expect(rateLimitWait(pacedBy(limiter, 0))).toEqual({ reason: 'rate-limit', resumesInMs: limiter.nextSendInMs() });
    time.now += 9_500;
    expect(rateLimitWait(pacedBy(limiter, 0))).toBeNull(); // under a second: ordinary pacing, not worth a word
    await time.drive(third);
    expect(limiter.nextSendInMs()).toBeNull();
  });
});
