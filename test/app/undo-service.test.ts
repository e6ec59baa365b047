import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEvent, ProgressEvent, RunStateEvent, TaskProgressEvent } from '../../shared/contract-types';
import { createAppService, type AppService } from '../../main/service/app-service';
import { environmentOption } from '../../main/service/environment-options';
import { createSessionTokenStore } from '../../main/service/token-store';
import { createUndoRun, planUndo, readRun, runPaths } from '../../main/import';
import { newRunId } from '../../main/import/journal/run-store';
import { connectForRun } from '../../main/connection/connect';
import { exportedLearners, newLearnerIds, seedLearners, writeUndoFile, type SeedLearner } from '../e2e/undo-app-fixtures';

/**
 * "Undo this run" through the app's service, against the built-in sandbox over real
 * HTTP: an import creates two learners and changes two emails; one of those emails is
 * changed again since (by another import). The plan says what is put back, archived
 * and left, with its progress told; the undo is a run of its own; what OneFile holds
 * afterwards is read back through the app's own export. A live run's undo needs its
 * organisation confirmed; a second undo changes nothing; an undo is never undone; an
 * undo the app stopped before it started is carried on, not begun again. An undo is
 * told as an undo (its run view, its History row, its progress and its notification:
 * fields put back and users archived, never "updated"), and its undo report downloads
 * (browser mode) or is saved (desktop) from History like the other reports.
 */

const upload = (filePath: string) => ({ fileName: path.basename(filePath), contentBase64: readFileSync(filePath).toString('base64') });
const newService = (dataDir: string) => createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });

/** The next run of the service to end. */
function runEnded(service: AppService): Promise<RunStateEvent> {
  return new Promise((resolve) => {
    const off = service.on('run-state', (event) => {
      if (['completed', 'failed', 'cancelled', 'interrupted'].includes(event.state)) {
        off();
        resolve(event);
      }
    });
  });
}

/** Opens, checks, plans and imports a file as the window does; the run's ID. */
async function importFile(service: AppService, file: string): Promise<string> {
  await service.handlers.openFile(upload(file));
  await service.handlers.checkReferences({ refresh: true });
  expect(await service.handlers.planImport({ skipInvalid: false })).toMatchObject({ blocked: 0, skipped: 0 });
  const ended = runEnded(service);
  const run = await service.handlers.startRun({});
  expect((await ended).state).toBe('completed');
  return run.runId;
}

/** Each row of a sheet of a workbook, its cells as text. */
async function sheetRows(bytes: Buffer, name: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`The workbook has no sheet "${name}": it has ${workbook.worksheets.map((s) => s.name).join(', ')}.`);
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => String(value ?? ''))));
  return rows;
}

/** What OneFile holds now, archived learners too, as the app's export reads it. */
async function oneFileNow(service: AppService) {
  const exported = await service.handlers.exportFromOneFile({ organisationId: 5740, includeArchived: true, withAims: false });
  return exportedLearners(Buffer.from(exported.contentBase64!, 'base64'));
}

