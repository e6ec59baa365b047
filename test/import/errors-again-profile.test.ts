import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResolve } from '../../main/cli/resolve-command';
import { capturedIo, lastJson, learnerLine, savedLearners, writeCsv } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * The weekly file names its standard as the MIS does ("Business Administrator"), settled
 * once with `resolve` and saved in the mapping profile for its columns. A row the import
 * skipped goes to the errors report, which the user fixes and imports again as the
 * README says: the report's own columns (OneFile user ID, Error, Error column, Step)
 * do not make it another set of columns, so it finds the same profile and the choice in
 * it, and imports with no name to resolve again.
 */

const FAST = { rateWindowMs: 500 };
const MIS_NAME = 'Business Administrator';

describe('an errors report imported again', () => {
  it('finds the mapping profile saved for the original file, with the names chosen for it', async () => {
    const dir = tempDir('errors-again-');
    const lines = [learnerLine('AGN', 1), learnerLine('AGN', 2, { email: 'broken@' }), learnerLine('AGN', 3)].map((line) => line.replace('Business Administrator Level 3', MIS_NAME));
    const file = writeCsv(dir, 'week-48.csv', lines);

    const resolved = capturedIo();
    const accept = [`Standard:${MIS_NAME}=Business Administrator Level 3`];
    expect(await runResolve(file, { env: 'sandbox', org: 5740, dataDir: dir, accept, json: true, ...FAST }, resolved), resolved.stderr.join('')).toBe(0);

    const first = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, skipInvalid: true, ...FAST }, first)).toBe(1);
    const summary = lastJson(first.stdout);
    expect(summary).toMatchObject({ created: 2, skipped: 1 });

    // The errors report, its one row fixed, imported as it is.
    const errors = fs.readFileSync(summary.reports.errors.csv, 'utf8');
    expect(errors.split('\n')[0]).toMatch(/Error/);
    const fixed = path.join(dir, 'week-48-errors-fixed.csv');
    fs.writeFileSync(fixed, errors.replace('broken@', 'agn002@learners.example.com'));

    const dry = capturedIo();
    expect(await runImport(fixed, { env: 'sandbox', org: 5740, dataDir: dir, json: true, dryRun: true, ...FAST }, dry), dry.stderr.join('')).toBe(0);
    const plan = lastJson(dry.stdout);
    expect(plan.profile).toMatchObject({ source: 'saved', path: resolved.stderr.join('').match(/(\S+\.json)/)?.[1] });
    expect(plan.resolve).toBeNull();

    const again = capturedIo();
    expect(await runImport(fixed, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, again), again.stderr.join('')).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 1, failed: 0, skipped: 0 });
    const learners = await savedLearners(dir, 'AGN');
    expect(learners.map((learner) => [learner.misid, learner.aims.join()])).toEqual([
      ['AGN001', '4001'],
      ['AGN002', '4001'],
      ['AGN003', '4001'],
    ]);
  }, 60_000);
});
