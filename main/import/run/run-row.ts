import type { FieldNotKept, JournalReplay, OperationFailure } from '../journal/journal';
import { labelOf } from '../plan/describe';
import { REFERENCE_OF_ID_FIELD } from '../plan/row';
import { calendarDayOf } from '../../onefile/dates';
import { priorState } from '../journal/damage';
import { ASSIGN_LEVEL, ROLE, type RowPlan } from '../plan/types';
import { resolveUser, subjectOf } from './perform';
import type { ProgressTracker } from './progress';
import type { RowOutcome, RowResult } from './row-result';
import { executeOperation, type OperationContext } from './operation';
import type { PlaceCreations, PlaceOutcome } from './place-creations';

/**
 * One row of the plan, run: its operations strictly in order, each done safely
 * (operation.ts), the learner's ID carried from the create to what follows it, and
 * the row's result and progress filled in as it goes. A row stopped by a cancel keeps
 * what it already got (the learner's ID, its learning aims).
 */

/** The calls the run still has to make, for the time left: counted down as they are made or given up. */
export class CallsLeft {
  constructor(
    private count: number,
    private readonly tracker: ProgressTracker,
  ) {
    tracker.setRemainingCalls(count);
  }

  less(calls = 1): void {
    this.count -= calls;
    this.tracker.setRemainingCalls(this.count);
  }
}

/** What every row of one run shares. */
export interface RowRun {
  replay: JournalReplay;
  tracker: ProgressTracker;
  places: PlaceCreations;
  callsLeft: CallsLeft;
  /**
   * The result of a row of this run once it has run (its promise, from when it started),
   * or undefined for a row not started: a joined row waits for its earlier row's.
   */
  rowSettled?(row: number): Promise<RowResult> | undefined;
  /** The file's column letter for each mapped field (ImportPlan.columns), to point the errors report at a cell. */
  columns?: Partial<Record<string, string>>;
}

const OUTCOME_OF: Record<RowPlan['action'], RowOutcome> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  joined: 'joined',
  blocked: 'skipped',
  skipped: 'skipped',
};

