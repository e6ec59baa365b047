import { hasFieldValue, rawCellOf, type MappedRow } from './mapped-rows';
import { describeRows, rowRole, type FileIssue, type ValidationContext } from './validate';

/**
 * Whether OneFile creates a learner without an email: its guide says it does, its API
 * table says it does not, and a real OneFile answers one way or the other. An import
 * learns it from OneFile's answer and this computer remembers it for the environment
 * (main/onefile/knowledge.ts, main/import/run/learner-email.ts).
 */
export type LearnerEmailReading = 'required' | 'optional';

/**
 * Whether a new learner without an email is blocked before anything is sent: this OneFile
 * refused one in an earlier import. The plan blocks such a row by it (main/import/plan/row.ts);
 * Review says it of the file before the plan (`learnerEmailIssue`).
 */
export function newLearnerNeedsEmail(reading: LearnerEmailReading | undefined): boolean {
  return reading === 'required';
}

/**
 * A learner's blank email where this OneFile needs one: a new learner is held back by the plan
 * (main/import/plan/row.ts), not created without one as validation says where it does not.
 */
export const NEW_LEARNER_HELD_WITHOUT_EMAIL =
  'No email: this OneFile refused a learner without an email in an earlier import, so a learner new to OneFile without one will not be imported: fill in their email. A learner already in OneFile goes ahead without one.';

/**
 * The words on a learner's blank email cell (Review's grid and problem list), by what the plan
 * will do with it: validation says it once of the file, before anyone knows whether this OneFile
 * needs an email, and the reading can be learned since (by an import of another file).
 */
export function withLearnerEmailWords<T extends { code: string; message: string }>(issue: T, reading: LearnerEmailReading | undefined): T {
  return issue.code === 'email-missing' && newLearnerNeedsEmail(reading) ? { ...issue, message: NEW_LEARNER_HELD_WITHOUT_EMAIL } : issue;
}

/**
 * Review's word, before the plan, on learners without an email where this OneFile needs
 * one: which rows have none (or that no column holds emails), and what to do. Whether each
 * is new to OneFile only the plan can tell (it looks them up): one OneFile has goes ahead.
 */
export function learnerEmailIssue(
  rows: readonly MappedRow[],
  reading: LearnerEmailReading | undefined,
  context: ValidationContext,
): FileIssue | null {
  if (!newLearnerNeedsEmail(reading)) return null;
  const without = rows.filter((row) => rowRole(row, context) === 'learner' && !hasFieldValue(row, 'Email')).map((row) => row.row);
  if (without.length === 0) return null;
  const column = rows.some((row) => rawCellOf(row, 'Email') !== undefined);
  const which = !column
    ? 'No column is mapped to Email: map one on Map to import new learners.'
    : without.length === 1
      ? `Row ${describeRows(without)} has no email: fill it in.`
      : `Rows ${describeRows(without)} have no email: fill them in.`;
  return {
    code: 'learner-email-required',
    severity: 'warning',
    field: 'Email',
    rows: without,
    message: `This OneFile refused a learner without an email in an earlier import, so a learner new to OneFile without one will not be imported. ${which} A learner already in OneFile goes ahead without one.`,
  };
}
