import * as path from 'node:path';
import { AppError } from '../../shared/app-error';
import type { ExportedReport } from '../../shared/contract-types';
import { writeReportXlsx, type ReportSheet } from '../import';
import { handOverMade } from './hand-over';
import { requireWorkbook, type ServiceContext } from './service-context';
import { cellEdits, type Workbook } from './workbook';

/** Characters Excel refuses in a sheet's name, and its longest name. */
const NOT_IN_SHEET_NAMES = /[[\]:*?/\\]/g;
const SHEET_NAME_LENGTH = 31;

/** The sheet the rows were read from, or for a text file its name, as Excel takes a sheet's name. */
function sheetName(workbook: Workbook): string {
  const named = workbook.table.source.sheet ?? path.parse(workbook.name).name;
  return named.replace(NOT_IN_SHEET_NAMES, ' ').trim().slice(0, SHEET_NAME_LENGTH) || 'Rows';
}

/**
 * The open file with the cells changed in Review, as an Excel workbook to keep or send
 * back to whoever keeps the data: the rows as the importer read them (header first, each
 * cell's text as it now is, the changed ones filled green), then a sheet listing each
 * change (its row in the file, column, what it was and is), then what the copy leaves
 * out. It imports as it is. Refused while no cell differs from the file.
 */
export async function saveEditedFile(context: ServiceContext): Promise<ExportedReport> {
  const workbook = requireWorkbook(context);
  const edits = cellEdits(workbook);
  if (edits.length === 0) {
    throw new AppError('bad-choice', `No cell of ${workbook.name} has been changed in Review, so there is nothing to save: the file is as it was loaded.`);
  }
  const { headers, columns, rows } = workbook.table;
  const changedIn = new Map<number, number[]>();
  for (const edit of edits) changedIn.set(edit.index, [...(changedIn.get(edit.index) ?? []), edit.column]);
  const sheet: ReportSheet = {
    name: sheetName(workbook),
    headers,
    rows: rows.map((row, index) => {
      const cells = row.cells.slice(0, headers.length);
      while (cells.length < headers.length) cells.push('');
      return { cells, highlight: changedIn.get(index) };
    }),
    highlight: 'changed',
    note:
      `The rows of ${workbook.name} as the importer read them, with the ${edits.length === 1 ? 'cell' : `${edits.length} cells`} changed in Review ` +
      `(filled green on the first sheet; the sheet "Changed in Review" lists what each was). Left out of this copy: any rows above the header ` +
      `(a title), rows the importer does not import (a totals row, rows Excel hides unless they were read), and other sheets of the file. ` +
      `Every cell is written as the text the importer read (a date as the file showed it, such as 01/01/2000), not as an Excel date or number.`,
  };
  const changes: ReportSheet = {
    name: 'Changed in Review',
    headers: ['Row in the file', 'Column', 'Header', 'Was', 'Now'],
    numberColumns: [0],
    rows: edits.map((edit) => ({ cells: [String(edit.row), columns[edit.column] ?? '', headers[edit.column] ?? '', edit.was, edit.now] })),
  };
  const fileName = `${path.parse(workbook.name).name} (fixed).xlsx`;
  return handOverMade(context.options, fileName, async (file) => {
    await writeReportXlsx(file, sheet, [changes]);
    return {};
  });
}
