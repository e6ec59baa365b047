import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../main/cli/export-command';
import { connectTo, exportFromOneFile, type TaskProgress } from '../../main/import';
import { createOneFileClient, type OneFileClient } from '../../main/onefile';
import { startSandbox, type RecordedCall, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * What an export costs, from the sandbox's call log: for an organisation of more than
 * 1,000 learners, the paged searches and nothing else (no read per learner); with
 * `--with-aims`, one learning aim search per learner on top, read into the sheet.
 */

const WINDOW = 500;
let sandbox: RunningSandbox;
let client: OneFileClient;

const io = () => ({ ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }), barStream: null });

async function exportCalls(withAims: boolean): Promise<{ calls: RecordedCall[]; file: string; result: Record<string, any> }> {
  const dataDir = tempDir('export-calls-');
  const file = path.join(dataDir, 'export.xlsx');
  const before = sandbox.calls.length;
  const out = io();
  const code = await runExport({ env: sandbox.baseUrl, org: 5740, out: file, dataDir, json: true, withAims, rateWindowMs: WINDOW }, out);
  expect(code, out.stderr.join('')).toBe(0);
  return { calls: sandbox.calls.slice(before), file, result: lastJson(out.stdout) };
}

beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: WINDOW, rateLimit: 200 });
  client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: WINDOW, budgetPerMinute: 200 });
  // Grow the organisation past 1,000 learners through the API, as a centre would.
  const template = sandbox.store.usersOf(5740, 1).find((u) => !u.Archived && u.DefaultAssessorID && u.ClassroomID && u.PlacementID)!;
  const missing = 1000 - sandbox.store.usersOf(5740, 1).length + 5;
  let next = 0;
  const worker = async () => {
    while (next < missing) {
      const n = next++;
      await client.createUser({
        OrganisationID: 5740, Role: 1, FirstName: `Bulk${n}`, LastName: 'Learner', Email: `bulk${n}@calls.example.com`, MISID: `BULK${n}`,
        DefaultAssessorID: template.DefaultAssessorID, ClassroomID: template.ClassroomID, PlacementID: template.PlacementID,
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}, 120_000);

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

describe('what an export costs', () => {
  it('more than 1,000 learners take the paged searches and nothing more: no read per learner', async () => {
    const learners = sandbox.store.usersOf(5740, 1).length;
    expect(learners).toBeGreaterThan(1000);
    const { calls, result } = await exportCalls(false);
    expect(calls.filter((c) => !/Search|Authentication|Customer/.test(c.route))).toEqual([]);
    expect(calls.filter((c) => /LearningAim|UnitSummary|GET User/.test(c.route))).toEqual([]);
    const learnerPages = calls.filter((c) => c.route === 'POST User/Search/{page}/{size}' && (c.body as { Role?: number }).Role === 1);
    const size = Number(learnerPages[0].path.split('/').at(-1));
    // Every page of learners once, and the empty page that proves the end; in a OneFile whose
    // page numbering is not yet known, page 1 full, page 0 once (it holds nothing here: pages start at 1).
    const pageZero = learnerPages.filter((c) => /\/Search\/0\/\d+$/.test(c.path));
    expect(pageZero.map((c) => c.status)).toEqual([400]);
    expect(learnerPages).toHaveLength(Math.ceil(learners / size) + 1 + 1);
    expect(calls.filter((c) => c.route !== 'POST Authentication')).toHaveLength(result.calls);
    expect(result.calls).toBeLessThan(40);
  }, 120_000);

  it('--with-aims adds one learning aim search per learner, and lists each learner\'s standards', async () => {
    const { calls, file } = await exportCalls(true);
    const active = sandbox.store.usersOf(5740, 1).filter((u) => !u.Archived);
    const aimSearches = calls.filter((c) => /^POST LearningAim\/Search/.test(c.route));
    const learnersAsked = new Set(aimSearches.map((c) => (c.body as { UserID: number }).UserID));
    expect(learnersAsked.size).toBe(active.length);
    // One page per learner, and the closing empty page where the first held anything.
    expect(aimSearches.length).toBeLessThanOrEqual(active.length * 2);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('Learners')!;
    const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(String);
    const aimsColumn = headers.indexOf('Learning aims');
    const titles = new Map(sandbox.store.all('standards').map((s) => [s.ID, s.Title]));
    let withAims = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const id = Number(row.getCell(1).value);
      const expected = [...new Set(sandbox.store.learningAimsOf(id).map((a) => titles.get(a.StandardID)))].join('; ');
      expect(String(row.getCell(aimsColumn).value ?? ''), String(id)).toBe(expected);
      if (expected) withAims += 1;
    });
    expect(withAims).toBeGreaterThan(10);
  }, 180_000);

  it('tells its progress as it goes: a bar that only moves forward, the calls made, and the time left', async () => {
    const dataDir = tempDir('export-progress-');
    const connection = connectTo({ name: 'custom', baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken }, { dataDir, windowMs: WINDOW, budgetPerMinute: 200 });
    const seen: TaskProgress[] = [];
    try {
      await exportFromOneFile({ connection, organisationId: 5740, dataDir, file: path.join(dataDir, 'e.xlsx'), withAims: true, onProgress: (p) => seen.push(p) });
    } finally {
      await connection.close();
    }
    expect(seen.map((p) => p.phase)).toEqual(expect.arrayContaining(['reading', 'learning-aims', 'writing', 'done']));
    for (let i = 1; i < seen.length; i++) expect(seen[i].value).toBeGreaterThanOrEqual(seen[i - 1].value);
    expect(seen.at(-1)).toMatchObject({ phase: 'done', value: 1 });
    const aims = seen.filter((p) => p.phase === 'learning-aims');
    expect(aims.some((p) => p.etaMs !== null && p.etaMs > 0)).toBe(true);
    expect(aims.at(-1)!.calls).toBeGreaterThan(aims[0].calls);
  }, 180_000);
});
