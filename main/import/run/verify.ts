import { AppError } from '../../../shared/app-error';
import type { OneFileClient, TemplateApplyReading, UserFilter } from '../../onefile';
import { changedByHtmlEncoding } from '../../onefile/schemas';
import { collect } from '../../onefile/paging';
import type { OperationResult } from '../journal/journal';
import type { Operation } from '../plan/types';
import { verifyUndoOperation, type UndoClient } from '../undo/undo-operations';
import { tidySpaces } from '../directory/person-names';
import { unpagedOrPages } from '../directory/unpaged';
import { placeResult } from './perform';
import { notAsMade } from './created-user-check';
import { lookUntil, secondsWaited, TEMPLATE_LOOKS_MS, templateAims } from './template-check';
import { unitIdKey } from '../plan/programme';

/**
 * Did a write whose answer never came (or whose journal has an intent and nothing
 * after it) happen in OneFile? The runner asks before sending it again, so a lost
 * response never becomes a duplicate learner, learning aim or unit summary.
 *
 * - create-user: search the organisation for the user by its upsert key (MISID, else
 *   email, else ULN or NI number, compared here among the users of its name and role; the
 *   importer never creates a user whose MISID, ULN, NI number or email already exists, so
 *   a hit is ours) and check the other keys agree.
 * - assign-standard: the learner's learning aims include that standard.
 * - assign-unit: the learner's unit summaries include that unit (under that standard).
 * - assign-template, contents known: every standard of the template has a learning aim
 *   (all: done; none: not done; some: cannot tell, since sending it again would
 *   duplicate those). Contents unknown: the template is only ever given to a learner
 *   with no learning aims, so any learning aim now means it took effect, and none
 *   means nothing was made that a second send could duplicate.
 * - update-user and assign-staff set values: sending them again is harmless (an assign
 *   refused as already there is done: onefile/users.ts), so no check.
 * - restore-user and archive-user (undo): the user read back (undo/undo-operations.ts).
 * - create-classroom, create-placement: the organisation's classes or placements are
 *   read (placesOfOrganisation) and compared with the name (the plan creates only a name
 *   OneFile lacked): one with it is ours, none means not made, two cannot be told apart.
 */

/** The client calls a check may make: reads only. */
export type VerifyClient = Pick<OneFileClient, 'searchUsers' | 'searchLearningAims' | 'searchUnitSummaries' | 'searchClassrooms' | 'searchPlacements'> &
  Partial<Pick<OneFileClient, 'listClassrooms' | 'listPlacements' | 'unpagedSearch' | 'unpagedSearchSeen' | 'unpagedSeenWhole' | 'unpagedAnsweredWhole' | 'listSize'>> &
  Pick<UndoClient, 'getUser'>;

export type Verification =
  | { happened: true; result: OperationResult }
  | { happened: false }
  /** OneFile's answer does not settle it: the runner fails the row rather than risk a duplicate. */
  | { happened: 'cannot-tell'; reason: string };

export interface VerifyContext {
  organisationId: number;
  /** The operation's learner (or subject user), when it has one. */
  userId?: number;
  /** Counts each call made, for progress. */
  onCall?: () => void;
  /** Pauses between looks, for a template's learning aims that may come later. */
  sleep?: (ms: number) => Promise<void>;
  /** What is known of when this OneFile makes a template's learning aims (template-check.ts). */
  templateApply?: () => TemplateApplyReading | undefined;
  /** The pauses between those looks (default TEMPLATE_LOOKS_MS). */
  templateLooksMs?: readonly number[];
  /** When the write in doubt was last seen failing (ms since the epoch); absent: in an earlier session of the run. */
  failedAt?: number;
  /** What is known of how far this OneFile's searches trail its writes, the run's witnesses and the pauses between looks (untilShown). */
  searchLag?: SearchLagContext;
  /**
   * A look before a write never sent, of a plan read long ago (operation.ts): others may
   * have given the learner a programme since, so learning aims not of a template whose
   * contents are unknown are not taken as its own. A class or placement found then was
   * made by someone else, not by the run.
   */
  othersMayHaveAssigned?: boolean;
}

