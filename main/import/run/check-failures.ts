import type { OperationFailure } from '../journal/journal';
import type { Operation } from '../plan/types';

// What a row ends with when a check in OneFile could not say whether to send: never sent on a guess.

/**
 * A write whose outcome no check could settle: the row ends "outcome unknown", never
 * sent again on a guess, with the learner's OneFile ID and what to look at.
 */
export function uncheckable(op: Operation, reason: string, userId: number | undefined): OperationFailure {
  const where = userId !== undefined ? ` Open OneFile learner ID ${userId} and check ${whatToCheck(op)}` : ' Look the row up in OneFile';
  return {
    kind: 'outcome-unknown',
    message:
      `OneFile may or may not have done "${op.description}", and checking could not settle it (${reason}). ` +
      `It was not sent again.${where} before importing the row again.`,
  };
}

/** A learner's programme changed in OneFile since a plan read long ago, so that giving what the row says could duplicate it: not sent. */
export function changedSincePlan(op: Operation, reason: string, userId: number | undefined, planReadAt: string | undefined): OperationFailure {
  const since = planReadAt ? ` (${planReadAt.slice(0, 16).replace('T', ' ')} UTC)` : '';
  const where = userId !== undefined ? `Open OneFile learner ID ${userId} and check ${whatToCheck(op)}` : 'Look the row up in OneFile';
  return {
    kind: 'changed-since-plan',
    message: `Since this run's plan read OneFile${since}, the learner's programme has changed there: ${reason}. "${op.description}" was not sent. ${where}, then import the row again.`,
  };
}

function whatToCheck(op: Operation): string {
  switch (op.kind) {
    case 'assign-template':
    case 'assign-standard':
      return 'its learning aims';
    case 'assign-unit':
      return 'its unit summaries';
    case 'assign-staff':
      return 'who is assigned to it';
    default:
      return 'its details';
  }
}
