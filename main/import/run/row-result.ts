import type { OperationKind } from '../plan/types';
import type { OperationFailure } from '../journal/journal';

/**
 * What happened to one row: the runner's answer, the reports' input. Kept apart from
 * the runner so the reports (and the desktop app's results page) need only this.
 */

export const ROW_OUTCOMES = ['created', 'updated', 'linked', 'unchanged', 'joined', 'failed', 'skipped', 'pending'] as const;
/**
 * `linked`: a learner OneFile had without the row's MIS ID was given it (with any other
 * change the row made). `joined`: a later row about the person an earlier row imported,
 * its standards and units with them (RowPlan.joinedTo). `pending`: not reached yet (a paused, cancelled or interrupted
 * run); resume does it.
 */
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export interface RowFailure {
  /** The step that failed, in words: "Checks before import", "Create learner", "Assign standard ...". */
  step: string;
  /** The operation that failed, when one did. */
  operationId?: string;
  operationKind?: OperationKind;
  /** Columns (letters) whose cells are wrong, when the problem is in the spreadsheet. */
  columns: string[];
  error?: OperationFailure;
}

export interface RowResult {
  row: number;
  /** Index into the source table's rows. */
  index: number;
  name: string;
  action: RowOutcome;
  /** The learner's (or staff user's) OneFile ID: created by this row or matched. */
  userId?: number;
  learningAimIds: number[];
  unitSummaryIds: number[];
  /** What the user should know: the error and what to do, or a note. */
  message?: string;
  failure?: RowFailure;
}
