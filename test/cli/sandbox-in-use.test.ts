import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { learnerLine, savedLearners, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
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

/** Records in the journal of the data folder's one run (0 before it has one). */
function journalled(dir: string): number {
  const runs = path.join(dir, 'runs');
  const [run] = fs.existsSync(runs) ? fs.readdirSync(runs).filter((name) => fs.existsSync(path.join(runs, name, 'journal.jsonl'))) : [];
  return run ? fs.readFileSync(path.join(runs, run, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0;
}

async function until(condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 30_000) throw new Error('the import never journalled a learner');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the built-in sandbox of a data folder used by two commands at once', () => {
  it('refuses the second in words (exit 2), and the running import keeps every learner it made', async () => {
    const dir = tempDir('sandbox-in-use-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 30 }, (_, i) => learnerLine('BOTH', i + 1)));
    const importing = command(['import', file, '--env', 'sandbox', '--org', '5740', '--quiet', '--data-dir', dir, '--budget', '10', '--rate-window-ms', '1000']);
    // Once the import has journalled its first learner (its calls paced at 10 a second, 30 learners take several).
    await until(() => journalled(dir) > 0);

    const checking = await command(['check', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dir]).exited;
    expect(checking.code, checking.stderr).toBe(2);
    expect(checking.stderr).toContain(`The built-in sandbox of the data folder ${dir} is in use by another command`);
    expect(checking.stderr).toContain('give this command another --data-dir');

    const imported = await importing.exited;
    expect(imported.code, imported.stderr).toBe(0);
    expect(await savedLearners(dir, 'BOTH')).toHaveLength(30);
  }, 60_000);
});
