import type { MappedRow } from '../../../shared/mapped-rows';
import { isOneFileError } from '../../onefile/errors';
import type { Directory, DirectoryUser } from '../directory/types';
import { MATCH_KEYS, matchKeyValue, userKeyValue } from './match-learner';
import type { UserReader } from './row';
import type { ExistingRecord } from './user';
import { toDirectoryUser } from '../directory/rows';
import type { OneFileUser } from '../../onefile/schemas';
import { ROLE, type RoleId } from './types';

/**
 * Where the directory's users are unconfirmed (the search ignored its organisation or
 * role filter and its rows say neither: directory/unconfirmed-users.ts), every user a
 * row's MIS ID, ULN, NI number or email points at is read (`GET User/{id}`, which names
 * both) before any row is matched: one of another organisation is taken out of the
 * directory, so the row is not matched with them (it creates the learner here, or is
 * matched with this organisation's own); one of another role is moved to the list of
 * that role. What the read shows is kept on the user, so planning reads them no more.
 * A user read elsewhere since (404) is taken out too.
 *
 * Costs a read per user a row points at (about one per row updating), only in such a
 * OneFile.
 */
export async function confirmCandidates(rows: readonly MappedRow[], directory: Directory, readUser: UserReader | undefined): Promise<{ directory: Directory; calls: number }> {
  if (!directory.usersUnconfirmed || !readUser) return { directory, calls: 0 };
  const users = [...directory.learners, ...directory.staff];
  const byKey = new Map<string, DirectoryUser[]>();
  for (const user of users) {
    for (const key of MATCH_KEYS) {
      const value = matchKeyValue(key, userKeyValue(user, key));
      if (value) byKey.set(`${key}\u0000${value}`, [...(byKey.get(`${key}\u0000${value}`) ?? []), user]);
    }
  }
  const candidates = new Set<DirectoryUser>();
  for (const row of rows) {
    for (const key of MATCH_KEYS) {
      const value = matchKeyValue(key, row.values[key]);
      for (const user of value ? (byKey.get(`${key}\u0000${value}`) ?? []) : []) candidates.add(user);
    }
  }
  const confirmed = new Map<number, DirectoryUser | null>();
  for (const user of candidates) {
    if (confirmed.has(user.id)) continue;
    let record;
    try {
      record = await readUser(user.id);
    } catch (error) {
      if (isOneFileError(error) && error.kind === 'not-found') {
        confirmed.set(user.id, null);
        continue;
      }
      throw error;
    }
    const elsewhere = record.OrganisationID != null && Number(record.OrganisationID) !== directory.organisationId;
    const role = record.Role != null && Number.isInteger(Number(record.Role)) ? (Number(record.Role) as RoleId) : user.role;
    confirmed.set(user.id, elsewhere ? null : asRead(user, role, record));
  }
  if (confirmed.size === 0) return { directory, calls: 0 };
  // Users read are kept once, in the list of their own role (listed under several roles where the role filter was ignored); the rest stay as listed.
  const unread = (list: readonly DirectoryUser[]) => list.filter((user) => !confirmed.has(user.id));
  const read = [...confirmed.values()].filter((user): user is DirectoryUser => user !== null);
  return {
    directory: {
      ...directory,
      learners: [...unread(directory.learners), ...read.filter((user) => user.role === ROLE.Learner)],
      staff: [...unread(directory.staff), ...read.filter((user) => user.role !== ROLE.Learner)],
    },
    calls: confirmed.size,
  };
}

/** The user as read: the record's keys over the search row's. */
function asRead(user: DirectoryUser, role: RoleId, record: ExistingRecord): DirectoryUser {
  const merged = { ...user.record, ...record, ID: user.id, Role: role } as unknown as OneFileUser;
  return { ...toDirectoryUser(merged, role), archived: record.Archived === true || user.archived };
}
