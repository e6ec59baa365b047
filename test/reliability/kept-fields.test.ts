import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { readFindings } from '../../main/import/environment/findings';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import type { UserRecord } from '../../main/sandbox/records';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * OneFile answering a write without keeping all of it (sandbox `createIgnores`,
 * `updateIgnores`): a create answered 200 whose placement or date of birth was not
 * stored, an update answered 204 that left the class as it was. Before, every such row
 * was reported done and the learners were left without them, week after week. Now the
 * row fails naming what was not kept, no learner is created twice, and importing again
 * sends the field as an update.
 */

const WINDOW_MS = 300;
const ORG = GUIDE.business;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });

const REFS = ['KEPT001', 'KEPT002', 'KEPT003'];

function newLearnersFile(dir: string): string {
  const header = 'MIS ID,First Name,Last Name,Email,Date of Birth,Assessor,Class,Placement';
  const lines = REFS.map((misid, i) =>
    [misid, `Learner${i + 1}`, 'Kept', `${misid.toLowerCase()}@learners.example.com`, `0${i + 1}/06/2004`, 'James Fayre', 'Business Admin L2', 'BT - Manchester'].join(','),
  );
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

async function importFile(sandbox: RunningSandbox, dir: string, file: string) {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  const code = await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, io);
  return { code, summary: lastJson(io.stdout), stderr: io.stderr.join('') };
}

const learnersOf = (sandbox: RunningSandbox) => sandbox.store.usersOf(ORG, 1).filter((u) => u.LastName === 'Kept');
const readsBack = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.route === 'GET User/{id}').length;

