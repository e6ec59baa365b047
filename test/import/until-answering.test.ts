import { describe, expect, it } from 'vitest';
import { OneFileError } from '../../main/onefile';
import { untilOneFileAnswers } from '../../main/import/environment/until-answering';
import type { OneFileUnanswered } from '../../main/import';

/** Waiting out a OneFile that does not answer before the run (environment/until-answering.ts), on a fake clock. */

const down = () => new OneFileError({ kind: 'server', endpoint: 'POST User/Search/{page}/{size}', status: 503, message: 'OneFile had an internal error answering POST User/Search/{page}/{size} (HTTP 503). Nothing was written. Try again later.' });
const refused = () => new OneFileError({ kind: 'auth', endpoint: 'POST Authentication', status: 401, message: 'OneFile refused the customer token.' });

function fakeClock() {
  let at = 1_000_000;
  return { now: () => at, sleep: async (ms: number) => void (at += ms), advance: (ms: number) => (at += ms) };
}

describe('waiting out a OneFile not answering before the run', () => {
  it('tries again after waits doubling to the most, says each, and says when it answers', async () => {
    const clock = fakeClock();
    const told: Array<OneFileUnanswered | null> = [];
    let tries = 0;
    const result = await untilOneFileAnswers(
      async () => {
        tries += 1;
        clock.advance(10);
        if (tries <= 4) throw down();
        return 'planned';
      },
      { ...clock, timing: { firstLookMs: 100, mostLookMs: 300, giveUpMs: 10_000 }, onWaiting: (w) => told.push(w) },
    );
    expect(result).toBe('planned');
    expect(tries).toBe(5);
    expect(told.map((w) => w?.nextLookInMs ?? null)).toEqual([100, 200, 300, 300, null]);
    // Since the first try began, the same in every report.
    expect(new Set(told.filter(Boolean).map((w) => w!.since))).toEqual(new Set([1_000_000]));
  });

  // `--env https://wsapi.onefle.co.uk/...`: before, 30 minutes of "OneFile is not answering" for a typo.
  it('a host name no one knows, in an address given by hand: said at once; in OneFile\'s own, waited out as the network\'s trouble', async () => {
    const unknownName = () => new OneFileError({ kind: 'network', endpoint: 'POST Authentication', causeCode: 'ENOTFOUND', mayHaveApplied: false, message: 'Could not reach OneFile at wsapi.onefle.co.uk (no computer is known by that name: ENOTFOUND).' });
    const clock = fakeClock();
    let tries = 0;
    const typed = untilOneFileAnswers(async () => { tries += 1; throw unknownName(); }, { ...clock, addressGivenByHand: true });
    await expect(typed).rejects.toThrow('no computer is known by that name');
    expect(tries).toBe(1);
    tries = 0;
    const own = await untilOneFileAnswers(
      async () => {
        tries += 1;
        if (tries <= 2) throw unknownName();
        return 'planned';
      },
      { ...clock, addressGivenByHand: false, timing: { firstLookMs: 100, mostLookMs: 300, giveUpMs: 10_000 } },
    );
    expect([own, tries]).toEqual(['planned', 3]);
  });

  it('an answer (a refused token) is not waited out; without the option nothing is', async () => {
    const clock = fakeClock();
    let tries = 0;
    await expect(untilOneFileAnswers(async () => { tries += 1; throw refused(); }, { ...clock })).rejects.toThrow('refused the customer token');
    expect(tries).toBe(1);
    await expect(untilOneFileAnswers(async () => { tries += 1; throw down(); }, undefined)).rejects.toThrow('HTTP 503');
    expect(tries).toBe(2);
  });

  it('silent for the time allowed: gives up, saying how long and the last try, as a OneFile error of the same kind', async () => {
    const clock = fakeClock();
    let tries = 0;
    const error = await untilOneFileAnswers(async () => { tries += 1; throw down(); }, { ...clock, timing: { firstLookMs: 1_000, mostLookMs: 60_000, giveUpMs: 30 * 60_000 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneFileError);
    expect((error as OneFileError).kind).toBe('server');
    expect((error as Error).message).toBe(
      'OneFile has not answered for 30 minutes (the last try: OneFile had an internal error answering POST User/Search/{page}/{size} (HTTP 503)), so the import did not start. ' +
        "Nothing was written. Check this computer's network and OneFile's service status, then run the import again.",
    );
    // 1, 2, 4, 8, 16, 32 s, then a minute at a time: never past the 30 minutes.
    expect(clock.now() - 1_000_000).toBeLessThanOrEqual(30 * 60_000);
    expect(tries).toBeGreaterThan(30);
  });
});
