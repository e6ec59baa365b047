import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listRuns } from '../../main/import/journal/run-store';
import { learnerLine, savedLearners, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { CLI, ROOT } from './terminal';

/**
 * `onefile-import import learners.csv --yes | head -2`: the program reading the output stops
 * reading after its first lines. Before, the next write failed with EPIPE and the import
 * died there with a stack trace, exit 1. Now the run goes on to its end and exits with its
 * own code. The output is closed as soon as its first piece arrives; the import then still
 * has most of its calls to make (more than the budget of one window), so its last lines
 * are written after the reader has gone.
 */
describe('the output closed by its reader half-way through an import', () => {
  it('does not stop the import: it runs to its end, exit 0, every learner once', async () => {
    const dir = tempDir('output-closed-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 60 }, (_, i) => learnerLine('PIPE', i + 1)));
    const child = spawn(process.execPath, [CLI, 'import', file, '--env', 'sandbox', '--org', '5740', '--yes', '--data-dir', dir, '--rate-window-ms', '3000'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number>((resolve) => child.once('close', (exit) => resolve(exit ?? -1)));

    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code, stderr).toBe(0);
    expect(listRuns(dir)[0]).toMatchObject({ state: 'completed', counts: { created: 60, failed: 0 } });
    expect(await savedLearners(dir, 'PIPE')).toHaveLength(60);
  }, 60_000);
});
