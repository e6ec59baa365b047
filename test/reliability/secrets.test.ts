import { describe, expect, it } from 'vitest';
import { secretsAfterARoughRun } from '../../bench/reliability/secrets';

/**
 * After a command-line import through every fault the sandbox has (500s, lost
 * answers, sessions expiring every 50 calls, 429 bursts, latency spikes), with a
 * distinctive customer token: neither it nor any session token OneFile issued is in
 * any file the run left or anything it printed, and no report cell would run as a
 * formula in a spreadsheet. (test/import and test/onefile check the same of single
 * artefacts; this is the whole run.)
 */

describe('secrets after a rough run', () => {
  it('no token in the data folder, the reports or the output, and no report cell runs as a formula', async () => {
    const report = await secretsAfterARoughRun({ rows: 20, tag: 'SC9X', seed: 5 });

    expect(report.run.code, report.run.stderr).toBeOneOf([0, 1]);
    expect(report.summary).toMatchObject({ state: 'completed', skipped: 3 });
    expect(report.sessionTokens, 'sessions expired and were renewed').toBeGreaterThanOrEqual(2);
    expect(report.faults.serverErrors + report.faults.lostAnswers).toBeGreaterThan(0);
    expect(report.filesSearched).toBeGreaterThanOrEqual(8);
    expect(report.leaks).toEqual([]);
    expect(report.injectionCellsSeen, 'the injection texts reached the reports').toBeGreaterThanOrEqual(6);
    expect(report.dangerousCells).toEqual([]);
  }, 120_000);
});
