import * as fs from 'node:fs';
import * as path from 'node:path';
import { runPaths } from '../../main/import';
import { sealRecord } from '../../main/import/journal/journal';
import { describe, expect, it } from 'vitest';
import { runUndo } from '../../main/cli/undo-command';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, importReported, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * A OneFile holding an email to one user may create "or else return": answer a create
 * whose email another user has with that user, making nothing (sandbox `uniqueUserFields:
 * Email`, `uniqueUserCreate: existing`). Before this was handled, a learner given their
 * assessor's email, and one given the email of another organisation's learner, were
 * reported "created in OneFile (ID ...)" with those users' IDs, their standards sent for
 * those users, and an undo of the import **archived the assessor and the other
 * organisation's learner**. Now the create's answer (or, where it is only an ID, the users
 * known and the user as read back) is checked first: the row fails saying who OneFile
 * answered with, nothing is written to them, and an undo leaves them.
 */

const WINDOW_MS = 2000;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS, rateLimit: 1000 });

const byPath = (sandbox: RunningSandbox, userId: number) => sandbox.calls.filter((c) => c.method === 'POST' && c.path.includes(`/${userId}`));

describe('a create answered with the user who already has its email', () => {
  it.each(['record', 'id'] as const)('answered with %s: those rows fail naming who, nothing is written to them, the rest are made once, and an undo leaves them', async (createAnswers) => {
    const sandbox = await sandboxWith({ uniqueUserFields: ['Email'], uniqueUserCreate: 'existing', createAnswers });
    const assessor = sandbox.store.usersOf(GUIDE.business, 5).find((u) => u.LastName === 'Fayre')!;
    const elsewhere = sandbox.store.usersOf(5741, 1).find((u) => u.Email)!;
    const elsewhereAims = sandbox.store.learningAimsOf(elsewhere.ID).length;
    const dir = tempDir(`create-answers-holder-${createAnswers}-`);
    const file = writeCsv(dir, 'learners.csv', [
      learnerLine('HO', 1),
      learnerLine('HO', 2, { email: assessor.Email! }),
      learnerLine('HO', 3, { email: elsewhere.Email! }),
      learnerLine('HO', 4),
    ]);
    const dataDir = path.join(dir, 'data');
    const run = await importReported(sandbox, file, { org: GUIDE.business, dataDir, rateWindowMs: WINDOW_MS });

    expect(run.code, run.output).toBe(1);
    expect(run.summary).toMatchObject({ state: 'completed', created: 2, failed: 2 });
    // An answer of only an ID says no name: the assessor is known by it.
    const assessorNamed = createAnswers === 'record' ? ' (James Fayre)' : '';
    expect(run.errors).toContain(`OneFile answered the creation of this learner with user ${assessor.ID}${assessorNamed}, who is not new: in OneFile before this import`);
    expect(run.errors).toContain(`OneFile answered the creation of this learner with user ${elsewhere.ID} (${elsewhere.FirstName} ${elsewhere.LastName}), who is not new: of organisation 5741, not 5740;`);
    expect(run.errors.match(/an undo of this import leaves them as they are/g)).toHaveLength(2);
    // The errors report marks the email's column where OneFile's answer shows the email (not in an answer of only an ID).
    expect(run.errors.split('\n').filter((line) => line.includes('",Email Address,Create learner'))).toHaveLength(createAnswers === 'record' ? 2 : 1);

    // Nothing was sent for the users OneFile answered with.
    expect(byPath(sandbox, assessor.ID)).toEqual([]);
    expect(byPath(sandbox, elsewhere.ID)).toEqual([]);
    expect(sandbox.store.learningAimsOf(assessor.ID)).toEqual([]);
    expect(sandbox.store.learningAimsOf(elsewhere.ID)).toHaveLength(elsewhereAims);
    const made = sandbox.store.all('users').filter((u) => u.LastName === 'TestHO');
    expect(made.map((u) => u.MISID).sort()).toEqual(['HO001', 'HO004']);
    for (const learner of made) expect(sandbox.store.learningAimsOf(learner.ID)).toHaveLength(1);

    // Undoing the import archives the two learners it made, and no one else.
    const undo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runUndo(run.summary.runId, { dataDir, json: true, rateWindowMs: WINDOW_MS }, { ...undo, barStream: null }), undo.stderr.join('')).toBe(0);
    expect(lastJson(undo.stdout)).toMatchObject({ state: 'completed', archived: 2, failed: 0 });
    expect(sandbox.store.user(assessor.ID)!.Archived).toBe(false);
    expect(sandbox.store.user(elsewhere.ID)!.Archived).toBe(false);
    for (const learner of made) expect(sandbox.store.user(learner.ID)!.Archived).toBe(true);
  }, 60_000);

  // A journal written before the check (or by any path it misses) may say the run made a user
  // OneFile already had. The undo reads each user it would archive anyway: one held otherwise
  // than the run's create sent (another role or organisation, another name) is left, and said.
  it('an undo leaves a user the journal says the run made whom OneFile holds otherwise (the assessor; a learner renamed since), and archives the rest', async () => {
    const sandbox = await sandboxWith();
    const assessor = sandbox.store.usersOf(GUIDE.business, 5).find((u) => u.LastName === 'Fayre')!;
    const dir = tempDir('create-answers-holder-undo-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('HU', 1), learnerLine('HU', 2), learnerLine('HU', 3)]);
    const dataDir = path.join(dir, 'data');
    const run = await importReported(sandbox, file, { org: GUIDE.business, dataDir, rateWindowMs: WINDOW_MS });
    expect(run.summary).toMatchObject({ state: 'completed', created: 3, failed: 0 });
    const [first, second, third] = ['HU001', 'HU002', 'HU003'].map((misid) => sandbox.store.all('users').find((u) => u.MISID === misid)!);
    // The journal says the create of HU001 was answered with the assessor, as one written before the check would.
    const journal = runPaths(dataDir, run.summary.runId).journal;
    const lines = fs.readFileSync(journal, 'utf8').split('\n');
    const resealed = lines.map((line) => (line.includes(`"userId":${first.ID}`) ? sealRecord(JSON.parse(line.split(`"userId":${first.ID}`).join(`"userId":${assessor.ID}`))) : line));
    fs.writeFileSync(journal, resealed.join('\n'));
    // HU002 is renamed in OneFile after the import.
    sandbox.store.put('users', { ...second, FirstName: 'Renamed' });

    const undo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runUndo(run.summary.runId, { dataDir, json: true, rateWindowMs: WINDOW_MS }, { ...undo, barStream: null }), undo.stderr.join('')).toBe(0);
    expect(lastJson(undo.stdout)).toMatchObject({ state: 'completed', archived: 1, left: 2, failed: 0 });
    expect(sandbox.store.user(assessor.ID)!.Archived).toBe(false);
    expect(sandbox.store.user(second.ID)!.Archived).toBe(false);
    expect(sandbox.store.user(third.ID)!.Archived).toBe(true);
    const plan = await dryRunPlan(sandbox, run.summary.runId, dataDir);
    expect(plan.left).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: assessor.ID, reason: expect.stringContaining('OneFile holds this user otherwise than the run made them (an assessor, not a learner; not named Learner1 TestHU): most likely a user OneFile already had') }),
        expect.objectContaining({ userId: second.ID, reason: expect.stringContaining('(not named Learner2 TestHU): renamed in OneFile since, or a user OneFile already had') }),
      ]),
    );
  }, 60_000);
});

async function dryRunPlan(sandbox: RunningSandbox, runId: string, dataDir: string) {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  expect(await runUndo(runId, { dataDir, dryRun: true, json: true, rateWindowMs: WINDOW_MS }, { ...io, barStream: null }), io.stderr.join('')).toBe(0);
  return lastJson(io.stdout).plan as { left: Array<{ userId: number; reason: string }> };
}
