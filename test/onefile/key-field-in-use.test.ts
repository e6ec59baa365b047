import { describe, expect, it } from 'vitest';
import { keyFieldInUse } from '../../main/onefile';

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
