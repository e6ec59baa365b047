import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { createOneFileClient, type OneFileClient } from '../../main/onefile';
import { GUIDE } from '../../main/sandbox';
import { lastJson } from './cli-fixtures';
import { startWitness, TOKEN, WINDOW_MS, type Witness } from './onefile-witness';

/**
 * Issue 13, part 3: a learner OneFile has without the row's MIS ID, found by ULN, NI
 * number or email, is linked: the plan and the results count it as its own category,
 * and the update sends only the MIS ID (and any other field that changed). Nothing is
 * created. Two candidates block the row, naming both.
 */

const ULN = '1000000043';
const OTHER_ULN = '1000000051';

describe('linking a learner OneFile has without the row’s MIS ID', () => {
  let witness: Witness;
  let client: OneFileClient;

  /** A learner put into OneFile by hand, without an MIS ID. */
  async function learnerWithoutMisId(first: string, extra: Record<string, string>): Promise<number> {
    const user = await client.createUser({
      OrganisationID: GUIDE.business,
      Role: 1,
      FirstName: first,
      LastName: 'Nomis',
      Email: `${first.toLowerCase()}.nomis@learners.example.com`,
      DefaultAssessorID: GUIDE.jamesFayre,
      ClassroomID: GUIDE.businessAdminL2,
      PlacementID: GUIDE.btManchester,
      ...extra,
    });
    return user.ID;
  }

  beforeEach(async () => {
    witness = await startWitness();
    client = createOneFileClient({ baseUrl: witness.sandbox.baseUrl, customerToken: TOKEN, windowMs: WINDOW_MS });
  });
  afterEach(async () => {
    await client.close();
    await witness.close();
  });

  it('gives a learner found by ULN the MIS ID and nothing else, creates nothing, and counts a link in plan and results', async () => {
    const id = await learnerWithoutMisId('Lara', { ULN });
    const file = witness.csv('link.csv', ['Learner Ref,ULN', `LL001,${ULN}`]);

    const plan = witness.io();
    expect(await runImport(file, { ...witness.options, dryRun: true }, plan)).toBe(0);
    const text = plan.stdout.join('');
    expect(text).toContain('Rows: 1: create 0, update 0, link (set MIS ID) 1, unchanged 0');
    expect(text).toContain(`row 2, Lara Nomis (OneFile ID ${id}): Link Lara Nomis (found by ULN): MIS ID → LL001`);

    const io = witness.io();
    const from = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true }, io)).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', created: 0, updated: 0, linked: 1, failed: 0 });
    expect(witness.writesSince(from)).toEqual([{ route: 'POST User/{id}', path: `User/${id}`, body: { MISID: 'LL001' } }]);
    expect(witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.ULN === ULN).map((u) => [u.ID, u.MISID])).toEqual([[id, 'LL001']]);

    // Linked once, the next import recognises the learner by the MIS ID: nothing to do.
    const again = witness.io();
    expect(await runImport(file, { ...witness.options, json: true }, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ linked: 0, unchanged: 1, calls: 0 });
  });

  it('links by NI number and by email too, sending the other fields that changed with the MIS ID', async () => {
    const byNino = await learnerWithoutMisId('Nia', { NINO: 'AB123456C' });
    const byEmail = await learnerWithoutMisId('Eve', {});
    const file = witness.csv('link.csv', [
      'Learner Ref,NI Number,Email,Class',
      'LN001,AB 12 34 56 C,,Business Admin L3',
      'LE001,,eve.nomis@learners.example.com,',
    ]);
    const io = witness.io();
    const from = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true }, io)).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 0, linked: 2, failed: 0 });
    const writes = witness.writesSince(from);
    expect(writes).toEqual([
      { route: 'POST User/{id}', path: `User/${byNino}`, body: { MISID: 'LN001', ClassroomID: GUIDE.businessAdminL3 } },
      { route: 'POST User/{id}', path: `User/${byEmail}`, body: { MISID: 'LE001' } },
    ]);
  });

  it('blocks a row whose ULN and email find two different learners, naming both, and sends nothing', async () => {
    const first = await learnerWithoutMisId('Ann', { ULN: OTHER_ULN });
    const second = await learnerWithoutMisId('Bea', {});
    const file = witness.csv('link.csv', ['Learner Ref,ULN,Email', `LB001,${OTHER_ULN},bea.nomis@learners.example.com`]);
    const io = witness.io();
    const from = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true }, io)).toBe(2);
    const problems = lastJson(io.stdout).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0].code).toBe('match-conflict');
    expect(problems[0].message).toContain(`Ann Nomis (OneFile ID ${first})`);
    expect(problems[0].message).toContain(`Bea Nomis (OneFile ID ${second})`);
    expect(witness.writesSince(from)).toEqual([]);
  });
});
