import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResume } from '../../main/cli/resume-command';
import { runUndo } from '../../main/cli/undo-command';
import { listRuns, readJournal, runPaths } from '../../main/import';
import { createOneFileClient, type OneFileClient } from '../../main/onefile';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';
import { createdIds, existingLearners, importNewAndChanged, ioFor, WINDOW, writeCounts, type Imported } from './undo-fixtures';

/**
 * Undo, through the command line against a sandbox over real HTTP, its call log the
 * witness: after an import that created 10 learners and changed the email of 5, undo
 * archives the 10 and writes back 4 emails; the fifth, edited in OneFile since, is left
 * and reported; a second undo sends nothing; an undo is not undone, and the undone run
 * is not resumed.
 */

let sandbox: RunningSandbox;
let client: OneFileClient;
let imported: Imported;
let editedInOneFile: Imported['changed'][number];

beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: WINDOW, rateLimit: 100 });
  client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: WINDOW });
  imported = await importNewAndChanged(sandbox, tempDir('undo-'), 'UNDO', 10, existingLearners(sandbox, 5, 0));
  // Someone changes one of the five emails in OneFile after the import.
  editedInOneFile = imported.changed[2];
  await client.updateUser(editedInOneFile.id, { Email: 'edited.in.onefile@example.org' });
}, 60_000);

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

