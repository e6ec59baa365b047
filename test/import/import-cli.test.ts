import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmLive, runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import { runRuns } from '../../main/cli/runs-command';
import { listRuns, runPaths } from '../../main/import/journal/run-store';
import { pointAtColumns } from '../../main/import/run/failure-columns';
import { startSandbox } from '../../main/sandbox';
import { capturedIo, filesUnder, lastJson, learnerLine, savedLearners, writeCsv } from './cli-fixtures';
import { learnersPlan, tempDir } from './run-fixtures';

const FAST = { rateWindowMs: 500 };

describe('onefile-import import', () => {
  it('imports a spreadsheet into the built-in sandbox with no token, and a second import changes nothing', async () => {
    const dir = tempDir('cli-');
    const file = writeCsv(dir, 'learners.csv', [1, 2, 3, 4].map((n) => learnerLine('OK', n)));
    const io = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, io)).toBe(0);
    const summary = lastJson(io.stdout);
    expect(summary).toMatchObject({ state: 'completed', created: 4, updated: 0, failed: 0, skipped: 0, reports: { errors: null } });
    expect(summary.calls).toBe(16); // 4 learners, 4 standards, 8 units
    expect(fs.existsSync(summary.reports.results.xlsx)).toBe(true);
    const saved = await savedLearners(dir, 'OK');
    expect(saved).toHaveLength(4);
    expect(saved.every((l) => l.aims.length === 1 && l.units.join() === 'KS_COMM1,KS_ORG1')).toBe(true);

    const again = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, unchanged: 4, calls: 0 });
  });

  it('sends nothing on a dry run and prints what a live run would do', async () => {
    const dir = tempDir('cli-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('DRY', 1), learnerLine('DRY', 2, { email: 'broken@' })]);
    const io = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, dryRun: true, ...FAST }, io)).toBe(1);
    const text = io.stdout.join('');
    expect(text).toContain('Rows: 2: create 1, update 0, unchanged 0, blocked 1');
    expect(text).toContain('  Email Address "broken@": "broken@" is not an email address: check it is written like name@example.com, row 3\n');
    expect(text).toContain('Dry run: nothing was sent to OneFile.');
    expect(listRuns(dir)).toEqual([]);
    expect(await savedLearners(dir, 'DRY')).toEqual([]);
  });

  it('refuses to start while rows have errors, and with --skip-invalid imports the rest and writes an errors file that imports cleanly once fixed', async () => {
    const dir = tempDir('cli-');
    const lines = [learnerLine('FIX', 1), learnerLine('FIX', 2, { email: '=cmd|calc' }), learnerLine('FIX', 3, { assessor: 'Nobody Here' }), learnerLine('FIX', 4)];
    const file = writeCsv(dir, 'learners.csv', lines);

    const refused = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, refused)).toBe(2);
    expect(refused.stderr.join('')).toContain('2 rows have errors (first: row 3)');
    expect(listRuns(dir)).toEqual([]);

    const io = capturedIo();
    const reportDir = path.join(dir, 'reports');
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, skipInvalid: true, reportDir, ...FAST }, io)).toBe(1);
    const summary = lastJson(io.stdout);
    expect(summary).toMatchObject({ created: 2, skipped: 2 });
    expect(path.dirname(summary.reports.errors.csv)).toBe(reportDir);

    // The user fixes the two cells in the errors file and imports it as it is.
    const errorsCsv = fs.readFileSync(summary.reports.errors.csv, 'utf8');
    expect(errorsCsv).toContain("'=cmd|calc");
    // Imported again unfixed, the cells come back as they were: the same errors, quoted once.
    const unfixed = capturedIo();
    expect(await runImport(summary.reports.errors.csv, { env: 'sandbox', org: 5740, dataDir: dir, json: true, skipInvalid: true, ...FAST }, unfixed)).toBe(1);
    const again = lastJson(unfixed.stdout);
    expect(again).toMatchObject({ created: 0, skipped: 2 });
    expect(fs.readFileSync(again.reports.errors.csv, 'utf8')).toBe(errorsCsv);
    const fixed = path.join(dir, 'fixed.csv');
    fs.writeFileSync(fixed, errorsCsv.replace("'=cmd|calc", 'fix002@learners.example.com').replace('Nobody Here', 'James Fayre'));
    const second = capturedIo();
    expect(await runImport(fixed, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, second)).toBe(0);
    expect(lastJson(second.stdout)).toMatchObject({ created: 2, failed: 0, skipped: 0 });
    expect((await savedLearners(dir, 'FIX')).map((l) => l.misid)).toEqual(['FIX001', 'FIX002', 'FIX003', 'FIX004']);
  });

  it('says each problem of the file once, on its own line, and does not repeat it on every row', async () => {
    const dir = tempDir('cli-');
    // No MIS ID, ULN, NI number or email: every row creates, so every row needs an assessor.
    const file = path.join(dir, 'no-assessor.csv');
    fs.writeFileSync(file, ['Forename,Surname,Class,Employer', 'Amelia,Hughes,Business Admin L2,BT - Manchester', 'Ben,Hughes,Business Admin L2,BT - Manchester'].join('\r\n'));
    const io = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, ...FAST }, io)).toBe(2);
    const said = [...io.stdout, ...io.stderr].join('');
    const message = 'No column is mapped to Assessor, which every learner needs: map a column to Assessor, give one value for every row, or add a column to the file.';
    expect(said.split(message)).toHaveLength(2);
    expect(said).toContain(`Error: ${message}\n`);
    expect(said).not.toMatch(/Assessor is required/);
    expect(io.stderr.join('')).toContain('Nothing was imported: the file has problems to fix first (above).');
  });

  it('keeps the customer token out of every file of the run folder', async () => {
    const token = 'TOKEN-d41d8cd98f00b204e9800998ecf8427e';
    const sandbox = await startSandbox({ customerToken: token, rateLimit: 100, windowMs: 500 });
    try {
      const dir = tempDir('cli-');
      const file = writeCsv(dir, 'learners.csv', [learnerLine('SEC', 1), learnerLine('SEC', 2, { assessor: 'Nobody' })]);
      const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: token });
      expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, skipInvalid: true, ...FAST }, io)).toBe(1);
      const files = filesUnder(dir);
      expect(files.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
      expect(files.some((f) => f.endsWith('errors.xlsx'))).toBe(true);
      for (const f of files) expect(fs.readFileSync(f).includes(token), f).toBe(false);
      expect([...io.stdout, ...io.stderr].join('')).not.toContain(token);
    } finally {
      await sandbox.close();
    }
  });

  it('with --json, says on standard output why an import did not start, whatever stopped it (a log kept of standard output alone had nothing)', async () => {
    const sandbox = await startSandbox({ rateLimit: 100, windowMs: 500 });
    try {
      const dir = tempDir('cli-');
      const file = writeCsv(dir, 'learners.csv', [learnerLine('NS', 1)]);
      const refused = capturedIo({ ONEFILE_CUSTOMER_TOKEN: 'not-the-token' });
      expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, ...FAST }, refused)).toBe(2);
      expect(lastJson(refused.stdout)).toEqual({ state: 'not-started', reason: expect.stringMatching(/^OneFile refused the customer token \(HTTP 401 on POST Authentication\)/), problems: [], resolve: null });
      expect(refused.stdout).toHaveLength(1);

      const unreadable = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
      expect(await runImport(path.join(dir, 'missing.csv'), { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, ...FAST }, unreadable)).toBe(2);
      expect(lastJson(unreadable.stdout)).toMatchObject({ state: 'not-started', reason: expect.stringContaining('missing.csv') });

      // The same for resume.
      const notAnId = capturedIo();
      expect(await runResume('last-week', { dataDir: dir, json: true }, notAnId)).toBe(2);
      expect(lastJson(notAnId.stdout)).toEqual({ runId: 'last-week', state: 'not-resumed', reason: expect.stringContaining('is not a run ID') });
    } finally {
      await sandbox.close();
    }
  });

  it('asks before importing into live OneFile, naming the organisation and the counts, and refuses with no terminal', async () => {
    const plan = learnersPlan(3, 'LIVE');
    const organisation = { id: 5740, name: 'Example Organisation - Business' };
    const silent = capturedIo();
    expect(await confirmLive({ plan, organisation }, silent)).toBe(false);
    expect(silent.stderr.join('')).toMatch(/LIVE OneFile, organisation 5740 "Example Organisation - Business": create 3, update 0 users.*Add --yes/s);
    expect(await confirmLive({ plan, organisation }, capturedIo({}, 'yes'))).toBe(true);
    expect(await confirmLive({ plan, organisation }, capturedIo({}, 'no'))).toBe(false);
  });
});

