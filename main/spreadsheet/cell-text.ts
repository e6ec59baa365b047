import { describeFormat, formatNumber, formatSerial, serialFromExcelJsDate } from './number-format';
import { decodeOoxmlEscapes } from './text-rules';
import type { CellKind } from './types';

/**
 * One exceljs cell value as the text the user sees in Excel. Formulas give their saved
 * result; rich text is flattened; a hyperlink gives its text; booleans are TRUE/FALSE.
 * An error pasted as a value (#N/A, #REF!) reads as Excel shows it, for the checks to
 * say what it is (see shared/validators). A formula's error result (exceljs tells only
 * that it is one, not which) and a formula with no saved result become '' and are
 * reported, so the row still reads but the user learns why a value is missing.
 */
export interface CellReading {
  text: string;
  kind: CellKind;
  problem?: 'excel-error' | 'no-result';
}

export interface DateSystem {
  /** The workbook really uses the 1904 date system. */
  date1904: boolean;
  /** What exceljs assumed when it turned a serial into a Date (undone before formatting). */
  readAs1904: boolean;
}

const empty: CellReading = { text: '', kind: 'empty' };

/**
 * `formulaResult`: exceljs's `cell.result`. A formula cell's `value` leaves out a saved
 * result that is falsy (0, FALSE, '', and the NaN an error such as #N/A is read as), so
 * it would read as a formula never calculated; the cell's own result has it.
 */
export function readCell(value: unknown, numFmt: string | undefined, dates: DateSystem, formulaResult?: unknown): CellReading {
  if (value === null || value === undefined) return empty;
  if (typeof value === 'string') return value === '' ? empty : { text: decodeOoxmlEscapes(value), kind: 'text' };
  if (typeof value === 'number') return readNumber(value, numFmt, dates);
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', kind: 'boolean' };
  if (value instanceof Date) return readDate(value, numFmt, dates);
  if (typeof value !== 'object') return empty;
  const v = value as Record<string, unknown>;
  if ('error' in v) return typeof v.error === 'string' && v.error !== '' ? { text: v.error, kind: 'text' } : { text: '', kind: 'empty', problem: 'excel-error' };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result ?? formulaResult;
    if (result === undefined || result === null) return { text: '', kind: 'empty', problem: 'no-result' };
    // exceljs's streaming reader turns an error result ('#N/A') into NaN.
    if (typeof result === 'number' && Number.isNaN(result)) return { text: '', kind: 'empty', problem: 'excel-error' };
    return readCell(result, numFmt, dates);
  }
  if (Array.isArray(v.richText)) return readCell(flattenRichText(v.richText), numFmt, dates);
  if ('hyperlink' in v || 'text' in v) return readCell(v.text, numFmt, dates);
  return empty;
}

function readNumber(value: number, numFmt: string | undefined, dates: DateSystem): CellReading {
  const kind: CellKind = describeFormat(numFmt).kind === 'date' ? 'date' : 'number';
  return { text: formatNumber(value, numFmt, dates.date1904), kind };
}

function readDate(value: Date, numFmt: string | undefined, dates: DateSystem): CellReading {
  const serial = serialFromExcelJsDate(value, dates.readAs1904);
  const shape = describeFormat(numFmt);
  const dateShape = shape.kind === 'date' ? shape : { kind: 'date' as const, date: true, time: false, seconds: false, elapsedHours: false };
  const text = formatSerial(serial, dates.date1904, dateShape);
  return text === undefined ? readNumber(serial, undefined, dates) : { text, kind: 'date' };
}

function flattenRichText(runs: unknown[]): string {
  return runs.map((run) => (run && typeof run === 'object' && typeof (run as { text?: unknown }).text === 'string' ? (run as { text: string }).text : '')).join('');
}
