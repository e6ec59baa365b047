import type { OperationFailure } from '../journal/journal';
import { fieldDefinition, isFieldKey } from '../../../shared/fields';
import type { Operation } from '../plan/types';
import { SEARCHED } from './verify';
import { isOneFileError } from '../../onefile';
import { TemplateNotApplied } from './template-check';

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
  if (op.kind === 'create-classroom' || op.kind === 'create-placement') {
    const what = op.kind === 'create-classroom' ? 'class' : 'placement';
    return {
      kind: 'changed-since-plan',
      message: `Before creating the ${what} "${op.name}", OneFile was looked at for one of that name: ${reason}, so which one is meant cannot be told. Nothing was created. Rename or remove the extra ones in OneFile, then import the rows again.`,
    };
  }
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

/**
 * A write answered "internal error" (HTTP 500) every time it was sent, each found not made
 * by the search that checked it, which OneFile answered: OneFile is up, and this write is
 * what it fails on. A .NET API whose database will not hold a value answers so (a text
 * longer than its column: "String or binary data would be truncated"), every time; "try
 * again later" would not help. The row's failure says what may be in it (the writes
 * checked by a search only: an update's check reads nothing). A resumed run checks the
 * last try first, then tries again, as after any server error.
 */
/** Whether this failure of this write is such an internal error (its check then said whether OneFile answered). */
export function failedOnItsData(op: Operation, failure: OperationFailure): boolean {
  return failure.kind === 'server' && failure.status === 500 && CHECKED_BY_A_SEARCH.has(op.kind);
}

/** The writes whose check reads OneFile: those verify.ts checks by a search, and a template's (it reads the learning aims). */
const CHECKED_BY_A_SEARCH: ReadonlySet<Operation['kind']> = new Set([...SEARCHED, 'assign-template']);

/** The row's failure after every try failed so: what may be in it, and what to do. */
export function serverErrorEachTime(op: Operation, last: OperationFailure, tries: number): OperationFailure {
  const longest = longestText(op);
  const label = longest && isFieldKey(longest.field) ? fieldDefinition(longest.field).label.toLowerCase() : longest?.field;
  const suspect = longest ? ` (the longest sent: the ${label}, ${longest.length} characters)` : '';
  return {
    ...last,
    // The errors report marks that column.
    ...(longest && isFieldKey(longest.field) ? { field: longest.field } : {}),
    message:
      `OneFile answered it with an internal error (HTTP 500) each of the ${tries} times it was sent, and each check between found it not made, ` +
      `though OneFile answered those searches: something in this row may be what OneFile cannot take, such as a value longer than it holds${suspect}. ` +
      'Check the row\'s values (shorten a long one) and import it again; if it was OneFile\'s trouble, importing it again later will do.',
  };
}

function longestText(op: Operation): { field: string; length: number } | undefined {
  const fields = op.kind === 'create-user' ? op.fields : op.kind === 'create-classroom' || op.kind === 'create-placement' ? { Name: op.name } : {};
  let longest: { field: string; length: number } | undefined;
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.length > (longest?.length ?? 0)) longest = { field, length: value.length };
  }
  return longest;
}

/** A thrown error as the journal and the row keep it. */
export function failureOf(error: unknown): OperationFailure {
  if (error instanceof TemplateNotApplied) return { kind: error.kind, message: error.message };
  if (isOneFileError(error)) {
    return {
      kind: error.kind,
      message: error.message,
      ...(error.status !== undefined ? { status: error.status } : {}),
      ...(error.code !== undefined ? { code: error.code } : {}),
      ...(error.oneFileMessage !== undefined ? { oneFileMessage: error.oneFileMessage } : {}),
    };
  }
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}
