import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent, TaskProgressEvent } from '../../shared/contract-types';
import type { AppService } from '../../main/service/app-service';
import { connectedService, runToEnd, upload } from './connected-service';
import { writeCleanLearners, writeExampleEdited } from '../e2e/helpers';

/**
 * A plan of a weekly file whose learners OneFile already has reads each of them (their
 * learning aims and unit summaries: two calls a learner here) at the rate limit: a
 * thousand learners take many minutes. The Plan step says how far it has gone, with the
 * calls made and the time left, and Stop ends it at once, not when every learner has been
 * read: the calls still waiting for the rate limit are withdrawn, never sent. A plan asked
 * for again (the skip box ticked) stops the one before in the same way, and only the later
 * is the one Import starts.
 *
 * The rate limit here is 10 calls a second, so the 25 learners' reads (about 50 calls)
 * take 5 s or more: long enough to stop a plan part-way, whatever the machine's pace.
 */

let service: AppService | undefined;
let dataDir = '';

afterEach(async () => {
  await service?.close();
  service = undefined;
});

/** The 25 example learners imported, then the same file (or `file`) opened again: each learner is to be read. */
async function learnersImported(file?: (folder: string) => string): Promise<TaskProgressEvent[]> {
  ({ service, dataDir } = await connectedService('onefile-plan-progress-', { budgetPerMinute: 10, windowMs: 1_000 }));
  await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'first'))));
  await service.handlers.planImport({ skipInvalid: false });
  expect((await runToEnd(service)).state).toBe('completed');
  await service.handlers.openFile(upload((file ?? writeCleanLearners)(path.join(dataDir, 'weekly'))));
  const events: TaskProgressEvent[] = [];
  service.on('progress', (event: ProgressEvent) => {
    if (event.kind === 'task' && event.task === 'plan') events.push(event);
  });
  return events;
}

/** Resolves with the first plan event that has read at least `reads` learners. */
function learnersRead(reads: number): Promise<TaskProgressEvent> {
  return new Promise((resolve) =>
    service!.on('progress', (event: ProgressEvent) => {
      const read = event.kind === 'task' && event.task === 'plan' ? /matches in OneFile: (\d+) of/.exec(event.description) : null;
      if (read && Number(read[1]) >= reads) resolve(event as TaskProgressEvent);
    }),
  );
}

const outcomeOf = <T,>(made: Promise<T>) =>
  made.then(
    () => 'finished',
    (error: Error & { code?: string }) => error,
  );

describe('a plan that reads the learners OneFile already has', () => {
  it('says how many it has read of how many, the calls made and the time left', async () => {
    const events = await learnersImported();
    const plan = await service!.handlers.planImport({ skipInvalid: false });
    expect(plan).toMatchObject({ create: 0, unchanged: 25 });

    const reading = events.filter((e) => e.description.startsWith('Reading the learners and staff the file matches in OneFile: '));
    expect(reading[0].description).toBe('Reading the learners and staff the file matches in OneFile: 0 of 25');
    expect(reading[reading.length - 1].description).toBe('Reading the learners and staff the file matches in OneFile: 25 of 25');
    // The bar and the calls only go forward; the time left is told while learners are left to read, and ends at nothing.
    for (let i = 1; i < reading.length; i++) {
      expect(reading[i].value).toBeGreaterThanOrEqual(reading[i - 1].value);
      expect(reading[i].calls).toBeGreaterThanOrEqual(reading[i - 1].calls);
    }
    expect(reading[reading.length - 1].value).toBe(1);
    const halfway = reading.find((e) => /: 1[0-5] of 25$/.test(e.description))!;
    expect(halfway.etaMs).toBeGreaterThan(0);
    expect(reading[reading.length - 1].etaMs).toBe(0);
    // Two calls a learner: the last event counts them all (the directory's before them).
    expect(reading[reading.length - 1].calls).toBeGreaterThanOrEqual(50);
    expect(reading[reading.length - 1].calls).toBe(plan.calls.planning! + (plan.calls.directory ?? 0));
  }, 90_000);

  it('stops at once when asked part-way, not when every learner has been read', async () => {
    await learnersImported();
    const outcome = outcomeOf(service!.handlers.planImport({ skipInvalid: false }));
    const part = await learnersRead(3);
    expect(await service!.handlers.stopTask({ task: 'plan' })).toEqual({ stopped: true });
    const ended = await outcome;
    expect(ended).toMatchObject({ code: 'stopped', message: 'Stopped: the import was not planned. Nothing in OneFile was changed.' });
    // Nothing was kept for Import to start, and nothing is left to stop.
    await expect(service!.handlers.startRun({})).rejects.toMatchObject({ code: 'plan-stale' });
    expect(await service!.handlers.stopTask({ task: 'plan' })).toEqual({ stopped: false });
    expect(part.calls).toBeGreaterThan(0);
  }, 90_000);

  it('asked for again part-way, stops the one before: the later is the plan shown and the one Import starts', async () => {
    // One learner's ULN made wrong: without skipping, the plan blocks the row and the import would not start.
    await learnersImported((folder) => writeExampleEdited(folder, 'learners.csv', { BA24005: { 4: '4822047326' } }));
    const before = outcomeOf(service!.handlers.planImport({ skipInvalid: false }));
    await learnersRead(3);
    const later = service!.handlers.planImport({ skipInvalid: true });
    expect(await before).toMatchObject({ code: 'stopped' });
    expect(await later).toMatchObject({ skipInvalid: true, needsSkipInvalid: false, skipped: 1, unchanged: 24 });
    // Import starts the later plan (the one before would refuse to start, its row blocked).
    expect((await runToEnd(service!)).state).toBe('completed');
    const [run] = await service!.handlers.listRuns({});
    expect(run).toMatchObject({ counts: expect.objectContaining({ skipped: 1 }) });
  }, 90_000);
});

describe('an export stopped part-way, OneFile answering', () => {
  it('ends at once, not when every learning aim has been read, and writes nothing', async () => {
    ({ service, dataDir } = await connectedService('onefile-export-stop-', { budgetPerMinute: 10, windowMs: 1_000 }));
    // 25 learners to read the learning aims of, a call or two each at 10 calls a second.
    await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'first'))));
    await service.handlers.planImport({ skipInvalid: false });
    expect((await runToEnd(service)).state).toBe('completed');
    const reading = new Promise<TaskProgressEvent>((resolve) =>
      service!.on('progress', (event: ProgressEvent) => {
        if (event.kind === 'task' && event.task === 'export' && /^Reading learning aims: [3-9]\d* of/.test(event.description)) resolve(event);
      }),
    );
    const outcome = outcomeOf(service.handlers.exportFromOneFile({ organisationId: 5740, includeArchived: false, withAims: true }));
    const part = await reading;
    expect(await service.handlers.stopTask({ task: 'export' })).toEqual({ stopped: true });
    expect(await outcome).toMatchObject({ code: 'stopped', message: 'Stopped: the export was not written. Nothing in OneFile was changed.' });
    expect(part.value).toBeLessThan(1);
    const exports = path.join(dataDir, 'exports');
    expect(existsSync(exports) ? readdirSync(exports) : []).toEqual([]);
  }, 90_000);
});