export interface SearchLagContext {
  /** 0: searches here show a write at once; more: the longest lag seen; undefined: not known. */
  lagMs(): number | undefined;
  seen(ms: number): void;
  /** The pauses between looks for a record a search did not show, before any lag seen lengthens them (SEARCH_LOOKS_MS). */
  readonly looksMs: readonly number[];
  /** A user the run created and saw answered, sent after `failedAt` (any, when absent), and the filter that finds it. */
  witness(failedAt: number | undefined): { userId: number; filter: { MISID: string } | { Email: string } } | undefined;
}

const same = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' ? a.trim().toLowerCase() === b.trim().toLowerCase() : a === b;

async function verifyCreatedUser(client: VerifyClient, op: Extract<Operation, { kind: 'create-user' }>, context: VerifyContext): Promise<Verification> {
  const fields = op.fields;
  const sent = (key: UserKey) => (typeof fields[key] === 'string' && (fields[key] as string).trim() ? (fields[key] as string) : undefined);
  // The key the plan matched by where it is the email, else the first the user was sent with.
  const searchedBy = op.matchKey?.field === 'Email' && sent('Email') ? 'Email' : USER_KEYS.find((key) => sent(key));
  if (!searchedBy) {
    return { happened: 'cannot-tell', reason: 'the new user has no MISID, email, ULN or NI number to look it up by' };
  }
  const filter = userFilter(searchedBy, sent(searchedBy)!, fields);
  const found = await collectUsers(client, { OrganisationID: context.organisationId, ...filter }, context);
  // How OneFile compares the filter is not documented (exactly, case by case, "contains", or
  // not at all), so the rows are compared here: the key searched by must be the one sent, and
  // other keys a row carries must agree. Every shape of search row carries MISID; one without
  // the key (an email, a ULN) proves nothing, so it is read (GET User/{id}), a few at most:
  // more such rows mean the search did not narrow, and nothing is decided.
  const agrees = (user: Record<string, unknown>) =>
    same(fields[searchedBy], user[searchedBy]) &&
    (['MISID', 'ULN', 'Email', 'FirstName', 'LastName'] as const).every((key) => {
      const sentValue = fields[key];
      const seen = user[key];
      return sentValue === undefined || sentValue === '' || seen === undefined || seen === '' || same(sentValue, seen);
    });
  const unread = searchedBy === 'MISID' ? [] : found.filter((user) => !String(user[searchedBy] ?? '').trim());
  if (unread.length > MOST_TO_READ || (unread.length > 0 && !client.getUser)) {
    const narrowed = unread.length > MOST_TO_READ ? ', so it did not narrow' : '';
    return { happened: 'cannot-tell', reason: `OneFile's search for the new user answered with ${unread.length} users whose ${KEY_WORDS[searchedBy]} its rows do not show${narrowed}` };
  }
  // A row that does not say its organisation and role (the documented rows) is read before
  // it is believed the new user: a OneFile ignoring those filters answers with another
  // organisation's learner of the same MIS ID and name, who must not be taken for the one made.
  const ours = (user: Record<string, unknown>) => notAsMade(fields, user, context.organisationId).length === 0;
  const unsaid = (user: Record<string, unknown>) => !('OrganisationID' in user && 'Role' in user) && client.getUser !== undefined;
  const candidates = [];
  for (const user of found.filter((row) => !unread.includes(row) && agrees(row) && ours(row))) {
    if (!unsaid(user)) candidates.push(user);
    else {
      context.onCall?.();
      if (ours(await client.getUser!(user.ID))) candidates.push(user);
    }
  }
  // Searched by name, a user of the new one's names who shows no key even when read may be
  // the new one in a OneFile that did not keep the key (fields-not-kept): not "not made".
  const byName = !(searchedBy in filter);
  const keyless: number[] = [];
  for (const user of unread) {
    context.onCall?.();
    const record = await client.getUser!(user.ID);
    if (agrees(record) && ours(record)) candidates.push(user);
    else if (byName && !String(record[searchedBy] ?? '').trim() && same(fields.FirstName, record.FirstName) && same(fields.LastName, record.LastName)) keyless.push(user.ID);
  }
  if (candidates.length === 0 && keyless.length > 0) {
    return { happened: 'cannot-tell', reason: `OneFile holds ${keyless.length === 1 ? 'a user' : `${keyless.length} users`} of the same name (ID ${keyless.join(', ')}) without the ${KEY_WORDS[searchedBy]} sent, who may be the new one` };
  }
  if (candidates.length === 0) return { happened: false };
  if (candidates.length > 1) {
    const ids = candidates.map((user) => user.ID).join(', ');
    return { happened: 'cannot-tell', reason: `OneFile has ${candidates.length} users matching it (IDs ${ids})` };
  }
  return { happened: true, result: { userId: candidates[0].ID, verified: true } };
}

