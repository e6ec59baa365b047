import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import type { RunningSandbox, SandboxSwitches } from '../../main/sandbox';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * OneFile not answering when a weekly import starts (a maintenance window at the hour it
 * is scheduled) [assume: OneFile answers for the length of an import]. Before, the import
 * did not start at all: the sign-in's few tries failed within seconds and the command
 * ended, so the week's learners waited for a person to notice. Now the command line waits
 * for it as a run does (the first try again after 5 s, then doubling to a minute, 30
 * minutes in all), saying so on stderr, and imports once OneFile answers; nothing is
 * written meanwhile. Silent past the time allowed, it does not start, saying why.
 */

const WINDOW_MS = 300;
const LEARNERS = 6;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
/** Short waits, so the test takes seconds; the production ones are 5 s growing to a minute, 30 minutes in all. */
const TIMING = { firstLookMs: 40, mostLookMs: 150, giveUpMs: 60_000 };

const writes = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path) && !c.outage).length;
const unanswered = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.outage).length;

function importStarting(sandbox: RunningSandbox, tag: string, giveUpMs = TIMING.giveUpMs) {
  const dir = tempDir('outage-before-');
  const file = writeCsv(dir, 'learners.csv', Array.from({ length: LEARNERS }, (_, n) => learnerLine(tag, n + 1)));
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  const done = runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), json: true, yes: true, rateWindowMs: WINDOW_MS, outageTiming: { ...TIMING, giveUpMs } }, io);
  return { io, done, stderr: () => io.stderr.join('') };
}

describe('OneFile not answering when an import starts', () => {
  for (const outage of ['maintenance', 'unreachable'] as SandboxSwitches['outage'][]) {
    it(`(${outage}) the command waits for it, saying so, and imports once it answers: every learner once`, async () => {
      const sandbox = await sandboxWith({ outage });
      const tag = outage === 'maintenance' ? 'OBM' : 'OBU';
      const run = importStarting(sandbox, tag);
      // Waits for what the command says, then for more tries than the sign-in's own.
      await expect.poll(() => run.stderr(), { timeout: 30_000, interval: 10 }).toMatch(/OneFile is not answering \(since \d\d:\d\d:\d\d/);
      const seen = unanswered(sandbox);
      await expect.poll(() => unanswered(sandbox), { timeout: 30_000, interval: 10 }).toBeGreaterThan(seen + 3);
      expect(writes(sandbox)).toBe(0);
      sandbox.switches.outage = 'none';

      const code = await run.done;
      expect(code, run.stderr()).toBe(0);
      expect(lastJson(run.io.stdout)).toMatchObject({ state: 'completed', created: LEARNERS, failed: 0 });
      const learners = sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith(tag));
      expect(learners).toHaveLength(LEARNERS);
      expect(run.stderr()).toMatch(/Nothing has been written\. Trying again at \d\d:\d\d:\d\d, and for up to 1 minute before giving up/);
      expect(run.stderr()).toMatch(/Still no answer from OneFile; trying again at/);
      expect(run.stderr()).toMatch(/OneFile answers again after \d+ s: carrying on\./);
    }, 60_000);
  }

  it('silent past the time allowed: the import does not start, says why, and nothing is written', async () => {
    const sandbox = await sandboxWith({ outage: 'maintenance' });
    const run = importStarting(sandbox, 'OBG', 400);
    const code = await run.done;
    expect(code).toBe(2);
    expect(run.stderr()).toMatch(/OneFile has not answered for 1 minute \(the last try: .*HTTP 503.*\), so the import did not start\. Nothing was written\./);
    expect(writes(sandbox)).toBe(0);
    expect(unanswered(sandbox)).toBeGreaterThan(3);
  }, 60_000);

  it('an answer is not waited for: a refused token ends it at once', async () => {
    const sandbox = await sandboxWith();
    const dir = tempDir('outage-before-');
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: 'not-the-token' });
    const file = writeCsv(dir, 'learners.csv', [learnerLine('OBT', 1)]);
    const code = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), json: true, yes: true, rateWindowMs: WINDOW_MS, outageTiming: TIMING }, io);
    expect(code).toBe(2);
    expect(io.stderr.join('')).not.toMatch(/not answering/);
    expect(sandbox.calls.filter((c) => c.route === 'POST Authentication').length).toBe(1);
  }, 60_000);
});
