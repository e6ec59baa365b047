import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent, TaskProgressEvent } from '../../shared/contract-types';
import type { AppService } from '../../main/service/app-service';
import type { SandboxSwitches } from '../../main/sandbox';
import { connectedService, runToEnd, upload } from './connected-service';
import { writeCleanLearners, writeExampleEdited } from '../e2e/helpers';

/**
 * "Export from OneFile" and "Download a template" in the app when OneFile stops answering
 * part-way (the built-in sandbox answers every call with a 503 maintenance page for a
 * while, from a given call on): as the CLI's export, the task waits, says since when and
 * when it tries again, starts again from the beginning once OneFile answers, and writes
 * the whole workbook; the person can stop it while it waits, and it gives up after the
 * time allowed. Nothing is written to OneFile either way. An undo's plan and an import's
 * plan, read as they are, wait the same way.
 */

/** Calls the connection and the organisation's choice take before a task starts: the outage begins a few calls into it. */
const CALLS_BEFORE_TASK = 4;
/** Waits between tries shortened from a run's (5 s doubling to a minute, 30 minutes in all). */
const QUICK = { firstLookMs: 200, mostLookMs: 800, giveUpMs: 60_000 };

let service: AppService | undefined;
let dataDir = '';

afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function start(sandboxSwitches: Partial<SandboxSwitches>, outageTiming = QUICK, folder?: string): Promise<TaskProgressEvent[]> {
  ({ service, dataDir } = await connectedService('onefile-workbook-outage-', { sandboxSwitches, outageTiming, dataDir: folder }));
  const events: TaskProgressEvent[] = [];
  service.on('progress', (event: ProgressEvent) => {
    if (event.kind === 'task') events.push(event);
  });
  return events;
}

/** Resolves with the first task event from now on that `matches`. */
function firstTaskEvent(matches: (event: TaskProgressEvent) => boolean): Promise<TaskProgressEvent> {
  return new Promise((resolve) =>
    service!.on('progress', (event: ProgressEvent) => {
      if (event.kind === 'task' && matches(event)) resolve(event);
    }),
  );
}

/** Resolves with the first task event that says OneFile is not answering. */
const firstUnanswered = () => firstTaskEvent((event) => event.unanswered !== undefined);

/** What a call to the service ended with: its answer, or the error it was refused with (never a rejection). */
const outcomeOf = <T>(made: Promise<T>): Promise<T | (Error & { code?: string })> => made.catch((error: Error & { code?: string }) => error);

/** The workbooks made in the data folder and not yet deleted (each names learners). */
const workbooksLeft = () => {
  const folder = path.join(dataDir, 'exports');
  return existsSync(folder) ? readdirSync(folder) : [];
};

