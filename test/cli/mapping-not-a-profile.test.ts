import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../import/run-fixtures';
import { CLI, ROOT } from './terminal';

/**
 * `--mapping` given the spreadsheet instead of its profile (the two files sit side by
 * side), or a folder. The first printed the workbook's first bytes, NUL and other control
 * characters among them, into the output: a scheduled job's log became a binary file
 * (`grep` answers "binary file matches"); the second printed Node's "EISDIR: illegal
 * operation on a directory, read". Now: plain words, one line, exit 2.
 */

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;
const example = path.join(ROOT, 'examples', 'learners.xlsx');

describe('--mapping given a file that is no mapping profile', () => {
  it('the spreadsheet itself: said in printable words on one line (exit 2), for check and import alike', async () => {
    const dir = tempDir('mapping-not-a-profile-');
    for (const command of [['check', example], ['import', example, '--env', 'sandbox', '--org', '5740', '--dry-run']]) {
      const said = await run([...command, '--mapping', example, '--data-dir', dir]);
      expect(said.code, said.stderr).toBe(2);
      expect(said.stderr).toMatch(/^learners\.xlsx: This mapping profile is not valid JSON: /);
      expect(said.stderr).not.toMatch(CONTROL);
      expect(said.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('a folder: said so, not as an error code of the system', async () => {
    const dir = tempDir('mapping-folder-');
    const said = await run(['check', example, '--mapping', dir, '--data-dir', dir]);
    expect([said.code, said.stderr]).toEqual([2, `Cannot read the mapping profile ${path.basename(dir)}: it is a folder, not a file.\n`]);
  });
});
