import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { CLI, ROOT } from './terminal';

/**
 * The built-in sandbox's data file damaged (not one at all, or a line in the middle torn
 * by a full disk). The command crashed with a stack trace and exit 1, which says some
 * rows failed, and `--json` printed nothing for the script's log; its words said "start
 * with --reset", an option of the sandbox command only. Now: the file named, what to do,
 * exit 2, and the not-started line.
 */

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe("the built-in sandbox's data file damaged", () => {
  it.each([
    ['not a sandbox state file', 'garbage\n', 'is not a OneFile sandbox state file (version 1)'],
    ['a line torn in the middle', `${JSON.stringify({ format: 'onefile-sandbox-state', version: 1, seed: 1 })}\n{"kind":"user","rec\n{}\n`, 'is damaged at line 2'],
  ])('%s: import and check say which file and what to do (exit 2), no stack trace', async (_case, content, problem) => {
    const dir = tempDir('sandbox-damaged-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('DMG', 1)]);
    const state = sandboxStatePath(dir);
    fs.mkdirSync(path.dirname(state), { recursive: true });
    fs.writeFileSync(state, content);

    const imported = await run(['import', file, '--env', 'sandbox', '--org', '5740', '--json', '--data-dir', dir]);
    expect(imported.code, imported.stderr).toBe(2);
    expect(imported.stderr).not.toMatch(/\n\s+at /);
    const said = `${state} ${problem}: it holds the built-in sandbox's data. Delete it and the sandbox starts again from its example data (what was imported into it is forgotten). Nothing was sent.`;
    expect(imported.stderr).toBe(`${said}\n`);
    expect(JSON.parse(imported.stdout)).toMatchObject({ state: 'not-started', reason: said });

    const checked = await run(['check', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dir]);
    expect([checked.code, checked.stderr]).toEqual([2, `${said}\n`]);
  });
});
