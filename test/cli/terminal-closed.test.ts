import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { listRuns } from '../../main/import/journal/run-store';
import { learnerLine, savedLearners, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { journalled, until } from './journalled';
import { CLI, ROOT } from './terminal';

/**
 * The terminal an import runs in is closed under it (its window shut, an SSH connection
 * dropped): the system sends SIGHUP. Before, the process ended where it stood, its run
 * record saying "interrupted, created 0" whatever it had made. Now it stops as Ctrl+C
 * stops it: the calls in flight finish, the run is recorded cancelled with what it made,
 * and `resume` finishes it, every learner once.
 */
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
    await until(() => journalled(dir) > 0, 'the run never journalled a learner');
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
