import type { DirectoryUser } from '../directory/types';
import { displayName } from '../directory/person-names';
import type { UserMatch } from './match-learner';

/**
 * A row that carries the user's OneFile ID (a sheet exported from OneFile, imported
 * back) is about that user, whatever its MIS ID, ULN or email now say: that is how an
 * edited email, or a MIS ID added to line OneFile up with the MIS, updates the learner
 * instead of creating a second one. The keys still count: a MIS ID, ULN or email that
 * belongs to another user stops the row, since importing it would give two users the
 * same one.
 */

export type OneFileIdMatch =
  | { kind: 'matched'; user: DirectoryUser; by: 'OneFileID' }
  | { kind: 'conflict'; code: 'onefile-id-unknown' | 'onefile-id-other-user'; message: string; userIds: number[] };

const describe = (user: DirectoryUser) => `${displayName(user)} (OneFile ID ${user.id})`;
const KEY_WORDS: Record<string, string> = { MISID: 'MIS ID', ULN: 'ULN', NINO: 'NI number', Email: 'email' };

/**
 * The match for a row with this OneFile ID (`value`), given what its keys matched.
 * `users` are the row's kind (learners, or staff); `others` the rest of the
 * organisation's users, to say so when the ID is one of them. No ID: the keys decide.
 */
export function matchByOneFileId(
  value: string | undefined,
  byKeys: UserMatch,
  users: readonly DirectoryUser[],
  others: readonly DirectoryUser[],
  kindOfUser: string,
): UserMatch | OneFileIdMatch {
  const text = value?.trim() ?? '';
  if (text === '') return byKeys;
  const id = /^\d+$/.test(text) ? Number(text) : NaN;
  const user = users.find((u) => u.id === id);
  if (!user) {
    const other = others.find((u) => u.id === id);
    return {
      kind: 'conflict',
      code: 'onefile-id-unknown',
      userIds: other ? [other.id] : [],
      message: other
        ? `OneFile ID ${text} is ${describe(other)}, who is not a ${kindOfUser}: correct the OneFile ID, or empty it to match the row by MIS ID, ULN or email.`
        : `OneFile ID ${text} is not a ${kindOfUser} of this organisation in OneFile: correct it, or empty it to match the row by MIS ID, ULN or email.`,
    };
  }
  if (byKeys.kind === 'matched' && byKeys.user.id !== user.id) {
    return {
      kind: 'conflict',
      code: 'onefile-id-other-user',
      userIds: [user.id, byKeys.user.id],
      message: `The row's OneFile ID ${user.id} is ${describe(user)}, but its ${KEY_WORDS[byKeys.by] ?? byKeys.by} belongs to ${describe(byKeys.user)}: correct the row so it names one ${kindOfUser}.`,
    };
  }
  // A key another user holds as well (or that two users share) is a conflict the keys already explain.
  if (byKeys.kind === 'conflict' && byKeys.userIds.some((other) => other !== user.id)) return byKeys;
  return { kind: 'matched', user, by: 'OneFileID' };
}
