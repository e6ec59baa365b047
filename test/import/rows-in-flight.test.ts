import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/import/journal/journal';
import type { RunnerClient } from '../../main/import/run/perform';
import { CALM_CALLS, FEWEST_ROWS_IN_FLIGHT, MOST_ROWS_IN_FLIGHT, parseRowsInFlight, RowsInFlight } from '../../main/import/run/rows-in-flight';
import { createRunner } from '../../main/import/run/runner';
import type { RunningSandbox } from '../../main/sandbox';
import { clientFor, fastSandbox, FAST_LOOKS_MS, FAST_RETRY, learnersPlan, learnersState, tempDir } from './run-fixtures';

const minute = { budget: 100, windowMs: 60_000 };
const pace = (latency: number | undefined, limit = minute) => ({ limit, latencyMs: () => latency });

describe('rows in flight, decided', () => {
  it('keeps a number the user gave, whatever the latency', () => {
    expect(new RowsInFlight(1, pace(5_000)).target()).toBe(1);
    expect(new RowsInFlight(6, pace(10)).target()).toBe(6);
  });

  it('starts automatic runs at the fewest, before any call has been answered', () => {
    expect(new RowsInFlight('auto', pace(undefined)).target()).toBe(FEWEST_ROWS_IN_FLIGHT);
    expect(new RowsInFlight(undefined, undefined).target()).toBe(FEWEST_ROWS_IN_FLIGHT);
  });

  it('covers OneFile latency at 100 calls a minute: more rows for slower answers, never past the most', () => {
    // 300 ms a call at 100 a minute needs half a row; the fewest is plenty.
    expect(new RowsInFlight('auto', pace(300)).target()).toBe(FEWEST_ROWS_IN_FLIGHT);
    // 2 s a call: 100/60 000 × 2 000 = 3.3 rows busy at once; with headroom (× 3), 10.
    expect(new RowsInFlight('auto', pace(2_000)).target()).toBe(10);
    // 10 s a call would need 34: capped.
    expect(new RowsInFlight('auto', pace(10_000)).target()).toBe(MOST_ROWS_IN_FLIGHT);
  });

  it('counts the runner’s own time between a row’s calls, by its median', () => {
    const rows = new RowsInFlight('auto', pace(2_000));
    for (const ms of [400, 400, 400, 90_000]) rows.recordTimeBetweenCalls(ms);
    // (2 000 + 400) × 100/60 000 × 3 = 12; the one 90 s gap (a pause, a retry's wait) is not the median.
    expect(rows.target()).toBe(12);
  });

  it('follows the limiter when it is reconfigured mid-run', () => {
    const limit = { budget: 100, windowMs: 60_000 };
    const rows = new RowsInFlight('auto', pace(2_000, limit));
    expect(rows.target()).toBe(10);
    limit.budget = 300;
    expect(rows.target()).toBe(MOST_ROWS_IN_FLIGHT);
  });

  it('holds to the fewest while OneFile struggles, and goes back up after CALM_CALLS calls answered well', () => {
    const rows = new RowsInFlight('auto', pace(2_000));
    expect(rows.target()).toBe(10);
    rows.recordCall(true); // a 5xx, a lost answer, a refused session...
    expect(rows.target()).toBe(FEWEST_ROWS_IN_FLIGHT);
    for (let i = 0; i < CALM_CALLS - 1; i++) rows.recordCall(false);
    expect(rows.target()).toBe(FEWEST_ROWS_IN_FLIGHT);
    rows.recordCall(false);
    expect(rows.target()).toBe(10);
    // A number the user gave is kept whatever happens.
    const fixed = new RowsInFlight(8, pace(2_000));
    fixed.recordCall(true);
    expect(fixed.target()).toBe(8);
  });

  it('reads the command line’s setting', () => {
    expect(parseRowsInFlight('auto')).toBe('auto');
    expect(parseRowsInFlight(' 8 ')).toBe(8);
    expect(parseRowsInFlight('0')).toBeUndefined();
    expect(parseRowsInFlight('65')).toBeUndefined();
    expect(parseRowsInFlight('lots')).toBeUndefined();
  });
});

