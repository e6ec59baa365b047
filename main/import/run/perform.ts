import { AppError } from '../../../shared/app-error';
import { refusedAsAlreadyGiven, type OneFileClient, type OneFileUser, type UserFields } from '../../onefile';
import type { OperationResult } from '../journal/journal';
import type { Operation, UserRef } from '../plan/types';
import { performUndoOperation, type UndoClient } from '../undo/undo-operations';

/**
 * Sends one planned operation to OneFile: exactly one write call, its answer turned
 * into the IDs the journal records. Retrying, checking and journaling are the
 * runner's job; this only knows which endpoint each operation is.
 */

/** The client calls the runner makes: the writes, and the reads that check an unknown outcome. */
export type RunnerClient = Pick<
  OneFileClient,
  | 'createUser'
  | 'updateUser'
  | 'createClassroom'
  | 'createPlacement'
  | 'searchClassrooms'
  | 'searchPlacements'
  | 'assignUser'
  | 'assignFrameworkTemplate'
  | 'assignStandard'
  | 'assignUnit'
  | 'searchUsers'
  | 'searchLearningAims'
  | 'searchUnitSummaries'
>
  /** The rate limit and OneFile's recent latency: with them the runner sizes its rows in flight. */
  & Partial<Pick<OneFileClient, 'latencyMs' | 'limiter' | 'templateApply' | 'templateApplySeen' | 'userUpdates' | 'userUpdatesSeen' | 'userFieldsKept' | 'userFieldsSeenKept' | 'searchLagMs' | 'searchLagSeen' | 'learnerEmail' | 'learnerEmailSeen'>>
  /** What an undo run's operations call (main/import/undo). */
  & UndoClient;

/** The user an operation is about: an existing one, or the one this row created. */
export function resolveUser(ref: UserRef, createdUserId: number | undefined): number {
  if ('existing' in ref) return ref.existing;
  if (createdUserId === undefined) {
    throw new AppError('internal', 'This step needs the user the row creates, and it has not been created.');
  }
  return createdUserId;
}

/** The user an operation acts on, if it has one (create-user has none yet, a class or placement none at all). */
export function subjectOf(op: Operation): UserRef | undefined {
  switch (op.kind) {
    case 'create-user':
    case 'create-classroom':
    case 'create-placement':
      return undefined;
    case 'update-user':
    case 'restore-user':
    case 'archive-user':
      return op.user;
    default:
      return op.learner;
  }
}

export async function performOperation(
  client: RunnerClient,
  op: Operation,
  organisationId: number,
  createdUserId: number | undefined,
  /** A create's answer, and the fields it was sent, for the check of what OneFile kept (kept-fields.ts). */
  onCreated?: (answer: OneFileUser, sent: UserFields) => void,
): Promise<OperationResult> {
  switch (op.kind) {
    case 'restore-user':
    case 'archive-user':
      return performUndoOperation(client, op);
    case 'create-user': {
      const fields = { OrganisationID: organisationId, Role: op.role, ...op.fields } as unknown as UserFields;
      const user = await client.createUser(fields);
      onCreated?.(user, fields);
      return { userId: user.ID };
    }
    case 'update-user':
      await client.updateUser(resolveUser(op.user, createdUserId), op.changes as Partial<UserFields>);
      return {};
    case 'assign-template':
      await client.assignFrameworkTemplate(op.templateId, resolveUser(op.learner, createdUserId), op.onlyChangeAssigned);
      return {};
    case 'assign-standard': {
      const learningAimId = await givenOrAlready(client.assignStandard(op.standardId, resolveUser(op.learner, createdUserId)));
      if (typeof learningAimId === 'object' && learningAimId !== null) return learningAimId;
      return learningAimId === null ? {} : { learningAimIds: [learningAimId] };
    }
    case 'assign-unit': {
      const unitSummaryId = await givenOrAlready(client.assignUnit(op.unitId, resolveUser(op.learner, createdUserId), op.standardId));
      if (typeof unitSummaryId === 'object' && unitSummaryId !== null) return unitSummaryId;
      return unitSummaryId === null ? {} : { unitSummaryIds: [unitSummaryId] };
    }
    case 'create-classroom':
      return placeResult(op, (await client.createClassroom({ OrganisationID: organisationId, Name: op.name })).ID);
    case 'create-placement':
      return placeResult(op, (await client.createPlacement({ OrganisationID: organisationId, Name: op.name })).ID);
    case 'assign-staff': {
      const learnerId = resolveUser(op.learner, createdUserId);
      const answer = await client.assignUser(op.staffUserId, {
        LearnerID: learnerId,
        Level: op.level,
        ...(op.standardId !== undefined ? { StandardID: op.standardId } : {}),
        ...(op.unitId !== undefined ? { UnitID: op.unitId } : {}),
      });
      // Refused as already there (by hand, from another computer, or by this send's first try whose answer was lost): done.
      return answer.assigned === 'already' ? { alreadyAssigned: answer.said } : {};
    }
  }
}

/**
 * A standard or unit assign refused as one the learner has (given by hand, or by this
 * send's first try whose answer was lost; onefile/refusals.ts): there, nothing added,
 * its ID unknown, in OneFile's words.
 */
async function givenOrAlready(assign: Promise<number | null>): Promise<number | null | { alreadyAssigned: string }> {
  try {
    return await assign;
  } catch (error) {
    if (refusedAsAlreadyGiven(error)) return { alreadyAssigned: error.oneFileMessage };
    throw error;
  }
}

/**
 * A class or placement OneFile answered a create with (or a check found by its name): one
 * no newer than the newest the plan's directory held was there before the run (a OneFile
 * creating "or else returning", or one made by hand meanwhile), so it is used but is not
 * the run's: its undo does not list it for removal.
 */
export function placeResult(op: Extract<Operation, { kind: 'create-classroom' | 'create-placement' }>, placeId: number): OperationResult {
  const before = op.newestKnownId !== undefined && placeId <= op.newestKnownId;
  return { placeId, ...(before ? { placeAlreadyThere: true } : {}) };
}
