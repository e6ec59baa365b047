import { AppError } from '../../../shared/app-error';
import type { OneFileClient, TemplateApplyReading } from '../../onefile';
import type { OperationResult } from '../journal/journal';
import type { Operation } from '../plan/types';
import { verifyUndoOperation, type UndoClient } from '../undo/undo-operations';
import { tidySpaces } from '../directory/person-names';
import { lookUntil, secondsWaited, TEMPLATE_LOOKS_MS, templateAims } from './template-check';

/**
 * Did a write whose answer never came (or whose journal has an intent and nothing
 * after it) happen in OneFile? The runner asks before sending it again, so a lost
 * response never becomes a duplicate learner, learning aim or unit summary.
 *
 * - create-user: search the organisation for the user by its upsert key (MISID, else
 *   the email every new user carries; the importer never creates a user whose MISID,
 *   ULN or email already exists, so a hit is ours) and check the other keys agree.
 * - assign-standard: the learner's learning aims include that standard.
 * - assign-unit: the learner's unit summaries include that unit (under that standard).
 * - assign-template, contents known: every standard of the template has a learning aim
 *   (all: done; none: not done; some: cannot tell, since sending it again would
 *   duplicate those). Contents unknown: the template is only ever given to a learner
 *   with no learning aims, so any learning aim now means it took effect, and none
 *   means nothing was made that a second send could duplicate.
 * - update-user and assign-staff set values: sending them again is harmless, so no check.
 * - restore-user and archive-user (undo): the user read back (undo/undo-operations.ts).
 * - create-classroom, create-placement: the organisation's classes or placements are
 *   searched for the name (the plan creates only a name OneFile lacked): one with it is
 *   ours, none means not made, two cannot be told apart.
 */

/** The client calls a check may make: reads only. */
export type VerifyClient = Pick<OneFileClient, 'searchUsers' | 'searchLearningAims' | 'searchUnitSummaries' | 'searchClassrooms' | 'searchPlacements'> & Pick<UndoClient, 'getUser'>;

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
}

const same = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' ? a.trim().toLowerCase() === b.trim().toLowerCase() : a === b;

async function verifyCreatedUser(client: VerifyClient, op: Extract<Operation, { kind: 'create-user' }>, context: VerifyContext): Promise<Verification> {
  const fields = op.fields;
  const misid = typeof fields.MISID === 'string' && fields.MISID.trim() ? fields.MISID : undefined;
  const email = typeof fields.Email === 'string' && fields.Email.trim() ? fields.Email : undefined;
  const byMisid = op.matchKey?.field === 'MISID' || (misid !== undefined && op.matchKey?.field !== 'Email');
  const filter = byMisid && misid ? { MISID: misid } : email ? { Email: email } : undefined;
  if (!filter) {
    return { happened: 'cannot-tell', reason: 'the new user has neither an MISID nor an email to look it up by' };
  }
  const found = [];
  for await (const page of client.searchUsers({ OrganisationID: context.organisationId, ...filter }, { onCall: context.onCall })) {
    found.push(...page);
  }
  // How OneFile compares the filter is not documented (exactly, case by case, "contains", or
  // not at all), so the rows are compared here: the key searched by must be the one sent, and
  // other keys a row carries must agree. Every shape of search row carries MISID; one without
  // an email proves nothing, so it is read (GET User/{id}), a few at most: more such rows mean
  // the search did not narrow, and nothing is decided.
  const searchedBy = 'MISID' in filter ? 'MISID' : 'Email';
  const agrees = (user: Record<string, unknown>) =>
    same(fields[searchedBy], user[searchedBy]) &&
    (['MISID', 'ULN', 'Email', 'FirstName', 'LastName'] as const).every((key) => {
      const sent = fields[key];
      const seen = user[key];
      return sent === undefined || sent === '' || seen === undefined || seen === '' || same(sent, seen);
    });
  const unread = searchedBy === 'Email' ? found.filter((user) => !user.Email?.trim()) : [];
  if (unread.length > MOST_TO_READ || (unread.length > 0 && !client.getUser)) {
    const narrowed = unread.length > MOST_TO_READ ? ', so it did not narrow' : '';
    return { happened: 'cannot-tell', reason: `OneFile's search for the new user's email answered with ${unread.length} users whose email its rows do not show${narrowed}` };
  }
  const candidates = found.filter((user) => !unread.includes(user) && agrees(user));
  for (const user of unread) {
    context.onCall?.();
    if (agrees(await client.getUser!(user.ID))) candidates.push(user);
  }
  if (candidates.length === 0) return { happened: false };
  if (candidates.length > 1) {
    const ids = candidates.map((user) => user.ID).join(', ');
    return { happened: 'cannot-tell', reason: `OneFile has ${candidates.length} users matching it (IDs ${ids})` };
  }
  return { happened: true, result: { userId: candidates[0].ID, verified: true } };
}

