import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../main/cli/export-command';
import { runImport } from '../../main/cli/import-command';
import { mapColumns, readSource } from '../../main/import';
import { startSandbox, type RecordedCall, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * Export what OneFile holds, then import the Learners sheet back, through the command
 * line against a sandbox over real HTTP whose call log is the witness: unedited it
 * sends nothing, one edited email is one update of that field, and a learner whose
 * MIS ID and email both change is found by the OneFile ID and updated, not created.
 */

const WINDOW = 500;
let sandbox: RunningSandbox;
let dataDir: string;
let exported: string;

const isWrite = (call: RecordedCall) => call.method === 'POST' && !/Search|Authentication/.test(call.route);
const writesSince = (from: number) => sandbox.calls.slice(from).filter(isWrite);

function io() {
  return { ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }), barStream: null };
}

async function importFile(file: string): Promise<{ code: number; summary: Record<string, any>; stderr: string }> {
  const out = io();
  const code = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, rateWindowMs: WINDOW, role: 'learner' }, out);
  return { code, summary: lastJson(out.stdout), stderr: out.stderr.join('') };
}

/** A copy of the exported workbook with some Learners cells changed (by OneFile ID, header). */
async function edited(name: string, changes: Array<{ oneFileId: string; header: string; value: string }>): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(exported);
  const sheet = workbook.getWorksheet('Learners')!;
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(String);
  for (const change of changes) {
    let found = false;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === change.oneFileId) {
        row.getCell(headers.indexOf(change.header)).value = change.value;
        found = true;
      }
    });
    expect(found, change.oneFileId).toBe(true);
  }
  const file = path.join(dataDir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** Exports what the sandbox holds now (an earlier test may have changed it). */
async function exportNow(name: string): Promise<void> {
  exported = path.join(dataDir, name);
  const out = io();
  const before = sandbox.calls.length;
  const code = await runExport({ env: sandbox.baseUrl, org: 5740, out: exported, dataDir, json: true, rateWindowMs: WINDOW }, out);
  expect(code, out.stderr.join('')).toBe(0);
  expect(writesSince(before)).toEqual([]);
}

beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: WINDOW, rateLimit: 100 });
  dataDir = tempDir('export-');
  await exportNow('onefile.xlsx');
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
});

