import { AppError } from '../../../shared/app-error';
import type { OneFileClient, UserFields } from '../../onefile';
import type { OperationResult } from '../journal/journal';
import { comparable } from '../plan/user';
import type { ArchiveUserOperation, RestoreUserOperation, UserRef } from '../plan/types';

/**
 * The two writes an undo run makes, and how a resumed undo finds out whether one whose
 * answer it never had took effect (so nothing is sent twice): a restore took effect
 * when OneFile holds every value it writes back, an archive when the user is archived.
 * One `GET User/{id}` each.
 */

export type UndoOperation = RestoreUserOperation | ArchiveUserOperation;

/** The calls undo's operations make; optional in the runner's client so that fakes without them still type-check. */
export type UndoClient = Partial<Pick<OneFileClient, 'updateUser' | 'archiveUser' | 'getUser'>>;

function userOf(ref: UserRef): number {
  if ('existing' in ref) return ref.existing;
  throw new AppError('internal', 'An undo operation names a user the undo run was to create.');
}

function needs<K extends keyof UndoClient>(client: Pick<UndoClient, K>, call: K): NonNullable<UndoClient[K]> {
  const found = client[call];
  if (!found) throw new AppError('internal', `The client given to the run cannot make ${call}.`);
  return found as NonNullable<UndoClient[K]>;
}

export async function performUndoOperation(client: UndoClient, op: UndoOperation): Promise<OperationResult> {
  const userId = userOf(op.user);
  if (op.kind === 'archive-user') await needs(client, 'archiveUser')(userId);
  else await needs(client, 'updateUser')(userId, op.values as Partial<UserFields>);
  return { userId };
}

export type UndoVerification = { happened: true; result: OperationResult } | { happened: false };

export async function verifyUndoOperation(client: Pick<UndoClient, 'getUser'>, op: UndoOperation): Promise<UndoVerification> {
  const userId = userOf(op.user);
  const user = (await needs(client, 'getUser')(userId)) as Record<string, unknown>;
  const done =
    op.kind === 'archive-user'
      ? user.Archived === true
      : Object.entries(op.values).every(([field, value]) => comparable(field, user[field]) === comparable(field, value));
  return done ? { happened: true, result: { userId, verified: true } } : { happened: false };
}
