import { isOneFileError } from '../../onefile/errors';
import type { MappedRow } from '../../../shared/mapped-rows';
import { madeKeyHashes } from '../journal/assignment-ledger';
import { toDirectoryUser } from '../directory/rows';
import type { Directory, DirectoryUser } from '../directory/types';
import type { UserReader } from './row';
import { ROLE, type RoleId } from './types';
import { confirmCandidates } from './confirm-candidates';
import { confirmNamedStaff } from './confirm-staff';
import type { Resolver } from '../directory/resolve';

/**
 * Users this importer created that the directory does not show. A OneFile whose searches
 * trail its writes (a replica, an index: sandbox `searchLagMs`) shows a learner made a
 * moment ago as missing, so importing the same file again straight after would create
 * every new learner a second time; so would any search that misses a user for another
 * reason. The ledger (journal/assignment-ledger.ts) keeps, for each user a run created,
 * its ID under the hash of each key it was created with. A row whose MIS ID, ULN, NI
 * number or email is one of those, about a user the directory lacks, has that user read by
 * ID (`GET User/{id}`, which does not go through a search) and added to the directory
 * before any row is matched: the row then matches it as it would have matched a listed
 * one (or is blocked, if the keys now disagree). A user OneFile no longer has (404), or
 * now in another organisation, is left out: the row creates as before.
 *
 * Costs a read only for such a user: none where the directory shows them all.
 */

/** Key hash (madeKeyHashes) to the ID of the user this importer created with it. */
export type UsersMade = ReadonlyMap<string, number>;

export interface UsersMadeFound {
  directory: Directory;
  /** Users read by ID because the directory lacked them, and found. */
  found: DirectoryUser[];
  calls: number;
}

async function addUsersMadeMissingFromDirectory(
  rows: readonly MappedRow[],
  directory: Directory,
  usersMade: UsersMade | undefined,
  readUser: UserReader | undefined,
): Promise<UsersMadeFound> {
  if (!usersMade || usersMade.size === 0 || !readUser) return { directory, found: [], calls: 0 };
  const listed = new Set([...directory.learners, ...directory.staff].map((user) => user.id));
  const missing = new Set<number>();
  for (const row of rows) {
    for (const hash of madeKeyHashes(row.values)) {
      const userId = usersMade.get(hash);
      if (userId !== undefined && !listed.has(userId)) missing.add(userId);
    }
  }
  const found: DirectoryUser[] = [];
  let calls = 0;
  for (const userId of missing) {
    calls += 1;
    let record;
    try {
      record = await readUser(userId);
    } catch (error) {
      // Deleted in OneFile since: the row is about someone OneFile does not hold, and creates.
      if (isOneFileError(error) && error.kind === 'not-found') continue;
      throw error;
    }
    if (record.OrganisationID !== undefined && record.OrganisationID !== null && Number(record.OrganisationID) !== directory.organisationId) continue;
    const role = (typeof record.Role === 'number' ? record.Role : ROLE.Learner) as RoleId;
    found.push(toDirectoryUser({ ...record, ID: userId } as Parameters<typeof toDirectoryUser>[0], role));
  }
  if (found.length === 0) return { directory, found, calls };
  const learners = found.filter((user) => user.role === ROLE.Learner);
  const staff = found.filter((user) => user.role !== ROLE.Learner);
  return { directory: { ...directory, learners: [...directory.learners, ...learners], staff: [...directory.staff, ...staff] }, found, calls };
}

/**
 * The directory rows are matched against: users a row points at read first where the
 * directory's are unconfirmed (confirm-candidates.ts), then users this importer made that
 * it lacks added; and the resolver of the rows' names, the staff they name read first
 * where the directory's users are unconfirmed (confirm-staff.ts). The calls of all three.
 */
export async function directoryForMatching(
  rows: readonly MappedRow[],
  directory: Directory,
  reading: { usersMade?: UsersMade; readUser?: UserReader; resolver: Resolver; roleOf: (row: MappedRow) => RoleId },
): Promise<UsersMadeFound & { resolver: Resolver }> {
  const { usersMade, readUser } = reading;
  const confirmed = await confirmCandidates(rows, directory, readUser);
  const made = await addUsersMadeMissingFromDirectory(rows, confirmed.directory, usersMade, readUser);
  const staff = await confirmNamedStaff(rows, made.directory, reading.resolver, readUser, reading.roleOf);
  return { ...made, resolver: staff.resolver, calls: made.calls + confirmed.calls + staff.calls };
}
