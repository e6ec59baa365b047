import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent, RunStateName } from '../../shared/contract-types';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { readRun } from '../../main/import/journal/run-store';
import { writeCleanLearners } from '../e2e/helpers';

/**
 * The run is the app's state: its true counts come from the journal while it runs and
 * after it stops part-way; a paused run stays paused when the app is closed and is
 * offered when it starts again; and while the importer waits for OneFile's per-minute
 * allowance it says so, with Elapsed still moving.
 */

let dataDir: string;
let service: AppService;
let runId: string;
const runEvents: Array<Extract<ProgressEvent, { kind: 'run' }>> = [];
const upload = (filePath: string) => ({ fileName: path.basename(filePath), contentBase64: readFileSync(filePath).toString('base64') });

/**
 * 10 calls in a 3 s window: the 50 writes of 25 learners meet the limit five times, and
 * each wave is sent well inside its window even on a loaded machine, so every wait is
 * seconds long.
 */
async function startService(): Promise<AppService> {
  const started = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 10, windowMs: 3_000 });
  started.on('progress', (event) => {
    if (event.kind === 'run') runEvents.push(event);
  });
  await started.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await started.handlers.chooseOrganisation({ organisationId: 5740 });
  return started;
}

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}.`);
  }
}
let deadline = 0;

function stateIs(app: AppService, wanted: RunStateName[]): Promise<RunStateName> {
  return new Promise((resolve) => app.on('run-state', (event) => wanted.includes(event.state) && resolve(event.state)));
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-run-state-'));
  service = await startService();
  await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
  await service.handlers.checkReferences({ refresh: false });
  await service.handlers.planImport({ skipInvalid: false });
});

afterAll(async () => {
  await service?.close();
});

describe('a run followed by the app', () => {
  it('says when it waits for OneFile\'s allowance, with a countdown, while Elapsed keeps moving', async () => {
    deadline = Date.now() + 60_000;
    runId = (await service.handlers.startRun({})).runId;
    const waiting = await until(() => runEvents.filter((e) => e.totals.waiting), (list) => list.length >= 2, 'two events during a rate-limit wait');
    expect(waiting[0].totals.waiting).toMatchObject({ reason: 'rate-limit', resumesInMs: expect.any(Number) });
    expect(waiting[0].totals.waiting!.resumesInMs).toBeGreaterThan(0);
    expect(waiting[0].totals.waiting!.resumesInMs).toBeLessThanOrEqual(3_100);
    // The heartbeat: the figures arrive although no row changed (once a second: the two
    // waiting events may both come before the first), Elapsed later each time.
    await until(() => runEvents.filter((e) => e.rows.length === 0), (beats) => beats.length > 0, 'a heartbeat');
    const elapsed = runEvents.map((e) => e.totals.elapsedMs);
    expect(elapsed.every((ms, i) => i === 0 || ms >= elapsed[i - 1])).toBe(true);
  }, 70_000);

  it('shows the true counts in History while it runs: the learners created so far, the rest still to do', async () => {
    deadline = Date.now() + 60_000;
    await until(() => runEvents.at(-1)?.totals.done ?? 0, (done) => done >= 5, 'five rows done');
    const paused = stateIs(service, ['paused']);
    await service.handlers.pauseRun({});
    await paused;
    const [run] = await service.handlers.listRuns({});
    expect(run).toMatchObject({ runId, state: 'paused' });
    expect(run.counts.created).toBeGreaterThanOrEqual(5);
    expect(run.counts.created).toBeLessThan(25);
    expect(run.counts.created + run.counts.pending).toBe(25);
  }, 70_000);

  it('stays paused when the app is closed, and is offered with its counts when it starts again', async () => {
    const before = (await service.handlers.listRuns({}))[0].counts.created;
    await service.close();
    expect(readRun(dataDir, runId).state).toBe('paused');
    service = await startService();
    const state = await service.handlers.getState({});
    expect(state.run).toBeNull();
    expect(state.unfinishedRun).toMatchObject({ runId, state: 'paused', resumable: true, counts: { created: before, pending: 25 - before } });
  });

  it('resumes from History to the end, every learner created once', async () => {
    deadline = Date.now() + 60_000;
    const done = stateIs(service, ['completed', 'failed', 'cancelled']);
    await service.handlers.resumeFromHistory({ runId });
    expect(await done).toBe('completed');
    const [run] = await service.handlers.listRuns({});
    expect(run.counts).toMatchObject({ created: 25, pending: 0, failed: 0 });
    expect((await service.handlers.getState({})).unfinishedRun).toBeNull();
  }, 70_000);
});
