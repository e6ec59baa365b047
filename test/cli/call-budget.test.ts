import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callBudget } from '../../main/cli/number-options';
import { connect } from '../../main/connection/connect';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin', 'onefile-import');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'budget-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function importWith(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    // No time limit of its own: the test's timeout decides. Before, this command printed its message and never ended.
    execFile(process.execPath, [cli, 'import', join(root, 'examples', 'learners.xlsx'), '--env', 'sandbox', '--org', '5740', '--data-dir', join(dir, 'data'), ...args], { cwd: root }, (error, _stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

describe('a call budget OneFile allows no such number of', () => {
  it('is refused as the command is read, with what to give, and the command ends (exit 2)', async () => {
    const run = await importWith('--budget', '1000', '--dry-run');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--budget <n>' argument '1000' is invalid. give the budget as a whole number of calls a minute from 1 to 300");
    expect(run.stderr).not.toContain('Reading the spreadsheet');
  });

  it.each(['0', '301', '1.5', '100x', ''])('%j is no budget; 1, 100 and 300 are', (text) => {
    expect(() => callBudget(text)).toThrow(/from 1 to 300/);
    expect([callBudget('1'), callBudget(' 100 '), callBudget('300')]).toEqual([1, 100, 300]);
  });

  it('reaching the engine anyway (a caller past the CLI), the built-in sandbox it started is closed again', async () => {
    const listening = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;
    const before = listening();
    await expect(connect({ environment: 'sandbox', dataDir: join(dir, 'engine'), budgetPerMinute: 1000 })).rejects.toThrow(/call budget must be a whole number from 1 to 300/);
    // A closed server leaves the process's list of handles a moment after its close is reported.
    await vi.waitFor(() => expect(listening()).toBe(before), { timeout: 10_000, interval: 20 });
  });
});
