import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport } from '../../main/cli/export-command';
import { runImport } from '../../main/cli/import-command';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * An import that waited for OneFile before it started said "OneFile answers again after
 * N s" only once the organisation's directory was read and the plan made: in a log it came
 * after "Downloading the organisation's directory...", the directory's lines and "Planning
 * the import...", as if OneFile had been silent through them (an export said it after
 * "Exported ..."). Now it is said when OneFile answered, before what the command then does.
 */

const WINDOW_MS = 300;
/** Short waits, so the test takes seconds (production: 5 s growing to a minute, 30 minutes in all). */
const TIMING = { firstLookMs: 40, mostLookMs: 150, giveUpMs: 60_000 };
let sandbox: RunningSandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
});

/** Standard output and standard error as a log keeping both has them, in the order they were written; `at` finds a line's place in it. */
function loggedIo(customerToken: string) {
  const io = { ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: customerToken }), barStream: null };
  const log: string[] = [];
  io.out = (text) => void log.push(text);
  io.err = (text) => void log.push(text);
  const text = () => log.join('');
  const at = (start: string) => {
    const lines = text().split('\n');
    const index = lines.findIndex((line) => line.startsWith(start));
    expect(index, `"${start}" in:\n${text()}`).toBeGreaterThanOrEqual(0);
    return index;
  };
  return { io, text, at };
}

describe('a command that waited for OneFile before it started', () => {
  it('says OneFile answers again before the directory, the plan and the plan summary, not after them', async () => {
    sandbox = await startSandbox({ windowMs: WINDOW_MS, outage: 'maintenance' });
    const dir = tempDir('answers-again-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('AGAIN', 1), learnerLine('AGAIN', 2)]);
    const { io, text, at } = loggedIo(sandbox.customerToken);
    const done = runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), yes: true, rateWindowMs: WINDOW_MS, outageTiming: TIMING }, io);
    await expect.poll(text, { timeout: 30_000, interval: 10 }).toContain('Still no answer from OneFile');
    sandbox.switches.outage = 'none';
    expect(await done, text()).toBe(0);

    const answered = at('OneFile answers again after ');
    expect(text()).toMatch(/\nOneFile answers again after \d+ s: carrying on\.\n/);
    expect(answered).toBeGreaterThan(at('Still no answer from OneFile'));
    expect(answered).toBeLessThan(at("Downloading the organisation's directory..."));
    expect(answered).toBeLessThan(at('Planning the import...'));
    expect(answered).toBeLessThan(at('learners.csv -> OneFile'));
  }, 60_000);

  it('export says OneFile answers again before the workbook it wrote, not after it', async () => {
    sandbox = await startSandbox({ windowMs: WINDOW_MS, outage: 'maintenance' });
    const dir = tempDir('answers-again-export-');
    const { io, text, at } = loggedIo(sandbox.customerToken);
    const done = runExport({ env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), out: path.join(dir, 'export.xlsx'), rateWindowMs: WINDOW_MS, outageTiming: TIMING }, io);
    await expect.poll(text, { timeout: 30_000, interval: 10 }).toContain('Still no answer from OneFile');
    sandbox.switches.outage = 'none';
    expect(await done, text()).toBe(0);

    expect(text()).toMatch(/\nOneFile answers again after \d+ s: carrying on\.\n/);
    expect(at('OneFile answers again after ')).toBeLessThan(at('Exported '));
  }, 60_000);
});
