import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import { runUndo } from '../../main/cli/undo-command';
import { listRuns } from '../../main/import/journal/run-store';
import { capturedIo, lastJson, learnerLine, savedLearners, writeCsv } from './cli-fixtures';
import { tempDir } from './run-fixtures';

const FAST = { rateWindowMs: 500 };

describe('--report-dir, the folder a weekly import leaves its reports in', () => {
  it('naming a file, or a path through one, is refused before the file is read or anything sent (exit 2)', async () => {
    const dir = tempDir('report-dir-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('RDF', 1)]);
    for (const [reportDir, reason] of [
      [file, 'it is a file, not a folder.'],
      [path.join(file, 'week-12'), `${file} is a file, not a folder.`],
    ]) {
      const io = capturedIo();
      expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, reportDir, json: true, ...FAST }, io)).toBe(2);
      const message = `The reports cannot be written to ${reportDir}: ${reason} Give --report-dir a folder you can write to (it is created when missing).`;
      expect(io.stderr.join('')).toBe(`${message}\n`);
      expect(lastJson(io.stdout)).toMatchObject({ state: 'not-started', reason: message });
    }
    expect(listRuns(dir)).toEqual([]);
    expect(await savedLearners(dir, 'RDF')).toEqual([]);

    const undone = capturedIo();
    expect(await runUndo('20261204T125943785Z-683cb0', { dataDir: dir, reportDir: file, json: true }, undone)).toBe(2);
    expect(lastJson(undone.stdout)).toMatchObject({ state: 'not-started', reason: expect.stringContaining('it is a file, not a folder.') });

    const resumed = capturedIo();
    expect(await runResume('20261204T125943785Z-683cb0', { dataDir: dir, reportDir: file, json: true }, resumed)).toBe(2);
    expect(lastJson(resumed.stdout)).toMatchObject({ state: 'not-resumed', reason: expect.stringContaining('it is a file, not a folder.') });
  });

  it("a dry run checks the folder and leaves its plan's workbook there, nothing else", async () => {
    const dir = tempDir('report-dir-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('RDD', 1)]);
    const reportDir = path.join(dir, 'reports', 'week-49');
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, reportDir, dryRun: true, ...FAST }, capturedIo())).toBe(0);
    expect(fs.readdirSync(reportDir).map((name) => name.replace(/\d{8}-\d{6}/, 'DATE')).sort()).toEqual(['learners-DATE-plan.csv', 'learners-DATE-plan.xlsx']);
    expect(listRuns(dir)).toEqual([]);
    const through = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, reportDir: path.join(file, 'x'), dryRun: true, ...FAST }, through)).toBe(2);
    expect(through.stderr.join('')).toContain(`${file} is a file, not a folder.`);
  });

  it('a missing folder is made, with its parents', async () => {
    const dir = tempDir('report-dir-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('RDM', 1)]);
    const reportDir = path.join(dir, 'reports', '2026', 'week-49');
    const io = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, reportDir, json: true, ...FAST }, io)).toBe(0);
    expect(path.dirname(lastJson(io.stdout).reports.results.xlsx)).toBe(reportDir);
  });

  it('gone while the run went on, the run still ends as it did: its outcome recorded, its own reports kept, and the folder said to have failed', async () => {
    const dir = tempDir('report-dir-');
    const file = writeCsv(dir, 'learners.csv', [1, 2, 3].map((n) => learnerLine('RDG', n)));
    const reportDir = path.join(dir, 'shared-reports');
    const io = capturedIo();
    // As the run starts (the folder was checked), someone puts a file where the folder was.
    io.err = (text) => {
      io.stderr.push(text);
      if (/^Run \S+ started/.test(text)) {
        fs.rmSync(reportDir, { recursive: true });
        fs.writeFileSync(reportDir, 'not a folder');
      }
    };
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, reportDir, yes: true, ...FAST }, io)).toBe(0);
    const said = io.stderr.join('');
    expect(said).toMatch(/^Run \S+ started/m);
    const [run] = listRuns(dir);
    expect(run).toMatchObject({ state: 'completed', counts: { created: 3, failed: 0, pending: 0 } });
    const ownReports = path.dirname(run.reports!.results.xlsx);
    expect(fs.existsSync(run.reports!.results.xlsx)).toBe(true);
    expect(said).toContain(`Warning: The reports could not be written to ${reportDir}: it is a file, not a folder. They are in ${ownReports}.\n`);
    expect(io.stdout.join('')).toContain(run.reports!.results.xlsx);
    expect((await savedLearners(dir, 'RDG')).map((l) => l.misid)).toEqual(['RDG001', 'RDG002', 'RDG003']);
  });
});