describe('undo a run, in the app', () => {
  let dataDir: string;
  let service: AppService;
  let gemma: SeedLearner;
  let chloe: SeedLearner;
  let runId: string;
  let undoRunId: string;
  const planning: TaskProgressEvent[] = [];
  const runProgress: Array<Extract<ProgressEvent, { kind: 'run' }>> = [];
  const notifications: NotificationEvent[] = [];

  beforeAll(async () => {
    [gemma, chloe] = await seedLearners(2);
    dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-undo-app-'));
    service = await newService(dataDir);
    service.on('progress', (event) => {
      if (event.kind === 'task' && event.task === 'undo-plan') planning.push(event);
      if (event.kind === 'run') runProgress.push(event);
    });
    service.on('notification', (event) => notifications.push(event));
    await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
    await service.handlers.chooseOrganisation({ organisationId: 5740 });
    const mis = path.join(dataDir, 'mis');
    runId = await importFile(
      service,
      writeUndoFile(mis, 'UNDOA', 2, [{ learner: gemma, email: 'gemma.changed@undo.example.com' }, { learner: chloe, email: 'chloe.changed@undo.example.com' }], gemma),
    );
    // Later, Chloe's email is changed again: the undo must leave it.
    await importFile(service, writeUndoFile(mis, 'LATER', 0, [{ learner: chloe, email: 'chloe.since@undo.example.com' }], gemma));
  }, 120_000);

  afterAll(async () => {
    await service?.close();
  });

  it('plans first, its progress told: the two learners it created to archive, Gemma’s email to put back, Chloe’s left because it changed since', async () => {
    const plan = await service.handlers.planUndo({ runId });
    expect(plan).toMatchObject({ runId, fileName: 'undoa.csv', organisation: { id: 5740 }, live: false, nothingToUndo: false, unfinishedUndo: null });
    expect(plan.archive).toMatchObject({ users: 2, list: [{ name: 'New0 UNDOA', row: 2 }, { name: 'New1 UNDOA', row: 3 }] });
    expect(plan.restore).toMatchObject({ users: 1, fields: 1 });
    expect(plan.restore.list).toEqual([
      { userId: gemma.id, name: `${gemma.firstName} ${gemma.lastName}`, row: 4, fields: [{ label: 'Email', before: gemma.email, runSet: 'gemma.changed@undo.example.com', now: 'gemma.changed@undo.example.com' }] },
    ]);
    expect(plan.left.list).toEqual([
      {
        userId: chloe.id,
        name: `${chloe.firstName} ${chloe.lastName}`,
        row: 5,
        field: { label: 'Email', before: chloe.email, runSet: 'chloe.changed@undo.example.com', now: 'chloe.since@undo.example.com' },
        reason: 'Email was changed in OneFile after the run: it is left as it is now.',
      },
    ]);
    expect(plan.calls).toEqual({ reads: expect.any(Number), writes: 3 });
    expect(planning.length).toBeGreaterThan(1);
    expect(planning.map((e) => e.value)).toEqual([...planning.map((e) => e.value)].sort((a, b) => a - b));
    expect(planning.at(-1)).toMatchObject({ value: 1, calls: plan.calls.reads, title: 'Planning the undo of undoa.csv' });
  });

  it('refuses to undo a run in live OneFile until its organisation is confirmed, before asking OneFile anything', async () => {
    // The same run as if it had been made in Live.
    const liveRunId = newRunId();
    cpSync(runPaths(dataDir, runId).folder, runPaths(dataDir, liveRunId).folder, { recursive: true });
    const runJson = runPaths(dataDir, liveRunId).runJson;
    const record = JSON.parse(readFileSync(runJson, 'utf8'));
    writeFileSync(runJson, JSON.stringify({ ...record, runId: liveRunId, environment: { name: 'live', baseUrl: environmentOption('live').baseUrl } }));
    try {
      await expect(service.handlers.startUndo({ runId: liveRunId })).rejects.toMatchObject({ code: 'not-confirmed', message: expect.stringContaining('Example Organisation - Business') });
      await expect(service.handlers.startUndo({ runId: liveRunId, confirmLiveOrganisationId: 5741 })).rejects.toMatchObject({ code: 'not-confirmed' });
      // Confirmed, only the want of Live's token stands in the way.
      await expect(service.handlers.startUndo({ runId: liveRunId, confirmLiveOrganisationId: 5740 })).rejects.toMatchObject({ code: 'token-needed' });
      expect((await service.handlers.listRuns({})).filter((r) => r.undoOf)).toEqual([]);
    } finally {
      rmSync(runPaths(dataDir, liveRunId).folder, { recursive: true, force: true });
    }
  });

  it('undoes as a run of its own, told as an undo: the two learners archived, Gemma’s email back, Chloe’s as it was changed since', async () => {
    const ended = runEnded(service);
    notifications.length = 0;
    const started = await service.handlers.startUndo({ runId });
    undoRunId = started.runId;
    expect(started).toMatchObject({ kind: 'undo', undoOf: runId, fileName: `Undo of undoa.csv (run ${runId})`, environment: 'sandbox', live: false, totals: { total: 3 } });
    expect(await ended).toMatchObject({ runId: undoRunId, state: 'completed', totals: { total: 3, done: 3, failed: 0 } });
    expect((await service.handlers.getState({})).run).toMatchObject({ runId: undoRunId, kind: 'undo', undoOf: runId, state: 'completed' });
    // Its progress and its end say undo, with what it put back and archived.
    const undoProgress = runProgress.filter((event) => event.runId === undoRunId);
    expect(undoProgress.length).toBeGreaterThan(0);
    expect(new Set(undoProgress.map((event) => event.title))).toEqual(new Set([`Undoing run ${runId}`]));
    const doneRows = undoProgress.flatMap((event) => event.rows).filter((row) => row.state === 'done');
    expect(new Map(doneRows.map((row) => [row.name.replace(/ \(OneFile ID \d+\)$/, ''), row.step]))).toEqual(
      new Map([
        [`${gemma.firstName} ${gemma.lastName}`, 'Put back'],
        ['New0 UNDOA', 'Archived'],
        ['New1 UNDOA', 'Archived'],
      ]),
    );
    expect(notifications).toContainEqual({ level: 'success', title: 'Undo finished', message: 'Put back 1 field of 1 user, archived 2 users.' });
    expect(notifications.map((n) => n.title)).not.toContain('Import finished');

    // History: the undo's own counts and its undo report; the imports stay imports.
    const history = await service.handlers.listRuns({});
    expect(history.find((r) => r.runId === undoRunId)).toMatchObject({
      kind: 'undo',
      undoOf: runId,
      state: 'completed',
      counts: { total: 3, failed: 0, pending: 0 },
      undoCounts: { putBack: 1, fieldsPutBack: 1, archived: 2 },
      reports: { results: true, undo: true },
    });
    expect(history.find((r) => r.runId === runId)).toMatchObject({ kind: 'import', undoneBy: undoRunId, resumable: false, reports: { results: true, undo: false } });
    expect(history.filter((r) => r.kind === 'import').every((r) => r.undoCounts === undefined && r.undoOf === undefined)).toBe(true);

    const oneFile = await oneFileNow(service);
    for (const misid of newLearnerIds('UNDOA', 2)) expect(oneFile.get(misid)).toMatchObject({ Archived: 'yes' });
    expect(oneFile.get(gemma.misid)).toMatchObject({ Email: gemma.email, Archived: 'no' });
    expect(oneFile.get(chloe.misid)).toMatchObject({ Email: 'chloe.since@undo.example.com' });
  });

  it('has its undo report downloaded from History in browser mode: the one the undo wrote, read back with exceljs', async () => {
    const report = await service.handlers.exportReport({ runId: undoRunId, kind: 'undo', format: 'xlsx' });
    expect(report).toMatchObject({ fileName: `Undo_of_undoa-undo-${undoRunId}.xlsx`, mimeType: expect.stringContaining('spreadsheetml'), savedTo: null });
    const bytes = Buffer.from(report.contentBase64!, 'base64');
    // The file the undo recorded when it wrote it, in its own reports: not a second one made for the app.
    const recorded = readRun(dataDir, undoRunId).undo?.report;
    expect(recorded).toBe(path.join(runPaths(dataDir, undoRunId).reports, 'undo.xlsx'));
    expect(bytes.equals(readFileSync(recorded!))).toBe(true);

    const name = (learner: SeedLearner) => `${learner.firstName} ${learner.lastName}`;
    expect(await sheetRows(bytes, 'Put back')).toEqual([
      ['OneFile ID', 'Name', 'Row', 'Field', 'Put back to', 'The run had set'],
      [String(gemma.id), name(gemma), '4', 'Email', gemma.email, 'gemma.changed@undo.example.com'],
    ]);
    expect((await sheetRows(bytes, 'Archived')).map((row) => row.slice(1))).toEqual([
      ['Name', 'Row'],
      ['New0 UNDOA', '2'],
      ['New1 UNDOA', '3'],
    ]);
    expect(await sheetRows(bytes, 'Left as they are')).toEqual([
      ['OneFile ID', 'Name', 'Row', 'Field', 'Before the run', 'The run set', 'Now in OneFile', 'Why'],
      [String(chloe.id), name(chloe), '5', 'Email', chloe.email, 'chloe.changed@undo.example.com', 'chloe.since@undo.example.com', 'Email was changed in OneFile after the run: it is left as it is now.'],
    ]);
    expect((await sheetRows(bytes, 'Remove in OneFile'))[0]).toEqual(['Learner OneFile ID', 'Learner', 'Row', 'What', 'OneFile IDs', 'Learner archived by the undo']);
  });

  it('has its undo report saved where the user chooses in the desktop app, and opened in Excel', async () => {
    const target = path.join(dataDir, 'saved', 'my-undo-report.xlsx');
    const asked: string[] = [];
    const opened: string[] = [];
    const desktop = await createAppService({
      dataDir,
      face: 'desktop',
      tokenStore: createSessionTokenStore('session only'),
      dialogs: {
        pickSpreadsheet: async () => null,
        pickSaveLocation: async (suggested) => {
          asked.push(suggested);
          return target;
        },
        openPath: async (file) => void opened.push(file),
      },
    });
    try {
      mkdirSync(path.dirname(target)); // a folder the Save dialog chose
      const saved = await desktop.handlers.exportReport({ runId: undoRunId, kind: 'undo', format: 'xlsx' });
      expect(saved).toMatchObject({ fileName: 'my-undo-report.xlsx', savedTo: target, contentBase64: null });
      expect(asked).toEqual([`Undo_of_undoa-undo-${undoRunId}.xlsx`]);
      expect((await sheetRows(readFileSync(target), 'Archived')).length).toBe(3);
      expect(await desktop.handlers.openReport({ runId: undoRunId, kind: 'undo', format: 'xlsx' })).toEqual({ opened: true });
      expect(opened).toEqual([readRun(dataDir, undoRunId).undo?.report]);

      // The report moved or deleted by hand: both say so, naming where it was, and nothing is opened.
      const report = readRun(dataDir, undoRunId).undo!.report!;
      const kept = readFileSync(report);
      rmSync(report);
      const gone = /^The undo report is no longer where the importer saved it \(.+undo\.xlsx\): it was moved or deleted\./;
      await expect(desktop.handlers.exportReport({ runId: undoRunId, kind: 'undo', format: 'xlsx' })).rejects.toThrow(gone);
      await expect(desktop.handlers.openReport({ runId: undoRunId, kind: 'undo', format: 'xlsx' })).rejects.toThrow(gone);
      expect(opened).toHaveLength(1);
      writeFileSync(report, kept);
    } finally {
      await desktop.close();
    }
  });

  it('has no undo report for an import, nor one as CSV: each refusal says why', async () => {
    await expect(service.handlers.exportReport({ runId, kind: 'undo', format: 'xlsx' })).rejects.toMatchObject({
      code: 'run-not-found',
      message: expect.stringContaining('is an import, not an undo'),
    });
    await expect(service.handlers.exportReport({ runId: undoRunId, kind: 'undo', format: 'csv' })).rejects.toMatchObject({
      code: 'bad-choice',
      message: expect.stringContaining('.xlsx'),
    });
    expect(existsSync(path.join(runPaths(dataDir, runId).reports, 'undo.xlsx'))).toBe(false);
  });

  it('a second undo finds nothing to undo, says so, and makes no run', async () => {
    const runs = (await service.handlers.listRuns({})).length;
    const plan = await service.handlers.planUndo({ runId });
    expect(plan).toMatchObject({ nothingToUndo: true, already: { fields: 1, users: 2 }, calls: { writes: 0 }, unfinishedUndo: null });
    await expect(service.handlers.startUndo({ runId })).rejects.toMatchObject({ code: 'run-refused', message: expect.stringMatching(/^Nothing to undo/) });
    expect(await service.handlers.listRuns({})).toHaveLength(runs);
  });

  it('an undo is never undone: it says so', async () => {
    await expect(service.handlers.planUndo({ runId: undoRunId })).rejects.toMatchObject({ code: 'run-refused', message: expect.stringContaining('was itself an undo') });
    await expect(service.handlers.startUndo({ runId: undoRunId })).rejects.toMatchObject({ code: 'run-refused' });
  });
});

