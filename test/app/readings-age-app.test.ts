import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFindings, READING_LIFE_MS } from '../../main/import/environment/findings';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import type { UserRecord } from '../../main/sandbox/records';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { kept, learnersWithDetails, moveFile } from '../reliability/class-moves';
import { runToEnd, upload } from './connected-service';

/**
 * The app is often left open: connected on Monday, used again the Monday after. What an
 * import learned of OneFile (that an update keeps the fields it is not sent) is believed
 * for a week; a connection opened a week ago must not go on believing it, nor save it
 * again as seen today. Each plan and run of the app looks at the readings' dates, as the
 * command line does when it connects.
 */

const WINDOW_MS = 300;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Moves the learners through the app (open, check, plan, import): reads of `GET User/{id}`, and whether anything of theirs but the class changed. */
async function moveInApp(service: AppService, sandbox: RunningSandbox, dir: string, learners: UserRecord[], name: string) {
  const before = new Map(learners.map((u) => [u.ID, structuredClone(sandbox.store.user(u.ID)!)]));
  const from = sandbox.calls.length;
  await service.handlers.openFile(upload(moveFile(dir, name, learners)));
  await service.handlers.checkReferences({ refresh: false });
  const plan = await service.handlers.planImport({ skipInvalid: false });
  expect(plan).toMatchObject({ update: learners.length, create: 0 });
  const end = await runToEnd(service);
  expect(end.state, end.message ?? '').toBe('completed');
  for (const u of learners) expect(sandbox.store.user(u.ID)!.ClassroomID, u.MISID!).not.toBe(before.get(u.ID)!.ClassroomID);
  return {
    reads: sandbox.calls.slice(from).filter((c) => c.route === 'GET User/{id}').length,
    othersKept: learners.every((u) => JSON.stringify(kept(sandbox.store.user(u.ID)!)) === JSON.stringify(kept(before.get(u.ID)!))),
  };
}

describe('an app left open for a week', () => {
  it('checks again what OneFile does with the fields an update is not sent: an upgrade since loses no learner anything, and the old reading is not saved as new', async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW_MS, userUpdates: 'fields-sent' });
    closers.push(() => sandbox.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'readings-age-app-'));
    let clock = new Date();
    const service = await createAppService({
      dataDir: path.join(dir, 'data'),
      face: 'browser',
      tokenStore: createSessionTokenStore('session only'),
      budgetPerMinute: 100,
      windowMs: WINDOW_MS,
      now: () => clock,
    });
    closers.push(() => service.close());
    await service.handlers.connect({ environment: 'custom', customBaseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, rememberToken: false });
    await service.handlers.chooseOrganisation({ organisationId: GUIDE.business });

    const first = await moveInApp(service, sandbox, dir, learnersWithDetails(sandbox, 2, 0), 'monday.csv');
    expect(first.othersKept).toBe(true);
    expect(first.reads).toBeGreaterThan(0);
    const seen = readFindings(path.join(dir, 'data'), sandbox.baseUrl)!;
    expect(seen.knowledge.userUpdates).toBe('fields-sent');

    // The same day: believed, no read.
    expect(await moveInApp(service, sandbox, dir, learnersWithDetails(sandbox, 2, 2), 'monday-again.csv')).toEqual({ reads: 0, othersKept: true });

    // The app stays open; OneFile is upgraded overnight to clear what an update is not sent; a week passes.
    sandbox.switches.userUpdates = 'whole-record';
    clock = new Date(clock.getTime() + READING_LIFE_MS + 3_600_000);
    const weekOn = await moveInApp(service, sandbox, dir, learnersWithDetails(sandbox, 3, 4), 'next-monday.csv');
    expect(weekOn.othersKept).toBe(true);
    expect(weekOn.reads).toBeGreaterThan(0);
    const after = readFindings(path.join(dir, 'data'), sandbox.baseUrl)!;
    expect(after.knowledge.userUpdates).toBe('whole-record');
  }, 90_000);
});
