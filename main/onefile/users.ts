import type { ApiCaller } from './caller';
import { toOneFileDate, withOneFileDates } from './dates';
import { OneFileError } from './errors';
import { refusedAsAlreadyAssigned } from './refusals';
import { searchPages, type PageOptions } from './paging';
import { ROLE_IDS } from '../../shared/fields';
import { idSegment } from './paths';
import { DEFAULT_ASSIGN_PATH, type AssignPathReading } from './knowledge';
import { createdUserSchema, searchAnswer, userSchema, type OneFileUser } from './schemas';

/** OneFile's user roles (onefile-api.md, "Users"), from `shared/fields.ts`, the one table of them. */
export const ONEFILE_ROLE = {
  learner: ROLE_IDS.learner,
  traineeAssessor: ROLE_IDS['trainee-assessor'],
  assessor: ROLE_IDS.assessor,
  iqa: ROLE_IDS.iqa,
  employer: ROLE_IDS.employer,
  observer: ROLE_IDS.observer,
} as const;

/** Calendar dates on a user: sent as midnight UTC. */
const USER_DATE_FIELDS = ['DOB', 'StartOn', 'PlannedEndDate'] as const;

type CalendarDate = string | Date;

/** The user fields OneFile documents. Null clears a field on update. */
export interface UserFields {
  OrganisationID: number;
  FirstName: string;
  LastName: string;
  Email: string;
  Role: number;
  DefaultAssessorID?: number | null;
  ClassroomID?: number | null;
  PlacementID?: number | null;
  DefaultEmployerID?: number | null;
  MISID?: string | null;
  ULN?: string | null;
  NINO?: string | null;
  DOB?: CalendarDate | null;
  StartOn?: CalendarDate | null;
  PlannedEndDate?: CalendarDate | null;
  CentreRegister?: string | null;
  EpisodeName?: string | null;
  CompanyName?: string | null;
  HomeAddress?: string | null;
  WorkAddress?: string | null;
  Telephone?: string | null;
  MobileNumber?: string | null;
  L12?: string | null;
  L13?: string | null;
  L14?: string | null;
  L15?: string | null;
  L16?: string | null;
  LearnerStatusID?: number | null;
  SupportFunding?: string | null;
}

/** Search filters: AND-ed, exact, case-insensitive [assume]. */
export interface UserFilter {
  OrganisationID?: number;
  Role?: number;
  FirstName?: string;
  LastName?: string;
  Email?: string;
  MISID?: string;
  /** Users changed since this instant. */
  LastModified?: string | Date;
  /** Archived users are hidden unless asked for [assume]: true includes them. */
  IncludeArchived?: boolean;
  /** True: only archived users [assume]. */
  Archived?: boolean;
}

/**
 * Whether this OneFile takes `IncludeArchived`, a filter of ours no guide names [assume]:
 * once refused, every later user search leaves it out (archived users may then be missing
 * from what searches answer, and the plan says so).
 */
export interface ArchivedFilterReading {
  refused(): boolean;
  seenRefused(): void;
}

/**
 * The filter as this OneFile takes it: without `IncludeArchived` where it is known refused.
 * `ask` runs a search with it; refused (400) for a filter asking for archived users, it is
 * asked again without, and once that answers the refusal is remembered.
 */
export async function askTakingArchivedRefusal<T>(filter: UserFilter, archived: ArchivedFilterReading | undefined, ask: (filter: UserFilter) => Promise<T>): Promise<T> {
  const { IncludeArchived, ...without } = filter;
  if (IncludeArchived === undefined || !archived) return ask(filter);
  if (archived.refused()) return ask(without);
  try {
    return await ask(filter);
  } catch (error) {
    if (!(error instanceof OneFileError) || error.kind !== 'validation') throw error;
    const answer = await ask(without);
    archived.seenRefused();
    return answer;
  }
}

