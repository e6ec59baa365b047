import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { RateWindow } from '../../main/sandbox/rate-window';
import type { RateShape } from '../../main/sandbox/switches';
import { SandboxCaller, fakeClock } from './sandbox-client';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: Parameters<typeof startSandbox>[0]) {
  sandbox = await startSandbox(options);
  return new SandboxCaller(sandbox);
}

describe('the rate limit', () => {
  it('answers 429 with Retry-After once a window holds the limit, Authentication included', async () => {
    const clock = fakeClock();
    const caller = await start({ rateLimit: 5, windowMs: 500, now: clock.now });
    await caller.authenticate();
    for (let i = 0; i < 4; i++) expect((await caller.get('Customer')).status).toBe(200);
    const refused = await caller.get('Customer');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(sandbox!.rateWindow.peak).toBe(5);
  });

  it('rounds Retry-After up to the whole seconds until the window frees a slot', async () => {
    const clock = fakeClock();
    const caller = await start({ rateLimit: 2, windowMs: 60_000, now: clock.now });
    await caller.authenticate();
    clock.advance(10_000);
    await caller.get('Customer');
    clock.advance(500);
    // The oldest call (Authentication) leaves the window 49.5 s from now.
    expect((await caller.get('Customer')).headers.get('retry-after')).toBe('50');
  });

  it('sends no Retry-After when that switch is off', async () => {
    const clock = fakeClock();
    const caller = await start({ rateLimit: 1, windowMs: 500, retryAfter: false, now: clock.now });
    await caller.authenticate();
    const refused = await caller.get('Customer');
    expect(refused.status).toBe(429);
    expect(refused.headers.has('retry-after')).toBe(false);
  });

  it('does not count refused calls, and admits again once the window slides past', async () => {
    const clock = fakeClock();
    const caller = await start({ rateLimit: 2, windowMs: 500, now: clock.now });
    await caller.authenticate();
    clock.advance(100);
    await caller.get('Customer');
    for (let i = 0; i < 3; i++) expect((await caller.get('Customer')).status).toBe(429);
    clock.advance(400); // Authentication (t=0) leaves the window; the call at t=100 stays.
    expect((await caller.get('Customer')).status).toBe(200);
    expect((await caller.get('Customer')).status).toBe(429);
    expect(sandbox!.rateWindow.inWindow()).toBe(2);
  });

  it('counts calls that are refused with 401', async () => {
    const clock = fakeClock();
    const caller = await start({ rateLimit: 3, windowMs: 500, now: clock.now });
    caller.token = 'unknown';
    expect((await caller.get('Customer')).status).toBe(401);
    expect((await caller.get('Customer')).status).toBe(401);
    expect((await caller.raw('POST', 'Authentication', { headers: { 'X-CustomerToken': 'wrong' } })).status).toBe(401);
    expect((await caller.raw('POST', 'Authentication', { headers: { 'X-CustomerToken': sandbox!.customerToken } })).status).toBe(429);
  });

  it('obeys a limit changed mid-run', async () => {
    const clock = fakeClock();
    const caller = await start({ rateLimit: 100, windowMs: 500, now: clock.now });
    await caller.authenticate();
    sandbox!.switches.rateLimit = 2;
    expect((await caller.get('Customer')).status).toBe(200);
    expect((await caller.get('Customer')).status).toBe(429);
  });

  it('answers a 429 burst for the next N calls whatever the window, then carries on', async () => {
    const caller = await start({ windowMs: 500 });
    await caller.authenticate();
    sandbox!.switches.burst429 = 3;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await caller.get('Customer')).status);
    expect(statuses).toEqual([429, 429, 429, 200]);
    expect(sandbox!.switches.burst429).toBe(0);
    expect(sandbox!.calls.filter((c) => c.status === 429)).toHaveLength(3);
  });
});

describe('the ways of counting the limit (rateShape)', () => {
  const admitted = (window: RateWindow, at: number, shape: RateShape, burst?: number) => window.admit(at, 2, 1_000, shape, burst);

  it('a sliding window refuses a third call in any 1 s; a fixed one starts afresh on the second', () => {
    const sliding = new RateWindow();
    const fixed = new RateWindow();
    for (const at of [900, 950]) {
      expect(admitted(sliding, at, 'sliding')).toEqual({ admitted: true });
      expect(admitted(fixed, at, 'fixed')).toEqual({ admitted: true });
    }
    expect(admitted(fixed, 990, 'fixed')).toEqual({ admitted: false, retryAfterMs: 10 });
    expect(admitted(sliding, 1_000, 'sliding')).toEqual({ admitted: false, retryAfterMs: 900 });
    expect(admitted(fixed, 1_000, 'fixed')).toEqual({ admitted: true });
    expect(admitted(fixed, 1_001, 'fixed')).toEqual({ admitted: true });
  });

  it('a token bucket admits its burst at once, then one call each refill, whatever the window holds', () => {
    const bucket = new RateWindow();
    // 2 a second refills one call each 500 ms; a bucket of 1 admits no burst at all.
    expect(admitted(bucket, 0, 'bucket', 1)).toEqual({ admitted: true });
    expect(admitted(bucket, 100, 'bucket', 1)).toEqual({ admitted: false, retryAfterMs: 400 });
    expect(admitted(bucket, 500, 'bucket', 1)).toEqual({ admitted: true });
    expect(admitted(bucket, 999, 'bucket', 1)).toMatchObject({ admitted: false });
    expect(admitted(bucket, 1_000, 'bucket', 1)).toEqual({ admitted: true });
  });
});
