import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { writeCleanLearners } from '../e2e/helpers';
import { savedLearners } from '../import/cli-fixtures';

/**
 * Start import pressed twice before the first press has been answered (a double click, or
 * a second tab in browser mode). The second used to go as far as the engine, which refused
 * it for the first run's changes: "This plan read OneFile at ... Make the plan again", a red
 * notice over a run going well. Now it is told an import is running, before anything is
 * read or written; so is a second Undo (which had made a second undo run, never started).
 */

let service: AppService | undefined;
let dataDir = '';
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function planned(): Promise<AppService> {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-start-twice-'));
  const file = writeCleanLearners(path.join(dataDir, 'mis'));
  const opened = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), windowMs: 500 });
  await opened.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await opened.handlers.chooseOrganisation({ organisationId: 5740 });
  await opened.handlers.openFile({ fileName: path.basename(file), contentBase64: readFileSync(file).toString('base64') });
  await opened.handlers.planImport({ skipInvalid: false });
  return opened;
}

function ended(opened: AppService): Promise<string> {
  return new Promise((resolve) =>
    opened.on('run-state', (event) => {
      if (event.state === 'completed' || event.state === 'failed' || event.state === 'cancelled') resolve(event.state);
    }),
  );
}

const outcome = (result: PromiseSettledResult<{ runId: string }>) => (result.status === 'fulfilled' ? 'started' : (result.reason as Error).message);

describe('Start pressed twice at once', () => {
  it('starts one import and tells the second press one is running; every learner made once', async () => {
    service = await planned();
    const end = ended(service);
    const presses = await Promise.allSettled([service.handlers.startRun({}), service.handlers.startRun({})]);
    expect(presses.map(outcome)).toEqual(['started', 'An import is already running.']);
    expect(await end).toBe('completed');
    const runs = await service.handlers.listRuns({});
    expect(runs.map((run) => [run.state, run.counts.created])).toEqual([['completed', 25]]);
    await service.close();
    service = undefined;
    expect(await savedLearners(dataDir, 'BA24')).toHaveLength(25);
  });

  it('undoes once and tells the second Undo press an undo is running: one undo run in History', async () => {
    service = await planned();
    const imported = ended(service);
    const { runId } = await service.handlers.startRun({});
    expect(await imported).toBe('completed');
    const undone = ended(service);
    const presses = await Promise.allSettled([service.handlers.startUndo({ runId }), service.handlers.startUndo({ runId })]);
    expect(presses.map(outcome)).toEqual(['started', 'An import is running: undo a run when it has finished.']);
    expect(await undone).toBe('completed');
    const runs = await service.handlers.listRuns({});
    expect(runs.filter((run) => run.undoOf === runId)).toHaveLength(1);
  });
});
