import * as fs from 'node:fs';
import * as os from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  acquireRunLock,
  createRun,
  defaultDataDir,
  effectiveState,
  NoHomeFolder,
  isRunId,
  listRuns,
  newRunId,
  readRun,
  readRunPlan,
  readRunSource,
  runPaths,
  updateRun,
  type NewRunInfo,
} from '../../main/import/journal/run-store';
import { learnersPlan, tempDir } from './run-fixtures';
import type { Table } from '../../shared/table';

const table: Table = {
  source: { file: 'learners.xlsx', format: 'xlsx', sheet: 'Learners', headerRow: 1 },
  headers: ['MISID'],
  columns: ['A'],
  rows: [{ row: 2, cells: ['M1'] }],
};

const info: NewRunInfo = {
  file: { name: 'learners.xlsx', sha256: 'ab'.repeat(32) },
  mapping: { A: 'misid' },
  environment: { name: 'sandbox', baseUrl: 'http://127.0.0.1:9/api/v2.1/' },
  organisation: { id: 5740, name: 'Example Organisation - Business' },
  budgetPerMinute: 100,
  concurrency: 4,
  skipInvalid: false,
};

describe('run folders', () => {
  it('live in the OS user data folder unless told otherwise', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.local/share/onefile-importer');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data' }, '/home/ann')).toBe('/data/onefile-importer');
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/onefile-importer');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\onefile-importer',
    );
  });

  it('with a home that is not a full path (HOME set but empty) use the account\'s own home, never the folder the command started in', () => {
    const account = () => '/home/ann';
    expect(defaultDataDir('linux', {}, '', account)).toBe('/home/ann/.local/share/onefile-importer');
    expect(defaultDataDir('linux', {}, 'home/ann', account)).toBe('/home/ann/.local/share/onefile-importer');
    expect(defaultDataDir('darwin', {}, '', () => '/Users/ann')).toBe('/Users/ann/Library/Application Support/onefile-importer');
    expect(defaultDataDir('win32', {}, '', () => 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\onefile-importer');
    // A relative XDG_DATA_HOME is ignored, as the XDG rules say.
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'data' }, '/home/ann')).toBe('/home/ann/.local/share/onefile-importer');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '' }, '/home/ann')).toBe('/home/ann/.local/share/onefile-importer');
    // No full path anywhere: said, never guessed.
    expect(() => defaultDataDir('linux', {}, '', () => '')).toThrow(NoHomeFolder);
    expect(() => defaultDataDir('linux', { XDG_DATA_HOME: '/data' }, '', () => '')).toThrow(/no home folder/);
  });

  it('on Windows stay inside the user\'s profile, where only the user can read them, even with APPDATA redirected elsewhere', () => {
    expect(defaultDataDir('win32', {}, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\onefile-importer');
    expect(defaultDataDir('win32', { APPDATA: '\\\\fileserver\\profiles\\ann' }, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\onefile-importer',
    );
    expect(defaultDataDir('win32', { APPDATA: 'D:\\Shared' }, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\onefile-importer');
    expect(defaultDataDir('win32', { APPDATA: 'c:\\users\\ann\\appdata\\roaming' }, 'C:\\Users\\ann')).toBe('c:\\users\\ann\\appdata\\roaming\\onefile-importer');
  });

  it('have IDs that sort by time and cannot point outside the runs folder', () => {
    const early = newRunId(new Date('2025-01-02T03:04:05.678Z'), () => Buffer.from([1, 2, 3]));
    const late = newRunId(new Date('2025-11-02T03:04:05.678Z'));
    expect(early).toBe('20250102T030405678Z-010203');
    expect([late, early].sort()).toEqual([early, late]);
    expect(isRunId(late)).toBe(true);
    expect(isRunId('../../etc')).toBe(false);
    expect(() => runPaths('/data', '../x')).toThrow(/not a run ID/);
  });

  it('keep what a resumed run needs: the plan, the cells and the settings', () => {
    const dataDir = tempDir('runs-');
    const plan = learnersPlan(2, 'STORE');
    const run = createRun(dataDir, info, plan, table);
    expect(run).toMatchObject({ state: 'planned', counts: { rows: 2, pending: 2 }, organisation: { id: 5740 } });
    expect(readRunPlan(dataDir, run.runId)).toEqual(plan);
    expect(readRunSource(dataDir, run.runId)).toEqual(table);
    expect(fs.existsSync(runPaths(dataDir, run.runId).reports)).toBe(true);
    const updated = updateRun(dataDir, run.runId, { state: 'completed', counts: { ...run.counts, created: 2, pending: 0 } });
    expect(readRun(dataDir, run.runId)).toEqual(updated);
  });

  it('list runs newest first, showing a run whose process died as interrupted', () => {
    const dataDir = tempDir('runs-');
    const older = createRun(dataDir, info, learnersPlan(1, 'A'), table, new Date('2025-01-01T00:00:00Z'));
    const newer = createRun(dataDir, info, learnersPlan(1, 'B'), table, new Date('2025-02-01T00:00:00Z'));
    updateRun(dataDir, older.runId, { state: 'running', process: { pid: 999_999, hostname: os.hostname() } });
    updateRun(dataDir, newer.runId, { state: 'running', process: { pid: process.ppid, hostname: os.hostname() } });
    fs.mkdirSync(`${dataDir}/runs/20250301T000000000Z-ffffff`); // killed before run.json was written

    const alive = (pid: number) => pid === process.ppid;
    expect(listRuns(dataDir, alive).map((r) => [r.runId, r.state])).toEqual([
      [newer.runId, 'running'],
      [older.runId, 'interrupted'],
    ]);
  });

  it('shows a run recorded as running by this very process, which no longer holds it, as interrupted (its last record could not be written)', () => {
    const dataDir = tempDir('runs-');
    const run = createRun(dataDir, info, learnersPlan(1, 'C'), table);
    updateRun(dataDir, run.runId, { state: 'running', process: { pid: process.pid, hostname: os.hostname() } });
    const release = acquireRunLock(dataDir, run.runId);
    expect(listRuns(dataDir).map((r) => r.state)).toEqual(['running']);
    release();
    expect(listRuns(dataDir).map((r) => r.state)).toEqual(['interrupted']);
    expect(effectiveState(readRun(dataDir, run.runId))).toBe('interrupted');
  });
});
