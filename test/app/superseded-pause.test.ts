import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/import/journal/journal';
import { createRun, readRun, readRunPlan, readRunSource, runPaths } from '../../main/import/journal/run-store';
import type { AppService } from '../../main/service/app-service';
import type { RunStateName } from '../../shared/contract-types';
import { learnerLine, writeCsv } from '../import/cli-fixtures';
import { connectedService, upload } from './connected-service';

/**
 * An import paused in the app while another program (the command line's weekly job, in
 * the same data folder) imports into the same organisation: the paused run's plan no
 * longer says what OneFile holds, and going on would make again what the other made.
 * Resuming it is refused, saying why; it can still be cancelled, and History offers no
 * Resume for it. (test/import/superseded-run.test.ts: the same for a killed run.)
 */

let service: AppService | undefined;
afterAll(async () => {
  await service?.close();
});

function stateIs(app: AppService, wanted: RunStateName[]): Promise<RunStateName> {
  return new Promise((resolve) => app.on('run-state', (event) => wanted.includes(event.state) && resolve(event.state)));
}

/** What another run's journal holds once it has sent a write: its intent, after this plan read OneFile. */
function anotherRunWrote(dataDir: string, like: string): string {
  const model = readRun(dataDir, like);
  const other = createRun(
    dataDir,
    { ...model, file: { ...model.file, name: 'weekly.csv' }, process: undefined, reports: undefined },
    readRunPlan(dataDir, like),
    readRunSource(dataDir, like),
  );
  // It imports a learner of the paused run's file: the first row's creation.
  const [row] = readRunPlan(dataDir, like).rows;
  const journal = openJournal(runPaths(dataDir, other.runId).journal);
  journal.append({ type: 'intent', at: new Date().toISOString(), runId: other.runId, row: row.row, operationId: row.operations[0].id, kind: row.operations[0].kind, attempt: 1 });
  journal.close();
  return other.runId;
}

describe('an import paused in the app while another run imports into the organisation', () => {
  it('is not resumed, says why, and can still be cancelled', async () => {
    const started = await connectedService('onefile-superseded-pause-', { budgetPerMinute: 10, windowMs: 1_000 });
    service = started.service;
    const { dataDir } = started;
    const file = writeCsv(dataDir, 'learners.csv', Array.from({ length: 8 }, (_, n) => learnerLine('SPA', n + 1)));
    await service.handlers.openFile(upload(file));
    await service.handlers.checkReferences({ refresh: false });
    await service.handlers.planImport({ skipInvalid: false });

    const paused = stateIs(service, ['paused']);
    const { runId } = await service.handlers.startRun({});
    await service.handlers.pauseRun({});
    await paused;

    const other = anotherRunWrote(dataDir, runId);
    await expect(service.handlers.resumeRun({})).rejects.toThrow(new RegExp(`Run ${runId} is not resumed: .*run ${other}.* Cancel this run first\\.`));

    const cancelled = stateIs(service, ['cancelled']);
    await service.handlers.cancelRun({});
    await cancelled;
    const history = await service.handlers.listRuns({});
    const view = history.find((run) => run.runId === runId)!;
    expect(view).toMatchObject({ resumable: false });
    expect(view.superseded).toContain(`run ${other}`);
  }, 60_000);
});
