import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import type { RunStateName } from '../../shared/contract-types';
import { writeCleanLearners } from '../e2e/helpers';
import { connectedService, upload } from './connected-service';

/**
 * While an import holds the app (running, or paused: it must be resumed or cancelled
 * first), the file it imports is not changed: main refuses every edit Review can make,
 * whatever the window asks, nor opens another file or reads this one another way (Load's
 * choices), and reading the rows still works. Once the import has ended,
 * the cells can be changed again (to fix the rows it could not import).
 */

let service: AppService;
let dataDir: string;

const FIRST_NAME = 1;

function stateIs(app: AppService, wanted: RunStateName[]): Promise<RunStateName> {
  return new Promise((resolve) => app.on('run-state', (event) => wanted.includes(event.state) && resolve(event.state)));
}

beforeAll(async () => {
  // 10 calls in a 3 s window: the run is paused long before its 50 writes are sent.
  ({ service, dataDir } = await connectedService('onefile-review-during-run-', { budgetPerMinute: 10, windowMs: 3_000 }));
  await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
  await service.handlers.checkReferences({ refresh: false });
  await service.handlers.planImport({ skipInvalid: false });
});

afterAll(async () => {
  await service?.close();
});

describe('Review while an import is running', () => {
  it('refuses every change to the file, in main, while the run is paused; reading the rows still works', async () => {
    const paused = stateIs(service, ['paused']);
    await service.handlers.startRun({});
    await service.handlers.pauseRun({});
    await paused;

    const running = /An import is running/;
    const { handlers } = service;
    await expect(handlers.updateCell({ index: 0, column: FIRST_NAME, value: 'Amy' })).rejects.toThrow(running);
    await expect(handlers.pasteCells({ cells: [{ index: 0, column: FIRST_NAME, value: 'Amy' }] })).rejects.toThrow(running);
    await expect(handlers.replaceInFile({ text: 'Amelia', replacement: 'Amy' })).rejects.toThrow(running);
    await expect(handlers.replaceInColumn({ column: FIRST_NAME, from: 'Amelia', to: 'Amy' })).rejects.toThrow(running);
    await expect(handlers.resolveValue({ field: 'Classroom', value: 'Business Admin L2', id: '', leaveOut: true, remember: false })).rejects.toThrow(running);
    await expect(handlers.undoChoice({ field: 'Classroom', value: 'Business Admin L2' })).rejects.toThrow(running);
    await expect(handlers.setEveryRow({ field: 'Observer', value: 'Kate Anderson' })).rejects.toThrow(running);
    await expect(handlers.setColumnField({ column: FIRST_NAME, field: null })).rejects.toThrow(running);

    const page = await handlers.getRows({ offset: 0, limit: 1, filter: 'all' });
    expect(page.rows[0].cells[FIRST_NAME]).toBe('Amelia');
  }, 60_000);

  it('opens no other file meanwhile, nor reads this one another way (Load: header row, encoding, a recent file)', async () => {
    const { handlers } = service;
    const before = await handlers.getState({});
    await expect(handlers.setReadOptions({ headerRow: 2 })).rejects.toThrow(/An import is running: the file is read as it was when the import started/);
    await expect(handlers.setReadOptions({ encoding: 'windows-1252' })).rejects.toThrow(/An import is running/);
    const recent = before.recentFiles[0];
    await expect(handlers.openRecentFile({ id: recent.id })).rejects.toThrow(/An import is running. Open the next file when it has finished/);
    await expect(handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'other'))))).rejects.toThrow(/An import is running/);
    const after = await handlers.getState({});
    expect(after.file?.version).toBe(before.file?.version);
    expect(after.file?.headerRow).toBe(1);
  }, 60_000);

  it("does not read the organisation from OneFile again meanwhile (the run's calls a minute are the run's); Review opening still has the names as checked", async () => {
    const { handlers } = service;
    await expect(handlers.checkReferences({ refresh: true })).rejects.toThrow(/An import is running: names are checked against OneFile again once it has finished/);
    expect((await handlers.checkReferences({ refresh: false })).referencesChecked).toBe(true);
  }, 60_000);

  it('lets the cells be changed again once the run has ended', async () => {
    const ended = stateIs(service, ['completed', 'failed', 'cancelled']);
    await service.handlers.cancelRun({});
    expect(await ended).toBe('cancelled');
    const edited = await service.handlers.updateCell({ index: 0, column: FIRST_NAME, value: 'Amy' });
    expect(edited.row.cells[FIRST_NAME]).toBe('Amy');
  }, 60_000);
});
