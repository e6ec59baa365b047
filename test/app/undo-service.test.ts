import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStateEvent, TaskProgressEvent } from '../../shared/contract-types';
import { createAppService, type AppService } from '../../main/service/app-service';
import { environmentOption } from '../../main/service/environment-options';
import { createSessionTokenStore } from '../../main/service/token-store';
import { createUndoRun, planUndo, runPaths } from '../../main/import';
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
 * undo the app stopped before it started is carried on, not begun again.
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

  beforeAll(async () => {
    [gemma, chloe] = await seedLearners(2);
    dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-undo-app-'));
    service = await newService(dataDir);
    service.on('progress', (event) => {
      if (event.kind === 'task' && event.task === 'undo-plan') planning.push(event);
    });
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

  it('undoes as a run of its own, shown like any run: the two learners archived, Gemma’s email back, Chloe’s as it was changed since', async () => {
    const ended = runEnded(service);
    const started = await service.handlers.startUndo({ runId });
    undoRunId = started.runId;
    expect(started).toMatchObject({ fileName: `Undo of undoa.csv (run ${runId})`, environment: 'sandbox', live: false, totals: { total: 3 } });
    expect(await ended).toMatchObject({ runId: undoRunId, state: 'completed', totals: { total: 3, done: 3, failed: 0 } });
    const history = await service.handlers.listRuns({});
    expect(history.find((r) => r.runId === undoRunId)).toMatchObject({ undoOf: runId, state: 'completed', counts: { updated: 3 }, reports: { results: true } });
    expect(history.find((r) => r.runId === runId)).toMatchObject({ undoneBy: undoRunId, resumable: false });

    const oneFile = await oneFileNow(service);
    for (const misid of newLearnerIds('UNDOA', 2)) expect(oneFile.get(misid)).toMatchObject({ Archived: 'yes' });
    expect(oneFile.get(gemma.misid)).toMatchObject({ Email: gemma.email, Archived: 'no' });
    expect(oneFile.get(chloe.misid)).toMatchObject({ Email: 'chloe.since@undo.example.com' });
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
      const ended = runEnded(service);
      expect(await service.handlers.startUndo({ runId })).toMatchObject({ runId: stoppedUndo });
      expect(await ended).toMatchObject({ runId: stoppedUndo, state: 'completed' });
      expect((await service.handlers.listRuns({})).filter((r) => r.undoOf === runId).map((r) => r.runId)).toEqual([stoppedUndo]);
      expect((await oneFileNow(service)).get('UNDOB000')).toMatchObject({ Archived: 'yes' });
    } finally {
      await service.close();
    }
  });
});