describe('onefile-import resume and runs', () => {
  it('list runs with their state, and resume a cancelled run to the end', async () => {
    const dir = tempDir('cli-');
    const file = writeCsv(dir, 'learners.csv', [1, 2, 3, 4, 5, 6].map((n) => learnerLine('RES', n)));
    const io = capturedIo();
    let cancel: (() => void) | undefined;
    io.onInterrupt = (handler) => {
      cancel = handler;
      return () => {};
    };
    // Ctrl+C as soon as the first learner is in.
    const started = runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, concurrency: 1, ...FAST }, io);
    for (let i = 0; i < 400; i++) {
      const [run] = listRuns(dir);
      if (run && fs.existsSync(runPaths(dir, run.runId).journal) && fs.readFileSync(runPaths(dir, run.runId).journal, 'utf8').includes('"done"')) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    cancel!();
    expect(await started).toBe(1);
    const stopped = lastJson(io.stdout);
    expect(stopped.state).toBe('cancelled');
    expect(stopped.pending).toBeGreaterThan(0);

    const listing: string[] = [];
    runRuns({ dataDir: dir }, (text) => listing.push(text));
    expect(listing.join('')).toContain(`${stopped.runId}  cancelled`);

    const resumed = capturedIo();
    expect(await runResume(stopped.runId, { dataDir: dir, json: true, ...FAST }, resumed)).toBe(0);
    expect(lastJson(resumed.stdout)).toMatchObject({ runId: stopped.runId, state: 'completed', created: 6, pending: 0 });
    const saved = await savedLearners(dir, 'RES');
    expect(saved).toHaveLength(6);
    expect(saved.every((l) => l.aims.length === 1 && l.units.length === 2)).toBe(true);

    const done = capturedIo();
    expect(await runResume(stopped.runId, { dataDir: dir, ...FAST }, done)).toBe(0);
    expect(done.stdout.join('')).toContain(`Run ${stopped.runId} is already complete, nothing to resume: created 6,`);
  });
});

describe('the errors report after a run', () => {
  it("points OneFile's own field codes (placement not found) at the column to fix", () => {
    const table = { source: { file: 'l.csv', format: 'csv' as const, headerRow: 1 }, headers: ['Forename', 'Employer'], columns: ['A', 'B'], rows: [{ row: 2, cells: ['Ann', 'Gone Ltd'] }] };
    const mapping = { columns: [{ index: 0, header: 'Forename', field: 'FirstName' as const }, { index: 1, header: 'Employer', field: 'Placement' as const }] };
    const failed = {
      row: 2, index: 0, name: 'Ann', action: 'failed' as const, learningAimIds: [], unitSummaryIds: [],
      failure: { step: 'Create learner', columns: [], error: { kind: 'validation', code: -57, message: 'Placement 18930 was not found.' } },
    };
    expect(pointAtColumns([failed], mapping, table)[0].failure?.columns).toEqual(['B']);
  });
});
