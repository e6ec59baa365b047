import type { DirectoryUser } from '../directory/types';
import { displayName, tidySpaces } from '../directory/person-names';
import { cleanText, misidKey } from '../../../shared/normalise';
import { KEY_LABEL, type MatchKey } from './match-learner';
import type { RowProblem } from './types';

/**
 * Adds the row's `identityProblems` with the user to `problems`; whether the row may be
 * matched to them (false where one is an error: the key finds another person).
 */
export function mayMatch(problems: RowProblem[], user: DirectoryUser, by: MatchKey | 'OneFileID', row: { FirstName?: string; LastName?: string; MISID?: string }): boolean {
  const doubts = identityProblems(user, by, row);
  problems.push(...doubts);
  return !doubts.some((problem) => problem.severity === 'error');
}

/**
 * Whether a row matched by a key is about the user it matched. A ULN typed one digit wrong
 * passes its check digit about one time in eleven, a MIS ID is reused, an email is a
 * family's: the key then finds someone else, and the update gives that person the row's
 * names, MIS ID, email and date of birth. Nothing in OneFile says it happened.
 *
 * - The row's first and last names both unlike the user's: blocked, naming both people. A
 *   person who changed both names is rarer than a mistyped key; a row that gives the
 *   user's OneFile ID is taken at its word (`OneFileID` matches are not asked about).
 *   Names are alike ignoring capitals, accents, spaces and punctuation, where one holds the
 *   other's first part (Chris, Christopher; Smith, Smith-Jones), or written the other way
 *   round (first and last name swapped). Such a row claims no one: a row about them may follow.
 * - Matched by another key, the row's MIS ID replacing a different one OneFile has: a
 *   warning (two MIS exports of one learner would otherwise swap it back and forth unseen).
 */
function identityProblems(user: DirectoryUser, by: MatchKey | 'OneFileID', row: { FirstName?: string; LastName?: string; MISID?: string }): RowProblem[] {
  if (by === 'OneFileID') return [];
  const who = `${displayName(user)} (OneFile ID ${user.id}${user.misid ? `, MIS ID ${user.misid}` : ''})`;
  const [first, last] = [row.FirstName ?? '', row.LastName ?? ''];
  if (first.trim() !== '' && last.trim() !== '' && !namesAlike(first, last, user)) {
    return [
      {
        code: 'key-names-other-person',
        severity: 'error',
        message:
          `The ${KEY_LABEL[by]} belongs to ${who}, but this row names ${tidySpaces(`${first} ${last}`)}: the row looks like another person with a mistyped ${KEY_LABEL[by]}, and importing it would give ${displayName(user)} this row's details. ` +
          `Correct the ${KEY_LABEL[by]} in the file; if it is the same person under new names, give the row their OneFile ID (${user.id}) in a "OneFile ID" column.`,
      },
    ];
  }
  const misid = row.MISID?.trim() ?? '';
  // Found by the MIS ID (`misidKey`) but written otherwise: only the zeros at its front can differ.
  if (by === 'MISID' && user.misid && cleanText(user.misid).toLowerCase() !== cleanText(misid).toLowerCase()) {
    return [
      {
        code: 'misid-zeros-lost',
        severity: 'warning',
        field: 'MISID',
        value: misid,
        message:
          `The MIS ID ${misid} is ${user.misid.trim()} in OneFile: the zeros at its front were lost, as Excel drops them from a number. ${who} is this row's learner, and keeps OneFile's MIS ID. ` +
          'To keep the zeros in the file, format the column as Text in Excel before pasting into it, or export the file again from the MIS.',
      },
    ];
  }
  if (by !== 'MISID' && misid !== '' && user.misid && misidKey(user.misid) !== misidKey(misid)) {
    return [
      {
        code: 'misid-replaced',
        severity: 'warning',
        field: 'MISID',
        value: misid,
        message: `Found by ${KEY_LABEL[by]}: ${who} is given this row's MIS ID ${misid} in place of ${user.misid.trim()}. Check that the row is about ${displayName(user)}.`,
      },
    ];
  }
  return [];
}

/** Letters and digits only, in lower case, accents dropped: "O'Brien" and "obrien", "Zoë" and "zoe" alike. */
function bare(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Alike: the same bare name, or one the other's first part (Chris and Christopher; Smith and Smith-Jones; Mary and Mary Ann). */
function alike(a: string, b: string): boolean {
  const [x, y] = [bare(a), bare(b)];
  if (x === '' || y === '') return true;
  const firstWord = (name: string) => bare(name.trim().split(/[\s-]+/)[0] ?? '');
  return x === y || x.startsWith(y) || y.startsWith(x) || firstWord(a) === firstWord(b);
}

function namesAlike(first: string, last: string, user: DirectoryUser): boolean {
  return alike(first, user.firstName) || alike(last, user.lastName) || (alike(first, user.lastName) && alike(last, user.firstName));
}
