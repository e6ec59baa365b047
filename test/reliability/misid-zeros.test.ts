import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { blankUser } from '../../main/sandbox/user-factory';
import { importReported } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * Excel drops the zeros at the front of a number: an MIS export opened and saved in it has
 * 123 for the learner's MIS ID 000123. Found before this was handled: a row matched by its
 * email had OneFile's MIS ID 000123 REPLACED by 123 (a warning the only sign), and a learner
 * known by MIS ID alone, in a OneFile creating learners without an email, WAS CREATED A
 * SECOND TIME under 4567 beside 004567 (a namesake warning the only sign).
 */

const ORG = GUIDE.business;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS, learnerEmail: 'optional' });
const HEADER = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer';
const PLACE = 'James Fayre,Business Admin L2,BT - Manchester';

function write(dir: string, name: string, refs: [string, string]): string {
  const file = path.join(dir, name);
  const rows = [`${refs[0]},Amelia,Zeros,amelia.zeros@example.com,${PLACE}`, `${refs[1]},Bilal,Zeros,,${PLACE}`];
  fs.writeFileSync(file, [HEADER, ...rows].join('\r\n') + '\r\n');
  return file;
}

const zeros = (sandbox: RunningSandbox) =>
  sandbox.store
    .usersOf(ORG, 1)
    .filter((u) => u.LastName === 'Zeros')
    .map((u) => [u.FirstName, u.MISID])
    .sort();

const writes = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/.test(c.route)).length;

