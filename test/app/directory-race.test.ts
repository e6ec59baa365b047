import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { writeCleanLearners } from '../e2e/helpers';

/**
 * A quick user leaves Review while its check of names against OneFile is still going
 * (or before it has begun: Review starts it a moment after it opens). The plan step
 * reads the directory too. Side by side, the slower load used to land after the plan
 * was made, mark it stale, and Start import refused with "The file changed since the
 * plan was made" although nobody had changed anything.
 */

let service: AppService | undefined;

afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function readyToPlan(): Promise<AppService> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-directory-race-'));
  const file = writeCleanLearners(path.join(dataDir, 'mis'));
  // A slow pace (4 calls per 200 ms) so a directory load takes long enough to overlap.
  const opened = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 4, windowMs: 200 });
  await opened.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await opened.handlers.chooseOrganisation({ organisationId: 5740 });
  await opened.handlers.openFile({ fileName: path.basename(file), contentBase64: readFileSync(file).toString('base64') });
  return opened;
}

describe('checking names and planning at the same moment', () => {
  it('plans after a check that is still running, and the plan can be started', async () => {
    service = await readyToPlan();
    const check = service.handlers.checkReferences({ refresh: false });
    const plan = await service.handlers.planImport({ skipInvalid: false });
    await check;
    expect(plan.create).toBe(25);
    const run = await service.handlers.startRun({});
    expect(run.state).toBe('running');
    await service.handlers.cancelRun({});
  });

  it('lets a check that starts while the plan reads the directory wait, and the plan stays good', async () => {
    service = await readyToPlan();
    const planning = service.handlers.planImport({ skipInvalid: false });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const check = service.handlers.checkReferences({ refresh: false });
    const plan = await planning;
    const counts = await check;
    expect(plan.create).toBe(25);
    expect(counts.referencesChecked).toBe(true);
    const run = await service.handlers.startRun({});
    expect(run.state).toBe('running');
    await service.handlers.cancelRun({});
  });

  it('answers two checks asked at once with the same counts', async () => {
    service = await readyToPlan();
    const [first, second] = await Promise.all([service.handlers.checkReferences({ refresh: true }), service.handlers.checkReferences({ refresh: false })]);
    expect(first.referencesChecked).toBe(true);
    expect(second).toEqual(first);
  });
});
