import { OneFileError } from './errors';

// What OneFile's words in a refusal say, where no guide gives a code for it: that what
// was sent is there already (an assignment, a standard or unit), or that another user
// has a value (an email, a MIS ID).

/**
 * "Must already have", "needs to already be", "is not already": words about something
 * that should be there first (a standard before its unit), not about a repeat.
 */
const NEEDED_FIRST = /\b(must|should|needs? to|has to|have to|not)\s+already\b/i;

/** A refusal (4xx with OneFile's message) saying the learner has this assignment already. */
export function refusedAsAlreadyAssigned(error: unknown): error is OneFileError & { oneFileMessage: string } {
  if (!(error instanceof OneFileError) || error.kind !== 'validation' || !error.oneFileMessage) return false;
  const said = error.oneFileMessage;
  if (NEEDED_FIRST.test(said)) return false;
  return (/\balready\b/i.test(said) && /\b(assigned|exists?|linked|added)\b/i.test(said)) || /\bduplicate\b/i.test(said);
}

/**
 * A refusal of `POST Standard/{id}/Assign` or `POST Unit/{id}/Assign` saying the learner
 * has that standard or unit already: the words of an "already assigned" refusal, or
 * "already has" a learning aim, unit summary, standard or unit ("The learner already has
 * a learning aim for standard 4001"). No guide says what a repeat meets; a public SDK
 * notes a repeated unit assign "only passes first time".
 */
export function refusedAsAlreadyGiven(error: unknown): error is OneFileError & { oneFileMessage: string } {
  if (refusedAsAlreadyAssigned(error)) return true;
  if (!(error instanceof OneFileError) || error.kind !== 'validation' || !error.oneFileMessage) return false;
  const said = error.oneFileMessage;
  return !NEEDED_FIRST.test(said) && /\balready\s+(has|have|holds?)\b/i.test(said) && /\b(learning aims?|unit summar(y|ies)|standards?|units?)\b/i.test(said);
}

/** The words by which a refusal names a user field OneFile may hold one user to. */
const KEY_FIELD_WORDS: readonly (readonly [KeyFieldInUse, RegExp])[] = [
  ['Email', /\be-?mail\b/i],
  ['MISID', /\bmis\s?-?id\b|\bmis\s+ref/i],
  ['ULN', /\buln\b|\bunique learner (number|no)\b/i],
  ['NINO', /\bnino\b|\bni\s+(number|no)\b|\bnational insurance\b/i],
];

export type KeyFieldInUse = 'Email' | 'MISID' | 'ULN' | 'NINO';

/**
 * The field a refusal of `POST User` or `POST User/{id}` says another user already has
 * ("Email address x is already in use", "A user with this MIS ID already exists", "ULN
 * must be unique"), or undefined. No guide says whether two users may share an email, a
 * MIS ID or a ULN; a OneFile using the email as a login would refuse the second. Its
 * words are all there is: "already", "in use", "taken", "duplicate" or "(must be|not)
 * unique", and the field's name, the first named when several are.
 */
export function keyFieldInUse(oneFileMessage: string | undefined): KeyFieldInUse | undefined {
  if (!oneFileMessage) return undefined;
  // "Unique Learner Number" names the ULN; it does not say anything is in use.
  const said = oneFileMessage.replace(/\bunique learner\b/gi, 'ULN');
  if (!/\balready\b|\bin use\b|\btaken\b|\bduplicate|\b(must be|not|non-?)\s?unique\b/i.test(said)) return undefined;
  const named = KEY_FIELD_WORDS.map(([field, words]) => ({ field, at: oneFileMessage.search(words) })).filter((n) => n.at >= 0);
  return named.sort((a, b) => a.at - b.at)[0]?.field;
}