/** `POST User/Search/{page}/{size}`: pages of users matching the filter. */
export async function* searchUsers(api: ApiCaller, filter: UserFilter, options?: PageOptions, archived?: ArchivedFilterReading): AsyncGenerator<OneFileUser[], void, undefined> {
  const within = withinFilter(filter);
  const pagesOf = (asked: UserFilter) => {
    const body = { ...asked } as Record<string, unknown>;
    if (asked.LastModified !== undefined) body.LastModified = toOneFileDate(asked.LastModified, 'LastModified', 'POST User/Search/{page}/{size}');
    return searchPages(api, 'User', body, userSchema, options)[Symbol.asyncIterator]();
  };
  // The first page tells whether the filter is taken; the rest follow from the same search.
  const { pages, first } = await askTakingArchivedRefusal(filter, archived, async (asked) => {
    const pages = pagesOf(asked);
    return { pages, first: await pages.next() };
  });
  try {
    for (let next = first; !next.done; next = await pages.next()) yield next.value.filter(within);
  } finally {
    await pages.return?.(undefined);
  }
}

/**
 * Whether a row is one the filter asked for, as far as the row says: a OneFile that
 * ignored `OrganisationID` or `Role` [assume: they are documented filters] would answer
 * with other organisations' users, or staff among learners, and a learner of another
 * organisation must never be matched and changed. Rows that carry neither key (the brief
 * `{ID, FirstName, LastName, MISID}`) are taken as the search answered them.
 */
function withinFilter(filter: UserFilter): (user: OneFileUser) => boolean {
  return (user) =>
    (filter.OrganisationID === undefined || user.OrganisationID === undefined || user.OrganisationID === filter.OrganisationID) &&
    (filter.Role === undefined || user.Role === undefined || user.Role === filter.Role);
}

/**
 * `POST User/Search` (the documented unpaged route): every user matching the filter in
 * one call, as brief rows `{ID, FirstName, LastName, MISID}` [doc]. Enough to resolve
 * staff by name or MIS ID; learners need the paged search, whose rows carry more.
 */
export async function listUsers(api: ApiCaller, filter: UserFilter, archived?: ArchivedFilterReading): Promise<OneFileUser[]> {
  const rows = await askTakingArchivedRefusal(filter, archived, (asked) => {
    const body = { ...asked } as Record<string, unknown>;
    if (asked.LastModified !== undefined) body.LastModified = toOneFileDate(asked.LastModified, 'LastModified', 'POST User/Search');
    return api.parsed({ method: 'POST', route: 'POST User/Search', path: 'User/Search', body, read: true }, searchAnswer(userSchema));
  });
  return rows.filter(withinFilter(filter));
}

export async function getUser(api: ApiCaller, id: number): Promise<OneFileUser> {
  const route = 'GET User/{id}';
  return api.parsed({ method: 'GET', route, path: `User/${idSegment(id, 'user ID', route)}`, read: true }, userSchema);
}

/**
 * `POST User`: creates a user; OneFile answers 200 with the new user (its ID, Username, ...),
 * or perhaps only its ID. An answer with no ID in it (an empty 201 or 204) is a success that
 * cannot be read: the runner looks the user up before anything is sent again.
 */
export async function createUser(api: ApiCaller, fields: UserFields): Promise<OneFileUser> {
  const route = 'POST User';
  const body = withOneFileDates(fields, USER_DATE_FIELDS, route);
  return api.parsed({ method: 'POST', route, path: 'User', body, read: false, userValues: true }, createdUserSchema);
}

/** `POST User/{id}`: changes only the fields sent (204). Nothing to change sends nothing. */
export async function updateUser(api: ApiCaller, id: number, changedFields: Partial<UserFields>): Promise<void> {
  const route = 'POST User/{id}';
  const path = `User/${idSegment(id, 'user ID', route)}`;
  const body = withOneFileDates(changedFields, USER_DATE_FIELDS, route);
  if (Object.values(body).every((v) => v === undefined)) return;
  await api.done({ method: 'POST', route, path, body, read: false, userValues: true });
}

export async function archiveUser(api: ApiCaller, id: number): Promise<void> {
  const route = 'POST User/{id}/Archive';
  await api.done({ method: 'POST', route, path: `User/${idSegment(id, 'user ID', route)}/Archive`, read: false });
}