describe('MIS IDs whose zeros at the front Excel dropped', () => {
  it('are the learners OneFile has with the zeros: matched, their MIS IDs kept, none created twice, and the row says why', async () => {
    const sandbox = await sandboxWith();
    const dir = tempDir('misid-zeros-');
    const made = await importReported(sandbox, write(dir, 'from-the-mis.csv', ['000123', '004567']), { org: ORG, dataDir: path.join(dir, 'a'), rateWindowMs: WINDOW_MS });
    expect(made.code, made.errors || made.output).toBe(0);
    expect(zeros(sandbox)).toEqual([['Amelia', '000123'], ['Bilal', '004567']]);

    // The same learners, the file saved through Excel, imported from another computer.
    const before = writes(sandbox);
    const again = await importReported(sandbox, write(dir, 'saved-in-excel.csv', ['123', '4567']), { org: ORG, dataDir: path.join(dir, 'b'), rateWindowMs: WINDOW_MS });
    expect(again.code, again.errors || again.output).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(writes(sandbox)).toBe(before);
    expect(zeros(sandbox)).toEqual([['Amelia', '000123'], ['Bilal', '004567']]);
    expect(again.results).toContain('The MIS ID 4567 is 004567 in OneFile: the zeros at its front were lost, as Excel drops them from a number.');
  }, 60_000);

  it('an ID of letters and digits is compared as written: A0123 is not A123', async () => {
    const sandbox = await sandboxWith();
    const dir = tempDir('misid-letters-');
    const made = await importReported(sandbox, write(dir, 'first.csv', ['A0123', 'B04567']), { org: ORG, dataDir: path.join(dir, 'a'), rateWindowMs: WINDOW_MS });
    expect(made.code, made.errors || made.output).toBe(0);
    const other = await importReported(sandbox, write(dir, 'second.csv', ['A123', 'B4567']), { org: ORG, dataDir: path.join(dir, 'b'), rateWindowMs: WINDOW_MS });
    // Amelia is found by her email, and given the row's MIS ID with a warning naming the one replaced; Bilal, known by nothing else, is a new learner.
    expect(other.summary).toMatchObject({ created: 1, updated: 1 });
    expect(other.results).toContain('is given this row\'s MIS ID A123 in place of A0123');
    expect(zeros(sandbox)).toEqual([['Amelia', 'A123'], ['Bilal', 'B04567'], ['Bilal', 'B4567']]);
  }, 60_000);

  it('one file giving one learner\'s MIS ID with its zeros on one row and without on another creates nobody until the file writes it one way', async () => {
    const sandbox = await sandboxWith();
    const dir = tempDir('misid-zeros-one-file-');
    // Cara on two rows (no email: nothing else links them), her MIS ID's zeros dropped from the second, as Excel drops them from a cell it took for a number.
    const file = path.join(dir, 'half-saved-in-excel.csv');
    const cara = (misid: string) => `${misid},Cara,Zeros,,${PLACE}`;
    fs.writeFileSync(file, [HEADER, cara('0123'), cara('123')].join('\r\n') + '\r\n');
    const before = writes(sandbox);
    const run = await importReported(sandbox, file, { org: ORG, dataDir: path.join(dir, 'a'), rateWindowMs: WINDOW_MS });
    // Found before this was handled: exit 0, two learners Cara Zeros made, MIS IDs 0123 and 123.
    expect(run.code, run.output).toBe(2);
    expect(run.summary).toMatchObject({ state: 'not-started', summary: { create: 0, blocked: 2 } });
    expect(writes(sandbox)).toBe(before);
    expect(zeros(sandbox)).toEqual([]);
    const said = (run.summary.problems as Array<{ message: string }>).map((problem) => problem.message);
    expect(said).toContainEqual(expect.stringMatching(/^MIS ID "0123" \(row 2\) is "123" on row 3: one MIS ID, written with and without the zeros at its front/));
    expect(said).toContainEqual(expect.stringMatching(/^MIS ID "123" \(row 3\) is "0123" on row 2: one MIS ID/));

    // Written as the MIS has it on both rows: one learner, imported once.
    fs.writeFileSync(file, [HEADER, cara('0123'), cara('0123')].join('\r\n') + '\r\n');
    const fixed = await importReported(sandbox, file, { org: ORG, dataDir: path.join(dir, 'b'), rateWindowMs: WINDOW_MS });
    expect(fixed.code, fixed.errors || fixed.output).toBe(0);
    expect(fixed.summary).toMatchObject({ created: 1, joined: 1, failed: 0 });
    expect(zeros(sandbox)).toEqual([['Cara', '0123']]);
  }, 60_000);

  it('an assessor named by a MIS ID whose zeros were dropped is found; two whose IDs are one without them are never chosen between', async () => {
    const sandbox = await sandboxWith();
    const assessor = (firstName: string, misid: string) => {
      const id = sandbox.store.nextId('users');
      const username = `${firstName}.zeros.${id}`.toLowerCase();
      sandbox.store.put('users', { ...blankUser({ ID: id, Username: username, OrganisationID: ORG, Role: 5, FirstName: firstName, LastName: 'Zeros', Email: `${username}@staff.example.com`, LastModified: new Date().toISOString() }), MISID: misid });
      return id;
    };
    const asha = assessor('Asha', '000777');
    assessor('Ben', '0888');
    assessor('Cleo', '888');
    const dir = tempDir('misid-zeros-assessor-');
    const file = (name: string, staffMisid: string) => {
      const at = path.join(dir, name);
      fs.writeFileSync(at, [HEADER, `D1,Dina,Zeros,dina.zeros@example.com,${staffMisid},Business Admin L2,BT - Manchester`].join('\r\n') + '\r\n');
      return at;
    };

    // Two assessors' IDs, 0888 and 888, are one without the zeros: the row is not given either.
    const before = writes(sandbox);
    const unsure = await importReported(sandbox, file('two-assessors.csv', '888'), { org: ORG, dataDir: path.join(dir, 'a'), rateWindowMs: WINDOW_MS });
    expect(unsure.code, unsure.output).toBe(2);
    expect(writes(sandbox)).toBe(before);
    expect(zeros(sandbox)).toEqual([]);
    expect(unsure.summary.problems).toEqual([
      expect.objectContaining({
        code: 'reference-ambiguous',
        value: '888',
        message: expect.stringMatching(
          /^"888" fits 2 assessors in OneFile: Ben Zeros \(0888, .*\), Cleo Zeros \(888, .*\)\. .* or write its OneFile ID in the file: their MIS IDs are one, the zeros at the front aside \(Excel drops them from a number\)\.$/,
        ),
      }),
    ]);

    // Asha's 000777, written 777 in a file saved through Excel: Dina's assessor, not a blocked row.
    const found = await importReported(sandbox, file('saved-in-excel.csv', '777'), { org: ORG, dataDir: path.join(dir, 'b'), rateWindowMs: WINDOW_MS });
    expect(found.code, found.errors || found.output).toBe(0);
    expect(found.summary).toMatchObject({ created: 1, failed: 0 });
    const dina = sandbox.store.usersOf(ORG, 1).filter((u) => u.LastName === 'Zeros');
    expect(dina.map((u) => [u.FirstName, u.DefaultAssessorID])).toEqual([['Dina', asha]]);
  }, 60_000);

  it('a class and a placement named by MIS IDs whose zeros were dropped are found, by an ILR\'s EmpId too: never "not in OneFile", never created again', async () => {
    const sandbox = await sandboxWith();
    const zerosL2 = place(sandbox, 'classrooms', 'Zeros Business Admin L2', '0042');
    const leeds = place(sandbox, 'placements', 'Zeros Ltd - Leeds', '0077');
    const dir = tempDir('misid-zeros-places-');
    const places = () => [sandbox.store.count('classrooms'), sandbox.store.count('placements')];
    const before = places();

    // The file saved through Excel: class 42 and placement 77, the import asked to create every class and placement OneFile lacks.
    const file = placesFile(dir, 'saved-in-excel.csv', 'Employer', ['E1,Esme,Zeros,esme.zeros@example.com,James Fayre,42,77']);
    const run = await importReported(sandbox, file, { org: ORG, dataDir: path.join(dir, 'a'), rateWindowMs: WINDOW_MS, createMissingAll: true });
    // Found before this was handled: exit 0, A SECOND CLASS called "42" and a second placement called "77" created (no MIS ID)
    // and Esme put in them; without --create-missing-all the row was blocked, "No class in OneFile matches", offered to create it.
    expect(run.code, run.errors || run.output).toBe(0);
    expect(run.summary).toMatchObject({ created: 1, failed: 0 });
    // An ILR's employer reference, EmpId 77, is the placement whose MIS ID is 0077.
    const ilr = placesFile(dir, 'ilr.csv', 'EmpId', ['E2,Ezra,Zeros,ezra.zeros@example.com,James Fayre,0042,77']);
    const fromIlr = await importReported(sandbox, ilr, { org: ORG, dataDir: path.join(dir, 'b'), rateWindowMs: WINDOW_MS, createMissingAll: true });
    expect(fromIlr.code, fromIlr.errors || fromIlr.output).toBe(0);
    expect(fromIlr.summary).toMatchObject({ created: 1, failed: 0 });

    expect(places()).toEqual(before);
    const learners = sandbox.store.usersOf(ORG, 1).filter((u) => u.LastName === 'Zeros');
    expect(learners.map((u) => [u.FirstName, u.ClassroomID, u.PlacementID]).sort()).toEqual([['Esme', zerosL2, leeds], ['Ezra', zerosL2, leeds]]);
  }, 60_000);

  it('two classes, or two placements, whose MIS IDs are one without the zeros are never chosen between, nor created: the row says which and what to write', async () => {
    const sandbox = await sandboxWith();
    const l2 = place(sandbox, 'classrooms', 'Zeros Business Admin L2', '0042');
    const cs = place(sandbox, 'classrooms', 'Zeros Customer Service L2', '42');
    place(sandbox, 'placements', 'Zeros Ltd - Leeds', '0077');
    place(sandbox, 'placements', 'Zeros Ltd - York', '77');
    const dir = tempDir('misid-zeros-two-places-');
    const before = writes(sandbox);
    const classes = `Zeros Business Admin L2 \\(0042, OneFile ID ${l2}\\), Zeros Customer Service L2 \\(42, OneFile ID ${cs}\\)`;
    const zerosAside = 'are one, the zeros at the front aside \\(Excel drops them from a number\\)\\.$';

    // Each written either way, the import asked to create every class and placement OneFile lacks: none lacking, none chosen.
    const rows = ['F1,Fern,Zeros,fern.zeros@example.com,James Fayre,42,0077', 'F2,Finn,Zeros,finn.zeros@example.com,James Fayre,0042,77'];
    const ilr = await importReported(sandbox, placesFile(dir, 'ilr.csv', 'EmpId', rows), { org: ORG, dataDir: path.join(dir, 'a'), rateWindowMs: WINDOW_MS, createMissingAll: true });
    const employer = await importReported(sandbox, placesFile(dir, 'mis.csv', 'Employer', [rows[0]]), { org: ORG, dataDir: path.join(dir, 'b'), rateWindowMs: WINDOW_MS, createMissingAll: true });
    // Found before this was handled: exit 0, Fern in the class written 42 and Finn in the placement written 77, each taken as written.
    expect([ilr.code, employer.code], ilr.output).toEqual([2, 2]);
    expect(writes(sandbox)).toBe(before);
    expect(zeros(sandbox)).toEqual([]);
    const problem = (header: string, value: string, row: string, message: RegExp) =>
      expect.objectContaining({ code: 'reference-ambiguous', header, value, rowRanges: [row], message: expect.stringMatching(message) });
    expect(ilr.summary.problems).toEqual([
      problem('Class', '42', '2', new RegExp(`^"42" fits 2 classes in OneFile: ${classes}\\. .* or write its OneFile ID or its name in the file: their MIS IDs ${zerosAside}`)),
      problem('EmpId', '0077', '2', new RegExp(`^"0077" fits 2 placements in OneFile: Zeros Ltd - Leeds \\(0077\\), Zeros Ltd - York \\(77\\)\\. .*choose one .*: an EmpId is looked for among MIS IDs only, and theirs ${zerosAside}`)),
      problem('Class', '0042', '3', new RegExp(`^"0042" fits 2 classes in OneFile: ${classes}\\.`)),
      problem('EmpId', '77', '3', /^"77" fits 2 placements in OneFile/),
    ]);
    expect(employer.summary.problems).toContainEqual(
      problem('Employer', '0077', '2', new RegExp(`^"0077" fits 2 placements in OneFile: Zeros Ltd - Leeds \\(0077, OneFile ID \\d+\\), Zeros Ltd - York \\(77, OneFile ID \\d+\\)\\. .* or write its OneFile ID or its name in the file: their MIS IDs ${zerosAside}`)),
    );
  }, 60_000);

  it('a class OneFile lacks, written by its MIS ID with the zeros on one row and without on another, is not created, once or twice', async () => {
    const sandbox = await sandboxWith();
    const dir = tempDir('misid-zeros-class-to-create-');
    const classes = () => sandbox.store.count('classrooms');
    const before = [classes(), writes(sandbox)];
    const file = placesFile(dir, 'half-saved-in-excel.csv', 'Employer', ['G1,Gail,Zeros,gail.zeros@example.com,James Fayre,04242,BT - Manchester', 'G2,Gus,Zeros,gus.zeros@example.com,James Fayre,4242,BT - Manchester']);
    const run = await importReported(sandbox, file, { org: ORG, dataDir: path.join(dir, 'a'), rateWindowMs: WINDOW_MS, createMissingAll: true });
    // Found before this was handled: exit 0, two classes made, called "04242" and "4242" (neither with a MIS ID), Gail in one and Gus in the other.
    expect(run.code, run.output).toBe(2);
    expect([classes(), writes(sandbox)]).toEqual(before);
    expect(run.summary.problems).toEqual(
      ['04242', '4242'].map((value) => expect.objectContaining({ code: 'reference-unmatched', header: 'Class', value, message: expect.stringContaining("It is not created for you: a number reads as a class's MIS ID") })),
    );
  }, 60_000);

  it('a class or placement MIS ID of letters and digits is compared as written: A0042 is not A42, and is blocked, not guessed', async () => {
    const sandbox = await sandboxWith();
    place(sandbox, 'classrooms', 'Zeros Business Admin L2', 'A0042');
    const dir = tempDir('misid-zeros-letters-place-');
    const before = writes(sandbox);
    const run = await importReported(sandbox, placesFile(dir, 'letters.csv', 'Employer', ['H1,Hana,Zeros,hana.zeros@example.com,James Fayre,A42,BT - Manchester']), { org: ORG, dataDir: path.join(dir, 'a'), rateWindowMs: WINDOW_MS });
    expect(run.code, run.output).toBe(2);
    expect(writes(sandbox)).toBe(before);
    expect(run.summary.problems).toEqual([expect.objectContaining({ code: 'reference-unmatched', header: 'Class', value: 'A42' })]);
  }, 60_000);
});

function place(sandbox: RunningSandbox, kind: 'classrooms' | 'placements', name: string, misid: string): number {
  const id = sandbox.store.nextId(kind);
  sandbox.store.put(kind, { ID: id, OrganisationID: ORG, Name: name, MISID: misid });
  return id;
}

/** Learners whose class and placement are named by MIS ID; the placement's column is headed `placementHeader` (Employer, or an ILR's EmpId). */
function placesFile(dir: string, name: string, placementHeader: string, rows: string[]): string {
  const at = path.join(dir, name);
  fs.writeFileSync(at, [`Learner Ref,Forename,Surname,Email Address,Assessor,Class,${placementHeader}`, ...rows].join('\r\n') + '\r\n');
  return at;
}
