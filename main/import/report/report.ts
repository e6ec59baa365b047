import * as fs from 'node:fs';
import * as path from 'node:path';
import { ILR_NOT_EDITABLE } from '../../../shared/ilr';
import { isReportErrorColumn, ONEFILE_ID_COLUMN, REPORT_ERROR_COLUMNS } from '../../../shared/own-columns';
import type { Table } from '../../../shared/table';
import type { RowResult } from '../run/row-result';
import { writeReportXlsx } from './xlsx';
import { writeReportCsv } from './csv';
import { ensurePrivateFolder } from '../../private-files';

/**
 * The two reports a run leaves behind:
 *
 * - **Results**: every row, what was done to it and the OneFile IDs it ended with.
 * - **Errors**: only the rows that failed or were skipped, each with ALL its original
 *   columns untouched, in the original order and under the original headers, plus
 *   three columns saying what went wrong. A user fixes the cells in Excel and imports
 *   the file again as is: the reader and mapper ignore the three report columns
 *   (`isReportErrorColumn`).
 *
 * Both are written as XLSX and as CSV. The sheets are built here as plain data
 * (`buildResultsSheet`, `buildErrorsSheet`) so the desktop app can show them too.
 */

export { ONEFILE_ID_COLUMN, REPORT_ERROR_COLUMNS } from '../../../shared/own-columns';

/**
 * The columns that tell a person which learner a row is, besides the name (three "Ann
 * Lee"s are told apart by MIS ID, ULN or email): in the results report after the name,
 * each only when the file had it.
 */
export const IDENTITY_COLUMNS = [
  { field: 'MISID', header: 'MIS ID' },
  { field: 'ULN', header: 'ULN' },
  { field: 'Email', header: 'Email' },
] as const;

/** Which column of the table holds each identity field, by the mapping the run used. */
export interface ReportMapping {
  columns: ReadonlyArray<{ index: number; field: string | null }>;
}

/** The results report's own columns, always there (the identity columns go after Name when the file had them). */
export const RESULTS_HEADERS = [
  'Row',
  'Name',
  'Action',
  ONEFILE_ID_COLUMN,
  'Learning aim IDs',
  'Unit summary IDs',
  'Message',
] as const;

export interface ReportRow {
  cells: string[];
  /** Column indexes to highlight (as wrong, or as changed: the sheet's `highlight`). */
  highlight?: number[];
}

export interface ReportSheet {
  name: string;
  headers: string[];
  rows: ReportRow[];
  /** Columns whose cells are numbers, written as numbers in the workbook (IDs stay text: a ULN's leading zero, a unit's code). */
  numberColumns?: number[];
  /** Said on a second sheet of the workbook (the first stays the rows, so the file imports as it is). */
  note?: string;
  /** What the highlighted cells are: wrong (red, the default) or changed by the user (green). */
  highlight?: 'wrong' | 'changed';
}

const ACTION_WORDS: Record<RowResult['action'], string> = {
  created: 'created',
  updated: 'updated',
  linked: 'linked (MIS ID set)',
  unchanged: 'unchanged',
  joined: 'with an earlier row',
  failed: 'failed',
  skipped: 'skipped',
  pending: 'not done yet',
};

/** The identity columns the file had: their header in the report and the table column holding them. */
export function identityColumns(mapping: ReportMapping | undefined): Array<{ header: string; column: number }> {
  if (!mapping) return [];
  return IDENTITY_COLUMNS.flatMap(({ field, header }) => {
    const column = mapping.columns.find((c) => c.field === field);
    return column ? [{ header, column: column.index }] : [];
  });
}

/** Every row, in spreadsheet order, with the MIS ID, ULN and email the file gave it (`table` and `mapping` say where). */
export function buildResultsSheet(results: RowResult[], table?: Table, mapping?: ReportMapping): ReportSheet {
  const identity = table ? identityColumns(mapping) : [];
  const headers = [RESULTS_HEADERS[0], RESULTS_HEADERS[1], ...identity.map((i) => i.header), ...RESULTS_HEADERS.slice(2)];
  const rows = [...results]
    .sort((a, b) => a.index - b.index)
    .map((result) => ({
      cells: [
        String(result.row),
        result.name,
        ...identity.map((i) => table?.rows[result.index]?.cells[i.column] ?? ''),
        ACTION_WORDS[result.action],
        result.userId === undefined ? '' : String(result.userId),
        result.learningAimIds.join(', '),
        result.unitSummaryIds.join(', '),
        result.message ?? '',
      ],
      highlight: result.action === 'failed' ? [headers.indexOf('Message')] : undefined,
    }));
  return { name: 'Results', headers, rows, numberColumns: [0] };
}

