import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runForget } from '../../main/cli/forget-command';
import { runImport } from '../../main/cli/import-command';
import { createRun, listRuns, updateRun } from '../../main/import/journal/run-store';
import { directoryCacheFolder } from '../../main/import/environment/connection';
import { saveUploadedBytes, uploadsDir } from '../../main/service/uploads';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { learnersPlan, tempDir } from '../import/run-fixtures';

/**
 * `onefile-import forget --env … --org …`: says what this computer keeps about the
 * organisation, asks, and deletes only that organisation's runs, cached directory and
 * uploaded copies; another organisation's (or another OneFile's) data stays.
 */

const FAST = { rateWindowMs: 500 };
const table = { headers: ['Learner Ref'], rows: [], columns: ['A'], source: { file: 'x.csv' } } as never;

/** A run of another organisation (or another OneFile), as `createRun` leaves it, with an uploaded copy it came from. */
async function otherRun(dataDir: string, environment: { name: string; baseUrl: string }, organisationId: number, state: 'completed' | 'running' = 'completed') {
  const upload = await saveUploadedBytes(dataDir, 'other.csv', Buffer.from('Learner Ref\nA1\n'));
  const run = createRun(
    dataDir,
    {
      file: { name: 'other.csv', path: upload.path, sha256: 'x' },
      mapping: null,
      environment,
      organisation: { id: organisationId },
      budgetPerMinute: 100,
      concurrency: 4,
      skipInvalid: false,
    },
    learnersPlan(1, 'OTHER'),
    table,
  );
  if (state === 'running') updateRun(dataDir, run.runId, { state, process: { pid: process.ppid, hostname: os.hostname() } });
  return { run, upload };
}

async function importedInto5740(): Promise<{ dataDir: string; runId: string }> {
  const dir = tempDir('forget-');
  const dataDir = path.join(dir, 'data');
  const file = writeCsv(dir, 'learners.csv', [learnerLine('FGT', 1), learnerLine('FGT', 2)]);
  expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir, dryRun: true, ...FAST }, capturedIo())).toBe(0);
  const io = capturedIo();
  expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir, json: true, ...FAST }, io)).toBe(0);
  return { dataDir, runId: lastJson(io.stdout).runId };
}

describe('onefile-import forget', () => {
  it('asks first, and deletes nothing without a yes (or with no terminal to ask on and no --yes)', async () => {
    const { dataDir, runId } = await importedInto5740();
    const noTerminal = capturedIo();
    expect(await runForget({ env: 'sandbox', org: 5740, dataDir }, noTerminal)).toBe(2);
    expect(noTerminal.stderr.join('')).toMatch(/This computer keeps, about organisation 5740 in sandbox .*: 1 run \(plans, rows, journals and reports\)/);
    expect(noTerminal.stderr.join('')).toContain('Nothing was deleted: there is no terminal to ask on. Add --yes to delete it.');
    const declined = capturedIo({}, 'no');
    expect(await runForget({ env: 'sandbox', org: 5740, dataDir }, declined)).toBe(2);
    expect(declined.stderr.join('')).toContain('Not confirmed: nothing was deleted.');
    expect(listRuns(dataDir).map((r) => r.runId)).toEqual([runId]);
  });

  it("deletes the organisation's runs, cached directory and uploaded copies once confirmed, and nothing of another organisation or OneFile", async () => {
    const { dataDir } = await importedInto5740();
    // The live run dropped the cached directory; a dry run caches it again.
    const again = writeCsv(path.dirname(dataDir), 'again.csv', [learnerLine('FGT', 3)]);
    expect(await runImport(again, { env: 'sandbox', org: 5740, dataDir, dryRun: true, ...FAST }, capturedIo())).toBe(0);
    expect(fs.readdirSync(directoryCacheFolder(dataDir)).filter((f) => f.endsWith('-5740.json'))).toHaveLength(1);
    const ours = await otherRun(dataDir, { name: 'sandbox', baseUrl: 'http://127.0.0.1:1/api/v2.1/' }, 5740);
    const otherOrganisation = await otherRun(dataDir, { name: 'sandbox', baseUrl: 'http://127.0.0.1:1/api/v2.1/' }, 5741);
    const otherOneFile = await otherRun(dataDir, { name: 'practice', baseUrl: 'https://wsapi.practice.example/api/v2.1/' }, 5740);

    const io = capturedIo({}, 'yes');
    expect(await runForget({ env: 'sandbox', org: 5740, dataDir }, io)).toBe(0);
    expect(io.stdout.join('')).toBe(
      'Deleted from this computer: 2 runs (plans, rows, journals and reports), 2 cached records (the directory of learners and staff, the assignments and users this importer made), 1 uploaded spreadsheet.\n',
    );
    expect(listRuns(dataDir).map((r) => r.runId).sort()).toEqual([otherOrganisation.run.runId, otherOneFile.run.runId].sort());
    expect(fs.readdirSync(directoryCacheFolder(dataDir)).filter((f) => f.endsWith('-5740.json'))).toEqual([]);
    expect(fs.existsSync(ours.upload.path)).toBe(false);
    expect(fs.existsSync(otherOrganisation.upload.path)).toBe(true);
    expect(fs.existsSync(otherOneFile.upload.path)).toBe(true);

    const nothing = capturedIo();
    expect(await runForget({ env: 'sandbox', org: 5740, dataDir, json: true }, nothing)).toBe(0);
    expect(lastJson(nothing.stdout)).toEqual({ forgotten: true, runs: 0, files: 0, uploads: 0 });
    expect(fs.readdirSync(uploadsDir(dataDir))).toHaveLength(2);
  });

  it('refuses, deleting nothing, while a run of the organisation is in progress', async () => {
    const dataDir = tempDir('forget-active-');
    const { run, upload } = await otherRun(dataDir, { name: 'sandbox', baseUrl: 'http://127.0.0.1:1/api/v2.1/' }, 5740, 'running');
    const io = capturedIo();
    expect(await runForget({ env: 'sandbox', org: 5740, dataDir, yes: true }, io)).toBe(2);
    expect(io.stderr.join('')).toBe(`Run ${run.runId} of organisation 5740 is running. Let it finish, or cancel it, before forgetting the organisation's data.\n`);
    expect(listRuns(dataDir)).toHaveLength(1);
    expect(fs.existsSync(upload.path)).toBe(true);
  });

  it('names an environment it does not know in words', async () => {
    const io = capturedIo();
    expect(await runForget({ env: 'staging', org: 5740, dataDir: tempDir('forget-env-'), yes: true }, io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/"staging" is neither an environment \(live, beta, practice, sandbox\) nor a web address/);
  });
});
