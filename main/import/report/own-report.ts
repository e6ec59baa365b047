import type { Table } from '../../../shared/table';
import { unneutralise } from './neutralise';
import { REPORT_ERROR_COLUMNS, RESULTS_HEADERS } from './report';

/**
 * Recognises a report the importer wrote, so that its formula-neutralising quote is
 * undone there and nowhere else. Our CSV reports put a `'` before a cell that would run
 * as a formula (`'=1+2`); a user's own file may hold `'=text` on purpose, and that quote
 * is theirs to keep.
 *
 * A report is known by its own columns, whatever the file is called and wherever the
 * user moved them: an errors report has all three of `Error`, `Error column` and `Step`
 * (after the user's columns); a results report has every results column.
 */
export function isImporterReport(headers: string[]): boolean {
  const present = new Set(headers.map(normalised));
  const hasAll = (columns: readonly string[]) => columns.every((column) => present.has(normalised(column)));
  return hasAll(REPORT_ERROR_COLUMNS) || hasAll(RESULTS_HEADERS);
}

function normalised(header: string): string {
  return header.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The table as the user wrote it. An errors or results report of ours read back from
 * CSV gets its cells' and headers' exact values back (`'=...` becomes `=...`, `''=x`
 * becomes `'=x`). Any other CSV, and every XLSX (our workbooks are never neutralised),
 * comes back untouched.
 */
export function restoreNeutralisedCells(table: Table): Table {
  if (table.source.format !== 'csv' || !isImporterReport(table.headers)) return table;
  return {
    ...table,
    headers: table.headers.map(unneutralise),
    rows: table.rows.map((row) => ({ ...row, cells: row.cells.map(unneutralise) })),
  };
}
