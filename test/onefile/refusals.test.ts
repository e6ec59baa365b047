import { describe, expect, it } from 'vitest';
import { keyFieldInUse, refusedAsAlreadyGiven } from '../../main/onefile';
import { OneFileError } from '../../main/onefile/errors';

/**
 * No guide says whether two users may share an email, a MIS ID or a ULN, nor how OneFile
 * would word refusing the second: the importer reads its words. A refusal that says a
 * value is wrong, not taken, must not be read as "another user has it".
 */
describe('a refusal saying another user already has a value', () => {
  it.each([
    ['Email address jo@example.com is already in use by another user.', 'Email'],
    ['A user with this email already exists.', 'Email'],
    ['The E-mail jo@example.com has already been taken.', 'Email'],
    ['Duplicate email address.', 'Email'],
    ['MISID must be unique within the customer.', 'MISID'],
    ['A user with MIS ID AB123 already exists.', 'MISID'],
    ['Unique Learner Number 1234567890 is already registered to another learner.', 'ULN'],
    ['ULN is not unique.', 'ULN'],
    ['NI number AB123456C is in use.', 'NINO'],
    // The field named first is the one: "email" before "user name".
    ['Email jo@example.com is already used as the user name of another user.', 'Email'],
  ])('%s: %s', (message, field) => {
    expect(keyFieldInUse(message)).toBe(field);
  });

  it.each([
    'Email address is not valid.',
    'Required field missing: Email.',
    'Unique Learner Number must have 10 digits.',
    'ULN 1234567890 fails its check digit.',
    'User 5 already has the role Learner.',
    'Placement 9 was not found.',
    '',
  ])('not: %s', (message) => {
    expect(keyFieldInUse(message)).toBeUndefined();
  });
});

/**
 * A standard or unit assign refused as one the learner has: taken as there. A refusal
 * saying something must be there first (the standard before its unit) is not.
 */
describe('a programme assign refused as one the learner already has', () => {
  const refusal = (message: string, kind: 'validation' | 'server' = 'validation') =>
    new OneFileError({ kind, endpoint: 'POST Unit/{id}/Assign/{learnerId}/{standardId}', message: 'refused', oneFileMessage: message });

  it.each([
    'Unit KS_COMM1 is already assigned to learner 5 for standard 4001.',
    'Standard 4001 is already assigned to this learner.',
    'The learner already has a learning aim for standard 4001.',
    'Learner already has this unit summary.',
    'Duplicate unit summary.',
  ])('%s', (message) => {
    expect(refusedAsAlreadyGiven(refusal(message))).toBe(true);
  });

  it.each([
    'Learner 5 has no learning aim for standard 4001: assign the standard first.',
    'The learner must already have a learning aim for standard 4001.',
    'Unit KS_COMM1 needs to already be assigned at standard level.',
    'Unit KS_COMM1 is not a unit of standard 4001.',
    'User 5 already has the role Learner.',
  ])('not: %s', (message) => {
    expect(refusedAsAlreadyGiven(refusal(message))).toBe(false);
  });

  it('only a refusal: the same words in a server error are not', () => {
    expect(refusedAsAlreadyGiven(refusal('Unit KS_COMM1 is already assigned.', 'server'))).toBe(false);
    expect(refusedAsAlreadyGiven(new Error('Unit KS_COMM1 is already assigned.'))).toBe(false);
  });
});
