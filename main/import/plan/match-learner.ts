import { misidKey, normaliseEmail, normaliseNino, normaliseUln } from '../../../shared/normalise';
import type { DirectoryUser } from '../directory/types';
import { displayName, tidySpaces } from '../directory/person-names';

/**
 * Finding the OneFile user a row is about: the upsert key. A learner is recognised by
 * MIS ID, then ULN, then NI number, then email (the order is a setting), within the
 * organisation. The NI number, a national identifier like the ULN, recognises wherever
 * the ULN does (an order without it gets it after the ULN, or before the email); it is
 * read from the user's search row (`NINO`), when OneFile sends it there.
 *
 * All four keys are always checked, whatever the order: the order only says which
 * keys may recognise a learner and which one is named as the reason. A key outside
 * the order that points at a different user still blocks the row, because importing
 * it would give two OneFile users the same MIS ID, ULN or email.
 *
 * Two different users matching one row by different keys is never settled by the
 * importer: the row is blocked and the message names both.
 */

export type MatchKey = 'MISID' | 'ULN' | 'NINO' | 'Email';

export const MATCH_KEYS: readonly MatchKey[] = ['MISID', 'ULN', 'NINO', 'Email'];
export const DEFAULT_MATCH_ORDER: readonly MatchKey[] = ['MISID', 'ULN', 'NINO', 'Email'];

/**
 * The order with the NI number in it: an order from the settings (MIS ID, ULN, email)
 * gets it right after the ULN, or before the email when the ULN is left out.
 */
export function withNino(order: readonly MatchKey[]): MatchKey[] {
  if (order.includes('NINO')) return [...order];
  const at = order.includes('ULN') ? order.indexOf('ULN') + 1 : order.indexOf('Email');
  return at < 0 ? [...order] : [...order.slice(0, at), 'NINO', ...order.slice(at)];
}

export type MatchValues = Partial<Record<MatchKey, string>>;

export type UserMatch =
  | { kind: 'none' }
  | { kind: 'matched'; user: DirectoryUser; by: MatchKey }
  | { kind: 'conflict'; code: 'match-conflict' | 'key-not-unique' | 'key-in-use'; message: string; userIds: number[] };

export interface UserMatcher {
  match(values: MatchValues): UserMatch;
}

export const KEY_LABEL: Record<MatchKey, string> = { MISID: 'MIS ID', ULN: 'ULN', NINO: 'NI number', Email: 'email' };

/** The comparable form of a key's value; '' when the row has none. */
export function matchKeyValue(key: MatchKey, value: string | null | undefined): string {
  if (!value) return '';
  if (key === 'Email') return normaliseEmail(value);
  if (key === 'ULN') return normaliseUln(value);
  if (key === 'NINO') return normaliseNino(value);
  return misidKey(value);
}

/** The user's value of a key, as OneFile holds it. */
export function userKeyValue(user: DirectoryUser, key: MatchKey): string | null {
  if (key === 'NINO') return typeof user.record.NINO === 'string' ? user.record.NINO : null;
  return key === 'MISID' ? user.misid : key === 'ULN' ? user.uln : user.email;
}

function describe(user: DirectoryUser): string {
  return `${displayName(user)} (OneFile ID ${user.id}${user.archived ? ', archived' : ''})`;
}

/**
 * A matcher over one group of users (the learners, or the staff). `kindOfUser` names
 * them in messages ("learner", "user").
 */
export function createUserMatcher(users: readonly DirectoryUser[], given: readonly MatchKey[] = DEFAULT_MATCH_ORDER, kindOfUser = 'learner'): UserMatcher {
  const order = withNino(given);
  const indexes = new Map<MatchKey, Map<string, DirectoryUser[]>>();
  for (const key of MATCH_KEYS) {
    const index = new Map<string, DirectoryUser[]>();
    for (const user of users) {
      const value = matchKeyValue(key, userKeyValue(user, key));
      if (!value) continue;
      const list = index.get(value);
      if (list) list.push(user);
      else index.set(value, [user]);
    }
    indexes.set(key, index);
  }
  const keysInOrder = [...order, ...MATCH_KEYS.filter((k) => !order.includes(k))];

  return {
    match(values) {
      const found: Array<{ key: MatchKey; raw: string; user: DirectoryUser }> = [];
      for (const key of keysInOrder) {
        const raw = values[key];
        const value = matchKeyValue(key, raw);
        if (!value) continue;
        const hits = indexes.get(key)!.get(value) ?? [];
        if (hits.length > 1) {
          return {
            kind: 'conflict',
            code: 'key-not-unique',
            userIds: hits.map((u) => u.id),
            message:
              `${hits.length} OneFile ${kindOfUser}s have the ${KEY_LABEL[key]} ${tidySpaces(raw!)}: ${hits.map(describe).join(' and ')}. ` +
              `The importer will not choose between them: correct them in OneFile so only one has it, then import again.`,
          };
        }
        if (hits.length === 1) found.push({ key, raw: tidySpaces(raw!), user: hits[0] });
      }
      const users = [...new Map(found.map((f) => [f.user.id, f.user])).values()];
      if (users.length > 1) {
        const [a, b] = [found[0], found.find((f) => f.user.id !== found[0].user.id)!];
        return {
          kind: 'conflict',
          code: 'match-conflict',
          userIds: users.map((u) => u.id),
          message:
            `This row fits two different OneFile ${kindOfUser}s: the ${KEY_LABEL[a.key]} ${a.raw} belongs to ${describe(a.user)}, ` +
            `the ${KEY_LABEL[b.key]} ${b.raw} to ${describe(b.user)}. Correct the file (or OneFile) so the row names one ${kindOfUser}.`,
        };
      }
      if (users.length === 0) return { kind: 'none' };
      const recognising = found.find((f) => order.includes(f.key));
      if (!recognising) {
        const only = found[0];
        return {
          kind: 'conflict',
          code: 'key-in-use',
          userIds: [only.user.id],
          message:
            `The ${KEY_LABEL[only.key]} ${only.raw} already belongs to ${describe(only.user)}, but ${KEY_LABEL[only.key]} is not one of the keys ` +
            `this import matches on (${order.map((k) => KEY_LABEL[k]).join(', ') || 'none'}). Creating the row would duplicate it: add ${KEY_LABEL[only.key]} to the match keys, or correct the file.`,
        };
      }
      return { kind: 'matched', user: recognising.user, by: recognising.key };
    },
  };
}
