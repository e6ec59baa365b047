import { isOneFileError, type OneFileClient } from '../../onefile';
import { collect } from '../../onefile/paging';

/**
 * The users an undo is about, as OneFile has them now: what it checks each field
 * against before writing it back, and whether a user the run created is archived
 * already. A handful of users are read one by one (`GET User/{id}`); many are read with
 * the paged search of their role, archived ones included, which costs a few calls
 * however many there are, and only a user the search rows say too little about is then
 * read on its own.
 */

export type CurrentRecord = Record<string, unknown>;

export interface WantedUser {
  userId: number;
  role: number;
  /** The fields the undo compares (none for a user it only archives). */
  fields: readonly string[];
}

/** Up to this many users are read one by one; more go through their role's paged search. */
export const MOST_SINGLE_READS = 25;
const IN_FLIGHT = 8;

async function eachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(IN_FLIGHT, items.length)) }, worker));
}

/**
 * Each wanted user's record now, or null when OneFile no longer has them. `onCall` is
 * told of every call made.
 */
export async function readCurrentUsers(
  client: Pick<OneFileClient, 'getUser' | 'searchUsers'>,
  organisationId: number,
  wanted: readonly WantedUser[],
  onCall: () => void,
): Promise<Map<number, CurrentRecord | null>> {
  const found = new Map<number, CurrentRecord | null>();
  let single = wanted;
  if (wanted.length > MOST_SINGLE_READS) {
    const roles = [...new Set(wanted.map((w) => w.role))];
    const ids = new Set(wanted.map((w) => w.userId));
    for (const role of roles) {
      const rows = await collect(client.searchUsers({ OrganisationID: organisationId, Role: role, IncludeArchived: true }, { onCall }));
      for (const row of rows) if (ids.has(row.ID)) found.set(row.ID, row as CurrentRecord);
    }
    // Not in the rows (a OneFile that hides archived users), or rows too brief to compare: read alone.
    single = wanted.filter((w) => {
      const row = found.get(w.userId);
      return !row || !('Archived' in row) || w.fields.some((field) => !(field in row));
    });
  }
  await eachLimited(single, async ({ userId }) => {
    onCall();
    try {
      found.set(userId, (await client.getUser(userId)) as CurrentRecord);
    } catch (error) {
      if (!isOneFileError(error) || error.kind !== 'not-found') throw error;
      found.set(userId, null);
    }
  });
  return found;
}
