import { describe, expect, it } from 'vitest';
import { OneFileError } from '../../main/onefile';
import { RunGate, RunStopped } from '../../main/import/run/gate';
import { totalsView } from '../../main/service/run-views';
import { OneFileOutage, OneFileUnreachable, UNANSWERED_IN_A_ROW, wentUnanswered } from '../../main/import/run/outage';

/** OneFile gone quiet mid-run, as the runner's watch sees it: a clock that moves only when the watch sleeps. */
function watch(timing = { firstLookMs: 5_000, mostLookMs: 20_000, giveUpMs: 120_000 }) {
  let now = 1_000_000;
  const outage = new OneFileOutage(timing, () => now);
  const sleep = async (ms: number) => {
    now += ms;
  };
  const gate = new RunGate();
  const goDown = () => {
    for (let i = 0; i < UNANSWERED_IN_A_ROW; i++) outage.unanswered();
  };
  /** The system clock put back (the watch's time goes on from there). */
  const putBack = (ms: number) => void (now -= ms);
  return { outage, gate, sleep, goDown, now: () => now, putBack };
}

const settled = async <T>(promise: Promise<T>) => {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  for (let i = 0; i < 20; i++) await Promise.resolve();
  return done;
};

describe('OneFile not answering, as the run watches it', () => {
  it('is down only after calls in a row go unanswered with no answer between', async () => {
    const { outage, goDown, now } = watch();
    for (let i = 0; i < UNANSWERED_IN_A_ROW - 1; i++) outage.unanswered();
    outage.answered();
    for (let i = 0; i < UNANSWERED_IN_A_ROW - 1; i++) outage.unanswered();
    expect(outage.down).toBe(false);
    expect(outage.view()).toBeNull();
    outage.unanswered();
    expect(outage.down).toBe(true);
    expect(outage.view()).toEqual({ since: now(), nextLookInMs: 5_000, giveUpAfterMs: 120_000 });
    goDown();
    outage.answered();
    expect(outage.down).toBe(false);
  });

  it('lets one try look when the look is due, holds the others until OneFile answers, and lets every try go at once while it answers', async () => {
    const { outage, gate, sleep, goDown, now } = watch();
    expect(await outage.turn(gate, sleep)).toBeNull();
    goDown();
    const downAt = now();
    const first = await outage.turn(gate, sleep);
    expect(first).toBe(1);
    expect(now() - downAt).toBe(5_000);
    expect(outage.view()).toMatchObject({ nextLookInMs: 0 });
    const other = outage.turn(gate, sleep);
    expect(await settled(other)).toBe(false);
    outage.answered();
    expect(await other).toBeNull();
    outage.lookEnded(first);
    expect(outage.down).toBe(false);
  });

  it('with the system clock put back an hour while OneFile is down, looks when the look was due, not an hour later', async () => {
    const { outage, gate, sleep, goDown, now, putBack } = watch();
    goDown();
    putBack(3_600_000);
    const at = now();
    expect(await outage.turn(gate, sleep)).toBe(1);
    expect(now() - at).toBeLessThanOrEqual(5_000);
    expect(outage.view()).toMatchObject({ nextLookInMs: 0 });
    // Still down: the next look after the longer wait, and the outage counted from the clock as it is now.
    outage.unanswered();
    outage.lookEnded(1);
    expect(outage.view()?.since).toBeLessThanOrEqual(now());
    const second = now();
    expect(await outage.turn(gate, sleep)).toBe(2);
    expect(now() - second).toBe(10_000);
  });

  it('waits longer after each look that goes unanswered, up to the most, and a look that made no call lets the next one go', async () => {
    const { outage, gate, sleep, goDown, now } = watch();
    goDown();
    let at = now();
    const gaps: number[] = [];
    for (let look = 1; look <= 4; look++) {
      expect(await outage.turn(gate, sleep)).toBe(look);
      gaps.push(now() - at);
      at = now();
      outage.unanswered();
      outage.lookEnded(look);
    }
    expect(gaps).toEqual([5_000, 10_000, 20_000, 20_000]);
    // A look whose try sent nothing (its write was found done): the next try may look, with no wait added.
    expect(await outage.turn(gate, sleep)).toBe(5);
    outage.lookEnded(5);
    const before = now();
    expect(await outage.turn(gate, sleep)).toBe(6);
    expect(now()).toBe(before);
    // An old look ending never frees a newer one.
    outage.lookEnded(5);
    expect(await settled(outage.turn(gate, sleep))).toBe(false);
  });

  it('gives up once down for the time allowed, and a cancelled run stops waiting', async () => {
    const { outage, gate, sleep, goDown, now } = watch({ firstLookMs: 5_000, mostLookMs: 60_000, giveUpMs: 60_000 });
    goDown();
    const downAt = now();
    // Looks at 5 s, 15 s and 35 s; the next would be at 75 s, past the minute allowed.
    for (let look = 1; look <= 3; look++) {
      expect(await outage.turn(gate, sleep)).toBe(look);
      outage.unanswered();
    }
    await expect(outage.turn(gate, sleep)).rejects.toThrow(OneFileUnreachable);
    expect(now() - downAt).toBe(60_000);
    await expect(outage.turn(gate, sleep)).rejects.toThrow(/OneFile has not answered for 1 minute .* No row was failed for it/);

    const second = watch();
    second.goDown();
    const look = await second.outage.turn(second.gate, second.sleep);
    const waiting = second.outage.turn(second.gate, second.sleep);
    second.gate.cancel();
    second.outage.lookEnded(look);
    await expect(waiting).rejects.toThrow(RunStopped);
  });

  it('counts a call unanswered for no connection, a time-out, a 5xx, a write sent with no answer, or a page in OneFile\'s place; never a refusal', () => {
    const error = (kind: ConstructorParameters<typeof OneFileError>[0]['kind'], causeCode?: string) => new OneFileError({ kind, endpoint: 'POST User', message: 'x', causeCode });
    expect(['network', 'timeout', 'server'].map((kind) => wentUnanswered(error(kind as 'network')))).toEqual([true, true, true]);
    expect(wentUnanswered(error('outcome-unknown', 'ECONNRESET'))).toBe(true);
    expect(wentUnanswered(error('bad-response', 'web-page'))).toBe(true);
    expect(wentUnanswered(error('outcome-unknown'))).toBe(false);
    expect(['validation', 'auth', 'rate-limit', 'not-found', 'bad-response'].map((kind) => wentUnanswered(error(kind as 'auth')))).toEqual([false, false, false, false, false]);
    expect(wentUnanswered(new Error('a bug'))).toBe(false);
  });

  it('reaches the app as a wait of its own: since when, and the time to the next look', () => {
    const totals = { rows: 10, done: 3, failed: 0, skipped: 0, running: 2, pending: 5, calls: 40, callsPerMinute: 90, elapsedMs: 9_000, etaMs: 5_000 };
    expect(totalsView({ ...totals, unanswered: { since: 1_700_000_000_000, nextLookInMs: 4_000, giveUpAfterMs: 1_800_000 } }).waiting).toEqual({
      reason: 'onefile-unanswered',
      resumesInMs: 4_000,
      since: 1_700_000_000_000,
      giveUpAfterMs: 1_800_000,
    });
    expect(totalsView({ ...totals, unanswered: null }).waiting).toBeUndefined();
  });
});
