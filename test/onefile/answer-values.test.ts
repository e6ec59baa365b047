import { describe, expect, it } from 'vitest';
import { learningAimSchema, organisationSchema, userSchema } from '../../main/onefile/schemas';

/**
 * Values typed otherwise than the guides' examples (sandbox `answerValues`): numbers and
 * flags written as text, a Role written as its name, a ULN written as a number. Each is
 * read for what it says; what cannot be read as the field's meaning is refused or left
 * unknown, never guessed.
 */
describe('answer values typed otherwise', () => {
  it('numbers and flags written as text are read as numbers and flags', () => {
    const user = userSchema.parse({ ID: '138439', OrganisationID: '5740', Role: '1', Archived: 'False', DefaultAssessorID: '122762', FirstName: 'Ann' });
    expect(user).toMatchObject({ ID: 138439, OrganisationID: 5740, Role: 1, Archived: false, DefaultAssessorID: 122762 });
    expect(userSchema.parse({ ID: 1, Archived: 'True' }).Archived).toBe(true);
    expect(userSchema.parse({ ID: 1, Archived: 1 }).Archived).toBe(true);
    expect(userSchema.parse({ ID: 1, Archived: '0' }).Archived).toBe(false);
    expect(organisationSchema.parse({ ID: '5740', Name: 'Example', KeychainCreationForNewUserActive: 'false' }).KeychainCreationForNewUserActive).toBe(false);
    expect(learningAimSchema.parse({ ID: '4001', StandardID: '12', Status: '1' })).toMatchObject({ ID: 4001, StandardID: 12, Status: 1 });
  });

  it('a Role written as its name is its number; a name no guide lists is unknown, not guessed', () => {
    const roles = ['Learner', 'TraineeAssessor', 'Trainee Assessor', 'Assessor', 'IQA', 'Internal Quality Assurer', 'Employer', 'Observer'];
    expect(roles.map((Role) => userSchema.parse({ ID: 1, Role }).Role)).toEqual([1, 4, 4, 5, 10, 10, 40, 45]);
    expect(userSchema.parse({ ID: 1, Role: 'Tutor' }).Role).toBeUndefined();
  });

  it('a ULN or MIS ID written as a number is read as its digits', () => {
    expect(userSchema.parse({ ID: 1, ULN: 9276308686, MISID: 12345 })).toMatchObject({ ULN: '9276308686', MISID: '12345' });
  });

  it('a flag or a number that says something else is refused, not taken for one', () => {
    expect(() => userSchema.parse({ ID: 1, Archived: 'maybe' })).toThrow();
    expect(() => userSchema.parse({ ID: 1, Role: true })).toThrow();
    // A learning aim's status, which the importer does not read, written as a name: the row is still read.
    expect(learningAimSchema.parse({ ID: 1, StandardID: 2, Status: 'InProgress' })).toMatchObject({ ID: 1, StandardID: 2, Status: undefined });
  });
});
