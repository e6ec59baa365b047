import ExcelJS from 'exceljs';
import { calendarDayOf } from '../../onefile/dates';
import { writePrivateFileStreamed } from '../../private-files';

/**
 * Workbooks the importer writes for people to work in, not reports of a run: the export
 * of what OneFile holds and the template for new learners. Each sheet is described as
 * plain data (`SheetSpec`: columns with a type, and rows) and written here the one way:
 * bold header row, frozen, with a filter; IDs, MIS IDs and ULNs as text (a leading zero
 * kept, never "1.23E+09"); dates as real Excel dates shown dd/mm/yyyy; an input message
 * on a header cell where the column says what goes in it. No cell is ever a formula.
 */

export type CellValue = string | number | Date | null;

/** How a column's cells are written: `text` keeps digits as typed (`@`), `date` is a real date shown dd/mm/yyyy. */
export type ColumnType = 'text' | 'date' | 'number';

export interface ColumnSpec {
  header: string;
  type: ColumnType;
  width?: number;
  /** Marked in the header's colour: the column must be filled in. */
  required?: boolean;
  /** The input message Excel shows when the header cell is selected. */
  prompt?: { title: string; text: string };
}

export interface SheetSpec {
  name: string;
  columns: ColumnSpec[];
  rows: CellValue[][];
  /** Hidden sheets hold what other sheets refer to (the template's lists). */
  hidden?: boolean;
  /** Freeze and filter the header row (default true). */
  header?: boolean;
}

/** The format Excel shows a date in: the UK's, as the importer reads dates by default. */
export const DATE_FORMAT = 'dd/mm/yyyy';
const TEXT_FORMAT = '@';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
const MIN_WIDTH = 10;
const MAX_WIDTH = 50;
/** Input messages: Excel shows at most 32 characters of a title and 255 of a message. */
const PROMPT_TITLE_MAX = 32;
const PROMPT_TEXT_MAX = 255;

/** A calendar date as OneFile answers it (`calendarDayOf`) as midnight UTC, which Excel shows as that day; null when there is none. */
export function excelDate(value: unknown): Date | null {
  const day = calendarDayOf(value);
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

function widthOf(column: ColumnSpec, index: number, rows: CellValue[][]): number {
  if (column.width) return column.width;
  let longest = column.header.length + 4;
  for (const row of rows.slice(0, 500)) {
    const value = row[index];
    const length = value instanceof Date ? 10 : value === null || value === undefined ? 0 : String(value).length;
    if (length > longest) longest = length;
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
}

function cellOf(value: CellValue | undefined, type: ColumnType): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'date') return value instanceof Date ? value : String(value);
  if (type === 'number') return typeof value === 'number' ? value : String(value);
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

/** `data validations` are in exceljs's model but not its type declarations: the range form writes one rule for a whole column. */
interface SheetValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** Adds a rule for a range of cells (`B2:B1001`): a list, a date, or `any` with only an input message. */
export function addValidation(sheet: ExcelJS.Worksheet, range: string, validation: Omit<ExcelJS.DataValidation, 'type'> & { type: ExcelJS.DataValidation['type'] | 'any' }): void {
  const rule = { ...validation } as ExcelJS.DataValidation;
  if (rule.promptTitle) rule.promptTitle = rule.promptTitle.slice(0, PROMPT_TITLE_MAX);
  if (rule.prompt) rule.prompt = rule.prompt.slice(0, PROMPT_TEXT_MAX);
  (sheet as unknown as SheetValidations).dataValidations.add(range, rule);
}

/** The column's letter(s): 1 -> A, 28 -> AB. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Writes a sheet into the workbook and returns it (the template adds its lists' rules after). */
export function addSheet(workbook: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet {
  const withHeader = spec.header !== false;
  const sheet = workbook.addWorksheet(spec.name, {
    state: spec.hidden ? 'hidden' : 'visible',
    views: withHeader ? [{ state: 'frozen', ySplit: 1 }] : [],
  });
  sheet.columns = spec.columns.map((column, index) => ({
    ...(withHeader ? { header: column.header } : {}),
    width: widthOf(column, index, spec.rows),
    style: column.type === 'date' ? { numFmt: DATE_FORMAT } : column.type === 'text' ? { numFmt: TEXT_FORMAT } : {},
  }));
  for (const row of spec.rows) sheet.addRow(spec.columns.map((column, index) => cellOf(row[index], column.type)));
  if (!withHeader) return sheet;
  const header = sheet.getRow(1);
  header.font = { bold: true };
  spec.columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.fill = column.required ? REQUIRED_FILL : HEADER_FILL;
    cell.numFmt = TEXT_FORMAT;
    if (column.prompt) {
      addValidation(sheet, cell.address, { type: 'any', formulae: [], showInputMessage: true, promptTitle: column.prompt.title, prompt: column.prompt.text });
    }
  });
  if (spec.columns.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, spec.rows.length + 1), column: spec.columns.length } };
  }
  return sheet;
}

/** A new workbook, credited to the importer. */
export function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OneFile Bulk Importer';
  workbook.created = new Date();
  return workbook;
}

/**
 * Saves the workbook readable by the user only (it names learners), written whole to
 * a temporary file and renamed, so an interrupted save never leaves half a workbook.
 */
export async function saveWorkbook(workbook: ExcelJS.Workbook, file: string): Promise<void> {
  await writePrivateFileStreamed(file, async (out) => {
    await workbook.xlsx.write(out);
  });
}
