import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import type { RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * A run stopped because OneFile stayed silent past the time allowed is resumed, as the
 * README says, while OneFile is still silent, the next morning (a script that resumes what
 * a weekly import left). A plan that old first reads the organisation's learners for any
 * added meanwhile. Before, that read failed within seconds and `resume` ended; now it
 * waits for OneFile as an import does before its run, saying so, and carries the run to
 * its end: every learner once.
 */

const WINDOW_MS = 300;
const LEARNERS = 40;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const TIMING = { firstLookMs: 40, mostLookMs: 150 };

const unanswered = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.outage).length;

describe('resuming a run while OneFile is still not answering', () => {
  it('waits for it, saying so, then carries the run to its end: every learner once', async () => {
    // Silent from the fifth write on, for longer than the test.
    const sandbox = await sandboxWith({ outageAfterWrites: 5, outageMs: 600_000 });
    const dir = tempDir('outage-resume-');
    const dataDir = path.join(dir, 'data');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: LEARNERS }, (_, n) => learnerLine('ORS', n + 1)));
    const first = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const stopped = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, yes: true, rateWindowMs: WINDOW_MS, outageTiming: { ...TIMING, giveUpMs: 300 } }, first);
    expect(stopped, first.stderr.join('')).toBe(1);
    const { runId, state } = lastJson(first.stdout);
    expect(state).toBe('failed');

    // Resumed the next morning: a plan that old first reads the organisation's learners (run/added-since.ts), a read OneFile does not answer.
    const io = { ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }), now: () => new Date(Date.now() + 12 * 60 * 60_000) };
    const resumed = runResume(runId, { dataDir, json: true, rateWindowMs: WINDOW_MS, outageTiming: { ...TIMING, giveUpMs: 60_000 } }, io);
    await expect.poll(() => io.stderr.join(''), { timeout: 30_000, interval: 10 }).toMatch(/OneFile is not answering \(since/);
    const seen = unanswered(sandbox);
    await expect.poll(() => unanswered(sandbox), { timeout: 30_000, interval: 10 }).toBeGreaterThan(seen + 3);
    sandbox.switches.outageMs = 0;

    expect(await resumed, io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', failed: 0 });
    expect(io.stderr.join('')).toMatch(/OneFile answers again after \d+ s: carrying on\./);
    const learners = sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith('ORS'));
    expect(learners.map((u) => u.MISID).sort()).toEqual(Array.from({ length: LEARNERS }, (_, n) => `ORS${String(n + 1).padStart(3, '0')}`));
  }, 90_000);
});
