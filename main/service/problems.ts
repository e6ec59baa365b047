import type { ProblemGroupView } from '../../shared/contract-review-types';
import { fieldDefinition, FIELD_KEYS, type FieldKey } from '../../shared/fields';
import { groupProblems, type GroupableProblem } from '../../shared/problem-groups';
import { referenceProblem } from '../import/plan-references';
import type { References } from './references';
import type { Workbook } from './workbook';

/**
 * Review's list of problems: every row's validation issues and unmatched names,
 * grouped as the command line groups them (shared/problem-groups: one line per column,
 * value and problem, errors first, most rows first), each with the first cell it is on
 * so the list can jump there, and the one text all its cells hold when they do (one
 * fix mends them all: "fix all like this").
 */

function* rowProblems(workbook: Workbook, references: References | null): Generator<GroupableProblem> {
  for (let index = 0; index < workbook.validation.rows.length; index++) {
    yield* workbook.validation.issuesFor(index);
    const row = workbook.validation.rows[index];
    for (const issue of references?.issues.get(index) ?? []) yield { ...referenceProblem(issue, row), row: row.row };
  }
}

function fieldLabel(field: string | null): string | null {
  return field && (FIELD_KEYS as readonly string[]).includes(field) ? fieldDefinition(field as FieldKey).label : null;
}

export function listProblems(workbook: Workbook, references: References | null): ProblemGroupView[] {
  const indexOfRow = new Map(workbook.table.rows.map((row, index) => [row.row, index]));
  return groupProblems(rowProblems(workbook, references)).map((group) => {
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
      first: { index: indexOfRow.get(group.firstRow) ?? 0, row: group.firstRow },
      sameValue: group.values === 1 && column !== null ? group.value : null,
    };
  });
}

/** Rows other than `except` whose cell in `column` holds `text` and has a problem there: what "fix all like this" would change. */
export function alikeRows(workbook: Workbook, references: References | null, column: number, text: string, except: number): number {
  const letter = workbook.table.columns[column];
  const field = workbook.mapping.columns.find((c) => c.index === column)?.field ?? null;
  let count = 0;
  workbook.table.rows.forEach((row, index) => {
    if (index === except || (row.cells[column] ?? '') !== text) return;
    const flagged =
      workbook.validation.issuesFor(index).some((issue) => issue.column === letter) ||
      (references?.issues.get(index) ?? []).some((issue) => issue.field === field);
    if (flagged) count += 1;
  });
  return count;
}
