import type { OneFileClient } from '../../onefile/client';
import { isOneFileError } from '../../onefile/errors';
import type { OneFileUser } from '../../onefile/schemas';
import { ROLE } from '../plan/types';
import type { DirectoryUser } from './types';

/**
 * The organisation and role of the users a directory lists are the search's word when
 * its rows do not carry `OrganisationID` and `Role` (the documented rows are `{ID,
 * FirstName, LastName, MISID}`). `OrganisationID` and `Role` are documented filters
 * [assume: honoured]. A OneFile ignoring them answers with every organisation's users of
 * every role, and with brief rows nothing shows it. Played with the sandbox
 * (`numberFilters: ignored`, `pagedUserRows: brief`) before this was handled: a row
 * whose MIS ID another organisation's learner has was matched to her and an update of
 * her was sent (OneFile refused it only because the class was of this organisation;
 * the row failed "correct the value", and the learner was never created here).
 *
 * So where the rows say neither, the directory asks: a user in two roles' lists, or one
 * row of a search for an organisation no customer has, or for a role OneFile has not,
 * shows the filters ignored (two calls, at one row a page, side by side). The directory
 * then says its users are unconfirmed, and the planner reads every user a row would be
 * matched with before believing it (plan/confirm-candidates.ts). What the two calls showed
 * is kept with the environment's findings and believed for a week (`userFilters`).
 */

/** No organisation has this ID: the largest a 32-bit ID can be. */
export const NO_SUCH_ORGANISATION = 2_147_483_647;
/** No role has this number (OneFile's are 1 to 45). */
export const NO_SUCH_ROLE = 999;

type UserSearch = Pick<OneFileClient, 'searchUsers'> & Partial<Pick<OneFileClient, 'userFilters' | 'userFiltersSeen'>>;

/** Whether one row comes back for a filter no user can meet; a refusal or no row: the filter was looked at. */
async function answersAnyone(client: UserSearch, filter: { OrganisationID: number; Role: number }, onCall: () => void): Promise<boolean> {
  try {
    for await (const rows of client.searchUsers(filter, { pageSize: 1, onCall })) return rows.length > 0;
    return false;
  } catch (error) {
    if (isOneFileError(error) && (error.kind === 'validation' || error.kind === 'not-found' || error.kind === 'unsupported')) return false;
    throw error;
  }
}

/**
 * Whether the directory's users may be of other organisations or roles than asked for:
 * only where the learner rows carry neither key, and the search was seen ignoring one.
 */
export async function usersUnconfirmed(
  client: UserSearch,
  organisationId: number,
  learnerRows: readonly OneFileUser[],
  staff: readonly DirectoryUser[],
  onCall: () => void,
): Promise<boolean> {
  const said = (key: string) => learnerRows.some((row) => key in row);
  if (learnerRows.length === 0 || (said('OrganisationID') && said('Role'))) return false;
  const learnerIds = new Set(learnerRows.map((row) => row.ID));
  if (staff.some((user) => learnerIds.has(user.id))) {
    client.userFiltersSeen?.('ignored');
    return true;
  }
  // Asked within the week (environment/findings.ts): believed, the two calls saved.
  const known = client.userFilters?.();
  if (known !== undefined) return known === 'ignored';
  const [anyOrganisation, anyRole] = await Promise.all([
    said('OrganisationID') ? false : answersAnyone(client, { OrganisationID: NO_SUCH_ORGANISATION, Role: ROLE.Learner }, onCall),
    said('Role') ? false : answersAnyone(client, { OrganisationID: organisationId, Role: NO_SUCH_ROLE }, onCall),
  ]);
  client.userFiltersSeen?.(anyOrganisation || anyRole ? 'ignored' : 'honoured');
  return anyOrganisation || anyRole;
}
