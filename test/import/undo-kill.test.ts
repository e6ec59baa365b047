import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUndo } from '../../main/cli/undo-command';
import { listRuns } from '../../main/import';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';
import { createdIds, existingLearners, importNewAndChanged, ioFor, isWrite, WINDOW, writeCounts } from './undo-fixtures';

/**
 * The undo command killed with SIGKILL part-way (no clean-up, perhaps half a journal
 * line, perhaps a call sent whose answer it never read), then run again: it carries on
 * the undo it started, and the sandbox's call log shows every archive and every email
 * put back sent exactly once.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin/onefile-import');
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: WINDOW, rateLimit: 100 });
}, 30_000);

afterAll(async () => {
  await sandbox?.close();
});

/**
 * Starts `undo` as its own process and kills it the moment the sandbox has received its
 * `writes`-th write: that call is sent and (after the sandbox's latency) done, but its
 * answer never reaches the command, so the journal holds its intent and nothing after.
 */
async function undoKilledAt(runId: string, dataDir: string, writes: number, from: number): Promise<'killed' | 'finished'> {
  const child = spawn(process.execPath, [CLI, 'undo', runId, '--data-dir', dataDir, '--json', '--rate-window-ms', String(WINDOW)], {
    cwd: ROOT,
    env: { ...process.env, ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let finished = false;
  void exited.then(() => (finished = true));
  while (!finished) {
    if (sandbox.calls.slice(from).filter(isWrite).length >= writes) {
      child.kill('SIGKILL');
      await exited;
      return 'killed';
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return 'finished';
}

describe('undo killed part-way and run again', () => {
  for (const [tag, killAt] of [['KILLA', 1], ['KILLB', 9]] as const) {
    it(`killed as write ${killAt} reaches OneFile, then carried on: every archive and every put-back sent once`, async () => {
      const imported = await importNewAndChanged(sandbox, tempDir('undo-kill-'), tag, 10, existingLearners(sandbox, 5, tag === 'KILLA' ? 10 : 20));
      const before = sandbox.calls.length;
      // Slow enough that the kill lands with calls in flight.
      sandbox.switches.latencyMs = 200;
      let outcome;
      try {
        outcome = await undoKilledAt(imported.runId, imported.dataDir, killAt, before);
      } finally {
        sandbox.switches.latencyMs = 0;
      }
      expect(outcome).toBe('killed');
      const undoRun = listRuns(imported.dataDir).find((r) => r.undo)!;
      expect(undoRun.state).toBe('interrupted');
      // The sandbox finishes what it received (the killed calls are done, no answer read): wait for that state.
      while (sandbox.calls.slice(before).some((call) => call.status === 0)) await new Promise((resolve) => setTimeout(resolve, 5));

      const io = ioFor(sandbox);
      const code = await runUndo(imported.runId, { dataDir: imported.dataDir, json: true, rateWindowMs: WINDOW }, { ...io, barStream: null });
      expect(code, io.stderr.join('')).toBe(0);
      expect(lastJson(io.stdout)).toMatchObject({ runId: undoRun.runId, state: 'completed', failed: 0 });

      const writes = writeCounts(sandbox, before);
      const expected = [...createdIds(sandbox, imported).map((id) => `/api/v2.1/User/${id}/Archive`), ...imported.changed.map((c) => `/api/v2.1/User/${c.id}`)];
      expect([...writes.keys()].sort()).toEqual(expected.sort());
      expect([...writes.values()].every((count) => count === 1), JSON.stringify([...writes])).toBe(true);
      for (const change of imported.changed) expect(sandbox.store.user(change.id)!.Email).toBe(change.before);
      for (const id of createdIds(sandbox, imported)) expect(sandbox.store.user(id)!.Archived).toBe(true);
    }, 120_000);
  }
});
