/**
 * How an import is made, beyond the file and its mapping: the choices `onefile-import
 * import` takes as options (`--date-order`, `--role`, `--skip-invalid`,
 * `--reassign-staff`, `--budget`, `--concurrency`, `--assign-path`) and the order in
 * which a row is matched to a learner already in OneFile. The app offers the same
 * choices, so a file imports the same way from either face.
 *
 * Pure data, shared by the service and the view; the service checks every change with
 * the contract's schema and keeps the per-environment ones in app-settings.json.
 */

import type { RoleKey } from './fields';

export type DateOrderChoice = 'dmy' | 'mdy';
export type MatchKeyName = 'MISID' | 'ULN' | 'Email';
export type AssignPathChoice = 'staff-in-path' | 'learner-in-path';
export type RowsInFlightChoice = number | 'auto';

export const MATCH_KEY_NAMES: readonly MatchKeyName[] = ['MISID', 'ULN', 'Email'];
export const ASSIGN_PATH_CHOICES: readonly AssignPathChoice[] = ['staff-in-path', 'learner-in-path'];

export { DEFAULT_BUDGET_PER_MINUTE, MAX_BUDGET_PER_MINUTE, MAX_ROWS_IN_FLIGHT } from './defaults';

/** What the file's own dates say about their order (see `detectDateOrder` in ./dates). */
export type DateOrderEvidenceName = 'dmy' | 'mdy' | 'mixed' | 'unknown';

/** A date cell that reads only one way round: its text, its row as Excel shows it, its column's header. */
export interface DateOrderProofCell {
  text: string;
  row: number;
  header: string;
}

/**
 * The settings an import is made with. The first group belongs to the open file (read
 * again when it changes); the second to the environment (remembered for it).
 */
export interface ImportSettingsView {
  /** How `03/04/2001` is read: day first (UK, the default) or month first. */
  dateOrder: DateOrderChoice;
  /** What the file proves: a value over 12 in the first place (day first) or the second (month first). */
  dateOrderDetected: DateOrderEvidenceName;
  /** The first cell that proves each order (the date columns in file order), to be shown as the proof. */
  dateOrderProof: { dayFirst: DateOrderProofCell | null; monthFirst: DateOrderProofCell | null };
  /** True when the user chose the order; otherwise it follows the file (day first unless the file proves month first). */
  dateOrderChosen: boolean;
  /** The role of rows without a Role value. */
  defaultRole: RoleKey;
  /** Remembered per environment: */
  matchOrder: MatchKeyName[];
  reassignStaff: boolean;
  budgetPerMinute: number;
  rowsInFlight: RowsInFlightChoice;
  assignPath: AssignPathChoice;
}

/** The environment's part, as app-settings.json keeps it. */
export type EnvironmentImportSettings = Pick<ImportSettingsView, 'matchOrder' | 'reassignStaff' | 'budgetPerMinute' | 'rowsInFlight' | 'assignPath'>;

/** The NI number finds a learner wherever the ULN does (main/import/plan/match-learner.ts): the ULN's label says so. */
export const MATCH_KEY_LABELS: Record<MatchKeyName, string> = { MISID: 'MIS ID', ULN: 'ULN or NI number', Email: 'email' };

export const ASSIGN_PATH_LABELS: Record<AssignPathChoice, string> = {
  'staff-in-path': "The staff member's (as the guides say)",
  'learner-in-path': "The learner's",
};

/** "Day first (03/04/2001 is 3 April)". */
export function describeDateOrder(order: DateOrderChoice): string {
  return order === 'dmy' ? 'Day first (03/04/2001 is 3 April)' : 'Month first (03/04/2001 is 4 March)';
}

/** "MIS ID, then ULN, then email". */
export function describeMatchOrder(order: readonly MatchKeyName[]): string {
  return order.map((key) => MATCH_KEY_LABELS[key]).join(', then ');
}

/** A match order is some of the three keys, each once; an empty one would match no one and create everyone again. */
export function isMatchOrder(order: readonly string[]): order is MatchKeyName[] {
  return order.length > 0 && new Set(order).size === order.length && order.every((key) => (MATCH_KEY_NAMES as readonly string[]).includes(key));
}