const open: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** The client, with the most writes it ever had in flight at once counted. */
function countingWrites(client: ReturnType<typeof clientFor>): { client: RunnerClient; peak: () => number } {
  let now = 0;
  let peak = 0;
  const counted = <A extends unknown[], R>(send: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      now += 1;
      peak = Math.max(peak, now);
      try {
        return await send(...args);
      } finally {
        now -= 1;
      }
    };
  return {
    client: {
      ...client,
      createUser: counted(client.createUser),
      updateUser: counted(client.updateUser),
      assignUser: counted(client.assignUser),
      assignFrameworkTemplate: counted(client.assignFrameworkTemplate),
      assignStandard: counted(client.assignStandard),
      assignUnit: counted(client.assignUnit),
    },
    peak: () => peak,
  };
}

async function runWith(latencyMs: number, concurrency: number | 'auto' | undefined, tag: string) {
  // 100 calls per second; 40 ms a call needs 4 calls in flight, 12 with headroom.
  const sandbox = await fastSandbox({ rateLimit: 100, windowMs: 1_000, latencyMs });
  open.push(sandbox);
  const base = clientFor(sandbox);
  base.limiter.configure({ budget: 100, windowMs: 1_000 });
  const { client, peak } = countingWrites(base);
  const journal = openJournal(path.join(tempDir('rows-in-flight-'), 'journal.jsonl'));
  const runner = createRunner({ runId: '20250102T030405678Z-r1f1a1', plan: learnersPlan(24, tag), client, journal, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, concurrency });
  const outcome = await runner.run();
  journal.close();
  await base.close();
  return { outcome, peak: peak(), sandbox };
}

describe('the runner with automatic rows in flight', () => {
  it('puts more rows in flight when OneFile answers slowly, and each learner is still created once', async () => {
    const { outcome, peak, sandbox } = await runWith(40, undefined, 'SLOW');
    expect(outcome.state).toBe('completed');
    expect(peak).toBeGreaterThan(FEWEST_ROWS_IN_FLIGHT);
    expect(peak).toBeLessThanOrEqual(MOST_ROWS_IN_FLIGHT);
    const learners = learnersState(sandbox, 'SLOW');
    expect(learners).toHaveLength(24);
    expect(new Set(learners.map((l) => l.misid)).size).toBe(24);
  });

  it('takes rows out of flight when OneFile speeds up again, and still finishes every row', async () => {
    const sandbox = await fastSandbox({ rateLimit: 100, windowMs: 1_000, latencyMs: 60 });
    open.push(sandbox);
    const base = clientFor(sandbox);
    base.limiter.configure({ budget: 100, windowMs: 1_000 });
    const { client, peak } = countingWrites(base);
    const journal = openJournal(path.join(tempDir('rows-in-flight-'), 'journal.jsonl'));
    const runner = createRunner({
      runId: '20250102T030405678Z-r1f1a2',
      plan: learnersPlan(40, 'SHRINK'),
      client,
      journal,
      retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS,
      progress: { intervalMs: 0 },
      onEvent: (event) => {
        // Half way, OneFile answers at once: fewer rows are wanted, and the workers beyond them stop.
        if (event.totals.done >= 10) sandbox.switches.latencyMs = 0;
      },
    });
    const outcome = await runner.run();
    journal.close();
    await base.close();
    expect(peak()).toBeGreaterThan(FEWEST_ROWS_IN_FLIGHT);
    expect(outcome.state).toBe('completed');
    expect(outcome.results.filter((r) => r.action !== 'created')).toEqual([]);
    const learners = learnersState(sandbox, 'SHRINK');
    expect(new Set(learners.map((l) => l.misid)).size).toBe(40);
    expect(learners).toHaveLength(40);
  });

  it('keeps to a number of rows in flight the user set', async () => {
    const { outcome, peak } = await runWith(40, 2, 'FIXED');
    expect(outcome.state).toBe('completed');
    expect(peak).toBe(2);
  });
});
