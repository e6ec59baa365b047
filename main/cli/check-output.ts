import { fieldDefinition, REFERENCE_FIELD_KEYS, type FieldKey } from '../../shared/fields';
import { describeIlrSummary } from '../../shared/ilr';
import type { MappedColumn } from '../../shared/mapping';
import { fieldsMappedIn, type MappedRow } from '../../shared/mapped-rows';
import type { Table } from '../../shared/table';
import { groupProblems, problemGroupLines, type GroupableProblem, type ProblemGroup } from '../../shared/problem-groups';
import { describeRows, type FileIssue, type Issue } from '../../shared/validate';
import type { ProfileInUse } from '../import';
import { joinAnd } from '../spreadsheet/errors';
import { resolveHintLines } from './resolve-hint';
import { profileLine } from './resolve-flow';
import { fieldsSaidForFile, fileIssueText, PROBLEM_LINES } from './run-output';

/**
 * What `onefile-import check` prints: the same findings as a person reads them and as
 * one JSON document for scripts.
 */

export interface CheckFindings {
  table: Table;
  headerRowGuessed: boolean;
  columns: MappedColumn[];
  /** Parallel to `columns`: what to say of a column whose first values are mostly not of its field's kind (as Map says it), else null. */
  misfits: Array<string | null>;
  rows: MappedRow[];
  /** Parallel to `rows`. */
  issues: Issue[][];
  fileIssues: FileIssue[];
  /** The mapping profile used, and where it came from. */
  profile?: ProfileInUse;
  /** With --env: the names that are not exactly one OneFile record, one problem per row. */
  references?: GroupableProblem[];
  /** With --env: the commands that resolve those names. */
  resolve?: { ask: string; accept: string };
}

/**
 * The rows' counts, as the app's Review gives them (CountsView, main/service/grid.ts):
 * every row is among either `withErrors` or `valid` (Ready); `unresolvedRows` are a part
 * of those with errors, `readyWithWarnings` a part of the ready ones.
 */
export interface CheckSummary {
  rows: number;
  /** Ready: rows without errors (they may have warnings). */
  valid: number;
  withErrors: number;
  /** Rows with at least one warning, whether or not they also have errors (the count before Review's; kept for scripts that read it). */
  withWarnings: number;
  /** Ready rows with a warning: a row with an error is counted among `withErrors` only. */
  readyWithWarnings: number;
  /** With --env: the rows with errors naming a record OneFile does not have (or more than one); null when the names were not looked up. */
  unresolvedRows: number | null;
}

/** The rows' counts, and the rows with errors: a row naming a record OneFile lacks (with --env) is one, as it cannot be imported. */
function summarise({ rows, issues, references }: Pick<CheckFindings, 'rows' | 'issues' | 'references'>): CheckSummary & { errorRows: number[] } {
  const referenceRows = new Set((references ?? []).map((problem) => problem.row));
  const hasWarning = (index: number) => issues[index].some((issue) => issue.severity === 'warning');
  const hasError = (index: number) => referenceRows.has(rows[index].row) || issues[index].some((issue) => issue.severity === 'error');
  const errorRows = rows.filter((_, index) => hasError(index)).map((row) => row.row);
  return {
    rows: issues.length,
    valid: issues.length - errorRows.length,
    withErrors: errorRows.length,
    withWarnings: issues.filter((_, index) => hasWarning(index)).length,
    readyWithWarnings: issues.filter((_, index) => hasWarning(index) && !hasError(index)).length,
    unresolvedRows: references === undefined ? null : rows.filter((row) => referenceRows.has(row.row)).length,
    errorRows,
  };
}

/** Per row (parallel to `rows`), the issues found on it. */
export function issuesByRow(rows: readonly MappedRow[], issues: readonly Issue[]): Issue[][] {
  const index = new Map(rows.map((row, i) => [row.row, i]));
  const byRow: Issue[][] = rows.map(() => []);
  for (const issue of issues) byRow[index.get(issue.row) ?? -1]?.push(issue);
  return byRow;
}

/** How the file was read and mapped, row by row: the part of the JSON that `check` and `import --dry-run` share. */
export function fileJson(findings: Pick<CheckFindings, 'table' | 'columns' | 'misfits' | 'rows' | 'issues'>) {
  const { table } = findings;
  return {
    columns: findings.columns.map((column, i) => ({
      column: table.columns[column.index],
      header: column.header,
      field: column.field,
      confidence: column.confidence,
      reason: column.reason,
      ...(findings.misfits[i] ? { check: findings.misfits[i] } : {}),
    })),
    rows: findings.rows.map((row, index) => ({
      row: row.row,
      values: row.values,
      issues: findings.issues[index].map(({ column, field, code, message, severity }) => ({ column, field, code, message, severity })),
    })),
  };
}

/** The --json document. */
export function checkJson(findings: CheckFindings): object {
  const { table } = findings;
  const document: Record<string, unknown> = {
    file: table.source.file,
    sheet: table.source.sheet ?? null,
    headerRow: table.source.headerRow,
    encoding: table.source.encoding ?? null,
    delimiter: table.source.delimiter ?? null,
    ...(table.source.ilr ? { ilr: table.source.ilr } : {}),
    ...fileJson(findings),
    problems: checkProblemGroups(findings),
    summary: (({ errorRows: _rows, ...counts }) => counts)(summarise(findings)),
    // The fields naming OneFile records that were not looked up (without --env): valid rows may still name one OneFile lacks.
    namesNotLookedUp: findings.references === undefined ? [...namedFields(findings.rows)] : [],
  };
  if (findings.profile) document.profile = { source: findings.profile.source, path: findings.profile.path, name: findings.profile.name ?? null };
  if (findings.fileIssues.length > 0) document.fileIssues = findings.fileIssues;
  if (findings.resolve) document.resolve = findings.resolve;
  return document;
}

