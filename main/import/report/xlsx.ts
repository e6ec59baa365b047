import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportSheet } from './report';
import { writePrivateFileStreamed } from '../../private-files';

/**
 * Writes a report sheet as an Excel workbook: bold, frozen header row, columns as wide
 * as their content (within reason), wrong cells and the Error column filled red.
 *
 * Every value is written as a string cell through the shared-strings table (`t="s"`),
 * except the sheet's number columns (the row number), which are numbers; never as a formula, so a cell that starts with `=` cannot run when the workbook is
 * opened; it is therefore not prefixed, and the user's exact text comes back on
 * re-import. Rows are streamed to disk, so a 100,000-row report does not sit in
 * memory twice: to a 0600 temporary file, renamed when whole (the report names learners).
 */

const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const ERROR_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
/** Excel's own "Good" style: a cell the user changed. */
const CHANGED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } };
const CHANGED_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF006100' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** Rows looked at to size the columns: enough to be representative, cheap on huge files. */
const WIDTH_SAMPLE_ROWS = 2000;

function columnWidths(sheet: ReportSheet): number[] {
  return sheet.headers.map((header, column) => {
    let longest = header.length + 2;
    for (const row of sheet.rows.slice(0, WIDTH_SAMPLE_ROWS)) {
      const text = row.cells[column] ?? '';
      const widest = Math.max(...text.split(/\r?\n/).map((line) => line.length));
      if (widest > longest) longest = widest;
    }
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
  });
}

/** Writes the sheet, then any more sheets after it (each as the first is written), then the note. */
export async function writeReportXlsx(file: string, sheet: ReportSheet, more: readonly ReportSheet[] = []): Promise<void> {
  await writePrivateFileStreamed(file, (stream) => writeWorkbook(stream, sheet, more));
}

async function writeWorkbook(stream: Writable, sheet: ReportSheet, more: readonly ReportSheet[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true, useStyles: true });
  workbook.creator = 'OneFile Bulk Importer';
  for (const each of [sheet, ...more]) writeSheet(workbook, each);
  if (sheet.note) {
    const about = workbook.addWorksheet('About these rows');
    about.columns = [{ width: 120 }];
    about.addRow([sheet.note]).commit();
    about.commit();
  }
  await workbook.commit();
}

function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ReportSheet): void {
  const [fill, font] = sheet.highlight === 'changed' ? [CHANGED_FILL, CHANGED_FONT] : [ERROR_FILL, ERROR_FONT];
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = columnWidths(sheet);
  worksheet.columns = sheet.headers.map((header, index) => ({ header, width: widths[index] }));
  const header = worksheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  header.commit();
  const numbers = new Set(sheet.numberColumns ?? []);
  for (const reportRow of sheet.rows) {
    const row = worksheet.addRow(reportRow.cells.map((cell, column) => (numbers.has(column) && /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell)));
    for (const column of reportRow.highlight ?? []) {
      const cell = row.getCell(column + 1);
      cell.fill = fill;
      cell.font = font;
    }
    row.commit();
  }
  worksheet.commit();
}