describe('a workbook made while OneFile stops answering', () => {
  it('waits, says so, starts again once OneFile answers and exports the whole organisation', async () => {
    const events = await start({ outageAfterCalls: CALLS_BEFORE_TASK + 3, outageMs: 5_000 });
    const during = await service!.handlers.exportFromOneFile({ organisationId: 5740, includeArchived: false, withAims: false });

    const silent = events.filter((e) => e.unanswered);
    expect(silent.length).toBeGreaterThan(0);
    expect(silent[0]).toMatchObject({ task: 'export', description: 'Waiting for OneFile to answer', etaMs: null, unanswered: { giveUpAfterMs: 60_000 } });
    expect(silent[0].unanswered!.since).toBeLessThanOrEqual(Date.now());
    // Told again once OneFile answers: the last word is the workbook written, with no outage on it.
    const last = events[events.length - 1];
    expect(last.unanswered).toBeUndefined();
    expect(last.description).toMatch(/^Written: /);

    // The calls so far count every try's: they never go back to fewer when the export starts again.
    const calls = events.map((e) => e.calls);
    expect(calls.every((n, i) => i === 0 || n >= calls[i - 1])).toBe(true);
    expect(calls[calls.length - 1]).toBeGreaterThan(events.find((e) => e.unanswered)!.calls);

    // The same workbook as one made with OneFile answering throughout.
    const after = await service!.handlers.exportFromOneFile({ organisationId: 5740, includeArchived: false, withAims: false });
    expect(during.contents).toEqual(after.contents);
    expect(during.contents.find((c) => c.name === 'Learners')!.count).toBeGreaterThan(0);
    expect(workbooksLeft()).toEqual([]);
  }, 60_000);

  it('stops at once when asked while it waits, writing nothing', async () => {
    await start({ outageAfterCalls: CALLS_BEFORE_TASK + 1, outageMs: 600_000 }, { ...QUICK, firstLookMs: 30_000, mostLookMs: 30_000 });
    const waiting = firstUnanswered();
    const made = service!.handlers.downloadTemplate({ organisationId: 5740 });
    const outcome = outcomeOf(made);
    await waiting;
    const asked = Date.now();
    expect(await service!.handlers.stopTask({ task: 'template' })).toEqual({ stopped: true });
    // Not after the 30 s wait: stopped where it waited.
    expect(await outcome).toMatchObject({ code: 'stopped', message: 'Stopped: the template was not written. Nothing in OneFile was changed.' });
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(workbooksLeft()).toEqual([]);
    // Nothing left to stop.
    expect(await service!.handlers.stopTask({ task: 'template' })).toEqual({ stopped: false });
  }, 60_000);

  it("plans an undo while OneFile stops answering: waits, says so, and plans it whole", async () => {
    // A run to undo, made with OneFile answering: 25 learners created.
    ({ service, dataDir } = await connectedService('onefile-undo-outage-'));
    await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
    await service.handlers.checkReferences({ refresh: false });
    await service.handlers.planImport({ skipInvalid: false });
    expect((await runToEnd(service)).state).toBe('completed');
    const [run] = await service.handlers.listRuns({});
    await service.close();
    // The app started again on the same data folder, OneFile silent for a while from the undo plan's second call.
    const events = await start({ outageAfterCalls: CALLS_BEFORE_TASK + 1, outageMs: 4_000 }, QUICK, dataDir);
    const plan = await service!.handlers.planUndo({ runId: run.runId });
    expect(plan.archive.users).toBe(25);
    const silent = events.filter((e) => e.unanswered);
    expect(silent.length).toBeGreaterThan(0);
    expect(silent[0]).toMatchObject({ task: 'undo-plan', description: 'Waiting for OneFile to answer' });
    expect(events[events.length - 1].unanswered).toBeUndefined();
  }, 90_000);

  it('plans an import while OneFile stops answering: waits, says so, and plans every row', async () => {
    const events = await start({ outageAfterCalls: CALLS_BEFORE_TASK + 2, outageMs: 4_000 });
    await service!.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
    const plan = await service!.handlers.planImport({ skipInvalid: false });
    expect(plan.create).toBe(25);
    const silent = events.filter((e) => e.unanswered);
    expect(silent.length).toBeGreaterThan(0);
    expect(silent[0]).toMatchObject({ task: 'plan', description: 'Waiting for OneFile to answer', unanswered: { giveUpAfterMs: 60_000 } });
    expect(events[events.length - 1].unanswered).toBeUndefined();
    // The plan made after the wait is the one Import starts: 25 learners, each once.
    expect((await runToEnd(service!)).state).toBe('completed');
    expect((await service!.handlers.planImport({ skipInvalid: false })).create).toBe(0);
  }, 90_000);

  it('stops planning an import when asked while it waits', async () => {
    await start({ outageAfterCalls: CALLS_BEFORE_TASK + 1, outageMs: 600_000 }, { ...QUICK, firstLookMs: 30_000, mostLookMs: 30_000 });
    await service!.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
    const waiting = firstUnanswered();
    const outcome = outcomeOf(service!.handlers.planImport({ skipInvalid: false }));
    await waiting;
    const asked = Date.now();
    expect(await service!.handlers.stopTask({ task: 'plan' })).toEqual({ stopped: true });
    expect(await outcome).toMatchObject({ code: 'stopped', message: 'Stopped: the import was not planned. Nothing in OneFile was changed.' });
    expect(Date.now() - asked).toBeLessThan(10_000);
  }, 60_000);

  it('a plan asked for again while one waits stops the one before, and the later is the one Import starts', async () => {
    // Waits of 30 s: the plan before ends at once, not when its wait is over.
    const events = await start({ outageAfterCalls: CALLS_BEFORE_TASK + 1, outageMs: 3_000 }, { ...QUICK, firstLookMs: 30_000, mostLookMs: 30_000 });
    // One ULN with a wrong check digit: planned without skipping, the import would not start.
    await service!.handlers.openFile(upload(writeExampleEdited(path.join(dataDir, 'mis'), 'learners.csv', { BA24005: { 4: '4822047326' } })));
    const waiting = firstUnanswered();
    const before = outcomeOf(service!.handlers.planImport({ skipInvalid: false }));
    await waiting;
    const asked = Date.now();
    const later = service!.handlers.planImport({ skipInvalid: true });
    expect(await before).toMatchObject({ code: 'stopped', message: 'Stopped: the import was not planned. Nothing in OneFile was changed.' });
    expect(Date.now() - asked).toBeLessThan(10_000);
    // The later plan is made whole once OneFile answers.
    const plan = await later;
    expect(plan).toMatchObject({ skipInvalid: true, needsSkipInvalid: false, create: 24, skipped: 1 });
    expect(events.filter((e) => e.unanswered).length).toBeGreaterThan(0);
    // Nothing left waiting: the plan before was not left to try on out of reach of Stop.
    expect(await service!.handlers.stopTask({ task: 'plan' })).toEqual({ stopped: false });
    const run = await runToEnd(service!);
    expect(run.state).toBe('completed');
    expect((await service!.handlers.planImport({ skipInvalid: true })).create).toBe(0);
  }, 90_000);

  it('gives up once OneFile has been silent for the time allowed, saying nothing was written', async () => {
    await start({ outageAfterCalls: CALLS_BEFORE_TASK + 2, outageMs: 600_000 }, { firstLookMs: 200, mostLookMs: 400, giveUpMs: 1_500 });
    await expect(service!.handlers.exportFromOneFile({ organisationId: 5740, includeArchived: false, withAims: false })).rejects.toMatchObject({
      message: expect.stringMatching(/^OneFile has not answered for 1 minute \(the last try: .*\), so the export was not written\. Nothing was written\. .* then export again\.$/),
    });
    expect(workbooksLeft()).toEqual([]);
  }, 60_000);
});

