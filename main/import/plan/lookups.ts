import { rawCellOf } from '../../../shared/mapped-rows';
import type { Directory, DirectoryUser } from '../directory/types';
import { displayName } from '../directory/person-names';
import type { RowDraft } from './plan';
import { hasError, ROLE, type RoleId } from './types';

/**
 * Looking before creating, where the directory cannot see. OneFile's paged user rows
 * "may carry more" than `{ID, FirstName, LastName, MISID}` (onefile-api.md); where they
 * carry no email, a learner who exists without the row's MIS ID (matched by email)
 * would look new and be created a second time. So every row about to create a user is
 * looked up first with the documented `Email` filter of `POST User/Search`. ULN is not
 * a documented filter: it is never searched by (a server that ignored it would answer
 * with everyone), and the plan says so instead.
 */

/** Users of the organisation with this email and role, archived ones included (one paged search). */
export type UserLookup = (email: string, role: RoleId, onCall: () => void) => Promise<DirectoryUser[]>;

/** More candidates than this means the server did not filter by email: nothing is decided from it. */
const MOST_CANDIDATES = 3;

/**
 * For each draft that would create a user and has an email, looks the email up when
 * the directory's rows could not show it. A single candidate becomes the row's match
 * (by email); several, or a search that did not narrow, block the row. Returns the
 * calls made.
 */
export async function lookUpBeforeCreating(drafts: readonly RowDraft[], directory: Directory, lookUp: UserLookup | undefined): Promise<number> {
  if (!lookUp || directory.learnerRowsCarry?.email !== false) return 0;
  let calls = 0;
  const onCall = () => (calls += 1);
  for (const draft of drafts) {
    const email = draft.mapped.values.Email?.trim();
    // A row joined to an earlier row about the same person: that row is looked up.
    if (draft.match.kind !== 'none' || !email || draft.plan.joinedTo !== undefined || hasError(draft.plan)) continue;
    const found = await lookUp(email, draft.plan.role, onCall);
    const same = found.filter((user) => user.email === null || user.email === email.toLowerCase());
    if (same.length === 0) continue;
    if (same.length > 1) {
      const which = same.length > MOST_CANDIDATES ? `${same.length} users (the search did not narrow by email)` : same.map(describe).join(' and ');
      draft.plan.problems.push({
        ...cellOf(draft),
        code: 'email-lookup-ambiguous',
        severity: 'error',
        message: `Before creating this ${kindOf(draft.plan.role)}, OneFile was searched for the email ${email} and answered with ${which}, so it cannot be told whether they already exist. Nothing was created: check in OneFile and add their MIS ID to the row.`,
      });
      continue;
    }
    const user = directory.learners.find((l) => l.id === same[0].id) ?? directory.staff.find((s) => s.id === same[0].id) ?? same[0];
    draft.match = { kind: 'matched', user, by: 'Email' };
    draft.plan.matched = { userId: user.id, by: 'Email' };
    draft.plan.name = displayName(user) || draft.plan.name;
    if (user.archived) {
      draft.plan.problems.push({
        code: 'archived-user-matched',
        severity: 'warning',
        message: `${displayName(user)} (OneFile ID ${user.id}) is archived in OneFile, so this row is left alone. Unarchive them in OneFile and import again to update them.`,
      });
    } else draft.user = user;
  }
  return calls;
}

function describe(user: DirectoryUser): string {
  return `${displayName(user)} (OneFile ID ${user.id})`;
}

function kindOf(role: RoleId): string {
  return role === ROLE.Learner ? 'learner' : 'user';
}

function cellOf(draft: RowDraft) {
  const cell = rawCellOf(draft.mapped, 'Email');
  return cell ? { column: cell.column, header: cell.header, field: 'Email', value: cell.value } : { field: 'Email' };
}
