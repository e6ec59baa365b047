import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { savedLearners } from '../import/cli-fixtures';
import { connectedService, upload } from './connected-service';

/**
 * The disk filling up under the app while an import runs: every whole-file write of the
 * data folder refused with ENOSPC from a moment on (the run's record, what the client
 * learns of OneFile), as a full disk refuses them. The run must end saying so in words,
 * be shown in History as stopped (not running), and resume once there is room, making
 * no learner twice.
 */
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('../../main/private-files', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../main/private-files')>();
  const refuse = () => {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', errno: -28 });
  };
  return {
    ...actual,
    writePrivateFileSync: (file: string, data: string | Uint8Array) => (disk.full ? refuse() : actual.writePrivateFileSync(file, data)),
    writePrivateFile: async (file: string, data: string | Uint8Array) => (disk.full ? refuse() : actual.writePrivateFile(file, data)),
  };
});

let service: AppService | undefined;
afterEach(async () => {
  disk.full = false;
  await service?.close();
  service = undefined;
});

function learnersFile(dataDir: string, tag: string, count: number): string {
  const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement,Framework Template';
  const lines = Array.from({ length: count }, (_, i) => {
    const misid = `${tag}${String(i + 1).padStart(3, '0')}`;
    return [misid, `Learner${i + 1}`, 'Full', `${misid.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Customer Service Practitioner L2 with English'].join(',');
  });
  const folder = path.join(dataDir, 'mis');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${tag}.csv`);
  writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

describe('a full disk during an import, in the app', () => {
  it('ends the run in words, shows it stopped in History, and resumes it once there is room, making no learner twice', async () => {
    const connected = await connectedService('onefile-disk-full-');
    service = connected.service;
    const { dataDir } = connected;
    await service.handlers.openFile(upload(learnersFile(dataDir, 'DFULL', 6)));
    await service.handlers.checkReferences({ refresh: false });
    await service.handlers.planImport({ skipInvalid: false });

    const ended = new Promise<{ state: string; message: string | null }>((resolve) =>
      service!.on('run-state', (event) => {
        if (event.state === 'completed' || event.state === 'failed') resolve({ state: event.state, message: event.message ?? null });
      }),
    );
    const { runId } = await service.handlers.startRun({});
    // Started (its record says running); from now on the disk takes no whole file.
    disk.full = true;
    const end = await ended;
    expect(end).toEqual({
      state: 'failed',
      message: 'The disk is full: a file in the data folder could not be written. Free some space on that disk, then resume the import from History: nothing is created twice.',
    });

    disk.full = false;
    const [shown] = await service.handlers.listRuns({});
    expect(shown).toMatchObject({ runId, state: 'interrupted', resumable: true });
    // No row failed for it: what the client learnt of OneFile (after the first template) not saved is not a row's failure.
    expect(shown.counts.failed).toBe(0);
    const resumed = new Promise<string>((resolve) =>
      service!.on('run-state', (event) => {
        if (event.state === 'completed' || event.state === 'failed') resolve(event.state);
      }),
    );
    await service.handlers.resumeFromHistory({ runId });
    expect(await resumed).toBe('completed');
    await service.close();
    service = undefined;
    const learners = await savedLearners(dataDir, 'DFULL');
    expect(learners.map((l) => l.misid)).toEqual(['DFULL001', 'DFULL002', 'DFULL003', 'DFULL004', 'DFULL005', 'DFULL006']);
    // The template once each: its two standards, not four.
    expect(learners.map((l) => l.aims.length)).toEqual([2, 2, 2, 2, 2, 2]);
  });
});