describe("Review's check of the file's names while OneFile stops answering", () => {
  it('waits, says so, starts again once OneFile answers and checks every name', async () => {
    const events = await start({ outageAfterCalls: CALLS_BEFORE_TASK + 2, outageMs: 4_000 });
    await service!.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
    const counts = await service!.handlers.checkReferences({ refresh: false });
    // Every name of the examples is one OneFile has: none left to resolve, none called missing for want of an answer.
    expect(counts).toMatchObject({ referencesChecked: true, unresolvedValues: 0, unresolvedRows: 0 });
    expect(await service!.handlers.listUnresolved({})).toEqual([]);

    const names = events.filter((e) => e.task === 'names');
    const silent = names.filter((e) => e.unanswered);
    expect(silent.length).toBeGreaterThan(0);
    expect(silent[0]).toMatchObject({ description: 'Waiting for OneFile to answer', etaMs: null, unanswered: { giveUpAfterMs: 60_000 } });
    // The directory's reading, told as it goes: its kinds, its calls (never fewer), and no outage on the last word.
    expect(names.some((e) => /^Reading the organisation's directory: .* so far \(\d of 7 kinds done\)$/.test(e.description))).toBe(true);
    const calls = names.map((e) => e.calls);
    expect(calls.every((n, i) => i === 0 || n >= calls[i - 1])).toBe(true);
    expect(names[names.length - 1].unanswered).toBeUndefined();
    expect(names[names.length - 1].value).toBe(1);
    // Nothing left waiting, and the plan is made from the names checked: 25 learners to create.
    expect(await service!.handlers.stopTask({ task: 'names' })).toEqual({ stopped: false });
    expect((await service!.handlers.planImport({ skipInvalid: false })).create).toBe(25);
  }, 60_000);

  it('stops at once when asked while it waits, keeping no names checked', async () => {
    await start({ outageAfterCalls: CALLS_BEFORE_TASK + 1, outageMs: 600_000 }, { ...QUICK, firstLookMs: 30_000, mostLookMs: 30_000 });
    await service!.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
    const waiting = firstUnanswered();
    const outcome = outcomeOf(service!.handlers.checkReferences({ refresh: false }));
    expect((await waiting).task).toBe('names');
    const asked = Date.now();
    expect(await service!.handlers.stopTask({ task: 'names' })).toEqual({ stopped: true });
    // Not after the 30 s wait: stopped where it waited.
    expect(await outcome).toMatchObject({ code: 'stopped', message: "Stopped: the file's names were not checked against OneFile. Nothing in OneFile was changed." });
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect((await service!.handlers.getState({})).directory.status).toBe('failed');
    expect(await service!.handlers.stopTask({ task: 'names' })).toEqual({ stopped: false });
    expect(await service!.handlers.getCounts({})).toMatchObject({ referencesChecked: false });
  }, 60_000);
});

describe("Review's check of the names asked for again while one waits", () => {
  it("Review opening again while one reads (OneFile answering) waits for it and takes what it read, stopping nothing", async () => {
    ({ service, dataDir } = await connectedService('onefile-names-twice-'));
    await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
    let second: Promise<unknown> | undefined;
    // Asked for again while the first reads the directory (its first page told).
    service.on('progress', (event: ProgressEvent) => {
      if (event.kind === 'task' && event.task === 'names' && !second) second = outcomeOf(service!.handlers.checkReferences({ refresh: false }));
    });
    const first = await outcomeOf(service.handlers.checkReferences({ refresh: false }));
    expect(first).toMatchObject({ referencesChecked: true, unresolvedValues: 0 });
    expect(second).toBeDefined();
    expect(await second).toEqual(first);
  }, 60_000);

  it('stops the one before at once; the later one is the one that waits, and Stop ends it', async () => {
    await start({ outageAfterCalls: CALLS_BEFORE_TASK + 1, outageMs: 600_000 }, { ...QUICK, firstLookMs: 30_000, mostLookMs: 30_000 });
    await service!.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
    const waiting = firstUnanswered();
    const before = outcomeOf(service!.handlers.checkReferences({ refresh: false }));
    await waiting;
    const asked = Date.now();
    const againWaiting = firstUnanswered();
    const later = outcomeOf(service!.handlers.checkReferences({ refresh: true }));
    // Not after its 30 s wait, nor its minute of giving up: stopped when the later was asked for.
    expect(await before).toMatchObject({ code: 'stopped' });
    expect(Date.now() - asked).toBeLessThan(10_000);
    // The later one reads OneFile itself (not behind the one before), meets the silence, and is the one Stop ends.
    expect((await againWaiting).task).toBe('names');
    expect(await service!.handlers.stopTask({ task: 'names' })).toEqual({ stopped: true });
    expect(await later).toMatchObject({ code: 'stopped', message: "Stopped: the file's names were not checked against OneFile. Nothing in OneFile was changed." });
    expect(Date.now() - asked).toBeLessThan(20_000);
  }, 60_000);
});

describe("a plan asked for while Review's check of the names reads", () => {
  it('lets the check finish while OneFile answers, and is made after it', async () => {
    ({ service, dataDir } = await connectedService('onefile-names-then-plan-'));
    await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
    let plan: Promise<unknown> | undefined;
    const planSays = firstTaskEvent((event) => event.task === 'plan');
    service.on('progress', (event: ProgressEvent) => {
      if (event.kind === 'task' && event.task === 'names' && !plan) plan = outcomeOf(service!.handlers.planImport({ skipInvalid: false }));
    });
    expect(await outcomeOf(service.handlers.checkReferences({ refresh: false }))).toMatchObject({ referencesChecked: true, unresolvedValues: 0 });
    // Its bar says what it waits for, rather than standing still.
    expect(await planSays).toMatchObject({
      value: 0,
      description: "Waiting for Review's check of the names to finish reading the organisation from OneFile: the plan uses what it reads",
    });
    expect(await plan).toMatchObject({ create: 25 });
  }, 60_000);

  it('is not left behind a check that waits for a silent OneFile: the check stops there, and the plan waits in its own right', async () => {
    // The silence begins part-way through the check's reading of the directory; waits of 30 s between tries.
    await start({ outageAfterCalls: CALLS_BEFORE_TASK + 3, outageMs: 600_000 }, { ...QUICK, firstLookMs: 30_000, mostLookMs: 30_000 });
    await service!.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
    const reading = firstTaskEvent((event) => event.task === 'names');
    const planWaits = firstTaskEvent((event) => event.task === 'plan' && event.unanswered !== undefined).then(() => Date.now());
    const names = outcomeOf(service!.handlers.checkReferences({ refresh: false }));
    await reading;
    const asked = Date.now();
    // Continue to plan, the check still reading (not yet known to meet a silence).
    const plan = outcomeOf(service!.handlers.planImport({ skipInvalid: false }));
    expect(await names).toMatchObject({ code: 'stopped' });
    // The plan says OneFile is not answering well before the check's 30 s wait would have let it start.
    expect((await planWaits) - asked).toBeLessThan(15_000);
    expect(await service!.handlers.stopTask({ task: 'plan' })).toEqual({ stopped: true });
    expect(await plan).toMatchObject({ code: 'stopped', message: 'Stopped: the import was not planned. Nothing in OneFile was changed.' });
  }, 60_000);
});
