import type { UserRecord } from '../records';
import type { SandboxStore } from '../store';
import { readBool } from '../coerce';
import { ERROR_CODE, notFound, validationError } from '../errors';
import { createdReply, route, type CallContext, type Route } from '../routes';
import { blankUser, uniqueUsername } from '../user-factory';
import { checkSexCode, checkUniqueFields, OPTIONAL_USER_FIELDS, readUserFields, userHolding, validateUser } from '../user-validation';
import { answerUser } from '../date-answers';
import { seededRandom } from '../random';
import { bodyFilter, pick, searchRoutes } from './search';

/**
 * Users: search, read, create, update only the fields sent, archive and unarchive.
 * Unpaged search rows are `{ID, FirstName, LastName, MISID}` as the guide shows;
 * paged rows are the full user record (ULN, NINO, Email, Role, IDs, dates, Archived,
 * LastModified...) so the importer can compare for updates without a GET per user.
 */
export const userRoutes: Route[] = [
  ...searchRoutes('User', searchUsers),
  route('GET', 'User/{id}', ({ store, params, switches }) => ({ status: 200, json: answerUser(existingUser(store, params.id), switches.dateAnswers) })),
  route('POST', 'User', createUser, { write: true }),
  route('POST', 'User/{id}', updateUser, { write: true }),
  route('POST', 'User/{id}/Archive', (context) => setArchived(context, true), { write: true }),
  route('POST', 'User/{id}/Unarchive', (context) => setArchived(context, false), { write: true }),
];

/**
 * Archived users are hidden unless the body asks: `IncludeArchived: true` gives
 * active and archived users, `Archived: true` only archived ones [assume]. The
 * `archivedUsers` and `pagedUserRows` switches play a OneFile that never returns
 * archived users, or whose paged rows are as brief as the unpaged ones.
 */
function searchUsers({ store, body, switches }: CallContext, paged: boolean): unknown[] {
  const matches = bodyFilter(body, {
    ints: ['OrganisationID', 'Role', 'ClassroomID', 'PlacementID', 'DefaultAssessorID'],
    texts: ['FirstName', 'LastName', 'Email', 'MISID', 'ULN', 'NINO'],
    since: ['LastModified'],
  }, switches.textFilters, switches.numberFilters);
  // `archivedUsers: hidden` plays a OneFile whose searches never return archived users.
  const hidden = switches.archivedUsers === 'hidden';
  const includeArchived = !hidden && readBool(body.IncludeArchived) === true;
  const onlyArchived = readBool(body.Archived) === true;
  const users = store.all('users').filter((u) => {
    if (hidden && u.Archived) return false;
    if (onlyArchived ? !u.Archived : !includeArchived && u.Archived) return false;
    return matches({ ...u });
  });
  if (paged && switches.userPageOrder === 'last-name') inLastNameOrder(users, store);
  const full = paged && switches.pagedUserRows === 'full';
  return full ? users.map((u) => answerUser({ ...u }, switches.dateAnswers)) : users.map((u) => pick(u, ['ID', 'FirstName', 'LastName', 'MISID']));
}

/** Paged searches so far, per sandbox: each one draws its own order of users who share a last name. */
const pagedSearches = new WeakMap<SandboxStore, number>();

/**
 * `userPageOrder: last-name`: users ordered by last name only, as a database asked for
 * `ORDER BY LastName` with `OFFSET`/`FETCH` answers, each query breaking ties its own way.
 * Two pages of one search may then both hold one Smith and neither another.
 */
function inLastNameOrder(users: UserRecord[], store: SandboxStore): void {
  const search = (pagedSearches.get(store) ?? 0) + 1;
  pagedSearches.set(store, search);
  const random = seededRandom(search * 7919);
  const tie = new Map(users.map((u) => [u.ID, random()]));
  users.sort((a, b) => a.LastName.localeCompare(b.LastName) || tie.get(a.ID)! - tie.get(b.ID)!);
}

