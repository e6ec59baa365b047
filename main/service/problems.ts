import type { ProblemGroupView } from '../../shared/contract-review-types';
import { fieldDefinition, FIELD_KEYS, type FieldKey } from '../../shared/fields';
import { cellOf } from '../../shared/packed-row';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ProblemGrouper } from '../../shared/problem-groups';
import { isToBeCreated, referenceProblem, type CreateMissing } from '../import';
import type { References } from './references';
import type { Workbook } from './workbook';
import { withLearnerEmailWords, type LearnerEmailReading } from '../../shared/learner-email';

/**
 * Review's list of problems: every row's validation issues and unmatched names,
 * grouped as the command line groups them (shared/problem-groups: one line per column,
 * value and problem, errors first, most rows first), each with the first cell it is on
 * so the list can jump there, and the one text all its cells hold when they do (one
 * fix mends them all: "fix all like this").
 */

/**
 * Rows looked at between two turns of the event loop. A file of 100,000 rows with a
 * problem on each takes a few hundred milliseconds to group; the page of rows the grid
 * asks for meanwhile is answered between two slices instead of after all of them.
 */
const ROWS_PER_TURN = 5_000;

async function groupRowProblems(workbook: Workbook, references: References | null, creating: CreateMissing, reading: LearnerEmailReading | undefined): Promise<ProblemGrouper> {
  const grouper = new ProblemGrouper();
  const { validation } = workbook;
  for (let index = 0; index < validation.rows.length; index++) {
    if (index > 0 && index % ROWS_PER_TURN === 0) await nextTurn();
    for (const issue of validation.issuesFor(index)) grouper.add(withLearnerEmailWords(issue, reading));
    const row = validation.rows[index];
    for (const issue of references?.issues.get(index) ?? []) grouper.add({ ...referenceProblem(issue, row, creating), row: row.row });
  }
  return grouper;
}

/** The index of the row with this Excel number (the table's rows are in order), 0 if there is none. */
function indexOfRow(workbook: Workbook, row: number): number {
  const rows = workbook.table.rows;
  let low = 0;
  let high = rows.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (rows[middle].row === row) return middle;
    if (rows[middle].row < row) low = middle + 1;
    else high = middle - 1;
  }
  return 0;
}

function fieldLabel(field: string | null): string | null {
  return field && (FIELD_KEYS as readonly string[]).includes(field) ? fieldDefinition(field as FieldKey).label : null;
}

/**
 * Review's problem list; `reading` is whether this OneFile needs a new learner's email. It lets other calls in
 * while it works: a caller whose data may change meanwhile asks again (see review-handlers).
 */
export async function listProblems(workbook: Workbook, references: References | null, creating: CreateMissing, reading: LearnerEmailReading | undefined): Promise<ProblemGroupView[]> {
  return (await groupRowProblems(workbook, references, creating, reading)).groups().map((group) => {
    const at = group.column ? workbook.table.columns.indexOf(group.column) : -1;
    const column = at >= 0 ? at : null;
    return {
      key: `${group.column || group.field || ''}:${group.code}:${group.value.trim().toLowerCase()}:${group.severity}`,
      column,
      header: group.header || fieldLabel(group.field) || 'File',
      fieldLabel: fieldLabel(group.field),
      code: group.code,
      kind: group.problem,
      severity: group.severity,
      rows: group.rowCount,
      message: group.message,
      first: { index: indexOfRow(workbook, group.firstRow), row: group.firstRow },
      sameValue: group.values === 1 && column !== null ? group.value : null,
    };
  });
}

/** Rows other than `except` whose cell in `column` holds `text` and has a problem there: what "fix all like this" would change. */
export function alikeRows(workbook: Workbook, references: References | null, creating: CreateMissing, column: number, text: string, except: number): number {
  const letter = workbook.table.columns[column];
  const field = workbook.mapping.columns.find((c) => c.index === column)?.field ?? null;
  let count = 0;
  workbook.table.rows.forEach((row, index) => {
    if (index === except || cellOf(row, column) !== text) return;
    const flagged =
      workbook.validation.issuesFor(index).some((issue) => issue.column === letter) ||
      (references?.issues.get(index) ?? []).some((issue) => issue.field === field && !isToBeCreated(issue, creating));
    if (flagged) count += 1;
  });
  return count;
}
