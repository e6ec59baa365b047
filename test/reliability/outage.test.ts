import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../main/connection/connect';
import { runImport } from '../../main/cli/import-command';
import { resumeRun } from '../../main/import';
import { prepareImport } from '../../main/import/session';
import type { RunningSandbox, SandboxSwitches } from '../../main/sandbox';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { FAST_RETRY, tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * OneFile stops answering in the middle of an import (a maintenance window answering 503
 * with a page, or no connection at all) for longer than a row's tries last [assume:
 * OneFile answers for the length of an import]. Before, every row left failed in a
 * quarter of a minute ("Gave up after 4 tries"), 18 of 40. Now the run waits, one look at
 * a time, and carries on when OneFile answers: nothing failed, every learner once. Down
 * past the time allowed, the run stops resumable, no row failed for it, and resuming
 * finishes it.
 */

const WINDOW_MS = 300;
const LEARNERS = 30;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
/** Short waits between looks, so the test takes seconds; the production ones are 5 s growing to a minute, 30 minutes in all. */
const TIMING = { firstLookMs: 40, mostLookMs: 150 };

const writes = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path) && !c.outage).length;
const unansweredCalls = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.outage).length;

/** Every learner of the file exactly once, each with its standard once. */
function expectEachLearnerOnce(sandbox: RunningSandbox, tag: string) {
  const learners = sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith(tag));
  expect(learners.map((u) => u.MISID).sort()).toEqual(Array.from({ length: LEARNERS }, (_, n) => `${tag}${String(n + 1).padStart(3, '0')}`));
  for (const learner of learners) expect(sandbox.store.learningAimsOf(learner.ID), learner.MISID!).toHaveLength(1);
}

/** Polls a state of the sandbox or the run, never a guess of time. */
async function until(condition: () => boolean): Promise<void> {
  await expect.poll(condition, { timeout: 30_000, interval: 10 }).toBe(true);
}

async function startImport(sandbox: RunningSandbox, tag: string, giveUpMs: number) {
  const dir = tempDir('outage-');
  const file = writeCsv(dir, 'learners.csv', Array.from({ length: LEARNERS }, (_, n) => learnerLine(tag, n + 1)));
  const dataDir = path.join(dir, 'data');
  const session = await prepareImport({
    file,
    connect: () => connect({ environment: sandbox.baseUrl, customerToken: sandbox.customerToken, dataDir, windowMs: WINDOW_MS }),
    organisationId: 5740,
    dataDir,
    windowMs: WINDOW_MS,
  });
  const handle = await session.start({ retry: FAST_RETRY, outage: { ...TIMING, giveUpMs } });
  return { session, handle, dataDir };
}

describe('OneFile not answering in the middle of an import', () => {
  for (const outage of ['maintenance', 'unreachable'] as SandboxSwitches['outage'][]) {
    it(`(${outage}) waits for it, looking one call at a time, and carries on: no row failed, every learner once`, async () => {
      const sandbox = await sandboxWith();
      const tag = outage === 'maintenance' ? 'OUTM' : 'OUTU';
      const { session, handle } = await startImport(sandbox, tag, 60_000);
      try {
        await until(() => writes(sandbox) >= 25);
        sandbox.switches.outage = outage;
        // The run says it is waiting for OneFile, then looks again and again: far more calls
        // unanswered than a row has tries, which before failed every row left.
        await until(() => handle.runner.totals().unanswered != null);
        const seenAt = unansweredCalls(sandbox);
        await until(() => unansweredCalls(sandbox) >= seenAt + FAST_RETRY.attempts + 2);
        sandbox.switches.outage = 'none';

        const finished = await handle.finished;
        expect(finished.outcome.state).toBe('completed');
        expect(finished.run.counts.failed).toBe(0);
        expect(finished.run.counts.created).toBe(LEARNERS);
        expect(handle.runner.totals().unanswered ?? null).toBeNull();
        expectEachLearnerOnce(sandbox, tag);
      } finally {
        await session.close();
      }
    }, 120_000);
  }

  it('down past the time allowed: the run stops resumable, no row failed, and resuming when OneFile answers finishes it with every learner once', async () => {
    const sandbox = await sandboxWith();
    const tag = 'OUTG';
    const { session, handle, dataDir } = await startImport(sandbox, tag, 1_500);
    let runId: string;
    try {
      await until(() => writes(sandbox) >= 25);
      sandbox.switches.outage = 'maintenance';
      const finished = await handle.finished;
      runId = finished.run.runId;
      expect(finished.outcome.state).toBe('failed');
      expect(finished.outcome.message).toMatch(/OneFile has not answered for \d+ minutes? .* the import stopped\. No row was failed for it/);
      expect(finished.run.counts.failed).toBe(0);
      expect(finished.run.counts.pending).toBeGreaterThan(0);
    } finally {
      await session.close();
    }

    sandbox.switches.outage = 'none';
    const connection = await connect({ environment: sandbox.baseUrl, customerToken: sandbox.customerToken, dataDir, windowMs: WINDOW_MS });
    const resumed = await resumeRun({ dataDir, runId, connection, closeConnection: true, windowMs: WINDOW_MS, retry: FAST_RETRY });
    const done = await resumed.finished;
    expect(done.outcome.state).toBe('completed');
    expect(done.run.counts.failed).toBe(0);
    expectEachLearnerOnce(sandbox, tag);
  }, 120_000);

  it('from the command line, with the waits a real run has: says when OneFile stops answering and when it answers again, and ends with exit 0', async () => {
    const sandbox = await sandboxWith();
    const tag = 'OUTC';
    const dir = tempDir('outage-cli-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: LEARNERS }, (_, n) => learnerLine(tag, n + 1)));
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const importing = runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), json: true, rateWindowMs: WINDOW_MS }, io);
    await until(() => writes(sandbox) >= 25);
    sandbox.switches.outage = 'unreachable';
    await until(() => io.stderr.join('').includes('OneFile stopped answering at'));
    sandbox.switches.outage = 'none';
    expect(await importing, io.stderr.join('')).toBe(0);
    expect(io.stderr.join('')).toMatch(/no row is failed for it[\s\S]*OneFile answers again after \d+ s: the import carries on\./);
    expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', created: LEARNERS, failed: 0 });
    expectEachLearnerOnce(sandbox, tag);
  }, 120_000);
});