export async function unarchiveUser(api: ApiCaller, id: number): Promise<void> {
  const route = 'POST User/{id}/Unarchive';
  await api.done({ method: 'POST', route, path: `User/${idSegment(id, 'user ID', route)}/Unarchive`, read: false });
}

/**
 * Level 3 = learning-aim level (with StandardID), 2 = unit-summary level (with
 * UnitID), 1 = additional, absent = default.
 */
export interface Assignment {
  LearnerID: number;
  Level?: 1 | 2 | 3;
  StandardID?: number;
  UnitID?: string;
}

/**
 * `POST User/{id}/Assign`: assigns a staff user (IQA, employer, observer, extra
 * assessor) to a learner. Whose ID is `{id}` is contested (onefile-api.md), so it is
 * decided here and only here, by the environment's reading: `staff-in-path` (what
 * every integration does: the staff user in the path, `LearnerID` in the body) or
 * `learner-in-path` (the newest guide: the learner in the path, the staff user as
 * `UserID` in the body).
 */
export async function assignUser(api: ApiCaller, staffUserId: number, assignment: Assignment, reading: AssignPathReading = DEFAULT_ASSIGN_PATH): Promise<AssignAnswer> {
  const route = 'POST User/{id}/Assign';
  idSegment(staffUserId, 'staff user ID', route);
  idSegment(assignment.LearnerID, 'learner ID', route);
  if (assignment.Level === 3 && assignment.StandardID === undefined) {
    throw new OneFileError({ kind: 'validation', endpoint: route, message: 'Assigning at learning-aim level (3) needs the standard (StandardID).' });
  }
  if (assignment.Level === 2 && assignment.UnitID === undefined) {
    throw new OneFileError({ kind: 'validation', endpoint: route, message: 'Assigning at unit-summary level (2) needs the unit (UnitID).' });
  }
  const { path, body } = assignRequest(staffUserId, assignment, reading);
  try {
    await api.done({ method: 'POST', route, path, body, read: false });
    return { assigned: true };
  } catch (error) {
    if (refusedAsAlreadyAssigned(error)) return { assigned: 'already', said: error.oneFileMessage };
    throw withAssignHint(error, reading);
  }
}

/**
 * What an Assign came to: made (or kept, as OneFile keeps one of each [assume]), or
 * refused because the learner already has it. No guide says what an assignment the
 * learner has meets when sent again, and none documents a way to read a learner's
 * assigned staff back; a public SDK notes that a repeated unit assign "only passes
 * first time", so a OneFile refusing the repeat is as likely as one keeping it. Such a
 * refusal says the assignment is there: the import from a computer that did not make it,
 * and the assign sent again after its answer was lost, are done, not "correct the value".
 */
export type AssignAnswer = { assigned: true } | { assigned: 'already'; said: string };

/** A refused Assign may be the contested path reading: say which setting to try. */
function withAssignHint(error: unknown, reading: AssignPathReading): unknown {
  if (!(error instanceof OneFileError) || (error.kind !== 'validation' && error.kind !== 'not-found')) return error;
  const other: AssignPathReading = reading === 'staff-in-path' ? 'learner-in-path' : 'staff-in-path';
  return new OneFileError({
    kind: error.kind,
    endpoint: error.endpoint,
    status: error.status,
    code: error.code,
    oneFileMessage: error.oneFileMessage,
    mayHaveApplied: false,
    message:
      `${error.message} OneFile's guides disagree on whose ID goes in POST User/{id}/Assign; this environment is set to ${reading}. ` +
      `If OneFile reads it the other way, set "Assign path" to ${other} for this environment (import --assign-path ${other}) and import the errors report again.`,
  });
}

/** The path and body of an Assign call under a reading of `{id}`. */
export function assignRequest(staffUserId: number, assignment: Assignment, reading: AssignPathReading): { path: string; body: Record<string, unknown> } {
  const { LearnerID, ...level } = assignment;
  return reading === 'learner-in-path'
    ? { path: `User/${LearnerID}/Assign`, body: { UserID: staffUserId, ...level } }
    : { path: `User/${staffUserId}/Assign`, body: { LearnerID, ...level } };
}
