import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTemplate } from '../../main/cli/export-command';
import { runImport } from '../../main/cli/import-command';
import { autoMap } from '../../shared/mapping';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';
import { dropDownLists as lists } from './workbook-lists';

/**
 * The template for new learners, read back with exceljs: its headers map by
 * themselves, its drop-down lists hold the sandbox organisation's assessors, classes,
 * placements, standards and templates, and a sheet filled with every entry of every
 * list plans with no name to resolve and imports.
 */

const WINDOW = 500;
let sandbox: RunningSandbox;
let dataDir: string;
let template: string;

const io = () => ({ ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }), barStream: null });

/** The sandbox record an entry names: by name, MIS ID, email or ID, as a person reads the list. */
function names(entry: string, records: Array<{ ID: number; Name?: string; Title?: string; MISID?: string | null; FirstName?: string; LastName?: string; Email?: string }>): number[] {
  return records
    .filter((r) => [r.Name, r.Title, r.MISID, r.Email, String(r.ID), r.FirstName ? `${r.FirstName} ${r.LastName}` : undefined].includes(entry))
    .map((r) => r.ID);
}

beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: WINDOW, rateLimit: 100 });
  dataDir = tempDir('template-');
  template = path.join(dataDir, 'template.xlsx');
  const out = io();
  const code = await runTemplate({ env: sandbox.baseUrl, org: 5740, out: template, dataDir, json: true, rateWindowMs: WINDOW }, out);
  expect(code, out.stderr.join('')).toBe(0);
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
});

describe('the template', () => {
  it('says where it was written and its drop-down lists, each in the name its header has', async () => {
    const out = io();
    const file = path.join(dataDir, 'said.xlsx');
    const code = await runTemplate({ env: sandbox.baseUrl, org: 5740, out: file, dataDir, rateWindowMs: WINDOW }, out);
    expect(code, out.stderr.join('')).toBe(0);
    expect(out.stdout.join('')).toBe(
      `Template for Example Organisation - Business (5740) written to ${file}. ` +
        'Drop-down lists: Assessor 10, Class 33, Placement (employer) 44, Employer contact (user) 12, IQA 3, Observer 3, Standards 6, Framework template 4. 24 calls.\n',
    );
  }, 60_000);

  it('has headers that map at 100 %, required ones marked, dates as dates, MIS ID and ULN as text, and an input message on each header', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(template);
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([['Learners', 'visible'], ['Instructions', 'visible'], ['Lists', 'hidden']]);
    const sheet = workbook.getWorksheet('Learners')!;
    const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    expect(headers.filter((h) => h.endsWith(' *'))).toEqual(['First name *', 'Last name *', 'Assessor *', 'Class *', 'Placement (employer) *']);
    const mapped = autoMap(headers);
    expect(mapped.columns.every((c) => c.field !== null && c.confidence === 1)).toBe(true);
    expect(mapped.missingRequired).toEqual([]);
    const column = (header: string) => headers.indexOf(header) + 1;
    expect(sheet.getColumn(column('Date of birth')).numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getColumn(column('Start date')).numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getColumn(column('MIS ID')).numFmt).toBe('@');
    expect(sheet.getColumn(column('ULN')).numFmt).toBe('@');
    expect(sheet.getCell(2, column('Date of birth')).dataValidation).toMatchObject({ type: 'date' });
    for (let n = 1; n <= headers.length; n++) {
      expect(sheet.getCell(1, n).dataValidation, headers[n - 1]).toMatchObject({ showInputMessage: true });
      expect(sheet.getCell(1, n).dataValidation.prompt?.length).toBeGreaterThan(10);
    }
    expect(String(workbook.getWorksheet('Instructions')!.getCell('A1').value)).toMatch(/New learners for Example Organisation - Business/);
  });

  it("lists the sandbox organisation's assessors, classes, placements, standards and templates, each entry naming one record", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(template);
    const found = lists(workbook);
    expect([...found.keys()]).toEqual(['Assessor', 'Class', 'Placement (employer)', 'Employer contact (user)', 'IQA', 'Observer', 'Standards', 'Framework template']);
    const store = sandbox.store;
    const staff = (roles: number[]) => store.usersOf(5740).filter((u) => roles.includes(u.Role) && !u.Archived);
    const expected: Array<[string, Array<{ ID: number }>]> = [
      ['Assessor', staff([5, 4])],
      ['Class', store.all('classrooms').filter((c) => c.OrganisationID === 5740)],
      ['Placement (employer)', store.all('placements').filter((p) => p.OrganisationID === 5740)],
      ['IQA', staff([10])],
      ['Standards', store.all('standards').filter((s) => s.OrganisationID === 5740)],
      ['Framework template', store.all('templates').filter((t) => t.OrganisationID === 5740)],
    ];
    for (const [header, records] of expected) {
      const entries = found.get(header)!;
      expect(entries.length, header).toBe(records.length);
      const named = entries.map((entry) => names(entry, records as never));
      expect(named.every((ids) => ids.length >= 1), header).toBe(true);
      expect(new Set(named.map((ids) => ids[0])).size, header).toBe(records.length);
    }
  });

  it('filled with every entry of every list, plans with no name to resolve and imports', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(template);
    const found = lists(workbook);
    const sheet = workbook.getWorksheet('Learners')!;
    const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((h) => String(h).replace(' *', ''));
    const rows = Math.max(...[...found.values()].map((entries) => entries.length));
    for (let n = 0; n < rows; n++) {
      const pick = (header: string) => found.get(header)![n % found.get(header)!.length];
      const values: Record<string, ExcelJS.CellValue> = {
        'MIS ID': `TPL${String(n).padStart(3, '0')}`,
        'First name': `Filled${n}`,
        'Last name': 'FromLists',
        Email: `filled${n}@template.example.com`,
        'Date of birth': new Date(Date.UTC(2001, 2, 4)),
        'Start date': new Date(Date.UTC(2025, 8, 1)),
        Assessor: pick('Assessor'),
        Class: pick('Class'),
        'Placement (employer)': pick('Placement (employer)'),
        'Employer contact (user)': pick('Employer contact (user)'),
        IQA: pick('IQA'),
        Observer: pick('Observer'),
        ...(n % 3 === 0 ? { 'Framework template': pick('Framework template') } : { Standards: pick('Standards') }),
      };
      const row = sheet.getRow(n + 2);
      for (const [header, value] of Object.entries(values)) row.getCell(headers.indexOf(header) + 1).value = value;
    }
    const filled = path.join(dataDir, 'filled.xlsx');
    await workbook.xlsx.writeFile(filled);

    const dry = io();
    const planned = await runImport(filled, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, dryRun: true, rateWindowMs: WINDOW, role: 'learner' }, dry);
    const plan = lastJson(dry.stdout);
    expect(plan.resolve, JSON.stringify(plan.problems)).toBeNull();
    expect(plan.problems).toEqual([]);
    expect(plan.summary).toMatchObject({ rows, create: rows, blocked: 0 });
    expect(planned).toBe(0);

    const live = io();
    const code = await runImport(filled, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, rateWindowMs: WINDOW, role: 'learner' }, live);
    expect(code, live.stderr.join('')).toBe(0);
    expect(lastJson(live.stdout)).toMatchObject({ state: 'completed', created: rows, failed: 0, skipped: 0 });
    expect(store().usersOf(5740, 1).filter((u) => u.LastName === 'FromLists')).toHaveLength(rows);
  }, 120_000);
});

const store = () => sandbox.store;
