import { describe, expect, it } from 'vitest';
import { planProgress } from '../../main/import/plan/progress';
import type { TaskProgress } from '../../main/import';

/**
 * The plan's progress words and figures (main/import/plan/progress.ts): the calls since
 * the plan began, the bar's share for the directory only where the plan read it, and the
 * time left for the users still to read at the calls a user took so far, the calls in
 * flight not counted twice.
 */
function fakeClient() {
  const stats = { sent: 40, inFlight: 0, queued: 0, rateLimited: 0, inWindow: 0 };
  const asked: number[] = [];
  // 100 ms a call at the rate limit, no latency measured.
  const client = { stats: () => ({ ...stats }), eta: (calls: number) => (asked.push(calls), calls * 100), latencyMs: () => undefined };
  return { client, stats, asked };
}

describe('a plan says how far it has read', () => {
  it('with the directory reused, the reads take the whole bar, and the time left is for the calls not yet sent', () => {
    const { client, stats, asked } = fakeClient();
    const told: TaskProgress[] = [];
    const progress = planProgress(client, (p) => told.push(p));
    progress.reads({ reads: 0, rowsToRead: 10, inFlight: 4 });
    expect(told[0]).toMatchObject({ value: 0, calls: 0, description: 'Reading the learners and staff the file matches in OneFile: 0 of 10' });
    // Four users read, two calls each, and four more calls in flight for the next two.
    stats.sent += 12;
    stats.inFlight = 4;
    progress.reads({ reads: 4, rowsToRead: 10, inFlight: 4 });
    expect(told[1]).toMatchObject({ value: 0.4, calls: 12, etaMs: 800 });
    // Six users left at two calls each, less the four already sent.
    expect(asked[asked.length - 1]).toBe(8);
    stats.sent += 8;
    stats.inFlight = 0;
    progress.reads({ reads: 10, rowsToRead: 10, inFlight: 4 });
    expect(told[2]).toMatchObject({ value: 1, calls: 20, etaMs: 0, description: 'Reading the learners and staff the file matches in OneFile: 10 of 10' });
  });

  it('with the directory read afresh, it has the first fifth of the bar', () => {
    const { client, stats } = fakeClient();
    const told: TaskProgress[] = [];
    const progress = planProgress(client, (p) => told.push(p));
    stats.sent += 3;
    progress.directory({ step: 'learners', records: 1200, calls: 3, stepsDone: 7 });
    expect(told[0]).toMatchObject({ value: 0.2, calls: 3, description: "Reading the organisation's directory: 1,200 learners so far (7 of 7 kinds done)" });
    progress.reads({ reads: 0, rowsToRead: 2, inFlight: 4 });
    progress.reads({ reads: 1, rowsToRead: 2, inFlight: 4 });
    expect(told.map((p) => Math.round(p.value * 100) / 100)).toEqual([0.2, 0.2, 0.6]);
  });
});