describe('a OneFile that answers a create without keeping every field', () => {
  it('placement and date of birth not kept: each row fails naming them, no learner twice, and the next import sends them as an update', async () => {
    const sandbox = await sandboxWith({ createIgnores: ['PlacementID', 'DOB'] });
    const dir = tempDir('kept-fields-');
    const file = newLearnersFile(dir);
    const first = await importFile(sandbox, dir, file);
    expect(first.code, first.stderr).not.toBe(0);
    expect(first.summary).toMatchObject({ failed: 3 });
    expect(learnersOf(sandbox)).toHaveLength(3);
    const report = fs.readFileSync(first.summary.reports.errors.csv, 'utf8');
    for (const ref of REFS) expect(report).toContain(ref);
    // The errors report points at the cells OneFile did not keep: Date of Birth and Placement.
    expect(report.split('\r\n')[0]).toMatch(/,Error,Error column,Step$/);
    expect(report.match(/,"Date of Birth, Placement",What OneFile kept\r\n/g)).toHaveLength(3);
    expect(report).toMatch(/did not keep the date of birth \(sent 2004-06-01; OneFile holds nothing\), the placement \(sent ID 18928; OneFile holds nothing\)/);
    // The create's answer showed it: nothing was read back for it.
    expect(readsBack(sandbox)).toBe(0);

    // OneFile keeps them by update (the documented way to change a placement): the next import sends them so.
    const second = await importFile(sandbox, dir, file);
    expect(second.code, second.stderr).toBe(0);
    expect(second.summary).toMatchObject({ updated: 3, failed: 0 });
    const learners = learnersOf(sandbox);
    expect(learners).toHaveLength(3);
    for (const learner of learners) {
      expect(learner.PlacementID, learner.MISID!).toBe(GUIDE.btManchester);
      expect(learner.DOB, learner.MISID!).toMatch(/^2004-06-0\d/);
    }
  });

  it('answered with the new ID alone: the first create is read back once, what it kept remembered, and a later import reads only its first new user', async () => {
    const sandbox = await sandboxWith({ createAnswers: 'id' });
    const dir = tempDir('kept-fields-id-');
    const first = await importFile(sandbox, dir, newLearnersFile(dir));
    expect(first.code, first.stderr).toBe(0);
    expect(first.summary).toMatchObject({ created: 3, failed: 0 });
    expect(readsBack(sandbox)).toBe(1);
    expect(readFindings(dir, sandbox.baseUrl)?.knowledge.userFieldsKept?.create).toEqual(
      ['DOB', 'DefaultAssessorID', 'ClassroomID', 'PlacementID', 'Email', 'FirstName', 'LastName', 'MISID'].sort(),
    );

    const next = path.join(dir, 'more.csv');
    fs.writeFileSync(next, 'MIS ID,First Name,Last Name,Email,Date of Birth,Assessor,Class,Placement\r\nKEPT004,Learner4,Kept,kept004@learners.example.com,04/06/2004,James Fayre,Business Admin L2,BT - Manchester\r\n');
    const before = readsBack(sandbox);
    const second = await importFile(sandbox, dir, next);
    expect(second.code, second.stderr).toBe(0);
    // Only the run's first new user is read, to tell it from a user OneFile had already (created-user-check.ts): the fields it keeps are known.
    expect(readsBack(sandbox) - before).toBe(1);
  });

  it('answered with the new ID alone and the placement not kept: the read back finds it, every row fails, none twice', async () => {
    const sandbox = await sandboxWith({ createAnswers: 'id', createIgnores: ['PlacementID'] });
    const dir = tempDir('kept-fields-id-ignored-');
    const first = await importFile(sandbox, dir, newLearnersFile(dir));
    expect(first.code).not.toBe(0);
    expect(first.summary).toMatchObject({ failed: 3 });
    expect(learnersOf(sandbox)).toHaveLength(3);
    const report = fs.readFileSync(first.summary.reports.errors.csv, 'utf8');
    expect(report).toMatch(/did not keep the placement/);
    expect(report).not.toMatch(/date of birth \(sent/);
  });

  it("every create's answer lost and the placement not kept: each create found made is read back, every row fails, none twice", async () => {
    const sandbox = await sandboxWith({ createIgnores: ['PlacementID'], loseEveryNthWrite: 1 });
    const dir = tempDir('kept-fields-lost-');
    const first = await importFile(sandbox, dir, newLearnersFile(dir));
    expect(first.code).not.toBe(0);
    expect(first.summary).toMatchObject({ failed: 3 });
    expect(learnersOf(sandbox)).toHaveLength(3);
    const report = fs.readFileSync(first.summary.reports.errors.csv, 'utf8');
    expect(report.match(/did not keep the placement \(sent ID 18928; OneFile holds nothing\)/g)).toHaveLength(3);
  });

  it('a OneFile keeping everything: the same import makes no read of a learner and reports every row created', async () => {
    const sandbox = await sandboxWith({});
    const dir = tempDir('kept-fields-whole-');
    const run = await importFile(sandbox, dir, newLearnersFile(dir));
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toMatchObject({ created: 3, failed: 0 });
    expect(readsBack(sandbox)).toBe(0);
  });
});

describe('a OneFile that answers an update without keeping a field', () => {
  function moveFile(dir: string, learners: UserRecord[]): string {
    const other = (u: UserRecord) => (u.ClassroomID === GUIDE.businessAdminL3 ? 'Business Admin L2' : 'Business Admin L3');
    const file = path.join(dir, 'move.csv');
    const lines = learners.map((u) => [u.MISID, u.FirstName, u.LastName, u.Email, other(u)].join(','));
    fs.writeFileSync(file, `${['MIS ID,First Name,Last Name,Email,Class', ...lines].join('\r\n')}\r\n`);
    return file;
  }

  it('the class left as it was: every learner moved is reported failed with the class named, none done', async () => {
    const sandbox = await sandboxWith({ updateIgnores: ['ClassroomID'] });
    const learners = sandbox.store
      .usersOf(ORG, 1)
      .filter((u) => !u.Archived && u.MISID && u.Email)
      .sort((a, b) => a.ID - b.ID)
      .slice(0, 3);
    const dir = tempDir('kept-fields-update-');
    const run = await importFile(sandbox, dir, moveFile(dir, learners));
    expect(run.code).not.toBe(0);
    expect(run.summary).toMatchObject({ failed: 3, updated: 0 });
    const report = fs.readFileSync(run.summary.reports.errors.csv, 'utf8');
    expect(report.match(/did not keep the class \(sent ID \d+; OneFile holds ID \d+\)/g)).toHaveLength(3);
    expect(report.match(/,Class,What OneFile kept\r\n/g)).toHaveLength(3);
    for (const learner of learners) expect(sandbox.store.user(learner.ID)!.ClassroomID).toBe(learner.ClassroomID);
  });

  it('a OneFile keeping it: the first update is read around once, the class remembered as kept, later updates read nothing', async () => {
    const sandbox = await sandboxWith({});
    const learners = sandbox.store
      .usersOf(ORG, 1)
      .filter((u) => !u.Archived && u.MISID && u.Email)
      .sort((a, b) => a.ID - b.ID)
      .slice(0, 4);
    const dir = tempDir('kept-fields-update-kept-');
    const file = moveFile(dir, learners);
    const plan = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS, dryRun: true }, plan)).toBe(0);
    expect(lastJson(plan.stdout).summary.calls.reads).toBe(2);
    const run = await importFile(sandbox, dir, file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toMatchObject({ updated: 4, failed: 0 });
    // Before and after the first update (update-check.ts): no read more for what it kept, as planned.
    expect(readsBack(sandbox)).toBe(2);
    expect(readFindings(dir, sandbox.baseUrl)?.knowledge.userFieldsKept?.update).toEqual(['ClassroomID']);

    // A later update sending a field not yet seen kept (the MIS ID) is read after, once; the plan says so.
    const renamed = learners.slice(0, 2).map((u) => ({ ...sandbox.store.user(u.ID)! }));
    const relink = path.join(dir, 'relink.csv');
    const lines = renamed.map((u, i) => [`NEWREF${i}`, u.FirstName, u.LastName, u.Email].join(','));
    fs.writeFileSync(relink, `${['MIS ID,First Name,Last Name,Email', ...lines].join('\r\n')}\r\n`);
    const replan = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(relink, { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS, dryRun: true }, replan)).toBe(0);
    const replanned = lastJson(replan.stdout).summary;
    const readsBefore = readsBack(sandbox);
    const again = await importFile(sandbox, dir, relink);
    expect(again.code, again.stderr).toBe(0);
    expect(readsBack(sandbox) - readsBefore).toBe(replanned.calls.reads);
    expect(replanned.calls.reads).toBe(1);
  });
});