/** Every row problem (and, with --env, every unresolved name) grouped by what fixes it. */
export function checkProblemGroups(findings: CheckFindings): ProblemGroup[] {
  // A namesake is said of the name, on a line of its own, as the plan says it.
  const rowIssues = findings.issues.flat().map((issue) => (issue.code === 'namesake-in-file' ? { ...issue, field: 'Name', ownLine: true } : { ...issue, field: issue.field ?? undefined }));
  return groupProblems([...rowIssues, ...(findings.references ?? [])], { saidForFile: fieldsSaidForFile(findings.fileIssues) });
}

function fieldName(field: FieldKey | null): string {
  return field ? fieldDefinition(field).label : 'not imported';
}

function describeSource(findings: CheckFindings): string[] {
  const { source } = findings.table;
  const headerRow = `header row ${source.headerRow}${findings.headerRowGuessed ? ' (detected)' : ''}`;
  const rows = `${findings.rows.length} row${findings.rows.length === 1 ? '' : 's'}`;
  if (source.format === 'xlsx') return [`Read ${source.file}: sheet "${source.sheet ?? ''}", ${headerRow}, ${rows}.`];
  if (source.ilr) return [`Read ${source.file}: ILR ${source.ilr.year ?? source.ilr.namespace}, ${describeIlrSummary(source.ilr)} Rows are numbered by the learner's place in the file.`];
  const delimiter = source.delimiter === '\t' ? 'tab' : `"${source.delimiter ?? ','}"`;
  return [`Read ${source.file}: ${source.encoding ?? 'utf-8'} text, delimiter ${delimiter}, ${headerRow}, ${rows}.`];
}

function describeColumns(findings: CheckFindings): string[] {
  const width = Math.max(6, ...findings.columns.map((column) => column.header.length));
  const target = (column: MappedColumn) => (column.field ? `${fieldName(column.field)} (${column.field})` : 'not imported');
  const targetWidth = Math.max(...findings.columns.map((column) => target(column).length));
  return [
    'Columns:',
    ...findings.columns.flatMap((column, i) => {
      const letter = findings.table.columns[column.index].padEnd(3);
      const how = column.field ? `  ${column.reason}, ${Math.round(column.confidence * 100)}%` : '';
      const line = `  ${letter} ${column.header.padEnd(width)}  -> ${target(column).padEnd(targetWidth)}${how}`.trimEnd();
      const misfit = column.guessed
        ? `The header looks like ${fieldName(column.guessed)}, but its values are not of that kind, so it is not imported; a mapping profile (--mapping) can map it.`
        : findings.misfits[i];
      return misfit ? [line, `      ${misfit}`] : [line];
    }),
  ];
}

function severityWord(severity: string): string {
  return severity === 'error' ? 'error' : 'warning';
}

/** The human report, as lines. */
export function checkText(findings: CheckFindings): string[] {
  const summary = summarise(findings);
  const lines = [...describeSource(findings), ...(findings.profile ? [profileLine(findings.profile)] : []), '', ...describeColumns(findings), ''];
  if (findings.fileIssues.length > 0) {
    lines.push('About the file:');
    for (const issue of findings.fileIssues) lines.push(`  ${fileIssueText(issue)} [${severityWord(issue.severity)}]`);
    lines.push('');
  }
  const groups = checkProblemGroups(findings);
  if (groups.length > 0) lines.push('Problems, by what fixes them:', ...problemGroupLines(groups, PROBLEM_LINES).map((line) => `  ${line}`), '');
  if (findings.resolve) lines.push(...resolveHintLines(findings.resolve).map((line) => line.replace('then import again', 'then check or import again')), '');
  // As Review counts them: errors and ready make every row, each followed by its part.
  const unresolved = summary.unresolvedRows === null ? '' : ` (${summary.unresolvedRows} unresolved)`;
  lines.push(
    `${summary.rows} row${summary.rows === 1 ? '' : 's'} checked: ${summary.withErrors} with errors${unresolved}, ${summary.valid} ready (${summary.readyWithWarnings} with warnings).` +
      (summary.withErrors > 0 ? ` Rows with errors: ${describeRows(summary.errorRows)}.` : ''),
  );
  const unchecked = findings.references === undefined ? namedKinds(findings.rows) : [];
  if (unchecked.length > 0) {
    lines.push(`The ${joinAnd(unchecked)} names were not looked up in OneFile: give --env and --org to check them too (a plan or an import always does).`);
  }
  return lines;
}

/** The fields naming OneFile records (assessor, class...) the rows have. */
function namedFields(rows: readonly MappedRow[]): FieldKey[] {
  const fields = fieldsMappedIn(rows);
  return REFERENCE_FIELD_KEYS.filter((field) => fields.has(field));
}

/** `namedFields` by their labels, lower case. */
function namedKinds(rows: readonly MappedRow[]): string[] {
  return namedFields(rows).map((field) => fieldDefinition(field).label.toLowerCase());
}
