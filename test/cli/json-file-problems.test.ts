import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * `import --json` of a file with problems of its own (no column for Assessor, which every
 * new learner needs) gave the reason "Nothing was imported: the file has problems to fix
 * first (above)". In a log of the JSON line nothing is above it: the problems are in its
 * `fileIssues`. Now the reason says so.
 */
describe('import --json of a file with problems of its own', () => {
  it('points its reason at fileIssues, where the problems are, not at lines above it', async () => {
    const dir = tempDir('json-file-problems-');
    const file = path.join(dir, 'no-assessor.csv');
    fs.writeFileSync(file, ['Forename,Surname,Class,Employer', 'Amelia,Hughes,Business Admin L2,BT - Manchester'].join('\r\n'));
    const io = capturedIo();
    const code = await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, rateWindowMs: 500 }, io);
    expect(code, io.stderr.join('')).toBe(2);
    const line = lastJson(io.stdout);
    expect(line).toMatchObject({ state: 'not-started', reason: 'Nothing was imported: the file has problems to fix first (in fileIssues).' });
    expect(line.fileIssues).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('No column is mapped to Assessor') })]);
    expect(io.stdout.join('') + io.stderr.join('')).not.toContain('(above)');
  }, 60_000);
});
