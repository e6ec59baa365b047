import { describe, expect, it } from 'vitest';
import { importUnderFaults } from '../../bench/reliability/faults';
import { FAST_RETRY } from '../import/run-fixtures';

/**
 * A whole import (directory, plan, run, reports) into a OneFile that fails 5% of calls
 * with 500, drops 2% of write answers after doing the work, expires every session
 * every 200 calls, and now and then answers a burst of 429s or slows to over a second:
 * it ends exactly where the same import into a well-behaved OneFile ends. Every fourth
 * learner is on a second row too (an aims report's Functional Skills aim, with a tutor
 * of its own), imported with the first.
 * `npm run soak` does the same with 500 learners and the engine's own retry pacing.
 */

describe('an import into a OneFile that keeps failing', () => {
  it('ends in the same state as a clean run, every learner, learning aim, unit summary and IQA once', async () => {
    const report = await importUnderFaults({ rows: 60, tag: 'FT9X', seed: 11, retry: FAST_RETRY });

    expect(report.cleanRun).toMatchObject({ state: 'completed', created: 60, failed: 0 });
    expect(report.faultyRun.messages).toEqual([]);
    expect(report.faultyRun).toMatchObject({ state: 'completed', created: 60, failed: 0 });
    expect(report.faulty).toEqual(report.clean);
    expect(report.clean).toHaveLength(60);
    // The faults did happen.
    expect(report.faults.serverErrors).toBeGreaterThan(0);
    expect(report.faults.lostAnswers).toBeGreaterThan(0);
    expect(report.faults.rateLimited).toBeGreaterThan(0);
    expect(report.faults.signIns).toBeGreaterThan(1);
  }, 120_000);
});
