import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import { startSandbox } from '../../main/sandbox';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * `resume` of a run that completed with every row in (a script resuming whatever it last
 * ran, a person pasting an old command) said "Run ... is completed: there is nothing to
 * resume. Import its errors file to retry the rows that failed", of a run with no errors
 * file and no failed row, and exited 2 ("could not resume"), which a scheduled job reports
 * as a failure. Now it says the run is already complete and what it made, exit 0 (every
 * row in, as the README's exit codes say), with no word of an errors file.
 */

const WINDOW = 500;

async function completedRun(prefix: string) {
  const dataDir = tempDir(prefix);
  const file = writeCsv(dataDir, 'learners.csv', [learnerLine('DONE', 1), learnerLine('DONE', 2)]);
  const io = capturedIo({});
  const code = await runImport(file, { env: 'sandbox', org: 5740, dataDir, json: true, yes: true, rateWindowMs: WINDOW }, io);
  expect(code, io.stderr.join('')).toBe(0);
  const summary = lastJson(io.stdout);
  expect(summary).toMatchObject({ state: 'completed', created: 2, failed: 0, skipped: 0, reports: { errors: null } });
  return { dataDir, runId: summary.runId as string, results: summary.reports.results as { xlsx: string; csv: string } };
}

describe('resume of a run that completed with every row in', () => {
  it('says it is already complete and what it made, exit 0, and speaks of no errors file', async () => {
    const { dataDir, runId, results } = await completedRun('resume-completed-');
    const io = capturedIo({});
    const code = await runResume(runId, { dataDir, rateWindowMs: WINDOW }, io);
    const said = io.stdout.join('') + io.stderr.join('');
    expect(code, said).toBe(0);
    expect(io.stdout.join('')).toContain(`Run ${runId} is already complete, nothing to resume: created 2, updated 0, unchanged 0, failed 0, skipped 0.\nResults: ${results.xlsx}\n`);
    expect(said).not.toMatch(/errors file|errors report/i);
  }, 60_000);

  it('with --json, one line with the run and its counts, not "not-resumed"', async () => {
    const { dataDir, runId, results } = await completedRun('resume-completed-json-');
    const io = capturedIo({});
    const code = await runResume(runId, { dataDir, json: true, rateWindowMs: WINDOW }, io);
    expect(code, io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({
      runId,
      state: 'completed',
      created: 2,
      failed: 0,
      skipped: 0,
      message: `Run ${runId} is already complete, nothing to resume.`,
      reports: { results, errors: null },
    });
    expect(io.stderr.join('')).not.toMatch(/errors file/i);
  }, 60_000);
});

/**
 * `resume` of a run into a OneFile that needs a token, complete with a row skipped: it
 * connected first, so from a shell without ONEFILE_CUSTOMER_TOKEN it asked for the token
 * before saying there was nothing to resume. Now the run's record says so at once: nothing
 * to resume, its errors report named to retry the row (exit 2, as before), no token asked.
 */
describe('resume of a run that completed with a row skipped, into a OneFile that needs a token', () => {
  it('says there is nothing to resume and names its errors report, without asking for the token', async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW, rateLimit: 100 });
    try {
      const dataDir = tempDir('resume-completed-skipped-');
      const file = writeCsv(dataDir, 'learners.csv', [learnerLine('SKIP', 1), learnerLine('SKIP', 2, { email: 'not-an-email' })]);
      const imported = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
      expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, skipInvalid: true, rateWindowMs: WINDOW }, imported), imported.stderr.join('')).toBe(1);
      const summary = lastJson(imported.stdout);
      expect(summary).toMatchObject({ state: 'completed', created: 1, skipped: 1 });

      const io = capturedIo({});
      const code = await runResume(summary.runId as string, { dataDir, json: true, rateWindowMs: WINDOW }, io);
      expect(code).toBe(2);
      const reason = `Run ${summary.runId} is completed: there is nothing to resume. Import its errors report (${summary.reports.errors.xlsx}) to retry the rows that failed or were skipped.`;
      expect(io.stderr.join('')).toBe(`${reason}\n`);
      expect(lastJson(io.stdout)).toEqual({ runId: summary.runId, state: 'not-resumed', reason });
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