/** What a new user is looked up by, in order: the documented filters first. */
const USER_KEYS = ['MISID', 'Email', 'ULN', 'NINO'] as const;
type UserKey = (typeof USER_KEYS)[number];
const KEY_WORDS: Record<UserKey, string> = { MISID: 'MIS ID', Email: 'email', ULN: 'ULN', NINO: 'NI number' };

/**
 * What a check searches for a new user by: its key where it is a documented filter (MISID,
 * email), unless a OneFile holding text HTML-encoded could hold it otherwise than sent
 * (`o'connor@...`, `changedByHtmlEncoding`). Otherwise (that, or a ULN or NI number, which
 * no documented filter takes): the names sent that such a OneFile could not hold otherwise
 * (last and first, or either), with the user's role, else the role alone; the rows are
 * compared here either way.
 */
function userFilter(key: UserKey, value: string, fields: Record<string, unknown>): UserFilter {
  if ((key === 'MISID' || key === 'Email') && !changedByHtmlEncoding(value)) return { [key]: value };
  const filter: UserFilter = typeof fields.Role === 'number' ? { Role: fields.Role } : {};
  // Both names where both are plain: a common last name alone can bring more rows lacking the key than are read.
  for (const name of ['LastName', 'FirstName'] as const) {
    const sentName = fields[name];
    if (typeof sentName === 'string' && sentName.trim() && !changedByHtmlEncoding(sentName)) filter[name] = sentName;
  }
  return filter;
}

/** Rows of a search that lack the key searched by, read one by one before deciding; more than this are not. */
const MOST_TO_READ = 3;

export async function verifyOutcome(client: VerifyClient, op: Operation, context: VerifyContext): Promise<Verification> {
  const look = () => verifyOnce(client, op, context);
  return SEARCHED.has(op.kind) ? untilShown(look, client, context) : look();
}

/** The checks that decide by a search (users, classes and placements, learning aims, unit summaries) that may trail the writes. */
export const SEARCHED: ReadonlySet<Operation['kind']> = new Set<Operation['kind']>(['create-user', 'assign-standard', 'assign-unit', 'create-classroom', 'create-placement']);

/**
 * A search may show a write only some time after it (a replica, an index: sandbox
 * `searchLagMs`), and sending again what was made but not yet shown makes it twice. So
 * "not made" is believed at once only where this OneFile's searches are known to show a
 * write at once; otherwise a **witness** settles it: a user this run created, sent after
 * the write in doubt had failed, searched for by its key. Shown, the search is up to date
 * past that write (searches are taken to show writes in the order they were made), and
 * "not made" stands; it is remembered that searches here show writes at once. Not shown,
 * or no witness: the record is looked for again with pauses (`SEARCH_LOOKS_MS`, longer
 * where a longer lag was seen) before "not made" is believed; found on a later look, the
 * wait is remembered. Without a sleep (a check made outside a run) nothing is waited for.
 */
async function untilShown(look: () => Promise<Verification>, client: VerifyClient, context: VerifyContext): Promise<Verification> {
  const first = await look();
  if (first.happened !== false || !context.sleep) return first;
  const known = context.searchLag?.lagMs();
  if (known === 0) return first;
  const since = context.failedAt ?? Date.now();
  let tried: number | undefined;
  // A witness shown means the search is up to date past the write in doubt: the record is
  // then looked for once more (the look before may have come before the search caught up).
  const witnessShown = async (): Promise<boolean> => {
    const witness = context.searchLag?.witness(context.failedAt);
    if (!witness || witness.userId === tried) return false;
    tried = witness.userId;
    const shown = await collectUsers(client, { OrganisationID: context.organisationId, ...witness.filter }, context);
    return shown.some((user) => user.ID === witness.userId);
  };
  // In a busy run a witness comes within a pause or two: each pause ends with one, if there is a new one.
  if (await witnessShown()) return settled(await look(), context, since, 0);
  for (const pause of searchLooksMs(known, context.searchLag?.looksMs)) {
    await context.sleep(pause);
    const seen = await look();
    if (seen.happened !== false) return settled(seen, context, since);
    if (await witnessShown()) return settled(await look(), context, since, 0);
  }
  return first;
}

