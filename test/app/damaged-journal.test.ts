import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { NotificationEvent, RunStateEvent } from '../../shared/contract-types';
import { runImport } from '../../main/cli/import-command';
import { listRuns, runPaths, updateRun } from '../../main/import/journal/run-store';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { capturedIo, learnerLine, savedLearners, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * The app resuming, from History, a run whose journal has a damaged line: the run view
 * carries the warning (which line, what the resume does) and a notice says it, and
 * the run ends with nothing twice. (test/import/damaged-journal.test.ts drives the
 * same through the command line, with the writes the damage would have duplicated.)
 */

let service: AppService | undefined;
afterAll(async () => {
  await service?.close();
});

describe('the app resuming a run with a damaged journal', () => {
  it('shows which line was damaged and that OneFile is checked first, in the run view and a notice', async () => {
    const dataDir = tempDir('service-damaged-');
    const tag = 'SVD';
    const file = writeCsv(dataDir, 'learners.csv', [1, 2, 3, 4].map((n) => learnerLine(tag, n)));
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir, json: true, rateWindowMs: 500 }, capturedIo())).toBe(0);
    const [run] = listRuns(dataDir);
    // As if the process had died mid-run and the disk had garbled a line of its journal since.
    updateRun(dataDir, run.runId, { state: 'interrupted' });
    const journal = runPaths(dataDir, run.runId).journal;
    const lines = fs.readFileSync(journal, 'utf8').split('\n');
    lines[4] = lines[4].replace(/"kind":"/, '"kind":\u0000"');
    fs.writeFileSync(journal, lines.join('\n'));

    service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });
    const notices: NotificationEvent[] = [];
    service.on('notification', (event) => notices.push(event));
    const ended = new Promise<RunStateEvent>((resolve) => {
      service!.on('run-state', (event) => {
        if (['completed', 'failed', 'cancelled'].includes(event.state)) resolve(event);
      });
    });

    const view = await service.handlers.resumeFromHistory({ runId: run.runId });
    expect(view.message).toMatch(/journal \(journal\.jsonl\) has 1 damaged line \(line 5\).*checks in OneFile (the one operation|each of the \d+ operations) the journal does not prove done/);
    expect(notices).toContainEqual(expect.objectContaining({ level: 'warning', title: "The run's journal was damaged", message: view.message }));

    const final = await ended;
    expect(final.state).toBe('completed');
    expect(final.message).toBe(view.message);
    await service.close();
    service = undefined;
    const learners = await savedLearners(dataDir, tag);
    expect(learners).toHaveLength(4);
    for (const learner of learners) {
      expect(learner.aims).toEqual([4001]);
      expect(learner.units).toEqual(['KS_COMM1', 'KS_ORG1']);
    }
  }, 60_000);
});