export async function runRow(rowPlan: RowPlan, result: RowResult, context: OperationContext, run: RowRun): Promise<RowResult> {
  const { replay, tracker, places, callsLeft } = run;
  if (rowPlan.action === 'blocked' || rowPlan.action === 'skipped') return skipRow(rowPlan, result, tracker);
  if (rowPlan.action === 'joined') return joinRow(rowPlan, result, run);
  let createdUserId = replay.createdUserByRow.get(rowPlan.row);
  result.userId = rowPlan.matched?.userId ?? createdUserId;
  /** Damaged journal only: set once this session created the row's learner, so nothing can have been sent to it before and its later operations need no check. */
  let createdNow = false;
  const priorOf = (op: RowPlan['operations'][number]) => (createdNow ? undefined : priorState(replay, op, rowPlan.row));
  /** Fields OneFile answered for and did not keep (kept-fields.ts): the row fails on them once its steps are done. */
  const notKept: FieldNotKept[] = [];
  /** Steps not made, by operation, with what the row's message says of each: a staff assignment, standard or unit OneFile said the learner has, a template given otherwise. */
  const notMade = new Map<string, NotMade>();
  for (const [position, op] of rowPlan.operations.entries()) {
    const prior = priorOf(op);
    let outcome;
    if (prior?.state === 'done') {
      outcome = { ok: true as const, result: prior.result ?? {} };
    } else {
      tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status: 'running', operation: { id: op.id, kind: op.kind, description: op.description } });
      const subject = subjectOf(op);
      const userId = subject ? userIdOrUndefined(subject, createdUserId) : undefined;
      // A class or placement the row names that this run creates: made once, before the first row that needs it.
      const filled = await places.fill(op, context, () => callsLeft.less());
      const learnerExistedBefore = rowPlan.matched?.userId !== undefined || replay.createdUserByRow.has(rowPlan.row);
      outcome = filled.ok ? await executeOperation({ context, row: rowPlan.row, op: filled.op, prior, userId, createdUserId, learnerExistedBefore }) : placeFailed(filled);
      callsLeft.less();
    }
    if (!outcome.ok) {
      callsLeft.less(rowPlan.operations.slice(position + 1).filter((o) => priorOf(o)?.state !== 'done').length);
      result.action = 'failed';
      result.message = failureMessage(rowPlan, op.description, outcome.failure.message + afterTemplate(rowPlan, position, outcome.failure.kind), createdUserId, position);
      result.failure = { step: op.description, operationId: op.id, operationKind: op.kind, columns: [], error: outcome.failure };
      tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status: 'failed', action: 'failed', message: result.message });
      return result;
    }
    const produced = outcome.result;
    if (op.kind === 'create-user' && produced.userId !== undefined) {
      createdNow = Boolean(replay.damagedLines?.length) && prior?.state !== 'done' && produced.verified !== true;
      createdUserId = produced.userId;
      result.userId = produced.userId;
    }
    result.learningAimIds.push(...(produced.learningAimIds ?? []));
    result.unitSummaryIds.push(...(produced.unitSummaryIds ?? []));
    notKept.push(...(produced.notKept ?? []));
    if (produced.alreadyAssigned !== undefined) {
      notMade.set(op.id, { alreadyThere: `${op.description} (OneFile: "${produced.alreadyAssigned}")` });
    }
    if (op.kind === 'assign-template' && produced.givenOtherwise) {
      notMade.set(op.id, { worthChecking: templateGivenOtherwise(op, result.userId) });
    }
  }
  if (notKept.length > 0) return notKeptRow(rowPlan, result, notKept, createdUserId, run);
  // An update whose every step OneFile already had (told when sent) changed nothing.
  const changedNothing = rowPlan.action === 'update' && !rowPlan.link && rowPlan.operations.length > 0 && notMade.size === rowPlan.operations.length;
  result.action = changedNothing ? 'unchanged' : rowPlan.link && rowPlan.action === 'update' ? 'linked' : OUTCOME_OF[rowPlan.action];
  // Per row, what was done: the operations' own words ("Update Gemma Hall: class → Business Admin L3"),
  // and what the plan said was worth checking (a learner OneFile may have had already under this name).
  const alreadyThere = [...notMade.values()].flatMap((n) => ('alreadyThere' in n ? [n.alreadyThere] : []));
  const said = [
    ...(rowPlan.operations.length > notMade.size ? [`Done: ${rowPlan.operations.filter((op) => !notMade.has(op.id)).map((op) => op.description).join('; ')}.`] : []),
    ...rowPlan.problems.filter((p) => p.severity === 'warning').map((p) => `Worth checking: ${p.message}`),
    ...(alreadyThere.length > 0 ? [`Already in OneFile, so not made again: ${alreadyThere.join('; ')}.`] : []),
    ...[...notMade.values()].flatMap((n) => ('worthChecking' in n ? [`Worth checking: ${n.worthChecking}`] : [])),
  ];
  if (said.length > 0) result.message = said.join(' ');
  tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status: 'done', action: result.action });
  return result;
}

/** A step not made, and the words the row's message gives it. */
type NotMade = { alreadyThere: string } | { worthChecking: string };

/** A template not sent: a run resumed long after its plan found the learner given its standards some other way meanwhile. */
function templateGivenOtherwise(op: Extract<RowPlan['operations'][number], { kind: 'assign-template' }>, learnerId: number | undefined): string {
  return (
    `when this resumed run reached it, the learner already had every standard of the framework template "${op.templateName}", given in OneFile since the plan read it and not by the template, ` +
    `so the template was not sent (it would have made them twice). Its own units, weightings and dates may not be there: open OneFile learner ID ${learnerId ?? '(unknown)'} and check its unit summaries.`
  );
}

/**
 * A later row about the person an earlier row imports: nothing of its own is sent. It
 * takes that row's outcome when that row settles (it started before it: rows start in
 * order), so the Import screen never shows it done before the learner is, and it holds
 * no place among the rows in flight meanwhile. One whose earlier row was stopped (a
 * cancel, a fatal error) is settled by `followRowsJoined` at the end of the run.
 */