/** What a check found once the search was shown up to date (`lagMs` 0) or the record was found late: remembered for the environment. */
function settled(verification: Verification, context: VerifyContext, since: number, lagMs?: number): Verification {
  // Found late is never "at once" (0), however little time the clock saw pass.
  if (verification.happened !== false) context.searchLag?.seen(Math.max(1, Date.now() - since));
  else if (lagMs !== undefined) context.searchLag?.seen(lagMs);
  return verification;
}

/** Pauses between looks for a record a search did not show: about 15 s in all, or twice the longest lag seen here. */
export const SEARCH_LOOKS_MS: readonly number[] = TEMPLATE_LOOKS_MS;

function searchLooksMs(knownLagMs: number | undefined, base: readonly number[] = SEARCH_LOOKS_MS): number[] {
  const looks = [...base];
  const wanted = 2 * (knownLagMs ?? 0);
  let total = looks.reduce((sum, ms) => sum + ms, 0);
  while (total < wanted) {
    const next = looks[looks.length - 1] ?? 1_000;
    looks.push(next);
    total += next;
  }
  return looks;
}

/**
 * The page options of a look for a write in doubt: "none" sends it again, so an empty first
 * page asked larger than OneFile may serve is asked again smaller before it is believed (paging.ts).
 */
const lookFor = (context: VerifyContext) => ({ onCall: context.onCall, confirmEmpty: true });

async function collectUsers(client: VerifyClient, filter: Parameters<VerifyClient['searchUsers']>[0], context: VerifyContext) {
  const found = [];
  for await (const page of client.searchUsers(filter, lookFor(context))) found.push(...page);
  return found;
}

async function verifyOnce(client: VerifyClient, op: Operation, context: VerifyContext): Promise<Verification> {
  switch (op.kind) {
    case 'restore-user':
    case 'archive-user':
      return verifyUndoOperation(client, op);
    case 'create-user':
      return verifyCreatedUser(client, op, context);
    case 'update-user':
    case 'assign-staff':
      return { happened: false };
    case 'assign-standard': {
      const aims = await client.searchLearningAims(requireUser(context), lookFor(context));
      const aim = aims.find((a) => a.StandardID === op.standardId);
      return aim ? { happened: true, result: { learningAimIds: [aim.ID], verified: true } } : { happened: false };
    }
    case 'assign-unit': {
      const summaries = await client.searchUnitSummaries(requireUser(context), lookFor(context));
      const summary = summaries.find(
        (s) => unitIdKey(s.UnitID) === unitIdKey(op.unitId) && (s.StandardID === undefined || s.StandardID === op.standardId),
      );
      return summary ? { happened: true, result: { unitSummaryIds: [summary.ID], verified: true } } : { happened: false };
    }
    case 'assign-template':
      return verifyTemplate(client, op, context);
    case 'create-classroom':
    case 'create-placement':
      return verifyPlace(client, op, context);
  }
}

async function verifyPlace(client: VerifyClient, op: Extract<Operation, { kind: 'create-classroom' | 'create-placement' }>, context: VerifyContext): Promise<Verification> {
  const found = (await placesOfOrganisation(client, op, context)).filter((place) => same(tidySpaces(place.Name), tidySpaces(op.name)));
  if (found.length === 0) return { happened: false };
  if (found.length > 1) return { happened: 'cannot-tell', reason: `OneFile has ${found.length} records named "${op.name}" (IDs ${found.map((p) => p.ID).join(', ')})` };
  // Found before the run sent it (made by hand since the plan read OneFile): used, and not the run's to remove.
  if (context.othersMayHaveAssigned) return { happened: true, result: { placeId: found[0].ID, placeAlreadyThere: true, verified: true } };
  return { happened: true, result: { ...placeResult(op, found[0].ID), verified: true } };
}

