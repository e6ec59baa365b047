import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import type { UserRecord } from '../../main/sandbox/records';
import { runImport } from '../../main/cli/import-command';
import { capturedIo, importReported, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';
import { learnersWithDetails } from './class-moves';
import { blankUser } from '../../main/sandbox/user-factory';
import { readFindings } from '../../main/import/environment/findings';

/** A member of staff put into OneFile, as another organisation's administrator would: their ID. */
function staffOf(sandbox: RunningSandbox, organisationId: number, role: number, firstName: string, lastName: string): number {
  const id = sandbox.store.nextId('users');
  const username = `${firstName}.${lastName}.${id}`.toLowerCase();
  sandbox.store.put('users', blankUser({ ID: id, Username: username, OrganisationID: organisationId, Role: role, FirstName: firstName, LastName: lastName, Email: `${username}@staff.example.com`, LastModified: new Date().toISOString() }));
  return id;
}

/**
 * `OrganisationID` and `Role` are documented user search filters, and the documented
 * search rows (`{ID, FirstName, LastName, MISID}`) say neither. A OneFile ignoring the
 * filters answers with every organisation's users of every role, and nothing in such rows
 * shows it. Played (sandbox `numberFilters: ignored`, `pagedUserRows: brief`) before this
 * was handled: a row whose MIS ID a learner of the customer's other organisation has was
 * matched to her, an update of her was sent (refused by OneFile only because the class
 * was of this organisation: "correct the value"), and the learner was never created here.
 */

const ORG = GUIDE.business;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const HEADER = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer';

function fileOf(dir: string, rows: string[][]): string {
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, [HEADER, ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n');
  return file;
}

const snapshot = (sandbox: RunningSandbox, users: UserRecord[]) => users.map((u) => JSON.stringify(sandbox.store.user(u.ID)));

describe('a OneFile whose user search ignores the organisation and role, with rows that say neither', () => {
  it("never matches a row with another organisation's learner or a member of staff: each learner is created here, this organisation's own is updated, no one else is written to", async () => {
    const sandbox = await sandboxWith({ numberFilters: 'ignored', pagedUserRows: 'brief' });
    const [elsewhere, elsewhereToo] = sandbox.store.usersOf(GUIDE.care, 1).filter((u) => u.Email && u.MISID && !u.Archived);
    const assessor = sandbox.store.user(GUIDE.jamesFayre)!;
    const [own] = learnersWithDetails(sandbox, 1);
    const otherClass = own.ClassroomID === GUIDE.businessAdminL3 ? ['Business Admin L2', GUIDE.businessAdminL2] as const : ['Business Admin L3', GUIDE.businessAdminL3] as const;
    const untouched = [elsewhere, elsewhereToo, assessor];
    const before = snapshot(sandbox, untouched);
    const ownBefore = structuredClone(own);
    const dir = tempDir('number-brief-');
    const file = fileOf(dir, [
      // Another organisation's learner's MIS ID and name: a learner of this organisation with a MIS ID the other one also uses.
      [elsewhere.MISID!, elsewhere.FirstName, elsewhere.LastName, 'moved.here@learners.example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      // Another organisation's learner's email, a MIS ID of this organisation's own.
      ['NB0003', 'Other', 'Person', elsewhereToo.Email!, 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      // This organisation's learner, moved to the other class.
      [own.MISID!, own.FirstName, own.LastName, own.Email!, 'James Fayre', otherClass[0], 'BT - Manchester'],
      // The assessor's email given to a new learner (typed in the wrong column, say).
      ['NB0006', 'Jim', 'Fayre', assessor.Email!, 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      // A new learner.
      ['NB0004', 'Fresh', 'Learner', 'nb0004@learners.example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
    ]);
    // The plan says so.
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: path.join(dir, 'data'), dryRun: true, json: true, rateWindowMs: WINDOW_MS }, io);
    const notes = (lastJson(io.stdout) as { summary: { notes: Array<{ code: string }> } }).summary.notes.map((n) => n.code);
    expect(notes).toContain('users-search-ignores-organisation');

    const run = await importReported(sandbox, file, { org: ORG, dataDir: path.join(dir, 'data'), rateWindowMs: WINDOW_MS });
    expect(run.code, run.results + run.output).toBe(0);
    expect(run.summary).toMatchObject({ created: 4, updated: 1, failed: 0 });
    // No one outside this organisation's learners was written to, or even sent a write.
    expect(snapshot(sandbox, untouched)).toEqual(before);
    const writtenTo = sandbox.calls.filter((c) => c.route === 'POST User/{id}').map((c) => Number(c.path.split('/').at(-1)));
    expect(writtenTo).toEqual([own.ID]);
    const made = sandbox.store.usersOf(ORG, 1).filter((u) => [elsewhere.MISID, 'NB0003', 'NB0004', 'NB0006'].includes(u.MISID!));
    expect(made.map((u) => u.MISID).sort()).toEqual([elsewhere.MISID, 'NB0003', 'NB0004', 'NB0006'].sort());
    const moved = sandbox.store.user(own.ID)!;
    expect(moved.ClassroomID).toBe(otherClass[1]);
    expect({ ...moved, ClassroomID: 0, LastModified: '' }).toEqual({ ...ownBefore, ClassroomID: 0, LastModified: '' });
  }, 60_000);

  it("never takes another organisation's learner of the same MIS ID and name for the one a create in doubt made", async () => {
    // Every second write is answered with a web page, undone: the second row's create is in doubt, and is checked by its MIS ID.
    const sandbox = await sandboxWith({ numberFilters: 'ignored', pagedUserRows: 'brief', webPageEveryNthWrite: 2 });
    const elsewhere = sandbox.store.usersOf(GUIDE.care, 1).find((u) => u.Email && u.MISID && !u.Archived)!;
    const before = JSON.stringify(sandbox.store.user(elsewhere.ID));
    const dir = tempDir('number-brief-');
    const file = fileOf(dir, [
      ['NB0007', 'Fresh', 'Learner', 'nb0007@learners.example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      [elsewhere.MISID!, elsewhere.FirstName, elsewhere.LastName, 'her.own@learners.example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
    ]);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const code = await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: path.join(dir, 'data'), json: true, yes: true, concurrency: 1, rateWindowMs: WINDOW_MS }, io);
    expect(code, io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 2, failed: 0 });
    expect(sandbox.calls.filter((c) => c.webPage)).toHaveLength(1);
    const here = sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === elsewhere.MISID);
    expect(here).toHaveLength(1);
    expect(here[0].ID).not.toBe(elsewhere.ID);
    expect(JSON.stringify(sandbox.store.user(elsewhere.ID))).toBe(before);
  }, 60_000);

  it("never gives a learner another organisation's assessor, and finds this organisation's among namesakes elsewhere", async () => {
    // A OneFile that also stores a DefaultAssessorID as given: before, the first row's learner was
    // created with the other organisation's assessor, and the second row was blocked as "ambiguous".
    const sandbox = await sandboxWith({ numberFilters: 'ignored', pagedUserRows: 'brief', staffReferences: 'unchecked' });
    const ruth = staffOf(sandbox, GUIDE.care, 5, 'Ruth', 'Elsewhere');
    const namesake = staffOf(sandbox, GUIDE.care, 5, 'James', 'Fayre');
    const dir = tempDir('number-brief-');
    const file = fileOf(dir, [
      ['NB0010', 'First', 'Learner', 'nb0010@learners.example.com', 'Ruth Elsewhere', 'Business Admin L2', 'BT - Manchester'],
      ['NB0011', 'Second', 'Learner', 'nb0011@learners.example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
    ]);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: path.join(dir, 'data'), dryRun: true, json: true, rateWindowMs: WINDOW_MS }, io);
    const plan = lastJson(io.stdout) as { summary: { create: number; blocked: number }; problems: Array<{ code: string; field: string; rowRanges: string[]; message: string }>; resolve: { accept: string } | null };
    expect(plan.summary).toMatchObject({ create: 1, blocked: 1 });
    expect(plan.problems.map((p) => [p.code, p.field, p.rowRanges])).toEqual([['reference-unmatched', 'Assessor', ['2']]]);
    expect(plan.problems[0].message).toContain(`Ruth Elsewhere (OneFile ID ${ruth}) is of organisation ${GUIDE.care}`);
    // What is offered to choose follows the plan: Ruth Elsewhere, not James Fayre.
    expect(plan.resolve?.accept).toContain("'Assessor:Ruth Elsewhere=");
    expect(plan.resolve?.accept).not.toContain('James Fayre');
    // Each member of staff the names fit was read once: Ruth, and both James Fayres.
    const reads = sandbox.calls.filter((c) => c.route === 'GET User/{id}').map((c) => Number(c.path.split('/').at(-1)));
    expect(reads.sort()).toEqual([ruth, namesake, GUIDE.jamesFayre].sort());

    const run = await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: path.join(dir, 'data'), json: true, yes: true, skipInvalid: true, rateWindowMs: WINDOW_MS }, capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }));
    expect(run).toBe(1); // one row skipped
    const made = sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === 'NB0010' || u.MISID === 'NB0011');
    expect(made.map((u) => [u.MISID, u.DefaultAssessorID])).toEqual([['NB0011', GUIDE.jamesFayre]]);
    expect(sandbox.store.all('users').filter((u) => u.DefaultAssessorID === ruth || u.DefaultAssessorID === namesake)).toEqual([]);
  }, 60_000);

  it('costs nothing where the rows say the organisation and role, and two calls where they say neither and the filters are honoured, once a week', async () => {
    for (const [rows, checks] of [['full', 0], ['brief', 2]] as const) {
      const sandbox = await sandboxWith({ pagedUserRows: rows });
      const dir = tempDir('number-brief-');
      const dataDir = path.join(dir, 'data');
      const impossible = () => sandbox.calls.filter((c) => c.route.startsWith('POST User/Search') && /2147483647|"Role":999/.test(JSON.stringify(c.body))).length;
      for (const [misId, expected] of [['NB0005', checks], ['NB0008', checks]] as const) {
        // Names of their own: a new learner named as an existing one is read to be told apart.
        const file = fileOf(dir, [[misId, 'Fresh', `Learner${misId}`, `${misId.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester']]);
        const run = await importReported(sandbox, file, { org: ORG, dataDir, rateWindowMs: WINDOW_MS });
        expect(run.summary, rows).toMatchObject({ created: 1, failed: 0 });
        // The next import within the week believes what the first one's two calls showed.
        expect(impossible(), `${rows} ${misId}`).toBe(expected);
      }
      expect(sandbox.calls.filter((c) => c.route === 'GET User/{id}').length, rows).toBe(0);
      const findings = readFindings(dataDir, sandbox.baseUrl);
      expect(findings?.knowledge.userFilters, rows).toBe(rows === 'brief' ? 'honoured' : undefined);
      if (rows === 'brief') expect(findings?.seenOn?.userFilters).toBeDefined();
    }
  }, 60_000);

  it('remembers a OneFile ignoring the filters: an import reading no staff treats its users as unconfirmed without asking again', async () => {
    const sandbox = await sandboxWith({ numberFilters: 'ignored', pagedUserRows: 'brief' });
    const elsewhere = sandbox.store.usersOf(GUIDE.care, 1).find((u) => u.Email && u.MISID && !u.Archived)!;
    const dir = tempDir('number-brief-');
    const dataDir = path.join(dir, 'data');
    const impossible = () => sandbox.calls.filter((c) => c.route.startsWith('POST User/Search') && /2147483647|"Role":999/.test(JSON.stringify(c.body))).length;
    // The first import reads the assessors: learners among them show the filters ignored, at no cost.
    const first = await importReported(sandbox, fileOf(dir, [['NB0012', 'Fresh', 'Twelve', 'nb0012@learners.example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester']]), { org: ORG, dataDir, rateWindowMs: WINDOW_MS });
    expect(first.summary).toMatchObject({ created: 1, failed: 0 });
    expect(readFindings(dataDir, sandbox.baseUrl)?.knowledge.userFilters).toBe('ignored');
    const asked = impossible();
    // A file naming no staff (a list of emails to correct): no staff list to show it, and no call asks again.
    const emails = path.join(dir, 'emails.csv');
    fs.writeFileSync(emails, `Learner Ref,Forename,Surname,Email Address\r\n${elsewhere.MISID},${elsewhere.FirstName},${elsewhere.LastName},corrected@learners.example.com\r\n`);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    await runImport(emails, { env: sandbox.baseUrl, org: ORG, dataDir, dryRun: false, json: true, yes: true, rateWindowMs: WINDOW_MS }, io);
    const plan = lastJson(io.stdout) as { summary?: { notes?: Array<{ code: string }> }; updated?: number };
    expect(impossible()).toBe(asked);
    // Another organisation's learner's MIS ID: never matched to her, never written to.
    expect(sandbox.store.user(elsewhere.ID)!.Email).toBe(elsewhere.Email);
    expect(sandbox.calls.filter((c) => c.route === 'POST User/{id}')).toEqual([]);
    expect(plan.updated ?? 0).toBe(0);
  }, 60_000);
});