describe('an undo the app stopped before it began', () => {
  let dataDir: string;
  let runId: string;
  let stoppedUndo: string;

  beforeAll(async () => {
    const [gemma] = await seedLearners(1);
    dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-undo-carry-on-'));
    const first = await newService(dataDir);
    try {
      await first.handlers.connect({ environment: 'sandbox', rememberToken: false });
      await first.handlers.chooseOrganisation({ organisationId: 5740 });
      runId = await importFile(first, writeUndoFile(path.join(dataDir, 'mis'), 'UNDOB', 1, [], gemma));
    } finally {
      await first.close();
    }
    // Planned and put in its folder, then the app closed before it sent anything.
    const connection = await connectForRun(dataDir, runId, {});
    try {
      stoppedUndo = (await createUndoRun({ dataDir, plan: await planUndo({ dataDir, runId, client: connection.client }) })).runId;
    } finally {
      await connection.close();
    }
  }, 120_000);

  it('is offered to be carried on, and "Undo" carries that one on rather than starting another', async () => {
    const service = await newService(dataDir);
    try {
      await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
      expect(await service.handlers.planUndo({ runId })).toMatchObject({ unfinishedUndo: stoppedUndo, archive: { users: 1 } });
      // In History before it has sent anything: an undo with nothing done yet, its undo report already there.
      expect((await service.handlers.listRuns({})).find((r) => r.runId === stoppedUndo)).toMatchObject({
        kind: 'undo',
        state: 'planned',
        undoCounts: { putBack: 0, fieldsPutBack: 0, archived: 0 },
        reports: { results: false, undo: true },
      });
      const ended = runEnded(service);
      expect(await service.handlers.startUndo({ runId })).toMatchObject({ runId: stoppedUndo });
      expect(await ended).toMatchObject({ runId: stoppedUndo, state: 'completed' });
      expect((await service.handlers.listRuns({})).find((r) => r.runId === stoppedUndo)).toMatchObject({ undoCounts: { putBack: 0, archived: 1 } });
      expect((await service.handlers.listRuns({})).filter((r) => r.undoOf === runId).map((r) => r.runId)).toEqual([stoppedUndo]);
      expect((await oneFileNow(service)).get('UNDOB000')).toMatchObject({ Archived: 'yes' });
    } finally {
      await service.close();
    }
  });
});