function joinRow(rowPlan: RowPlan, result: RowResult, run: RowRun): RowResult {
  result.action = 'joined';
  const tutor = rowPlan.joinedAssessor ? `, and assigned ${rowPlan.joinedAssessor} as their assessor for this row's standards` : '';
  result.message = `Imported with row ${rowPlan.joinedTo}, the same person: that row sent this row's standards and units with its own${tutor}.`;
  const done = () => run.tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status: 'done', action: 'joined' });
  const leader = run.rowSettled?.(rowPlan.joinedTo!);
  if (!leader) {
    done();
    return result;
  }
  leader.then(
    (settled) => {
      if (result.action === 'joined' && !followLeader(rowPlan, result, settled, run.tracker)) done();
    },
    () => undefined,
  );
  return result;
}

/**
 * After the rows have run: a joined row whose earlier row did not get through (failed,
 * or not reached in a cancelled run) says so, with that row's outcome, never 'joined'.
 */
export function followRowsJoined(plan: readonly RowPlan[], results: RowResult[], tracker: ProgressTracker): void {
  const byRow = new Map(results.map((result) => [result.row, result]));
  for (const [position, rowPlan] of plan.entries()) {
    const result = results[position];
    if (rowPlan.action !== 'joined' || result.action !== 'joined') continue;
    const leader = byRow.get(rowPlan.joinedTo!);
    if (leader) followLeader(rowPlan, result, leader, tracker);
  }
}

/** A joined row takes its earlier row's outcome: its learner's ID, or that row's failure. Returns whether the row did not get through. */
function followLeader(rowPlan: RowPlan, result: RowResult, leader: RowResult, tracker: ProgressTracker): boolean {
  if (leader.action === 'created' || leader.action === 'updated' || leader.action === 'linked' || leader.action === 'unchanged') {
    result.userId = leader.userId;
    return false;
  }
  const which = `row ${leader.row}, which imports this person with this row's standards and units,`;
  if (leader.action === 'pending') {
    result.action = 'pending';
    result.message = `Not imported yet: ${which} was not reached; resume the run.`;
  } else {
    // Failed, or (the plan blocks such rows together) skipped: this row fails with it, for the errors report.
    result.action = leader.action === 'failed' ? 'failed' : 'skipped';
    result.message = `Not imported: ${which} ${leader.action === 'failed' ? 'failed' : 'was not imported'} (see that row).`;
    result.failure = { step: `Row ${leader.row}`, columns: [] };
  }
  const status = result.action === 'pending' ? 'pending' : result.action === 'failed' ? 'failed' : 'skipped';
  tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status, action: result.action, message: result.message });
  return true;
}

/**
 * A row whose steps were all answered, of which OneFile did not keep some fields: failed,
 * naming each field, what was sent and what OneFile holds, so no one takes it for done.
 */
function notKeptRow(rowPlan: RowPlan, result: RowResult, notKept: FieldNotKept[], createdUserId: number | undefined, run: RowRun): RowResult {
  const { tracker } = run;
  const who = kindOfUser(rowPlan);
  const created = rowPlan.operations.some((op) => op.kind === 'create-user') && createdUserId !== undefined;
  const fields = notKept.map((n) => `the ${labelOf(n.field)} (sent ${shownKept(n.field, n.sent)}; OneFile holds ${shownKept(n.field, n.held)})`);
  const subject = created ? `the ${who} it created (ID ${createdUserId})` : `${who} ID ${result.userId ?? '?'}`;
  result.action = 'failed';
  result.message =
    `OneFile answered every step of this row without an error, but did not keep ${fields.join(', ')} for ${subject}. ` +
    `Nothing was sent twice. Import the file again to send ${notKept.length === 1 ? 'it' : 'them'} as an update (the ${who} is matched, not created again); ` +
    `if OneFile still does not keep ${notKept.length === 1 ? 'it' : 'them'}, set ${notKept.length === 1 ? 'it' : 'them'} in OneFile by hand and ask OneFile support why the API drops ${notKept.length === 1 ? 'it' : 'them'}.`;
  const columns = notKept.flatMap((n) => {
    const column = run.columns?.[MAPPED_FIELD_OF[n.field] ?? n.field] ?? (/^(First|Last)Name$/.test(n.field) ? run.columns?.FullName : undefined);
    return column ? [column] : [];
  });
  result.failure = { step: 'What OneFile kept', columns: [...new Set(columns)], error: { kind: 'not-kept', message: result.message } };
  tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status: 'failed', action: 'failed', message: result.message });
  return result;
}

