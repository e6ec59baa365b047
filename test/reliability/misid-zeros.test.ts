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
});
