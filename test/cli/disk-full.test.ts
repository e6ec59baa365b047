import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../main/cli';
import { diskRefusal } from '../../main/cli/exit-codes';
import { listRuns } from '../../main/import/journal/run-store';
import { savedLearners, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * The disk filling up while a run writes its record: the run's whole-file writes (run.json,
 * reports) refused with ENOSPC from the Nth on, as a full disk refuses them. The command
 * must say so in words and end as "could not go on" (2), not crash (a stack, exit 1); the
 * run it stopped must resume, once there is room, creating no one twice.
 */
const disk = vi.hoisted(() => ({ writesLeft: Infinity, code: 'ENOSPC' }));
vi.mock('../../main/private-files', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../main/private-files')>();
  return {
    ...actual,
    writePrivateFileSync: (file: string, data: string | Uint8Array) => {
      if (file.includes(`${path.sep}runs${path.sep}`) && disk.writesLeft-- <= 0) {
        throw Object.assign(new Error(`${disk.code}: refused, write`), { code: disk.code, syscall: 'write', errno: disk.code === 'EIO' ? -5 : -28 });
      }
      actual.writePrivateFileSync(file, data);
    },
  };
});

afterEach(() => {
  disk.writesLeft = Infinity;
  disk.code = 'ENOSPC';
  vi.restoreAllMocks();
});

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await runCli(['node', 'onefile-import', ...args]), stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('a disk that fills up during a run', () => {
  // The run's record is written: at its making (plan, source, run.json), its heartbeat, as it starts, then as it ends.
  it.each([
    [4, 'as the run starts'],
    [5, 'as the run ends, every learner made'],
  ])('full from write %i on (%s): the command stops in words (exit 2), and the run resumes once there is room, creating no one twice', async (writes) => {
    const dir = tempDir('disk-full-');
    const file = writeCsv(dir, 'learners.csv', [1, 2, 3, 4, 5, 6].map((n) => learnerLine('FULL', n)));
    const common = ['--data-dir', dir, '--rate-window-ms', '500'];
    disk.writesLeft = writes;
    const stopped = await cli(['import', file, '--env', 'sandbox', '--org', '5740', '--yes', '--quiet', ...common]);
    expect(stopped.stderr).toContain(
      'The disk is full: a file in the data folder could not be written. Free some space on it, then run the command again. A run it stopped is listed by "onefile-import runs" and carries on with "onefile-import resume <runId>", creating nothing twice.\n',
    );
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    expect(stopped.code).toBe(2);

    disk.writesLeft = Infinity;
    const [run] = listRuns(dir);
    expect(run.state).toBe(writes === 4 ? 'planned' : 'interrupted');
    const resumed = await cli(['resume', run.runId, ...common]);
    expect([resumed.code, resumed.stderr]).toEqual([0, expect.stringContaining(`Resuming run ${run.runId}`)]);
    expect(listRuns(dir)[0]).toMatchObject({ runId: run.runId, state: 'completed', counts: { created: 6, failed: 0 } });
    expect((await savedLearners(dir, 'FULL')).map((l) => l.misid)).toEqual(['FULL001', 'FULL002', 'FULL003', 'FULL004', 'FULL005', 'FULL006']);
  });

  // A roaming profile's data folder on a college's file server, the connection dropping mid-run.
  it('a data folder on a network drive that stops answering (EIO): said so, exit 2, and the run resumes once it is back, creating no one twice', async () => {
    const dir = tempDir('disk-gone-');
    const file = writeCsv(dir, 'learners.csv', [1, 2, 3].map((n) => learnerLine('GONE', n)));
    const common = ['--data-dir', dir, '--rate-window-ms', '500'];
    disk.code = 'EIO';
    disk.writesLeft = 5;
    const stopped = await cli(['import', file, '--env', 'sandbox', '--org', '5740', '--yes', '--quiet', ...common]);
    expect(stopped.stderr).toContain(
      'The disk or network folder that holds a file in the data folder stopped answering: it could not be written. Reconnect it, or give --data-dir a folder on this computer, then run the command again.',
    );
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    expect(stopped.code).toBe(2);
    disk.writesLeft = Infinity;
    const [run] = listRuns(dir);
    expect((await cli(['resume', run.runId, ...common])).code).toBe(0);
    expect(listRuns(dir)[0]).toMatchObject({ runId: run.runId, state: 'completed', counts: { created: 3, failed: 0 } });
    expect((await savedLearners(dir, 'GONE')).map((l) => l.misid)).toEqual(['GONE001', 'GONE002', 'GONE003']);
  });

  it('diskRefusal: a full disk, a read-only one, no permission; nothing else', () => {
    expect(diskRefusal(Object.assign(new Error('x'), { code: 'ENOSPC', path: '/data/runs/1/run.json' }))).toMatch(/^The disk is full: \/data\/runs\/1\/run\.json could not be written\. Free some space on it/);
    expect(diskRefusal(Object.assign(new Error('x'), { code: 'EDQUOT' }))).toMatch(/^The disk is full: a file in the data folder could not be written/);
    expect(diskRefusal(Object.assign(new Error('x'), { code: 'EROFS', path: '/ro/x' }))).toMatch(/^The disk is read-only: \/ro\/x could not be written/);
    expect(diskRefusal(Object.assign(new Error('x'), { code: 'EACCES', path: '/x' }))).toMatch(/^You do not have permission to write \/x\./);
    expect(diskRefusal(Object.assign(new Error('x'), { code: 'ESTALE', path: '/net/x' }))).toMatch(/^The disk or network folder that holds \/net\/x stopped answering/);
    // A connection's codes come from calls to OneFile too: never read as the disk's.
    expect(diskRefusal(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(diskRefusal(Object.assign(new Error('x'), { code: 'ETIMEDOUT', syscall: 'connect' }))).toBeUndefined();
    expect(diskRefusal(Object.assign(new Error('x'), { code: 'toString' }))).toBeUndefined();
    expect(diskRefusal(new Error('a bug'))).toBeUndefined();
  });
});
