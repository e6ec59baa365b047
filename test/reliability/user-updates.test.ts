import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runUndo } from '../../main/cli/undo-command';
import { runProbe } from '../../main/cli/probe-command';
import { readFindings } from '../../main/import/environment/findings';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { kept, learnersWithDetails, moveFile } from './class-moves';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * `POST User/{id}` "updates only the fields sent" [seen]. A OneFile binding the body to a
 * whole user would clear every field an update leaves out: a weekly import moving
 * learners to another class would wipe their dates, MIS IDs, ULNs and addresses. The
 * importer reads the learner around its first update into a OneFile, and where fields
 * went, puts them back and sends whole records from then on.
 */

const WINDOW_MS = 300;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

async function importFile(sandbox: RunningSandbox, dir: string, file: string) {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  const code = await runImport(file, { env: sandbox.baseUrl, org: GUIDE.business, dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, io);
  return { code, summary: lastJson(io.stdout), stderr: io.stderr.join('') };
}

const reads = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.route === 'GET User/{id}').length;

describe('updating learners in a OneFile whose updates keep, or clear, the fields they are not sent', () => {
  for (const userUpdates of ['fields-sent', 'whole-record'] as const) {
    it(`${userUpdates === 'whole-record' ? 'clears them' : 'keeps them'}, every other write's answer lost: each learner moved to the other class once all is done, nothing else changed`, async () => {
      const sandbox = await startSandbox({ windowMs: WINDOW_MS, userUpdates, loseEveryNthWrite: 2 });
      sandboxes.push(sandbox);
      const dir = tempDir('user-updates-lost-');
      const learners = learnersWithDetails(sandbox, 5);
      const before = new Map(learners.map((u) => [u.ID, structuredClone(u)]));
      const file = moveFile(dir, 'move.csv', learners);
      // As a user would: rows whose every try lost its answer are imported again from the file.
      let run = await importFile(sandbox, dir, file);
      for (let tries = 0; run.code === 1 && tries < 3; tries++) run = await importFile(sandbox, dir, file);
      expect(run.code, run.stderr).toBe(0);
      expect(sandbox.calls.some((c) => c.lost && c.route === 'POST User/{id}')).toBe(true);
      for (const learner of learners) {
        const now = sandbox.store.user(learner.ID)!;
        expect(now.ClassroomID, learner.MISID!).not.toBe(learner.ClassroomID);
        expect(kept(now), learner.MISID!).toEqual(kept(before.get(learner.ID)!));
      }
    }, 60_000);

    it(`${userUpdates === 'whole-record' ? 'clears them' : 'keeps them'}: each learner moved to the other class, nothing else changed, in this import and the next`, async () => {
      const sandbox = await startSandbox({ windowMs: WINDOW_MS, userUpdates });
      sandboxes.push(sandbox);
      const dir = tempDir('user-updates-');
      const first = learnersWithDetails(sandbox, 5);
      expect(first).toHaveLength(5);
      const before = new Map(first.map((u) => [u.ID, structuredClone(u)]));

      const firstRun = await importFile(sandbox, dir, moveFile(dir, 'first.csv', first));
      expect(firstRun.code, firstRun.stderr).toBe(0);
      expect(firstRun.summary).toMatchObject({ updated: 5, failed: 0 });
      for (const learner of first) {
        const now = sandbox.store.user(learner.ID)!;
        expect(now.ClassroomID, learner.MISID!).not.toBe(learner.ClassroomID);
        expect(kept(now), learner.MISID!).toEqual(kept(before.get(learner.ID)!));
      }
      expect(readFindings(dir, sandbox.baseUrl)?.knowledge.userUpdates).toBe(userUpdates);

      // The next import knows: updates that keep fields are sent as they are, with no read;
      // into one that clears them, each learner is read and sent whole.
      const readsBefore = reads(sandbox);
      const next = learnersWithDetails(sandbox, 3, 5);
      const nextBefore = new Map(next.map((u) => [u.ID, structuredClone(u)]));
      const nextFile = moveFile(dir, 'next.csv', next);
      const plan = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
      expect(await runImport(nextFile, { env: sandbox.baseUrl, org: GUIDE.business, dataDir: dir, json: true, rateWindowMs: WINDOW_MS, dryRun: true }, plan)).toBe(0);
      const planned = lastJson(plan.stdout);
      expect(planned.summary.calls.reads).toBe(userUpdates === 'whole-record' ? 3 : 0);
      expect(JSON.stringify(planned).includes('read first and sent whole')).toBe(userUpdates === 'whole-record');
      const nextRun = await importFile(sandbox, dir, nextFile);
      expect(nextRun.code, nextRun.stderr).toBe(0);
      for (const learner of next) expect(kept(sandbox.store.user(learner.ID)!), learner.MISID!).toEqual(kept(nextBefore.get(learner.ID)!));
      expect(reads(sandbox) - readsBefore).toBe(userUpdates === 'whole-record' ? 3 : 0);

      // A probe afterwards keeps what the imports learned, and says it.
      let probed = '';
      expect(await runProbe({ env: sandbox.baseUrl, org: GUIDE.business, dataDir: dir }, { out: (text) => void (probed += text), err: () => {}, env: { ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken } })).toBe(0);
      expect(probed).toContain(userUpdates === 'whole-record' ? 'an update clears the fields it is not sent' : 'an update keeps the fields it is not sent');
      expect(readFindings(dir, sandbox.baseUrl)?.knowledge.userUpdates).toBe(userUpdates);

      // Undoing the first import puts each class back, and nothing else goes with it.
      const undo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
      expect(await runUndo(firstRun.summary.runId, { dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, { ...undo, barStream: null }), undo.stderr.join('')).toBe(0);
      expect(lastJson(undo.stdout)).toMatchObject({ state: 'completed', restored: 5, failed: 0 });
      for (const learner of first) {
        const now = sandbox.store.user(learner.ID)!;
        expect({ ...kept(now), ClassroomID: now.ClassroomID }, learner.MISID!).toEqual({ ...kept(before.get(learner.ID)!), ClassroomID: learner.ClassroomID });
      }
    }, 60_000);
  }
});
