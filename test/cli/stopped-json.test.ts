import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { journalled, until } from './journalled';
import { CLI, ROOT } from './terminal';

/**
 * A scheduled `import --json` stopped by the system (SIGTERM: a service stopped, a
 * machine shutting down) ended its JSON line with `state: "cancelled", message: null`;
 * why it stopped and the command to carry it on were said on standard error only, which
 * a job keeping standard output (`> $log`, journald's JSON line) does not have. Now the
 * JSON line says why it stopped and carries the resume command.
 */
describe('import --json stopped by SIGTERM', () => {
  it('ends with a JSON line saying why it stopped, with the command that carries it on', async () => {
    const dir = tempDir('stopped-json-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 40 }, (_, i) => learnerLine('TERM', i + 1)));
    const child = spawn(process.execPath, [CLI, 'import', file, '--env', 'sandbox', '--org', '5740', '--yes', '--json', '--data-dir', dir, '--budget', '10', '--rate-window-ms', '1000'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.once('close', (exit) => resolve(exit)));
    // Once the run has journalled its first learner (paced at 10 calls a second, 40 learners take several).
    await until(() => journalled(dir) > 0, 'the run never journalled a learner');
    child.kill('SIGTERM');
    expect(await closed, stderr).toBe(1);

    const line = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const resume = `onefile-import resume ${line.runId} --data-dir ${dir}`;
    expect(line).toMatchObject({ state: 'cancelled', resume });
    expect(line.pending).toBeGreaterThan(0);
    expect(line.message).toBe(`Stopped by the system (SIGTERM) before its end: ${line.pending} row${line.pending === 1 ? '' : 's'} not done yet, nothing lost. Carry on with: ${resume}`);
  }, 60_000);
});
