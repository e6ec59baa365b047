import { describe, expect, it } from 'vitest';
import { crashAndResume, hasAimRow } from '../../bench/reliability/crash-resume';

/**
 * The command-line import of 60 learners (each with a standard, two units and an IQA
 * on the learning aim; every fourth on a second row too, an aims report's Functional
 * Skills aim with a tutor of its own) killed with SIGKILL five times at random moments, the run
 * resumed after each kill, some resumes killed too; then compared with a clean run of
 * the same file. `npm run soak` does the same with 500 learners and 50 kills.
 * (test/import/cli-kill.test.ts kills a smaller run once at chosen journal lines.)
 */

describe('an import killed again and again and resumed each time', () => {
  it('ends exactly as a clean run does: every learner, learning aim, unit summary and IQA once', async () => {
    const report = await crashAndResume({ rows: 60, kills: 5, seed: 20_251_123, tag: 'CR9X', windowMs: 1_000 });

    expect(report.killed, `kills: ${JSON.stringify(report.kills)}`).toBeGreaterThanOrEqual(3);
    expect(report.final.code, report.final.stderr).toBe(0);
    expect(report.final.state).toBe('completed');
    expect(report.stackTraces).toEqual([]);
    expect(report.duplicates).toBe(0);
    expect(report.missing).toBe(0);
    expect(report.different).toEqual([]);
    expect(report.crashed).toEqual(report.clean);
    expect(report.clean).toHaveLength(60);
    for (const learner of report.crashed) {
      // Every fourth learner is on a second row too: Functional Skills English, with a tutor of its own.
      const aimRow = hasAimRow(Number(String(learner.misid).slice(4)));
      expect(learner.aims, `${learner.misid}'s learning aims`).toEqual(aimRow ? [4001, 4005] : [4001]);
      expect(learner.units, `${learner.misid}'s unit summaries`).toEqual(['4001/KS_COMM1', '4001/KS_ORG1']);
      expect(learner.staff, `${learner.misid}'s IQA (and tutor)`).toHaveLength(aimRow ? 3 : 1);
    }
    // (Seven processes and a clean run: about 70 s alone, past two minutes on a loaded machine.)
  }, 300_000);
});