/** The `textLimit` and `longText` switches: a text longer than the limit fails the call, or is cut short. */
function withinTextLimit<T extends object>(fields: T, switches: CallContext['switches']): T {
  if (switches.textLimit <= 0) return fields;
  const kept: Record<string, unknown> = { ...(fields as Record<string, unknown>) };
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || value.length <= switches.textLimit) continue;
    if (switches.longText === 'truncated') kept[field] = value.slice(0, switches.textLimit);
    else if (switches.longText === 'refused') throw validationError(ERROR_CODE.textTooLong, `${field} must be at most ${switches.textLimit} characters long.`);
    // As a database refusing to cut the value: the API's own error, no more said.
    else throw new Error(`String or binary data would be truncated (${field}).`);
  }
  return kept as T;
}

export function existingUser(store: SandboxStore, id: string): UserRecord {
  const user = /^\d+$/.test(id) ? store.user(Number(id)) : undefined;
  if (!user) throw notFound(`User ${id} was not found.`);
  return user;
}

function createUser({ store, body, now, switches }: CallContext) {
  const fields = withinTextLimit(readUserFields(body), switches);
  checkSexCode(fields, switches.sexCodes);
  validateUser(store, fields, switches.learnerEmail, switches.staffReferences);
  // The `createIgnores` switch: fields accepted, answered 200, and not kept.
  for (const field of switches.createIgnores) delete (fields as Record<string, unknown>)[field];
  // The `uniqueUserCreate` switch: a OneFile creating "or else returning" answers with the user who has the value.
  const holder = switches.uniqueUserCreate === 'existing' ? userHolding(store, fields, switches.uniqueUserFields) : undefined;
  if (holder) return createdReply(holder.user, switches.createAnswers, answerUser(holder.user, switches.dateAnswers));
  checkUniqueFields(store, fields, switches.uniqueUserFields);
  const user: UserRecord = {
    ...blankUser({
      ID: store.nextId('users'),
      Username: uniqueUsername(store, fields.FirstName!, fields.LastName!),
      OrganisationID: fields.OrganisationID!,
      Role: fields.Role!,
      FirstName: fields.FirstName!,
      LastName: fields.LastName!,
      Email: fields.Email ?? null,
      LastModified: new Date(now).toISOString(),
    }),
    ...fields,
  };
  store.put('users', user);
  return createdReply(user, switches.createAnswers, answerUser(user, switches.dateAnswers));
}

function updateUser({ store, body, params, now, switches }: CallContext) {
  const user = existingUser(store, params.id);
  const sent = withinTextLimit(readUserFields(body), switches);
  checkSexCode(sent, switches.sexCodes);
  // The `updateIgnores` switch: fields accepted, answered 204, and left as they were.
  for (const field of switches.updateIgnores) delete (sent as Record<string, unknown>)[field];
  // The `userUpdates` switch: a OneFile that binds the body to a whole user clears what it leaves out.
  const kept = switches.userUpdates === 'whole-record' ? withOptionalFieldsCleared(user) : user;
  const updated: UserRecord = { ...kept, ...sent, LastModified: new Date(now).toISOString() };
  validateUser(store, updated, switches.learnerEmail, switches.staffReferences);
  // Only a value the update changes is checked: a value two users shared before stays theirs.
  const changed = Object.fromEntries(Object.entries(sent).filter(([field, value]) => value !== (user as unknown as Record<string, unknown>)[field]));
  checkUniqueFields(store, changed, switches.uniqueUserFields, user.ID);
  store.put('users', updated);
  return { status: 204 };
}

/** The user with every optional writable field cleared: what a whole-record update leaves of the fields its body lacks. */
function withOptionalFieldsCleared(user: UserRecord): UserRecord {
  const cleared: Record<string, unknown> = { ...user };
  for (const field of OPTIONAL_USER_FIELDS) if (field in cleared) cleared[field] = null;
  return cleared as unknown as UserRecord;
}

function setArchived({ store, params, now }: CallContext, archived: boolean) {
  const user = existingUser(store, params.id);
  if (user.Archived !== archived) store.put('users', { ...user, Archived: archived, LastModified: new Date(now).toISOString() });
  return { status: 204 };
}
