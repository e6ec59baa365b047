import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { listRuns } from '../../main/import/journal/run-store';
import { learnerLine, savedLearners, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { CLI, ROOT } from './terminal';

/**
 * The terminal an import runs in is closed under it (its window shut, an SSH connection
 * dropped): the system sends SIGHUP. Before, the process ended where it stood, its run
 * record saying "interrupted, created 0" whatever it had made. Now it stops as Ctrl+C
 * stops it: the calls in flight finish, the run is recorded cancelled with what it made,
 * and `resume` finishes it, every learner once.
 */
/** Records in the journal of the data folder's one run (0 before it has one). */
function journalled(dir: string): number {
  const runs = path.join(dir, 'runs');
  const [run] = fs.existsSync(runs) ? fs.readdirSync(runs).filter((name) => fs.existsSync(path.join(runs, name, 'journal.jsonl'))) : [];
  return run ? fs.readFileSync(path.join(runs, run, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0;
}

async function until(condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 30_000) throw new Error('the run never journalled a learner');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the terminal closed under an import (SIGHUP)', () => {
  it('stops it cleanly, resumable, and the resume makes every learner once', async () => {
    const dir = tempDir('terminal-closed-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 40 }, (_, i) => learnerLine('HUP', i + 1)));
    const common = ['--data-dir', dir, '--budget', '10', '--rate-window-ms', '1000'];
    const child = spawn(process.execPath, [CLI, 'import', file, '--env', 'sandbox', '--org', '5740', '--yes', ...common], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.once('close', (exit) => resolve(exit)));
    // Once the run has journalled its first learner (its calls are paced at 10 a second: 40 learners take several).
    await until(() => journalled(dir) > 0);
    child.kill('SIGHUP');
    const code = await closed;

    expect(stderr).toContain('Stopping after the calls in flight');
    expect(code, stderr).toBe(1);
    const [run] = listRuns(dir);
    expect(run.state).toBe('cancelled');
    expect(run.counts.pending).toBeGreaterThan(0);
    const resumed = await runCli(['node', 'onefile-import', 'resume', run.runId, '--quiet', '--data-dir', dir, '--rate-window-ms', '1000']);
    expect(resumed).toBe(0);
    expect(listRuns(dir)[0]).toMatchObject({ runId: run.runId, state: 'completed', counts: { created: 40, failed: 0 } });
    expect(await savedLearners(dir, 'HUP')).toHaveLength(40);
  }, 60_000);
});
