import { afterEach, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { listRuns } from '../../main/import/journal/run-store';
import { savedLearners } from '../import/cli-fixtures';
import { connectedService, upload, writeCsv } from './connected-service';

/**
 * A run's record counts what it has made as it goes, not only at its end: a run stopped
 * part-way (killed, the disk filled, the app closed) is listed in History and by `runs`
 * with the learners it created, not "created 0" until it is resumed.
 */
let service: AppService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('a run part-way', () => {
  it('is recorded with the learners it has created so far', async () => {
    // 20 calls a second: 30 learners take a couple of seconds, long enough to pause part-way.
    const connected = await connectedService('onefile-counts-', { budgetPerMinute: 20, windowMs: 1000 });
    service = connected.service;
    const { dataDir } = connected;
    const lines = ['MIS ID,First Name,Last Name,Email,Assessor,Class,Placement'];
    for (let i = 1; i <= 30; i++) lines.push(`CNT${String(i).padStart(3, '0')},Learner${i},Counted,cnt${i}@learners.example.com,James Fayre,Business Admin L2,BT - Manchester`);
    await service.handlers.openFile(upload(writeCsv(lines, 'counted.csv')));
    await service.handlers.checkReferences({ refresh: false });
    await service.handlers.planImport({ skipInvalid: false });
    const paused = new Promise<void>((resolve) => service!.on('run-state', (event) => event.state === 'paused' && resolve()));
    let created = 0;
    service.on('progress', (event) => {
      if (event.kind === 'run') created = event.totals.done;
    });
    const { runId } = await service.handlers.startRun({});
    await expect.poll(() => created, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    await service.handlers.pauseRun({});
    await paused;

    const [record] = listRuns(dataDir);
    expect(record.runId).toBe(runId);
    const made = (await savedLearners(dataDir, 'CNT')).length;
    expect(made).toBeGreaterThanOrEqual(3);
    expect(made).toBeLessThan(30);
    expect(record.counts).toMatchObject({ created: made, updated: 0, failed: 0, pending: 30 - made });
    const [shown] = await service.handlers.listRuns({});
    expect(shown.counts.created).toBe(made);
  }, 60_000);
});
