import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import { runUndo } from '../../main/cli/undo-command';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { journalled, until } from './journalled';

/**
 * A run imported into a OneFile that needs a token, stopped part-way, resumed (or undone) from a shell
 * without ONEFILE_CUSTOMER_TOKEN: the command said "set ONEFILE_CUSTOMER_TOKEN (or use
 * --env sandbox to try the built-in sandbox)", an option neither `resume` nor `undo` has
 * (a run goes back to the OneFile it was imported into). Now it names that OneFile and
 * the run, and asks only for the token.
 */

const WINDOW = 500;
let sandbox: RunningSandbox;
let dataDir: string;
let runId: string;

/** A run stopped part-way (Ctrl+C once its first learner is journalled), so one to resume. */
beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: WINDOW, rateLimit: 100 });
  dataDir = tempDir('resume-no-token-');
  const file = writeCsv(dataDir, 'learners.csv', Array.from({ length: 20 }, (_, i) => learnerLine('TOKEN', i + 1)));
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  let stop: (() => void) | undefined;
  io.onInterrupt = (handler) => {
    stop = handler;
    return () => {};
  };
  // Paced at 10 calls a second: 20 learners take several.
  const importing = runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, budget: 10, rateWindowMs: WINDOW * 2 }, io);
  await until(() => journalled(dataDir) > 0, 'the import never journalled a learner');
  stop!();
  expect(await importing, io.stderr.join('')).toBe(1);
  const stopped = lastJson(io.stdout);
  expect(stopped.state).toBe('cancelled');
  runId = stopped.runId;
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
});

describe('resume and undo of a run into a OneFile that needs a token, with none set', () => {
  it('resume asks for the token of the OneFile the run was imported into, not for an option it does not have', async () => {
    const io = capturedIo({});
    const code = await runResume(runId, { dataDir, json: true, rateWindowMs: WINDOW }, io);
    const said = io.stderr.join('');
    expect(code).toBe(2);
    expect(said).toContain(`No customer API token for ${sandbox.baseUrl}, where run ${runId} was imported: set ONEFILE_CUSTOMER_TOKEN to its customer token, then run the command again.`);
    expect(said).not.toContain('--env');
    expect(lastJson(io.stdout)).toMatchObject({ runId, state: 'not-resumed', reason: expect.stringContaining('set ONEFILE_CUSTOMER_TOKEN') });
  });

  it('undo likewise', async () => {
    const io = capturedIo({});
    const code = await runUndo(runId, { dataDir, dryRun: true, rateWindowMs: WINDOW }, io);
    const said = io.stderr.join('');
    expect(code).toBe(2);
    expect(said).toContain(`No customer API token for ${sandbox.baseUrl}, where run ${runId} was imported`);
    expect(said).not.toContain('--env');
  });
});
