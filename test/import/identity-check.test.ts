import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { GUIDE, startSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';
import { planningSandbox, planFile } from './plan-fixture';
import { sheet } from './rows';

/**
 * A row whose key (ULN, NI number, email, MIS ID) finds a OneFile learner with other names
 * is about someone else: updating would give that learner the row's names, MIS ID, email
 * and date of birth, with nothing to show for it. Found by trying a file whose new learner
 * carried an existing learner's ULN (a one-digit slip the check digit lets through): the plan
 * said "Update Chloe Henshall: first name → Totally, last name → Different, MIS ID → ZZ101".
 */

const HEADERS = ['First Name', 'Last Name', 'Email', 'MIS ID', 'ULN', 'Assessor', 'Class', 'Placement'];
const PLACE = ['James Fayre', 'Business Admin L2', 'BT - Manchester'];
/** Chloe Henshall as the sandbox holds her (the guide's example learner). */
const CHLOE = { first: 'Chloe', last: 'Henshall', email: 'chloe.henshall@learner.example.com', misid: 'CHENSHALL194', uln: '4938261048' };

describe('a row whose key finds a learner of other names', () => {
  const sandbox = planningSandbox();

  it('blocks a new person carrying an existing learner\'s ULN, naming both, and changes no one', async () => {
    const result = await planFile(sandbox, sheet(HEADERS, [['Totally', 'Different', 'totally.different@example.com', 'ZZ101', CHLOE.uln, ...PLACE]]));
    const [row] = result.rows;
    expect(row.action).toBe('blocked');
    expect(row.operations).toEqual([]);
    const problem = row.problems.find((p) => p.code === 'key-names-other-person')!;
    expect(problem.severity).toBe('error');
    expect(problem.message).toBe(
      `The ULN belongs to Chloe Henshall (OneFile ID ${GUIDE.chloeHenshall}, MIS ID ${CHLOE.misid}), but this row names Totally Different: the row looks like another person with a mistyped ULN, and importing it would give Chloe Henshall this row's details. ` +
        `Correct the ULN in the file; if it is the same person under new names, give the row their OneFile ID (${GUIDE.chloeHenshall}) in a "OneFile ID" column.`,
    );
    expect(result.summary).toMatchObject({ update: 0, create: 0 });
  });

  it('blocks a MIS ID or an email that finds another person too', async () => {
    const byMisid = await planFile(sandbox, sheet(HEADERS, [['Totally', 'Different', '', CHLOE.misid, '', ...PLACE]]));
    expect(byMisid.rows[0].problems.find((p) => p.code === 'key-names-other-person')?.message).toMatch(/^The MIS ID belongs to Chloe Henshall .* but this row names Totally Different/);
    const byEmail = await planFile(sandbox, sheet(HEADERS, [['Totally', 'Different', CHLOE.email, '', '', ...PLACE]]));
    expect(byEmail.rows[0]).toMatchObject({ action: 'blocked' });
    expect(byEmail.rows[0].problems.map((p) => p.code)).toContain('key-names-other-person');
  });

  it('a row blocked so claims no one: a later row about the learner its key found imports as ever', async () => {
    const result = await planFile(
      sandbox,
      sheet(HEADERS, [
        ['Totally', 'Different', '', '', CHLOE.uln, ...PLACE],
        [CHLOE.first, CHLOE.last, CHLOE.email, CHLOE.misid, '', ...PLACE],
      ]),
    );
    expect(result.rows[0].action).toBe('blocked');
    expect(result.rows[1].problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.rows[1].matched?.userId).toBe(GUIDE.chloeHenshall);
  });

  it('takes names alike as the same person: capitals, accents, punctuation, a short or longer form, a second surname, first and last swapped', async () => {
    const ways = [
      ['CHLOE', 'HENSHALL'],
      ['Chloé', 'Henshall'],
      ['Chlo', 'Henshall-Smith'],
      ['Chloe Anne', 'Jones'],
      ['Zoe', 'Henshall'],
      ['Henshall', 'Chloe'],
    ];
    for (const [first, last] of ways) {
      const result = await planFile(sandbox, sheet(HEADERS, [[first, last, CHLOE.email, CHLOE.misid, CHLOE.uln, ...PLACE]]));
      expect(result.rows[0].problems.map((p) => p.code), `${first} ${last}`).not.toContain('key-names-other-person');
      expect(result.rows[0].matched?.userId, `${first} ${last}`).toBe(GUIDE.chloeHenshall);
    }
  });

  it('a row giving the OneFile ID is taken at its word: the same person under new names', async () => {
    const result = await planFile(sandbox, sheet([...HEADERS, 'OneFile ID'], [['Totally', 'Different', CHLOE.email, CHLOE.misid, CHLOE.uln, ...PLACE, String(GUIDE.chloeHenshall)]]));
    expect(result.rows[0].problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.rows[0].action).toBe('update');
  });

  it('names written all in capitals or small letters (as MIS exports write surnames) leave OneFile\'s capitals alone; capitals of their own are sent', async () => {
    const changesOf = async (first: string, last: string) => {
      const result = await planFile(sandbox, sheet(HEADERS, [[first, last, CHLOE.email, CHLOE.misid, CHLOE.uln, ...PLACE]]));
      return result.rows[0].operations.flatMap((op) => (op.kind === 'update-user' ? Object.keys(op.changes) : [])).filter((field) => field.endsWith('Name'));
    };
    expect(await changesOf('CHLOE', 'HENSHALL')).toEqual([]);
    expect(await changesOf('chloe', ' henshall ')).toEqual([]);
    expect(await changesOf('Chloe', 'HenShall')).toEqual(['LastName']);
    expect(await changesOf('CHLOÉ', 'HENSHALL')).toEqual(['FirstName']);
  });

  it('warns where a learner found by ULN is given another MIS ID than OneFile has', async () => {
    const result = await planFile(sandbox, sheet(HEADERS, [[CHLOE.first, CHLOE.last, CHLOE.email, 'NEWMIS01', CHLOE.uln, ...PLACE]]));
    const [row] = result.rows;
    expect(row.action).toBe('update');
    expect(row.problems.find((p) => p.code === 'misid-replaced')).toMatchObject({
      severity: 'warning',
      message: `Found by ULN: Chloe Henshall (OneFile ID ${GUIDE.chloeHenshall}, MIS ID ${CHLOE.misid}) is given this row's MIS ID NEWMIS01 in place of ${CHLOE.misid}. Check that the row is about Chloe Henshall.`,
    });
  });
});

describe('a row whose email, looked up before a create, finds a learner of other names', () => {
  it('is blocked as well: OneFile\'s learner rows carry no email, so the look-up found her', async () => {
    const sandbox = await startSandbox({ windowMs: 300, pagedUserRows: 'brief', unpagedSearchRoutes: false });
    try {
      const dir = tempDir('identity-lookup-');
      const file = path.join(dir, 'learners.csv');
      fs.writeFileSync(file, `${HEADERS.join(',')}\r\nTotally,Different,${CHLOE.email},,,${PLACE.join(',')}\r\n`);
      const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
      const options = { env: sandbox.baseUrl, org: GUIDE.business, dataDir: dir, json: true, dryRun: true, rateWindowMs: 300 };
      expect(await runImport(file, options, io), io.stderr.join('')).not.toBe(0);
      expect(JSON.stringify(lastJson(io.stdout))).toMatch(/The email belongs to Chloe Henshall \(OneFile ID \d+, MIS ID CHENSHALL194\), but this row names Totally Different/);
      expect(sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path))).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
