import { mayMatch } from './identity-check';
import { rawCellOf } from '../../../shared/mapped-rows';
import type { Directory, DirectoryUser } from '../directory/types';
import { displayName } from '../directory/person-names';
import type { RowDraft } from './plan';
import type { UserReader } from './row';
import type { ExistingRecord } from './user';
import { hasError, ROLE, type RoleId, type RowProblem } from './types';
import { DEFAULT_MATCH_ORDER, KEY_LABEL, matchKeyValue, userKeyValue, withNino, type MatchKey } from './match-learner';

/**
 * Looking before creating, where the directory cannot see. OneFile's paged user rows
 * "may carry more" than `{ID, FirstName, LastName, MISID}` (onefile-api.md); where they
 * carry no email, a learner who exists without the row's MIS ID (matched by email)
 * would look new and be created a second time. So every row about to create a user is
 * looked up first with the documented `Email` filter of `POST User/Search`. ULN is not
 * a documented filter: it is never searched by (a server that ignored it would answer
 * with everyone); where the rows carry no ULN, the learners of the row's name are read
 * instead (`namesakesByNationalNumber`).
 */

/** Users of the organisation with this email and role, archived ones included (one paged search). */
export type UserLookup = (email: string, role: RoleId, onCall: () => void) => Promise<DirectoryUser[]>;

/** More unconfirmed candidates than this means the server did not filter by email: nothing is decided from it. */
const MOST_CANDIDATES = 3;

/**
 * For each draft that would create a user and has an email, looks the email up when
 * the directory's rows could not show it. How OneFile compares a search's `Email` is
 * not documented (exactly, case by case, "contains", or not at all), so its answer is
 * never taken on trust: a candidate whose row carries no email is read (`GET
 * User/{id}`) and kept only if its email is the row's. Users of the directory with the
 * row's name are read the same way, so a OneFile that compares case by case, holding
 * `Ann.Smith@…` for the file's `ann.smith@…`, still shows the learner. One confirmed
 * candidate becomes the row's match (by email); several, or a search that did not
 * narrow, block the row. Returns the calls made.
 */
export async function lookUpBeforeCreating(
  drafts: readonly RowDraft[],
  directory: Directory,
  lookUp: UserLookup | undefined,
  readUser?: UserReader,
  order: readonly MatchKey[] = DEFAULT_MATCH_ORDER,
): Promise<number> {
  let calls = 0;
  const onCall = () => (calls += 1);
  /** Each user read once, whichever look asks first. */
  const records = new Map<number, Promise<ExistingRecord>>();
  const read = async (user: DirectoryUser, role: number): Promise<DirectoryUser | null> => {
    if (!readUser) return user;
    let reading = records.get(user.id);
    if (!reading) {
      onCall();
      reading = readUser(user.id);
      records.set(user.id, reading);
    }
    const record = await reading;
    // One of another organisation or role (a search ignoring those filters, its rows saying neither) is not this row's.
    if (notOfThese(record.OrganisationID, directory.organisationId) || notOfThese(record.Role, role)) return null;
    const email = typeof record.Email === 'string' && record.Email.trim() ? record.Email.trim().toLowerCase() : null;
    const uln = typeof record.ULN === 'string' || typeof record.ULN === 'number' ? String(record.ULN).trim() || null : null;
    return { ...user, email, uln, record: { ...user.record, ...definedFields(record) } };
  };
  if (lookUp && directory.learnerRowsCarry?.email === false) await byEmail(drafts, directory, lookUp, readUser, read, onCall);
  if (readUser && directory.learnerRowsCarry?.uln === false) await namesakesByNationalNumber(drafts, directory, read, order);
  return calls;
}

/** The look by email, where the learner rows carry none (see `lookUpBeforeCreating`). */
async function byEmail(
  drafts: readonly RowDraft[],
  directory: Directory,
  lookUp: UserLookup,
  readUser: UserReader | undefined,
  read: (user: DirectoryUser, role: number) => Promise<DirectoryUser | null>,
  onCall: () => void,
): Promise<void> {
  for (const draft of drafts) {
    const email = draft.mapped.values.Email?.trim().toLowerCase();
    // A row joined to an earlier row about the same person: that row is looked up.
    if (draft.match.kind !== 'none' || !email || draft.plan.joinedTo !== undefined || hasError(draft.plan)) continue;
    const found = await lookUp(email, draft.plan.role, onCall);
    const unconfirmed = found.filter((user) => user.email === null);
    if (unconfirmed.length > MOST_CANDIDATES || (!readUser && unconfirmed.length > 1)) {
      ambiguous(
        draft,
        email,
        `${found.length} users (the search did not narrow by email, and its rows show no emails)`,
        `If they are in OneFile, put the MIS ID OneFile holds for them in the row; if they are new, add them in OneFile with this row's MIS ID, then import again.`,
      );
      continue;
    }
    const candidates = new Map<number, DirectoryUser>();
    for (const user of [...found, ...sameName(directory, draft)]) candidates.set(user.id, user);
    const same: DirectoryUser[] = [];
    const readNow = new Set<number>();
    for (const candidate of candidates.values()) {
      if (candidate.email === null && readUser) readNow.add(candidate.id);
      const user = candidate.email === null ? await read(candidate, draft.plan.role) : candidate;
      if (!user) continue;
      // Without a reader an email-less row is the search's word alone, as the documented filter promises.
      if (user.email === email || (user.email === null && !readUser && found.includes(candidate))) same.push(user);
    }
    if (same.length === 0) continue;
    if (same.length > 1) {
      ambiguous(draft, email, same.map(describe).join(' and '), 'Check in OneFile and add their MIS ID to the row.');
      continue;
    }
    // One read now carries their whole record; one only the search showed is the directory's own entry, if it has one.
    const only = same[0];
    const user = readNow.has(only.id) ? only : (directory.learners.find((l) => l.id === only.id) ?? directory.staff.find((s) => s.id === only.id) ?? only);
    matchTo(draft, user, 'Email');
  }
}

