import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../import/run-fixtures';
import { CLI, ROOT } from './terminal';

/**
 * `onefile-import sandbox --reset --state X` while another process has X open (a sandbox
 * left running in another window, or an import on the data folder's built-in sandbox)
 * deleted X under it, then said the sandbox could not start: the other one went on
 * writing into a file no longer there, and all it held was gone at its next start. Now
 * the reset is refused in words, exit 2, as the other commands are, and X is kept.
 */

function command(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  /** Resolves with the first line on standard output (the sandbox's, once it listens); rejects if the command ends first. */
  const firstLine = () =>
    new Promise<string>((resolve, reject) => {
      const seen = () => stdout.includes('\n') && resolve(stdout.split('\n')[0]);
      child.stdout.on('data', seen);
      seen();
      void exited.then(({ code }) => reject(new Error(`ended (exit ${code}) before a line: ${stderr}`)));
    });
  return { child, exited, firstLine };
}

const running: Array<ReturnType<typeof command>> = [];
afterEach(async () => {
  for (const started of running.splice(0)) {
    started.child.kill('SIGTERM');
    await started.exited;
  }
});

describe('sandbox --reset of a state file another process has open', () => {
  it('is refused in words, exit 2, and the file is kept', async () => {
    const dir = tempDir('sandbox-reset-in-use-');
    const state = path.join(dir, 'sandbox.jsonl');
    const holding = command(['sandbox', '--state', state, '--json']);
    running.push(holding);
    // Listening, so it has the file open (and its lock).
    expect(JSON.parse(await holding.firstLine())).toHaveProperty('baseUrl');
    const before = fs.readFileSync(state, 'utf8');

    const resetting = await command(['sandbox', '--reset', '--state', state, '--json']).exited;
    expect(resetting.code, resetting.stderr).toBe(2);
    expect(resetting.stderr).toContain(`The sandbox data ${state} is open in another sandbox (process ${holding.child.pid})`);
    expect(resetting.stderr).toContain('Nothing was deleted.');
    expect(resetting.stdout).toBe('');
    expect(fs.existsSync(state)).toBe(true);
    expect(fs.readFileSync(state, 'utf8')).toBe(before);
  }, 60_000);
});