/** The mapped field a OneFile ID field comes from; the others are the same name. */
const MAPPED_FIELD_OF: Record<string, string> = REFERENCE_OF_ID_FIELD;

function shownKept(field: string, value: string | number | null): string {
  if (value === null) return 'nothing';
  if (/ID$/.test(field) && typeof value === 'number') return `ID ${value}`;
  return calendarDayOf(String(value)) ?? `"${value}"`;
}

/** A row the plan blocked or skipped: reported with its problems, nothing sent. */
function skipRow(rowPlan: RowPlan, result: RowResult, tracker: ProgressTracker): RowResult {
  const errors = rowPlan.problems.filter((p) => p.severity === 'error');
  const shown = errors.length > 0 ? errors : rowPlan.problems;
  result.action = 'skipped';
  result.userId = rowPlan.matched?.userId;
  result.message = shown.map((p) => p.message).join(' ') || 'Skipped.';
  result.failure = {
    step: errors.length > 0 ? 'Checks before import' : 'Skipped',
    columns: [...new Set(shown.flatMap((p) => (p.column ? [p.column] : [])))],
  };
  tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status: 'skipped', action: 'skipped', message: result.message });
  return result;
}

function userIdOrUndefined(ref: Parameters<typeof resolveUser>[0], createdUserId: number | undefined): number | undefined {
  try {
    return resolveUser(ref, createdUserId);
  } catch {
    return undefined;
  }
}

/** A row whose class or placement could not be created fails on that, naming it; nothing of the row is sent. */
function placeFailed(failed: Extract<PlaceOutcome, { ok: false }>): { ok: false; failure: OperationFailure } {
  const { operation, failure } = failed;
  const what = operation.kind === 'create-classroom' ? 'class' : 'placement';
  return { ok: false, failure: { ...failure, message: `The ${what} "${operation.name}" could not be created in OneFile: ${failure.message}` } };
}

/**
 * A step under a standard of the template the row gave just before, refused: OneFile
 * answers that template before its learning aims may exist (run/template-check.ts), so
 * the refusal may only mean "not yet". Said, since the error itself cannot say it.
 */
function afterTemplate(rowPlan: RowPlan, position: number, kind: string): string {
  const op = rowPlan.operations[position];
  if (kind !== 'validation' && kind !== 'not-found') return '';
  const standardId = op.kind === 'assign-unit' || (op.kind === 'assign-staff' && op.level === ASSIGN_LEVEL.LearningAim) ? op.standardId : undefined;
  if (standardId === undefined) return '';
  const template = rowPlan.operations.slice(0, position).find((o) => o.kind === 'assign-template' && o.standardIds.includes(standardId));
  if (!template || template.kind !== 'assign-template') return '';
  return (
    ` The learner was given the framework template "${template.templateName}" just before: OneFile may still have been making its learning aims. ` +
    'Import the file again in a minute or two: what was done is not sent again.'
  );
}

/** What messages call the row's user. */
function kindOfUser(rowPlan: RowPlan): 'learner' | 'user' {
  return rowPlan.role === ROLE.Learner ? 'learner' : 'user';
}

function failureMessage(rowPlan: RowPlan, step: string, error: string, createdUserId: number | undefined, position: number): string {
  const who = kindOfUser(rowPlan);
  const created = rowPlan.operations.slice(0, position).some((op) => op.kind === 'create-user');
  if (created && createdUserId !== undefined) {
    return (
      `The ${who} was created in OneFile (ID ${createdUserId}), but "${step}" failed: ${error} ` +
      `Fix the row and import it again: the ${who} will be matched, not created twice.`
    );
  }
  return `"${step}" failed: ${error}`;
}
