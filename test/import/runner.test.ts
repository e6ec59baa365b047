import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, readJournal, replayJournal } from '../../main/import/journal/journal';
import { createProgressTracker, type ProgressClock, type ProgressEvent } from '../../main/import/run/progress';
import { createRunner, RunRefusedError } from '../../main/import/run/runner';
import { createOneFileClient } from '../../main/onefile';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import {
  clientFor,
  fastSandbox,
  FAST_LOOKS_MS, FAST_RETRY,
  learnersPlan,
  learnersState,
  newLearnerRow,
  planOf,
  tempDir,
  updateGemmaRow,
  writesByRoute,
} from './run-fixtures';

const RUN_ID = '20250102T030405678Z-a1b2c3';
const open: RunningSandbox[] = [];

async function sandbox(options: Parameters<typeof fastSandbox>[0] = {}) {
  const started = await fastSandbox(options);
  open.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function runnerFor(s: RunningSandbox, plan: ReturnType<typeof learnersPlan>, extra: Partial<Parameters<typeof createRunner>[0]> = {}) {
  const journalPath = path.join(tempDir('runner-'), 'journal.jsonl');
  const journal = openJournal(journalPath);
  // Quick looks for a record a check did not find (the runner's retries are quick here too).
  const runner = createRunner({ runId: RUN_ID, plan, client: clientFor(s), journal, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, ...extra });
  return { runner, journal, journalPath };
}

describe('the runner', () => {
  it('creates every learner with its programme once and reports their OneFile IDs', async () => {
    const s = await sandbox();
    const plan = learnersPlan(8, 'CLEAN');
    const { runner, journal } = runnerFor(s, plan);
    const outcome = await runner.run();
    journal.close();

    expect(outcome.state).toBe('completed');
    expect(outcome.results.map((r) => r.action)).toEqual(Array(8).fill('created'));
    const state = learnersState(s, 'CLEAN');
    expect(state).toHaveLength(8);
    for (const result of outcome.results) {
      const learner = s.store.user(result.userId!);
      expect(learner?.MISID).toBe(`CLEAN${String(result.index).padStart(4, '0')}`);
      const aims = s.store.learningAimsOf(learner!.ID).map((a) => a.ID);
      const templated = result.index % 4 === 3;
      if (!templated) {
        expect(result.learningAimIds).toEqual(aims);
        expect(result.unitSummaryIds).toEqual(s.store.unitSummariesOf(learner!.ID).map((u) => u.ID));
      }
    }
    expect(state[0]).toMatchObject({ aims: [4001], units: ['4001/KS_COMM1', '4001/KS_ORG1'], staff: [`${GUIDE.kateAnderson}@3:4001`] });
    expect(state[3]).toMatchObject({ aims: [4002, 4005] });
  });

  it('ends in the same state as a clean run when answers are lost, OneFile errs, sessions expire and 429s burst', async () => {
    const clean = await sandbox();
    const cleanRun = runnerFor(clean, learnersPlan(16, 'FLAKY'));
    await cleanRun.runner.run();
    cleanRun.journal.close();

    const flaky = await sandbox({ lostResponseRate: 0.3, errorRate: 0.1, burst429: 2, expireSessionsEvery: 9, retryAfter: false });
    // Writes fail often here (1 in 10 answers 500, 3 in 10 lose their answer), and with 6 tries a write now and then
    // gives up (seen in about one run in ten on a loaded machine): the row would be reported, not lost, but this test
    // is about the end state, so each operation gets 12 tries.
    const { runner, journal, journalPath } = runnerFor(flaky, learnersPlan(16, 'FLAKY'), { retry: { ...FAST_RETRY, attempts: 12 } });
    const outcome = await runner.run();
    journal.close();

    expect(outcome.state).toBe('completed');
    expect(outcome.results.filter((r) => r.action !== 'created')).toEqual([]);
    expect(learnersState(flaky, 'FLAKY')).toEqual(learnersState(clean, 'FLAKY'));
    // The faults did happen: answers were lost and checked, not sent twice blindly.
    expect(flaky.calls.some((c) => c.lost)).toBe(true);
    expect(readJournal(journalPath).records.some((r) => r.type === 'unknown')).toBe(true);
    expect(writesByRoute(flaky)['POST User']).toBeGreaterThanOrEqual(16);
  });

  it('fails only the row OneFile refuses, with its message, and goes on with the others', async () => {
    const s = await sandbox();
    const rows = [newLearnerRow(0, 'BAD'), newLearnerRow(1, 'BAD'), newLearnerRow(2, 'BAD')];
    const refused = rows[1].operations[0];
    if (refused.kind !== 'create-user') throw new Error('fixture changed');
    refused.fields.PlacementID = 999_999; // no such placement: OneFile answers -57
    const { runner } = runnerFor(s, planOf(rows));
    const outcome = await runner.run();

    expect(outcome.state).toBe('completed');
    expect(outcome.results.map((r) => r.action)).toEqual(['created', 'failed', 'created']);
    expect(outcome.results[1].failure?.error).toMatchObject({ kind: 'validation', code: -57 });
    expect(outcome.results[1].message).toContain('Placement 999999 was not found');
    expect(outcome.results[1].userId).toBeUndefined();
    expect(learnersState(s, 'BAD').map((l) => l.misid)).toEqual(['BAD0000', 'BAD0002']);
  });

  it('says so, with the learner\'s OneFile ID, when the learner was created but an assignment failed', async () => {
    const s = await sandbox();
    const row = newLearnerRow(0, 'HALF');
    const unit = row.operations[2];
    if (unit.kind !== 'assign-unit') throw new Error('fixture changed');
    unit.unitId = 'FS_ENG2_R'; // a unit of another standard: OneFile refuses it
    const { runner } = runnerFor(s, planOf([row]));
    const [result] = (await runner.run()).results;

    const learner = s.store.usersOf(GUIDE.business, 1).find((u) => u.MISID === 'HALF0000')!;
    expect(result.action).toBe('failed');
    expect(result.userId).toBe(learner.ID);
    expect(result.message).toContain(`The learner was created in OneFile (ID ${learner.ID})`);
    expect(result.message).toContain('Assign unit');
    expect(result.failure?.step).toBe(unit.description);
    expect(s.store.assignmentsOf(learner.ID)).toEqual([]); // the steps after the failure were not sent
  });

  it('updates a matched learner in place', async () => {
    const s = await sandbox();
    const { runner } = runnerFor(s, planOf([updateGemmaRow(0)]));
    const outcome = await runner.run();
    expect(outcome.results[0]).toMatchObject({ action: 'updated', userId: GUIDE.gemmaHall });
    expect(s.store.user(GUIDE.gemmaHall)?.ClassroomID).toBe(GUIDE.businessAdminL3);
  });

  it('refuses a plan with blocked rows, and with skip-invalid runs the rest and reports them skipped', async () => {
    const s = await sandbox();
    const blocked = { ...newLearnerRow(1, 'SKIP'), action: 'blocked' as const, operations: [] };
    blocked.problems = [{ column: 'C', header: 'Email', code: 'email', message: 'Email "x@" is not an email address.', severity: 'error' }];
    const plan = planOf([newLearnerRow(0, 'SKIP'), blocked]);

    const refused = runnerFor(s, plan);
    await expect(refused.runner.run()).rejects.toBeInstanceOf(RunRefusedError);
    expect(s.calls).toHaveLength(0);

    const { runner } = runnerFor(s, plan, { skipInvalid: true });
    const outcome = await runner.run();
    expect(outcome.results.map((r) => r.action)).toEqual(['created', 'skipped']);
    expect(outcome.results[1]).toMatchObject({ message: 'Email "x@" is not an email address.', failure: { step: 'Checks before import', columns: ['C'] } });
  });

  it('pauses without starting new calls, and finishes everything after resuming', async () => {
    const s = await sandbox({ latencyMs: 5 });
    const plan = learnersPlan(12, 'PAUSE');
    let paused = false;
    const { runner } = runnerFor(s, plan, {
      concurrency: 2,
      onEvent: (event) => {
        if (!paused && event.totals.done >= 2) {
          paused = true;
          runner.pause();
        }
      },
      progress: { intervalMs: 0 },
    });
    const running = runner.run();
    await until(() => runner.state() === 'paused');
    const callsWhenPaused = s.calls.length;
    const done = runner.totals().done;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(s.calls.length).toBe(callsWhenPaused);
    expect(done).toBeLessThan(12);

    runner.resume();
    const outcome = await running;
    expect(outcome.state).toBe('completed');
    expect(learnersState(s, 'PAUSE')).toHaveLength(12);
  });

  it('withdraws the calls waiting for the rate limit when paused: nothing is sent after the pause', async () => {
    // 6 calls per 2 s on both sides and 6 rows in flight: after the first 6 calls the rest wait for the window.
    const s = await sandbox({ rateLimit: 6, windowMs: 2_000 });
    const client = createOneFileClient({ baseUrl: s.baseUrl, customerToken: s.customerToken, budgetPerMinute: 6, windowMs: 2_000, retry: { baseDelayMs: 5 } });
    const plan = learnersPlan(6, 'WAITING');
    const journalPath = path.join(tempDir('runner-withdraw-'), 'journal.jsonl');
    const runner = createRunner({ runId: RUN_ID, plan, client, journal: openJournal(journalPath), retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, concurrency: 6 });
    const running = runner.run();
    await until(() => s.calls.length >= 6 && client.stats().queued > 0);
    const queued = client.stats().queued;
    const askedAt = Date.now();
    runner.pause();
    await until(() => runner.state() === 'paused');
    // Paused as soon as the calls already sent were answered, not a window (2 s) later.
    expect(Date.now() - askedAt).toBeLessThan(1_000);
    const sentWhenPaused = s.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // the window frees: a queued call would go now
    expect(s.calls.length).toBe(sentWhenPaused);
    expect(queued).toBeGreaterThan(0);
    expect(client.stats().queued).toBe(0);

    runner.resume();
    const outcome = await running;
    await client.close();
    expect(outcome.state).toBe('completed');
    expect(learnersState(s, 'WAITING')).toHaveLength(6);
    expect(writesByRoute(s)['POST User']).toBe(6);
    // The journal says which intents were withdrawn; replayed, every operation is done once.
    const records = readJournal(journalPath).records;
    expect(records.filter((r) => r.type === 'withdrawn').length).toBeGreaterThan(0);
    expect([...replayJournal(records).operations.values()].every((op) => op.state === 'done')).toBe(true);
  });

  it('cancels cleanly after the call in flight, and a resumed run does the rest exactly once', async () => {
    const s = await sandbox({ latencyMs: 5 });
    const plan = learnersPlan(10, 'CANCEL');
    const { runner, journal, journalPath } = runnerFor(s, plan, {
      concurrency: 2,
      progress: { intervalMs: 0 },
      onEvent: (event) => {
        if (event.totals.done >= 3) runner.cancel();
      },
    });
    const first = await runner.run();
    journal.close();
    expect(first.state).toBe('cancelled');
    expect(first.results.some((r) => r.action === 'pending')).toBe(true);
    const replayed = replayJournal(readJournal(journalPath).records);
    expect([...replayed.operations.values()].every((op) => op.state === 'done')).toBe(true);

    const second = createRunner({ runId: RUN_ID, plan, client: clientFor(s), journal: openJournal(journalPath), replay: replayed, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS });
    const outcome = await second.run();
    expect(outcome.state).toBe('completed');
    expect(outcome.results.map((r) => r.action)).toEqual(Array(10).fill('created'));
    const state = learnersState(s, 'CANCEL');
    expect(state).toHaveLength(10);
    expect(state.every((l) => l.aims.length === (Number(l.misid!.slice(-4)) % 4 === 3 ? 2 : 1))).toBe(true);
    expect(writesByRoute(s)['POST User']).toBe(10);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition never met');
}

describe('progress events', () => {
  function fakeClock() {
    let now = 0;
    let pending: { at: number; fn: () => void } | null = null;
    const clock: ProgressClock = {
      now: () => now,
      setTimeout: (fn, ms) => (pending = { at: now + ms, fn }),
      clearTimeout: () => (pending = null),
    };
    const advance = (ms: number) => {
      now += ms;
      if (pending && pending.at <= now) {
        const { fn } = pending;
        pending = null;
        fn();
      }
    };
    return { clock, advance };
  }

  it('reach a consumer at most ten times a second, always ending with the latest state', () => {
    const { clock, advance } = fakeClock();
    const events: ProgressEvent[] = [];
    const rows = Array.from({ length: 500 }, (_, i) => ({ row: i + 2, name: `L${i}`, status: 'pending' as const }));
    const tracker = createProgressTracker({ runId: RUN_ID, rows, onEvent: (e) => events.push(e), clock });
    for (let i = 0; i < 500; i++) {
      tracker.rowChanged({ row: i + 2, name: `L${i}`, status: 'done', action: 'created' });
      tracker.callMade();
      advance(2); // 500 rows in one second
    }
    advance(100);
    expect(events.length).toBeLessThanOrEqual(11);
    const seen = new Set(events.flatMap((e) => e.rows.map((r) => r.row)));
    expect(seen.size).toBe(500); // coalesced, not dropped
    expect(events.at(-1)?.totals).toMatchObject({ done: 500, pending: 0, calls: 500 });

    tracker.rowChanged({ row: 2, name: 'L0', status: 'failed' });
    tracker.finish('completed');
    expect(events.at(-1)).toMatchObject({ type: 'finished', state: 'completed', totals: { done: 499, failed: 1 } });
  });

  it('estimate the time left from the remaining calls with the estimator they are given', () => {
    const { clock } = fakeClock();
    const events: ProgressEvent[] = [];
    const tracker = createProgressTracker({
      runId: RUN_ID,
      rows: [{ row: 2, name: 'A', status: 'pending' }],
      onEvent: (e) => events.push(e),
      clock,
      estimateMs: (calls) => calls * 600,
    });
    tracker.setRemainingCalls(50);
    expect(tracker.totals().etaMs).toBe(30_000);
  });
});
