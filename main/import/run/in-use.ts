import type { OperationFailure } from '../journal/journal';
import { keyFieldInUse, type KeyFieldInUse } from '../../onefile';
import { ROLE, type Operation } from '../plan/types';

// A create or update OneFile refused because another user already has one of its values
// (an email, a MIS ID, a ULN, an NI number): what the row says, and whether it is data to
// correct or a learner the run itself made a moment before.

const FIELD_WORDS: Readonly<Record<KeyFieldInUse, string>> = { Email: 'email address', MISID: 'MIS ID', ULN: 'ULN', NINO: 'NI number' };

/**
 * The row's failure when OneFile refused `op` saying another user already has one of the
 * values it carries; undefined for any other failure. `inDoubt`: an earlier try of this
 * create may have been made (its answer was lost, its check found nothing): the refusal
 * then most likely meets that try's learner, so the outcome is unknown, never "correct
 * the value", and a resumed run checks for it before anything is sent.
 */
export function inUseFailure(op: Operation, failure: OperationFailure, inDoubt: boolean): OperationFailure | undefined {
  if ((op.kind !== 'create-user' && op.kind !== 'update-user') || failure.kind !== 'validation') return undefined;
  const field = keyFieldInUse(failure.oneFileMessage);
  if (!field) return undefined;
  const words = FIELD_WORDS[field];
  const said = `OneFile: "${failure.oneFileMessage}"`;
  const who = op.kind === 'create-user' && op.role !== ROLE.Learner ? 'user' : 'learner';
  if (op.kind === 'create-user' && inDoubt) {
    return {
      ...failure,
      kind: 'outcome-unknown',
      message:
        `OneFile refused to make this ${who} when it was sent again, saying another user already has this ${words} (${said}): ` +
        `the try whose answer was lost most likely made them, and the search that checked for them does not show them yet. Nothing more was sent. ` +
        `Import the file again later: the ${who} will be found and matched, not made again. Or look them up in OneFile by this ${words}.`,
    };
  }
  if (op.kind === 'update-user') {
    return {
      ...failure,
      field,
      message:
        `OneFile refused to give this learner that ${words}: another user already has it (${said}). Nothing was written. ` +
        `Find that user in OneFile by this ${words}: if they are this same person under a second record, settle which record to keep in OneFile first; if not, correct the ${words} in the row. Then import the row again.`,
    };
  }
  return {
    ...failure,
    field,
    message:
      `OneFile already has another user with this ${words}, and refused to make a second (${said}). Nothing was written. That user is not among the organisation's learners as this import read them: ` +
      `a learner of another organisation, a member of staff, or an archived learner OneFile does not show here. Find them in OneFile by this ${words}: ` +
      `if they are this ${who}, unarchive them or bring them into this organisation and import the row again (they will be matched, not made again); if not, give the row this ${who}'s own ${words}.`,
  };
}
