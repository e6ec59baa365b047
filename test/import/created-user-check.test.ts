import { describe, expect, it } from 'vitest';
import { CreatedUserCheck } from '../../main/import/run/created-user-check';
import type { ImportPlan, Operation, RowPlan } from '../../main/import/plan/types';
import type { OneFileUser } from '../../main/onefile';

const ORG = 5740;
const ASSESSOR = 122762;
const MATCHED = 130001;

function row(n: number, operations: Operation[], matched?: number): RowPlan {
  return { row: n, index: n - 2, role: 1, action: matched ? 'update' : 'create', operations, ...(matched ? { matched: { userId: matched, by: 'MISID' } } : {}) } as unknown as RowPlan;
}

const plan: Pick<ImportPlan, 'rows'> = {
  rows: [
    row(2, [{ kind: 'create-user', id: '2:create-user', description: '', role: 1, fields: { FirstName: 'Amy', LastName: 'Ng', DefaultAssessorID: ASSESSOR } } as unknown as Operation]),
    row(3, [{ kind: 'update-user', id: '3:update-user', description: '', user: { existing: MATCHED }, changes: { ClassroomID: 1 }, before: {} } as unknown as Operation], MATCHED),
  ],
};

const sent = { OrganisationID: ORG, Role: 1, FirstName: "Siobhán", LastName: "O'Connor", Email: 'siobhan@home.example.com', MISID: 'SO1' };
const user = (fields: Partial<OneFileUser> & { ID: number }) => fields as OneFileUser;

describe('the check of a create answered with a user', () => {
  it('takes the new user as made, names compared as any OneFile may hold them (case, accents, punctuation, HTML read back)', () => {
    const check = new CreatedUserCheck(plan);
    expect(check.check(2, sent, user({ ID: 140001, OrganisationID: ORG, Role: 1, FirstName: 'SIOBHAN', LastName: 'OConnor' }), ORG)).toBeUndefined();
    expect(check.check(4, { ...sent, MISID: 'SO2' }, user({ ID: 140002 }), ORG)).toBeUndefined();
    // A name held cut short (a OneFile holding so many characters): the same user, its cut reported by kept-fields.
    expect(check.check(6, { ...sent, MISID: 'SO6', LastName: 'Montgomery-Fitzwilliam-Smythe' }, user({ ID: 140003, FirstName: 'Siobhán', LastName: 'Montgomery-Fitzwil' }), ORG)).toBeUndefined();
    // The same row's create answered again (a try sent again after a lost answer): still its own user.
    expect(check.check(2, sent, user({ ID: 140001 }), ORG)).toBeUndefined();
  });

  it("fails a create answered with the row's assessor, naming who and the value they share, marked on its column", () => {
    const check = new CreatedUserCheck(plan);
    const failure = check.check(2, { ...sent, Email: 'james.fayre@centre.example.com' }, user({ ID: ASSESSOR, OrganisationID: ORG, Role: 5, FirstName: 'James', LastName: 'Fayre', Email: 'James.Fayre@centre.example.com' }), ORG);
    expect(failure).toMatchObject({ kind: 'validation', field: 'Email' });
    expect(failure!.message).toBe(
      "OneFile answered the creation of this learner with user 122762 (James Fayre), who is not new: in OneFile before this import; an assessor, not a learner; not named Siobhán O'Connor. " +
        "They have this row's email address: a OneFile holding an email address to one user gives back the user who has it, making none. " +
        'Nothing more was sent for this row, nothing was written to James Fayre, and an undo of this import leaves them as they are. ' +
        'Find them in OneFile: if they are this learner, bring them into this organisation as a learner and import the row again (they will be matched, not made); ' +
        "if not, give the row the learner's own email address and import it again.",
    );
  });

  it("fails a create answered with a learner of another organisation, a learner the plan matched (by ID alone), or another row's new user", () => {
    const check = new CreatedUserCheck(plan, [[7, 140100]]);
    const otherOrganisation = check.check(2, sent, user({ ID: 138399, OrganisationID: 5741, Role: 1, FirstName: 'Siobhan', LastName: "O'Connor", Email: sent.Email }), ORG);
    expect(otherOrganisation?.message).toContain('who is not new: of organisation 5741, not 5740. They have this row\'s email address:');
    const matched = check.check(2, sent, user({ ID: MATCHED }), ORG);
    expect(matched?.message).toContain('with user 130001, who is not new: in OneFile before this import. OneFile made no new user');
    expect(matched?.field).toBeUndefined();
    // Made for row 7 by an earlier session of the run.
    expect(check.check(2, sent, user({ ID: 140100, MISID: 'SO1' }), ORG)?.message).toContain("who is not new: made by this import for row 7. They have this row's MIS ID: a OneFile holding a MIS ID");
    // Made for row 2 in this session, then answered to row 5.
    expect(check.check(2, sent, user({ ID: 140200 }), ORG)).toBeUndefined();
    expect(check.check(5, { ...sent, MISID: 'SO5' }, user({ ID: 140200 }), ORG)?.message).toContain('made by this import for row 2');
  });

  it('a user read back after an answer of only an ID, found not new, is no longer taken as made for the row', () => {
    const check = new CreatedUserCheck(plan);
    expect(check.check(2, sent, user({ ID: 150000 }), ORG)).toBeUndefined();
    expect(check.check(2, sent, user({ ID: 150000, OrganisationID: 5741, FirstName: 'Zara', LastName: 'Patel' }), ORG)).toBeDefined();
    expect(check.check(3, { ...sent, MISID: 'SO3' }, user({ ID: 150000 }), ORG)).toBeUndefined();
  });
});
