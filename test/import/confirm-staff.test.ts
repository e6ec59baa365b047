import { describe, expect, it } from 'vitest';
import type { MappedRow } from '../../shared/mapped-rows';
import { OneFileError } from '../../main/onefile/errors';
import type { Resolution, Resolver } from '../../main/import/directory/resolve';
import type { Directory } from '../../main/import/directory/types';
import { confirmNamedStaff } from '../../main/import/plan/confirm-staff';
import { roleOfRow } from '../../main/import/plan/plan';

/** The staff a file names, read by ID where the directory's users are unconfirmed (plan/confirm-staff.ts): rules, no OneFile. */

const ORG = 5740;
const directory = (usersUnconfirmed: boolean) => ({ organisationId: ORG, ...(usersUnconfirmed ? { usersUnconfirmed } : {}) }) as Directory;
const row = (values: Record<string, string>, n = 2): MappedRow => ({ row: n, values, raw: {} });

/** What the directory alone resolves each name to. */
const answers: Record<string, Resolution> = {
  'Ruth Elsewhere': { status: 'matched', id: 11, name: 'Ruth Elsewhere', via: 'exact' },
  'James Fayre': { status: 'ambiguous', candidates: [{ id: 1, name: 'James Fayre' }, { id: 12, name: 'James Fayre' }] },
  'Kate Anderson': { status: 'matched', id: 2, name: 'Kate Anderson', via: 'exact' },
  'Sam Learner': { status: 'matched', id: 13, name: 'Sam Learner', via: 'exact' },
  'Gone Person': { status: 'matched', id: 14, name: 'Gone Person', via: 'exact' },
  'Three Ways': { status: 'ambiguous', candidates: [{ id: 1, name: 'Three Ways' }, { id: 2, name: 'Three Ways' }, { id: 11, name: 'Three Ways' }] },
};
const resolver: Resolver = {
  resolveReference: (_field, value) => answers[value] ?? { status: 'unmatched', suggestions: [] },
  nameOf: () => undefined,
};
/** OneFile's users by ID: organisation and role; 14 is gone. */
const users: Record<number, { OrganisationID: number; Role: number }> = {
  1: { OrganisationID: ORG, Role: 5 },
  2: { OrganisationID: ORG, Role: 5 },
  11: { OrganisationID: 5741, Role: 5 },
  12: { OrganisationID: 5741, Role: 5 },
  13: { OrganisationID: ORG, Role: 1 },
};
function reader() {
  const read: number[] = [];
  const readUser = async (id: number) => {
    read.push(id);
    if (!users[id]) throw new OneFileError({ kind: 'not-found', endpoint: 'GET User/{id}', status: 404, message: 'Not found.' });
    return { ID: id, ...users[id] };
  };
  return { read, readUser };
}

describe('staff named in the file, where the user search ignored its organisation and role', () => {
  it('reads each member of staff a name fits once, and keeps only this organisation\'s staff of that role', async () => {
    const { read, readUser } = reader();
    const rows = [
      row({ Assessor: 'Ruth Elsewhere' }),
      row({ Assessor: 'James Fayre', IQA: 'Kate Anderson' }, 3),
      row({ Assessor: 'James Fayre' }, 4),
      row({ Assessor: 'Sam Learner', Employer: 'Gone Person' }, 5),
      row({ Assessor: 'Three Ways' }, 6),
    ];
    const { resolver: checked, calls } = await confirmNamedStaff(rows, directory(true), resolver, readUser, roleOfRow);
    expect(read.sort((a, b) => a - b)).toEqual([1, 2, 11, 12, 13, 14]);
    expect(calls).toBe(6);
    // The only one of that name is another organisation's: unmatched, saying so.
    expect(checked.resolveReference('Assessor', 'Ruth Elsewhere')).toEqual({
      status: 'unmatched',
      suggestions: [],
      notHere: [{ id: 11, name: 'Ruth Elsewhere', why: 'of organisation 5741' }],
    });
    // A namesake elsewhere no longer makes the name ambiguous.
    expect(checked.resolveReference('Assessor', 'James Fayre')).toMatchObject({ status: 'matched', id: 1 });
    // Of this organisation, but an assessor named as the IQA; a learner named as the assessor; one gone.
    expect(checked.resolveReference('IQA', 'Kate Anderson')).toMatchObject({ status: 'unmatched', notHere: [{ id: 2, why: 'an assessor' }] });
    expect(checked.resolveReference('Assessor', 'Sam Learner')).toMatchObject({ status: 'unmatched', notHere: [{ id: 13, why: 'a learner' }] });
    expect(checked.resolveReference('Employer', 'Gone Person')).toMatchObject({ status: 'unmatched', notHere: [{ id: 14, why: 'no longer in OneFile' }] });
    // Two of this organisation left: still a person's choice, between those two only.
    expect(checked.resolveReference('Assessor', 'Three Ways')).toEqual({ status: 'ambiguous', candidates: [{ id: 1, name: 'Three Ways' }, { id: 2, name: 'Three Ways' }] });
    // Other fields are the directory's answers.
    expect(checked.resolveReference('Classroom', 'Ruth Elsewhere')).toBe(answers['Ruth Elsewhere']);
  });

  it('reads nothing where the directory\'s users are confirmed, or for rows that are not learners', async () => {
    const { read, readUser } = reader();
    const rows = [row({ Assessor: 'Ruth Elsewhere' })];
    expect(await confirmNamedStaff(rows, directory(false), resolver, readUser, roleOfRow)).toEqual({ resolver, calls: 0 });
    const staffRow = row({ Assessor: 'Ruth Elsewhere', Role: '5' });
    expect((await confirmNamedStaff([staffRow], directory(true), resolver, readUser, roleOfRow)).calls).toBe(0);
    expect(read).toEqual([]);
  });
});