/** Rows of a search that lack the key searched by, read one by one before deciding; more than this are not. */
const MOST_TO_READ = 3;

export async function verifyOutcome(client: VerifyClient, op: Operation, context: VerifyContext): Promise<Verification> {
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
      const aims = await client.searchLearningAims(requireUser(context), { onCall: context.onCall });
      const aim = aims.find((a) => a.StandardID === op.standardId);
      return aim ? { happened: true, result: { learningAimIds: [aim.ID], verified: true } } : { happened: false };
    }
    case 'assign-unit': {
      const summaries = await client.searchUnitSummaries(requireUser(context), { onCall: context.onCall });
      const summary = summaries.find(
        (s) => same(s.UnitID, op.unitId) && (s.StandardID === undefined || s.StandardID === op.standardId),
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
  const filter = { OrganisationID: context.organisationId, Name: op.name };
  const search = op.kind === 'create-classroom' ? client.searchClassrooms(filter, { onCall: context.onCall }) : client.searchPlacements(filter, { onCall: context.onCall });
  const found = [];
  // A server that ignores the Name filter answers with every record: the name is compared here too.
  for await (const page of search) found.push(...page.filter((place) => same(tidySpaces(place.Name), tidySpaces(op.name))));
  if (found.length === 0) return { happened: false };
  if (found.length > 1) return { happened: 'cannot-tell', reason: `OneFile has ${found.length} records named "${op.name}" (IDs ${found.map((p) => p.ID).join(', ')})` };
  return { happened: true, result: { placeId: found[0].ID, verified: true } };
}

async function verifyTemplate(client: VerifyClient, op: Extract<Operation, { kind: 'assign-template' }>, context: VerifyContext): Promise<Verification> {
  const look = async () => templateAims(await client.searchLearningAims(requireUser(context), { onCall: context.onCall }), op);
  // A OneFile may make a template's learning aims in the background, seconds after its
  // answer: unless this one is known to make them at once, they are waited for as long as
  // a check after an answer waits (template-check.ts) before "not made" is believed.
  const reading = context.templateApply?.();
  const looksMs = reading !== 'at-once' && context.sleep ? (context.templateLooksMs ?? TEMPLATE_LOOKS_MS) : [];
  const { seen } = await lookUntil(look, (aims) => aims.state !== 'none', looksMs, context.sleep ?? (async () => {}));
  if (seen.state === 'none' && reading === 'in-background' && context.sleep) {
    return { happened: 'cannot-tell', reason: `this OneFile makes a template's learning aims in the background, and none had come ${secondsWaited(looksMs)} s later, so they may still be on their way` };
  }
  if (seen.state === 'all') return { happened: true, result: { learningAimIds: seen.ids, verified: true } };
  if (seen.state === 'none') return { happened: false };
  return {
    happened: 'cannot-tell',
    reason: `the learner has learning aims for ${seen.have} of the template's ${op.standardIds.length} standards, so sending it again could duplicate them`,
  };
}

function requireUser(context: VerifyContext): number {
  if (context.userId === undefined) throw new AppError('internal', 'Cannot check an assignment without its learner.');
  return context.userId;
}