describe('undo', () => {
  it('the journal holds the before-image of each change, written as it was made', () => {
    const { records } = readJournal(runPaths(imported.dataDir, imported.runId).journal);
    const images = records.filter((r) => r.type === 'done' && r.kind === 'update-user').map((r) => (r as { image?: unknown }).image);
    expect(images).toHaveLength(5);
    for (const change of imported.changed) {
      expect(images).toContainEqual({ before: { Email: change.before }, after: { Email: change.after } });
    }
  });

  it('plans first: 10 to archive, 4 emails to put back, the one edited since left and said', async () => {
    const io = ioFor(sandbox);
    const before = sandbox.calls.length;
    const code = await runUndo(imported.runId, { dataDir: imported.dataDir, dryRun: true, json: true, rateWindowMs: WINDOW }, io);
    expect(code, io.stderr.join('')).toBe(0);
    const { plan } = lastJson(io.stdout);
    expect(plan.archive.map((u: { userId: number }) => u.userId).sort()).toEqual(createdIds(sandbox, imported).sort());
    expect(plan.restore).toHaveLength(4);
    expect(plan.left).toEqual([
      expect.objectContaining({ userId: editedInOneFile.id, field: expect.objectContaining({ field: 'Email', before: editedInOneFile.before, runSet: editedInOneFile.after, now: 'edited.in.onefile@example.org' }) }),
    ]);
    expect([...writeCounts(sandbox, before).keys()]).toEqual([]);
  }, 60_000);

  it('archives the 10 created learners and puts back the 4 emails, each with one call, and leaves the fifth', async () => {
    const io = ioFor(sandbox);
    const before = sandbox.calls.length;
    const code = await runUndo(imported.runId, { dataDir: imported.dataDir, json: true, rateWindowMs: WINDOW }, io);
    expect(code, io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', undoOf: imported.runId, restored: 4, archived: 10, left: 1, failed: 0 });
    const writes = writeCounts(sandbox, before);
    const ids = createdIds(sandbox, imported);
    const restored = imported.changed.filter((c) => c !== editedInOneFile);
    expect(new Map([...writes].sort())).toEqual(
      new Map([...ids.map((id) => [`/api/v2.1/User/${id}/Archive`, 1] as const), ...restored.map((c) => [`/api/v2.1/User/${c.id}`, 1] as const)].sort()),
    );
    for (const id of ids) expect(sandbox.store.user(id)!.Archived).toBe(true);
    for (const change of restored) expect(sandbox.store.user(change.id)!.Email).toBe(change.before);
    expect(sandbox.store.user(editedInOneFile.id)!.Email).toBe('edited.in.onefile@example.org');
  }, 60_000);

  it('a second undo changes nothing: no write call, no new run', async () => {
    const io = ioFor(sandbox);
    const before = sandbox.calls.length;
    const runs = listRuns(imported.dataDir).length;
    const code = await runUndo(imported.runId, { dataDir: imported.dataDir, json: true, rateWindowMs: WINDOW }, io);
    expect(code, io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ nothingToUndo: true, plan: { restore: [], archive: [], already: { fields: 4, users: 10 } } });
    expect(writeCounts(sandbox, before).size).toBe(0);
    expect(listRuns(imported.dataDir)).toHaveLength(runs);
  }, 60_000);

  it('an undo run cannot be undone, and the undone run cannot be resumed: each says why', async () => {
    const undoRun = listRuns(imported.dataDir).find((run) => run.undo?.of === imported.runId)!;
    const io = ioFor(sandbox);
    expect(await runUndo(undoRun.runId, { dataDir: imported.dataDir, rateWindowMs: WINDOW }, io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/was itself an undo .* cannot be undone/);
    const resume = ioFor(sandbox);
    // Even a run the undo took back mid-way (cancelled, then undone) is not carried on.
    const { updateRun } = await import('../../main/import');
    updateRun(imported.dataDir, imported.runId, { state: 'cancelled' });
    expect(await runResume(imported.runId, { dataDir: imported.dataDir, rateWindowMs: WINDOW }, { ...resume, barStream: null })).toBe(2);
    expect(resume.stderr.join('')).toMatch(/was undone .* would make again the changes/);
    // With --json, standard output says why too (a script keeping only it had nothing).
    const json = ioFor(sandbox);
    expect(await runUndo(undoRun.runId, { dataDir: imported.dataDir, rateWindowMs: WINDOW, json: true }, json)).toBe(2);
    expect(lastJson(json.stdout)).toEqual({ undoOf: undoRun.runId, state: 'not-started', reason: expect.stringMatching(/was itself an undo .* cannot be undone/) });
    const resumeJson = ioFor(sandbox);
    expect(await runResume(imported.runId, { dataDir: imported.dataDir, rateWindowMs: WINDOW, json: true }, { ...resumeJson, barStream: null })).toBe(2);
    expect(lastJson(resumeJson.stdout)).toEqual({ runId: imported.runId, state: 'not-resumed', reason: expect.stringMatching(/was undone/) });
  }, 60_000);
});

describe('what the API cannot remove', () => {
  it('is listed with its OneFile IDs: the learning aim a standard made, the staff assignment, a template\'s learning aims', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { runImport } = await import('../../main/cli/import-command');
    const dataDir = tempDir('undo-remove-');
    const [a, b] = existingLearners(sandbox, 40, 10).filter((u) => sandbox.store.learningAimsOf(u.ID).length === 0);
    const line = (u: typeof a, standard: string, iqa: string, template: string) =>
      `${u.MISID},${u.FirstName},${u.LastName},${u.Email},${u.DefaultAssessorID},${u.ClassroomID},${u.PlacementID},${standard},${iqa},${template}`;
    const file = path.join(dataDir, 'programmes.csv');
    fs.writeFileSync(
      file,
      [
        'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Standard,IQA,Framework Template',
        line(a, 'Business Administrator Level 3', 'Harper Miller', ''),
        line(b, '', '', 'Business Administrator L3 - 18 months'),
      ].join('\r\n'),
    );
    const io = ioFor(sandbox);
    expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, rateWindowMs: WINDOW, role: 'learner' }, io), io.stderr.join('')).toBe(0);
    const runId = lastJson(io.stdout).runId;

    const dry = ioFor(sandbox);
    expect(await runUndo(runId, { dataDir, dryRun: true, json: true, rateWindowMs: WINDOW }, dry)).toBe(0);
    const { plan, nothingToUndo } = lastJson(dry.stdout);
    expect(nothingToUndo).toBe(true);
    const aimA = sandbox.store.learningAimsOf(a.ID)[0];
    const aimsB = sandbox.store.learningAimsOf(b.ID).map((aim) => aim.ID);
    expect(aimsB.length).toBeGreaterThan(0);
    const iqa = sandbox.store.usersOf(5740, 10).find((u) => `${u.FirstName} ${u.LastName}` === 'Harper Miller')!;
    expect(plan.remove).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ learnerId: a.ID, what: expect.stringMatching(/^Learning aim for standard "Business Administrator Level 3"/), ids: `learning aim ${aimA.ID}` }),
        expect.objectContaining({ learnerId: a.ID, what: expect.stringMatching(/^Harper Miller assigned as IQA/), ids: `staff user ${iqa.ID}` }),
        expect.objectContaining({ learnerId: b.ID, what: expect.stringMatching(/^Framework template "Business Administrator L3 - 18 months"/), ids: `learning aims ${aimsB.join(', ')}`, learnerArchived: false }),
      ]),
    );

    // The same file imported from another computer into a OneFile refusing an assignment the learner has:
    // the IQA was there before that run, so its undo does not tell the centre to remove it.
    sandbox.switches.staffAssignAgain = 'refused';
    try {
      const laptop = path.join(dataDir, 'laptop');
      const again = ioFor(sandbox);
      expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: laptop, json: true, rateWindowMs: WINDOW, role: 'learner' }, again), again.stderr.join('')).toBe(0);
      expect(lastJson(again.stdout)).toMatchObject({ unchanged: 2, failed: 0 });
      const undoAgain = ioFor(sandbox);
      expect(await runUndo(lastJson(again.stdout).runId, { dataDir: laptop, dryRun: true, json: true, rateWindowMs: WINDOW }, undoAgain)).toBe(0);
      expect(lastJson(undoAgain.stdout).plan.remove).toEqual([]);
    } finally {
      sandbox.switches.staffAssignAgain = 'kept-once';
    }
  }, 60_000);
});