/** True for a row that belongs in the errors report. */
export function needsFixing(result: RowResult): boolean {
  return result.action === 'failed' || result.action === 'skipped';
}

/**
 * The failed and skipped rows with their original cells. Columns the errors report
 * itself added on an earlier round (a fixed errors file imported again) are dropped
 * and written afresh, so the file never grows a second "Error" column.
 */
export function buildErrorsSheet(table: Table, results: RowResult[]): ReportSheet {
  const kept = table.headers.map((header, index) => index).filter((index) => !isReportErrorColumn(table.headers[index]));
  const headers = [...kept.map((index) => table.headers[index]), ONEFILE_ID_COLUMN, ...REPORT_ERROR_COLUMNS];
  const errorColumn = kept.length + 1;
  const rows: ReportRow[] = [];
  for (const result of [...results].filter(needsFixing).sort((a, b) => a.index - b.index)) {
    const source = table.rows[result.index];
    const cells = kept.map((index) => source?.cells[index] ?? '');
    const wrongColumns = result.failure?.columns ?? [];
    const wrongIndexes = wrongColumns
      .map((letter) => kept.indexOf(table.columns.indexOf(letter)))
      .filter((index) => index >= 0);
    const wrongHeaders = wrongIndexes.map((index) => headers[index]);
    cells.push(result.userId === undefined ? '' : String(result.userId), result.message ?? '', [...new Set(wrongHeaders)].join(', '), result.failure?.step ?? '');
    rows.push({ cells, highlight: [...new Set(wrongIndexes), errorColumn] });
  }
  // An ILR's rows are its learners, written out as a workbook: that workbook is what gets fixed.
  return { name: 'Errors', headers, rows, ...(table.source.format === 'ilr' ? { note: `These rows come from the ILR file ${table.source.file}. ${ILR_NOT_EDITABLE}` } : {}) };
}

export interface ReportFiles {
  results: { xlsx: string; csv: string };
  /** Absent when every row succeeded. */
  errors?: { xlsx: string; csv: string };
}

export interface WriteReportsOptions {
  /** The folder to write into (created if missing). */
  dir: string;
  /** Prefix of the file names, e.g. "learners-20250102T030405678Z-a1b2c3": gives results.xlsx etc. when empty. */
  baseName?: string;
  table: Table;
  results: RowResult[];
  /** The mapping the run used: where the MIS ID, ULN and email are, for the results report. */
  mapping?: ReportMapping;
}

/**
 * Writes results.xlsx/.csv and, when any row failed or was skipped, errors.xlsx/.csv.
 * An errors file from an earlier round of the same run is removed when nothing fails
 * any more, so the folder never shows stale errors.
 */
export async function writeReports(options: WriteReportsOptions): Promise<ReportFiles> {
  // A run's own reports folder was made private with the run; a --report-dir the user
  // chose is created 0700 when missing but never changed when it exists.
  ensurePrivateFolder(options.dir, { tighten: false });
  const name = (kind: string, extension: string) =>
    path.join(options.dir, `${options.baseName ? `${options.baseName}-` : ''}${kind}.${extension}`);
  const results = { xlsx: name('results', 'xlsx'), csv: name('results', 'csv') };
  const resultsSheet = buildResultsSheet(options.results, options.table, options.mapping);
  await writeReportXlsx(results.xlsx, resultsSheet);
  writeReportCsv(results.csv, resultsSheet);
  const errors = { xlsx: name('errors', 'xlsx'), csv: name('errors', 'csv') };
  const errorsSheet = buildErrorsSheet(options.table, options.results);
  if (errorsSheet.rows.length === 0) {
    fs.rmSync(errors.xlsx, { force: true });
    fs.rmSync(errors.csv, { force: true });
    return { results };
  }
  await writeReportXlsx(errors.xlsx, errorsSheet);
  writeReportCsv(errors.csv, errorsSheet);
  return { results, errors };
}
