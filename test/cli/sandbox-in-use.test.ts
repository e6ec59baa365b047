import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { learnerLine, savedLearners, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { journalled, until } from './journalled';
import { CLI, ROOT } from './terminal';

/**
 * Two commands on the built-in sandbox of one data folder at once (a scheduled import and
 * a person's `check --env sandbox`, or the same import started twice). Each loaded the
 * sandbox's data and wrote it back its own way: the second one's start rewrote the file
 * under the first, whose learners, though reported created, were gone from the sandbox
 * (the next import made them again). Now the second command is refused in words, exit 2,
 * and the first one's learners are all kept.
 */

function command(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('close', (code) => resolve({ code, stderr })));
  return { exited };
}

describe('the built-in sandbox of a data folder used by two commands at once', () => {
  it('refuses the second in words (exit 2), and the running import keeps every learner it made', async () => {
    const dir = tempDir('sandbox-in-use-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 30 }, (_, i) => learnerLine('BOTH', i + 1)));
    const importing = command(['import', file, '--env', 'sandbox', '--org', '5740', '--quiet', '--data-dir', dir, '--budget', '10', '--rate-window-ms', '1000']);
    // Once the import has journalled its first learner (its calls paced at 10 a second, 30 learners take several).
    await until(() => journalled(dir) > 0, 'the import never journalled a learner');

    const checking = await command(['check', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dir]).exited;
    expect(checking.code, checking.stderr).toBe(2);
    expect(checking.stderr).toContain(`The built-in sandbox of the data folder ${dir} is in use by another command`);
    expect(checking.stderr).toContain('give this command another --data-dir');

    const imported = await importing.exited;
    expect(imported.code, imported.stderr).toBe(0);
    expect(await savedLearners(dir, 'BOTH')).toHaveLength(30);
  }, 60_000);
});
