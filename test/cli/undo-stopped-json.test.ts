import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResume } from '../../main/cli/resume-command';
import { runUndo } from '../../main/cli/undo-command';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { createdIds, importNewAndChanged, ioFor, isWrite, WINDOW, type Imported } from '../import/undo-fixtures';
import { until } from './journalled';

/**
 * `undo <runId> --json` stopped by the system (SIGTERM) part-way ended its JSON line with
 * `state: "cancelled"` and nothing else to go on: no message saying what stopped it and no
 * command to finish the undo, which a job keeping standard output only needs. Now it says
 * both, in the words and keys `import --json` uses (test/cli/stopped-json.test.ts).
 */

let sandbox: RunningSandbox;
let imported: Imported;

beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: WINDOW, rateLimit: 100 });
  imported = await importNewAndChanged(sandbox, tempDir('undo-stopped-json-'), 'STOPU', 30, []);
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
});

describe('undo --json stopped by SIGTERM part-way', () => {
  it('ends with a JSON line saying why it stopped, with the command that finishes the undo', async () => {
    const io = ioFor(sandbox);
    let stop: ((signal?: string) => void) | undefined;
    io.onInterrupt = (handler) => {
      stop = handler;
      return () => {};
    };
    const before = sandbox.calls.length;
    // Slow enough that 30 archives are still being sent when the stop comes.
    sandbox.switches.latencyMs = 100;
    try {
      const undoing = runUndo(imported.runId, { dataDir: imported.dataDir, json: true, yes: true, rateWindowMs: WINDOW }, io);
      // Once the undo's first archive has reached OneFile.
      await until(() => sandbox.calls.slice(before).some(isWrite), 'the undo never sent a write');
      stop!('SIGTERM');
      expect(await undoing, io.stderr.join('')).toBe(1);
    } finally {
      sandbox.switches.latencyMs = 0;
    }

    const line = lastJson(io.stdout);
    const resume = `onefile-import resume ${line.runId} --data-dir ${imported.dataDir}`;
    expect(line).toMatchObject({ undoOf: imported.runId, state: 'cancelled', archived: 30, resume });
    expect(line.pending).toBeGreaterThan(0);
    expect(line.message).toBe(`Stopped by the system (SIGTERM) before its end: ${line.pending} user${line.pending === 1 ? '' : 's'} not done yet, nothing lost. Carry on with: ${resume}`);

    // The command it names finishes the undo: every learner the import created is archived.
    const resumed = ioFor(sandbox);
    expect(await runResume(line.runId, { dataDir: imported.dataDir, json: true, rateWindowMs: WINDOW }, resumed), resumed.stderr.join('')).toBe(0);
    expect(lastJson(resumed.stdout)).toMatchObject({ runId: line.runId, state: 'completed', pending: 0, failed: 0 });
    expect(createdIds(sandbox, imported).every((id) => sandbox.store.user(id)!.Archived)).toBe(true);
  }, 60_000);
});
