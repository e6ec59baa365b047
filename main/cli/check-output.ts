import { fieldDefinition, type FieldKey } from '../../shared/fields';
import type { MappedColumn } from '../../shared/mapping';
import type { MappedRow } from '../../shared/mapped-rows';
import type { Table } from '../../shared/table';
import { describeRows, type FileIssue, type Issue } from '../../shared/validate';

/**
 * What `onefile-import check` prints: the same findings as a person reads them and as
 * one JSON document for scripts.
 */

export interface CheckFindings {
  table: Table;
  headerRowGuessed: boolean;
  columns: MappedColumn[];
  rows: MappedRow[];
  /** Parallel to `rows`. */
  issues: Issue[][];
  fileIssues: FileIssue[];
}

export interface CheckSummary {
  rows: number;
  /** Rows without errors (they may have warnings). */
  valid: number;
  withErrors: number;
  /** Rows with at least one warning, whether or not they also have errors. */
  withWarnings: number;
}

export function summarise(issues: Issue[][]): CheckSummary {
  const withErrors = issues.filter((row) => row.some((issue) => issue.severity === 'error')).length;
  return {
    rows: issues.length,
    valid: issues.length - withErrors,
    withErrors,
    withWarnings: issues.filter((row) => row.some((issue) => issue.severity === 'warning')).length,
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
    columns: findings.columns.map((column) => ({
      column: table.columns[column.index],
      header: column.header,
      field: column.field,
      confidence: column.confidence,
      reason: column.reason,
    })),
    rows: findings.rows.map((row, index) => ({
      row: row.row,
      values: row.values,
      issues: findings.issues[index].map(({ column, field, code, message, severity }) => ({ column, field, code, message, severity })),
    })),
    summary: summarise(findings.issues),
  };
  if (findings.fileIssues.length > 0) document.fileIssues = findings.fileIssues;
  return document;
}

/** Row problems listed before the human output says "and N more". */
const HUMAN_ISSUE_LIMIT = 200;

function fieldName(field: FieldKey | null): string {
  return field ? fieldDefinition(field).label : 'not imported';
}

function describeSource(findings: CheckFindings): string[] {
  const { source } = findings.table;
  const headerRow = `header row ${source.headerRow}${findings.headerRowGuessed ? ' (detected)' : ''}`;
  const rows = `${findings.rows.length} row${findings.rows.length === 1 ? '' : 's'}`;
  if (source.format === 'xlsx') return [`Read ${source.file}: sheet "${source.sheet ?? ''}", ${headerRow}, ${rows}.`];
  const delimiter = source.delimiter === '\t' ? 'tab' : `"${source.delimiter ?? ','}"`;
  return [`Read ${source.file}: ${source.encoding ?? 'utf-8'} text, delimiter ${delimiter}, ${headerRow}, ${rows}.`];
}

function describeColumns(findings: CheckFindings): string[] {
  const width = Math.max(6, ...findings.columns.map((column) => column.header.length));
  const target = (column: MappedColumn) => (column.field ? `${fieldName(column.field)} (${column.field})` : 'not imported');
  const targetWidth = Math.max(...findings.columns.map((column) => target(column).length));
  return [
    'Columns:',
    ...findings.columns.map((column) => {
      const letter = findings.table.columns[column.index].padEnd(3);
      const how = column.field ? `  ${column.reason}, ${Math.round(column.confidence * 100)}%` : '';
      return `  ${letter} ${column.header.padEnd(width)}  -> ${target(column).padEnd(targetWidth)}${how}`.trimEnd();
    }),
  ];
}

function severityWord(severity: string): string {
  return severity === 'error' ? 'error' : 'warning';
}

function describeIssues(findings: CheckFindings): string[] {
  // A field no column is mapped to is said once, as a file problem, not on every row.
  const unmappedFields = new Set(findings.fileIssues.filter((issue) => issue.code === 'missing-column').map((issue) => issue.field));
  const lines: string[] = [];
  let shown = 0;
  let hidden = 0;
  findings.rows.forEach((row, index) => {
    const issues = findings.issues[index].filter((issue) => !(issue.column === '' && unmappedFields.has(issue.field ?? undefined)));
    if (issues.length === 0) return;
    if (shown >= HUMAN_ISSUE_LIMIT) {
      hidden += issues.length;
      return;
    }
    lines.push(`  Row ${row.row}:`);
    for (const issue of issues) {
      const where = issue.column ? `column ${issue.column} (${issue.header})` : fieldName(issue.field);
      lines.push(`    ${where}: ${issue.message} [${severityWord(issue.severity)}]`);
      shown += 1;
    }
  });
  if (hidden > 0) lines.push(`  ... and ${hidden} more problem${hidden === 1 ? '' : 's'}: use --json to see them all.`);
  return lines.length > 0 ? ['Problems:', ...lines] : [];
}

/** The human report, as lines. */
export function checkText(findings: CheckFindings): string[] {
  const summary = summarise(findings.issues);
  const lines = [...describeSource(findings), '', ...describeColumns(findings), ''];
  if (findings.fileIssues.length > 0) {
    lines.push('About the file:');
    for (const issue of findings.fileIssues) lines.push(`  ${issue.message} [${severityWord(issue.severity)}]`);
    lines.push('');
  }
  lines.push(...describeIssues(findings));
  if (summary.withErrors + summary.withWarnings > 0) lines.push('');
  const errorRows = findings.rows.filter((_row, index) => findings.issues[index].some((issue) => issue.severity === 'error'));
  lines.push(
    `${summary.rows} rows checked: ${summary.valid} valid, ${summary.withErrors} with errors, ${summary.withWarnings} with warnings.` +
      (errorRows.length > 0 ? ` Rows with errors: ${describeRows(errorRows.map((row) => row.row))}.` : ''),
  );
  return lines;
}