/**
 * Every class or placement of the organisation, for the caller to compare by name itself
 * (ignoring capitals and spacing, as the plan matched it). How a search compares a Name
 * filter is not documented: one comparing case by case answered nothing for "Tesco -
 * Whitby" when a colleague had made "TESCO - WHITBY", and the run made a second. So none
 * is asked for by name: where the unpaged search is offered and answers whole (as far as
 * is known), every one is read in that one call, as the directory reads them; where it is
 * not, page by page (a few calls more, for each class or placement to create, in a OneFile
 * that refuses or cuts the unpaged search).
 */
async function placesOfOrganisation(client: VerifyClient, op: Extract<Operation, { kind: 'create-classroom' | 'create-placement' }>, context: VerifyContext): Promise<Array<{ ID: number; Name: string }>> {
  const classes = op.kind === 'create-classroom';
  const everyOne = { OrganisationID: context.organisationId };
  const list = classes ? client.listClassrooms : client.listPlacements;
  // Not ended by a short page before as many as the plan's reading held (a cap set since the probe: paging.ts).
  const page = { onCall: context.onCall, knownRows: client.listSize?.(context.organisationId, classes ? 'classrooms' : 'placements') ?? Number.POSITIVE_INFINITY };
  const pages = () => collect<{ ID: number; Name: string }>(classes ? client.searchClassrooms(everyOne, page) : client.searchPlacements(everyOne, page));
  if (list && client.unpagedSearch?.() === undefined) {
    context.onCall?.();
    return (await unpagedOrPages(client, classes ? 'Classroom' : 'Placement', () => list(everyOne), pages)).rows;
  }
  return pages();
}

async function verifyTemplate(client: VerifyClient, op: Extract<Operation, { kind: 'assign-template' }>, context: VerifyContext): Promise<Verification> {
  const look = async () => templateAims(await client.searchLearningAims(requireUser(context), lookFor(context)), op);
  // A OneFile may make a template's learning aims in the background, seconds after its
  // answer: unless this one is known to make them at once, they are waited for as long as
  // a check after an answer waits (template-check.ts) before "not made" is believed.
  const reading = context.templateApply?.();
  const looksMs = reading !== 'at-once' && context.sleep ? (context.templateLooksMs ?? TEMPLATE_LOOKS_MS) : [];
  const { seen } = await lookUntil(look, (aims) => aims.state !== 'none', looksMs, context.sleep ?? (async () => {}));
  if (seen.state === 'none' && reading === 'in-background' && context.sleep) {
    return { happened: 'cannot-tell', reason: `this OneFile makes a template's learning aims in the background, and none had come ${secondsWaited(looksMs)} s later, so they may still be on their way` };
  }
  // A look before a first send: others' aims say nothing of a template whose contents are unknown.
  const othersAims = context.othersMayHaveAssigned === true && seen.state === 'all' && !seen.fromTemplate;
  if (othersAims && op.standardIds.length === 0) {
    const count = seen.ids.length;
    return {
      happened: 'cannot-tell',
      reason: `the learner now has ${count === 1 ? 'a learning aim' : `${count} learning aims`}, and what the template holds is not known, so giving it could duplicate them`,
    };
  }
  if (seen.state === 'all') {
    // Contents known: every standard there, not made by this template, was given some other way (its units and dates may differ).
    const givenOtherwise = othersAims;
    return { happened: true, result: { learningAimIds: seen.ids, verified: true, ...(givenOtherwise ? { givenOtherwise } : {}) } };
  }
  if (seen.state === 'none') return { happened: false };
  return {
    happened: 'cannot-tell',
    reason: context.othersMayHaveAssigned
      ? `the learner now has learning aims for ${seen.have} of the template's ${op.standardIds.length} standards, so giving it could duplicate them`
      : `the learner has learning aims for ${seen.have} of the template's ${op.standardIds.length} standards, so sending it again could duplicate them`,
  };
}

function requireUser(context: VerifyContext): number {
  if (context.userId === undefined) throw new AppError('internal', 'Cannot check an assignment without its learner.');
  return context.userId;
}
