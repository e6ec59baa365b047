import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../import/run-fixtures';
import { CLI, ROOT } from './terminal';

/**
 * A dry run of more rows than the plan lists (25 here, 20 listed) ended the list with
 * "and 5 more rows (the results report lists every row)": a dry run writes no report,
 * and the MIS officer looked for one that was nowhere. Now the line says so.
 */
describe('a dry run of more rows than its plan lists', () => {
  it('does not send the reader to a results report it never writes', async () => {
    const dir = tempDir('dry-run-rows-');
    const example = path.join(ROOT, 'examples', 'learners.xlsx');
    const stdout = await new Promise<string>((done, fail) => {
      execFile(process.execPath, [CLI, 'import', example, '--env', 'sandbox', '--org', '5740', '--dry-run', '--data-dir', dir], { cwd: ROOT, env: { ...process.env, CI: 'true' } }, (error, out, err) =>
        error ? fail(new Error(err)) : done(out),
      );
    });
    expect(stdout).toContain("  and 5 more rows (a dry run writes no report; the import's results report lists every row)\n");
    expect(fs.existsSync(path.join(dir, 'runs'))).toBe(false);
  });
});