describe('the exported workbook', () => {
  it('has a sheet per kind, the header row frozen and filtered, IDs as text and dates as real dates', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(exported);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Learners', 'Staff', 'Classes', 'Placements', 'Standards', 'Framework templates', 'About this export']);
    const learners = workbook.getWorksheet('Learners')!;
    expect(learners.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(learners.autoFilter).toBeTruthy();
    const headers = (learners.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    expect(headers).toEqual([
      'OneFile ID', 'MIS ID', 'First name', 'Last name', 'Email', 'ULN', 'NI number', 'Date of birth',
      'Assessor', 'Assessor ID', 'Class', 'Class ID', 'Placement', 'Placement ID', 'Start date', 'Planned end date', 'Archived',
    ]);
    const active = sandbox.store.usersOf(5740, 1).filter((u) => !u.Archived);
    expect(learners.rowCount - 1).toBe(active.length);
    const first = learners.getRow(2);
    const user = sandbox.store.user(Number(first.getCell(1).value))!;
    expect(first.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(2).value).toBe(user.MISID);
    expect(first.getCell(6).type).toBe(user.ULN ? ExcelJS.ValueType.String : ExcelJS.ValueType.Null);
    const dob = first.getCell(8);
    expect(dob.value).toBeInstanceOf(Date);
    expect((dob.value as Date).toISOString().slice(0, 10)).toBe(user.DOB!.slice(0, 10));
    expect(dob.numFmt).toBe('dd/mm/yyyy');
    expect(first.getCell(10).value).toBe(String(user.DefaultAssessorID));
    expect(first.getCell(10).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(11).value).toBe(sandbox.store.all('classrooms').find((c) => c.ID === user.ClassroomID)!.Name);

    const staff = workbook.getWorksheet('Staff')!;
    const roles = new Set<string>();
    staff.eachRow((row, n) => n > 1 && roles.add(String(row.getCell(2).value)));
    expect([...roles].sort()).toEqual(['Assessor', 'Employer', 'IQA', 'Observer', 'Trainee assessor']);
    const standards = workbook.getWorksheet('Standards')!;
    expect((standards.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual(['Standard ID', 'Standard', 'Code', 'Unit ID', 'Unit']);
    expect(standards.rowCount - 1).toBeGreaterThanOrEqual(sandbox.store.all('units').filter((u) => sandbox.store.all('standards').some((s) => s.ID === u.StandardID && s.OrganisationID === 5740)).length);
    expect(workbook.getWorksheet('Framework templates')!.rowCount - 1).toBe(sandbox.store.all('templates').filter((t) => t.OrganisationID === 5740).length);
  });

  it('maps by itself at 100 %: every column to its field, the reference columns left out, nothing missing', async () => {
    const { table } = await readSource(exported);
    const mapped = mapColumns(table, undefined, 'learner', { today: '2026-11-23' });
    const used = mapped.columns.filter((c) => c.field !== null);
    expect(used.every((c) => c.confidence === 1)).toBe(true);
    expect(mapped.columns.filter((c) => c.field === null).map((c) => c.header)).toEqual(['Assessor ID', 'Class ID', 'Placement ID', 'Archived']);
    expect(mapped.conflicts).toEqual([]);
    expect(mapped.missingRequired).toEqual([]);
  });
});

describe('importing the export back', () => {
  it('unedited, sends nothing: every learner matched and unchanged, 0 write calls', async () => {
    const before = sandbox.calls.length;
    const { code, summary, stderr } = await importFile(exported);
    expect(code, stderr).toBe(0);
    expect(summary).toMatchObject({ state: 'completed', created: 0, updated: 0, failed: 0, skipped: 0 });
    expect(summary.unchanged).toBe(sandbox.store.usersOf(5740, 1).filter((u) => !u.Archived).length);
    expect(writesSince(before)).toEqual([]);
  }, 60_000);

  it('one edited email is exactly one update call, of that field only', async () => {
    const learner = sandbox.store.usersOf(5740, 1).find((u) => !u.Archived && u.MISID)!;
    const file = await edited('one-email.xlsx', [{ oneFileId: String(learner.ID), header: 'Email', value: 'moved.on@example.org' }]);
    const before = sandbox.calls.length;
    const { code, summary, stderr } = await importFile(file);
    expect(code, stderr).toBe(0);
    expect(summary).toMatchObject({ created: 0, updated: 1 });
    const writes = writesSince(before);
    expect(writes.map((c) => c.path)).toEqual([`/api/v2.1/User/${learner.ID}`]);
    expect(writes[0].body).toEqual({ Email: 'moved.on@example.org' });
    expect(sandbox.store.user(learner.ID)!.Email).toBe('moved.on@example.org');
  }, 60_000);

  it('a learner whose MIS ID and email both changed is found by the OneFile ID: one update, nothing created', async () => {
    await exportNow('onefile-again.xlsx');
    const learner = sandbox.store.usersOf(5740, 1).filter((u) => !u.Archived && u.MISID)[5];
    const file = await edited('new-misid.xlsx', [
      { oneFileId: String(learner.ID), header: 'MIS ID', value: 'MIS-LINED-UP-1' },
      { oneFileId: String(learner.ID), header: 'Email', value: 'lined.up@example.org' },
    ]);
    const before = sandbox.calls.length;
    const { code, summary, stderr } = await importFile(file);
    expect(code, stderr).toBe(0);
    expect(summary).toMatchObject({ created: 0, updated: 1 });
    const writes = writesSince(before);
    expect(writes.map((c) => c.path)).toEqual([`/api/v2.1/User/${learner.ID}`]);
    expect(writes[0].body).toEqual({ MISID: 'MIS-LINED-UP-1', Email: 'lined.up@example.org' });
  }, 60_000);

  it('a OneFile ID that is not one of the organisation\'s learners stops its row, and says so', async () => {
    const learner = sandbox.store.usersOf(5740, 1).filter((u) => !u.Archived && u.MISID)[6];
    const file = await edited('bad-id.xlsx', [{ oneFileId: String(learner.ID), header: 'OneFile ID', value: '999999' }]);
    const out = io();
    const before = sandbox.calls.length;
    const code = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, dryRun: true, rateWindowMs: WINDOW, role: 'learner' }, out);
    expect(code).toBe(1);
    const plan = lastJson(out.stdout);
    expect(plan.summary.blocked).toBe(1);
    expect(JSON.stringify(plan.problems)).toMatch(/OneFile ID 999999 is not a learner of this organisation/);
    expect(writesSince(before)).toEqual([]);
  }, 60_000);
});

describe('a OneFile that keeps calendar dates as midnight in London (a summer date answered as 23:00 UTC the day before)', () => {
  it('exports each learner\'s own day, and the export imports back sending nothing', async () => {
    sandbox.switches.dateAnswers = 'london-midnight';
    try {
      await exportNow('london-dates.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(exported);
      const learners = workbook.getWorksheet('Learners')!;
      let summer = 0;
      learners.eachRow((row, n) => {
        if (n === 1) return;
        const user = sandbox.store.user(Number(row.getCell(1).value))!;
        const dob = row.getCell(8).value;
        expect(dob === null ? null : (dob as Date).toISOString().slice(0, 10), `DOB of ${user.ID}`).toBe(user.DOB?.slice(0, 10) ?? null);
        if (user.DOB && /-0[4-9]-/.test(user.DOB)) summer += 1;
      });
      expect(summer).toBeGreaterThan(10);
      const before = sandbox.calls.length;
      const { code, summary, stderr } = await importFile(exported);
      expect(code, stderr).toBe(0);
      expect(summary).toMatchObject({ created: 0, updated: 0, failed: 0 });
      expect(writesSince(before)).toEqual([]);
    } finally {
      sandbox.switches.dateAnswers = 'iso';
    }
  }, 60_000);
});