/**
 * Where the learner rows carry no ULN (the documented rows: `{ID, FirstName, LastName,
 * MISID}`), a learner OneFile holds under another MIS ID and email (a new MIS, a new
 * email) but with the row's ULN looked new and was created a second time: ULN is no
 * documented search filter. The directory's learners of the row's first and last name are
 * read (`GET User/{id}`, once each, shared with the look by email, which reads them too)
 * before a learner with a ULN or NI number is created; one holding that ULN or NI number
 * is the row's match, as a listed ULN would have made them. Costs a read per namesake
 * (none for most rows).
 */
async function namesakesByNationalNumber(
  drafts: readonly RowDraft[],
  directory: Directory,
  read: (user: DirectoryUser, role: number) => Promise<DirectoryUser | null>,
  order: readonly MatchKey[],
): Promise<void> {
  const keys: MatchKey[] = withNino(order).filter((key) => key === 'ULN' || key === 'NINO');
  for (const draft of drafts) {
    if (draft.plan.role !== ROLE.Learner || draft.match.kind !== 'none' || draft.plan.joinedTo !== undefined || hasError(draft.plan)) continue;
    const wanted = (['ULN', 'NINO'] as const).map((key) => ({ key, value: matchKeyValue(key, draft.mapped.values[key]) })).filter((k) => k.value !== '');
    if (wanted.length === 0) continue;
    const namesakes = sameName(directory, draft, (user) => user.uln === null);
    const same: Array<{ user: DirectoryUser; key: MatchKey }> = [];
    for (const namesake of namesakes) {
      const user = await read(namesake, ROLE.Learner);
      const key = user && wanted.find((k) => matchKeyValue(k.key, userKeyValue(user, k.key)) === k.value)?.key;
      if (user && key) same.push({ user, key });
    }
    if (same.length === 0) continue;
    const [{ user, key }] = same;
    if (same.length > 1 || !keys.includes(key)) {
      draft.plan.problems.push({
        code: same.length > 1 ? 'match-conflict' : 'key-in-use',
        severity: 'error',
        field: key,
        message:
          same.length > 1
            ? `This row's ${KEY_LABEL[key]} is held in OneFile by ${same.map(({ user }) => describe(user)).join(' and ')}, so it cannot be told which this learner is. Nothing was created. Check in OneFile and add their MIS ID to the row.`
            : `OneFile already has a learner with this row's ${KEY_LABEL[key]}: ${describe(user)}. The match order in the settings does not recognise learners by it, so this row is not imported (it would make them twice): add their MIS ID to the row.`,
      });
      continue;
    }
    matchTo(draft, user, key);
  }
}

/** The row is about this user, found by `by`: updated, unless archived (then left alone, saying so). */
function matchTo(draft: RowDraft, user: DirectoryUser, by: MatchKey): void {
  // Another person's key (identity-check.ts): blocked, matched to no one.
  if (!mayMatch(draft.plan.problems, user, by, draft.mapped.values)) return;
  draft.match = { kind: 'matched', user, by };
  draft.plan.matched = { userId: user.id, by };
  draft.plan.name = displayName(user) || draft.plan.name;
  if (user.archived) draft.plan.problems.push(archivedUserMatched(user));
  else draft.user = user;
}

/** What a row matched with an archived user is told: it is left alone. */
export function archivedUserMatched(user: DirectoryUser): RowProblem {
  return {
    code: 'archived-user-matched',
    severity: 'warning',
    message: `${displayName(user)} (OneFile ID ${user.id}) is archived in OneFile, so this row is left alone. Unarchive them in OneFile and import again to update them.`,
  };
}

/** Whether a value OneFile gave (a number, or its text) names another organisation or role than `asked`; none given: not. */
function notOfThese(value: unknown, asked: number): boolean {
  return value !== undefined && value !== null && value !== '' && Number(value) !== asked;
}

/** Users of the directory in the row's role with its first and last name that `unknown` says the directory cannot tell apart (its email unknown, by default). */
function sameName(directory: Directory, draft: RowDraft, unknown: (user: DirectoryUser) => boolean = (user) => user.email === null): DirectoryUser[] {
  const first = draft.mapped.values.FirstName?.trim().toLowerCase();
  const last = draft.mapped.values.LastName?.trim().toLowerCase();
  if (!first || !last) return [];
  const people = draft.plan.role === ROLE.Learner ? directory.learners : directory.staff;
  return people.filter(
    (user) => user.role === draft.plan.role && unknown(user) && user.firstName.trim().toLowerCase() === first && user.lastName.trim().toLowerCase() === last,
  );
}

function ambiguous(draft: RowDraft, email: string, which: string, whatToDo: string): void {
  draft.plan.problems.push({
    ...cellOf(draft),
    code: 'email-lookup-ambiguous',
    severity: 'error',
    message: `Before creating this ${kindOf(draft.plan.role)}, OneFile was searched for the email ${email} and answered with ${which}, so it cannot be told whether they already exist. Nothing was created. ${whatToDo}`,
  });
}

function definedFields(record: ExistingRecord): DirectoryUser['record'] {
  const fields: DirectoryUser['record'] = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) fields[key] = value;
  return fields;
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
