import { describe, expect, it } from 'vitest';
import { keyFieldInUse } from '../../main/onefile';
import { refusedAsAlreadyAssigned } from '../../main/onefile/refusals';
import { errorForAnswer } from '../../main/onefile/responses';

/**
 * A refusal in the shapes ASP.NET APIs answer besides OneFile's `{code, message}` [assume]:
 * its words are read wherever they are, so the refusals the importer tells apart by their
 * words (an email another user has, an assignment the learner has already) are found in
 * any of them. Before, only a top-level `message` was read: "The request is invalid." was
 * all a Web API's ModelState refusal said, and a create sent again after a lost answer,
 * refused as "email already in use", failed the row as a value to correct.
 */

const answer = (body: unknown) => errorForAnswer({ status: 400, headers: {}, text: JSON.stringify(body) }, { route: 'POST User', isWrite: true, redact: (text) => text, userValues: true });

describe('the words of a refusal in other shapes', () => {
  it("ASP.NET Web API's ModelState: the message and each field's words", () => {
    const error = answer({ Message: 'The request is invalid.', ModelState: { 'user.Email': ['The email jo@example.com is already in use by another user.'] } });
    expect(error.kind).toBe('validation');
    expect(error.oneFileMessage).toBe('The request is invalid. user.Email: The email jo@example.com is already in use by another user.');
    expect(keyFieldInUse(error.oneFileMessage!)).toBe('Email');
    expect(error.message).toContain('already in use by another user');
  });

  it("ASP.NET Core's problem details: the title and the errors by field", () => {
    const error = answer({ type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { LearnerID: ['The learner is already assigned to this user.'] } });
    expect(error.oneFileMessage).toBe('One or more validation errors occurred. LearnerID: The learner is already assigned to this user.');
    expect(refusedAsAlreadyAssigned(error)).toBe(true);
  });

  it('a detail before the title, an error object, a list of {message}', () => {
    expect(answer({ title: 'Bad Request', detail: 'MIS ID AB1 already exists.' }).oneFileMessage).toBe('MIS ID AB1 already exists.');
    expect(answer({ error: { code: 'Conflict', message: 'A user with this email already exists.' } }).oneFileMessage).toBe('A user with this email already exists.');
    expect(answer({ errors: [{ message: 'ULN is not unique.' }, 'Email is not valid.'] }).oneFileMessage).toBe('ULN is not unique. Email is not valid.');
  });

  it("OneFile's own shape is read as before: its code and message", () => {
    const error = answer({ code: -57, message: 'Placement not found.' });
    expect({ code: error.code, said: error.oneFileMessage }).toEqual({ code: -57, said: 'Placement not found.' });
  });
});
