import ExcelJS from 'exceljs';
import type { ByteSource } from './byte-source';
import { readCell, type DateSystem } from './cell-text';
import { joinAnd, SpreadsheetError, spreadsheetErrors } from './errors';
import { rowsExamined } from './header-detection';
import { isBlank } from './text-rules';
import type { CellKind, RawRow, RawSheet, ReadLimits, ReadOptions, SheetInfo } from './types';
import { RowCollector } from './row-collector';
import { readWorkbookOutline, type WorkbookOutline } from './workbook-parts';
import { guardedWorkbookStream } from './workbook-stream';
import type { MergedRange } from './merged-cells';
import { columnLetter } from '../../shared/table';

export interface WorkbookRead extends RawSheet {
  sheet: string;
  sheets: SheetInfo[];
  /** Every sheet's first rows with content (as many as header detection looks at), by name. */
  heads: Map<string, RawRow[]>;
  /** The rows the sheet read hides in Excel (filtered out, hidden, folded in a group), as Excel numbers them. */
  hiddenRows: readonly number[];
  /** The cells the sheet read merges (see ./merged-cells). */
  mergedCells: readonly MergedRange[];
}

/** The parts of exceljs's streaming reader we use (its typings do not describe them). */
interface StreamedRow {
  number: number;
  eachCell(callback: (cell: { value: unknown; result?: unknown; numFmt?: string }, column: number) => void): void;
}
interface StreamedSheet extends AsyncIterable<StreamedRow> {
  name: string;
  /** N of the sheet's part, xl/worksheets/sheetN.xml. */
  id: number;
}
interface StreamedWorkbook extends AsyncIterable<StreamedSheet> {
  properties?: { model?: { date1904?: boolean } };
}

/**
 * Reads one sheet of an XLSX with exceljs's streaming reader, so a 100,000-row workbook
 * never sits in memory as exceljs objects. The other sheets are streamed too, only to
 * count their rows for the sheet picker. Merged cells: exceljs's stream does not report
 * merges; the sheet's XML is scanned for them as it passes (./merged-cells), and the
 * cells are read as stored, the value in the top-left cell. exceljs never opens the file
 * itself: it reads the parts we inflate and count (./workbook-stream), so a zip's false
 * sizes stop the read instead of exhausting memory.
 */
export async function readWorkbook(source: ByteSource, options: ReadOptions, limits: ReadLimits): Promise<WorkbookRead> {
  const outline = await readWorkbookOutline(source, limits);
  const requested = options.sheet === undefined ? undefined : findSheet(source.name, outline, options.sheet);
  const firstVisible = outline.sheets.find((s) => s.state === 'visible')?.name;
  const first = await streamWorkbook(source, outline, requested ?? firstVisible, limits);
  const sheets = sheetInfos(outline, first.counts);
  if (requested !== undefined) {
    if (first.rows.length === 0) throw spreadsheetErrors.emptySheet(source.name, requested);
    return withoutCounts(first, requested, sheets);
  }
  if (firstVisible !== undefined && first.rows.length > 0) return withoutCounts(first, firstVisible, sheets);
  const withData = sheets.find((s) => !s.hidden && s.rowCount > 0);
  if (!withData) throw spreadsheetErrors.noVisibleSheet(source.name, sheets.filter((s) => s.hidden && s.rowCount > 0).map((s) => s.name));
  const second = await streamWorkbook(source, outline, withData.name, limits);
  const skipped = `Sheet "${firstVisible}" is empty, so sheet "${withData.name}" was read.`;
  return { ...withoutCounts(second, withData.name, sheets), warnings: [skipped, ...second.warnings] };
}

export async function listWorkbookSheets(source: ByteSource, limits: ReadLimits): Promise<SheetInfo[]> {
  const outline = await readWorkbookOutline(source, limits);
  return sheetInfos(outline, (await streamWorkbook(source, outline, undefined, limits)).counts);
}

function findSheet(file: string, outline: WorkbookOutline, wanted: string): string {
  const exact = outline.sheets.find((s) => s.name === wanted);
  const loose = outline.sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  const found = exact ?? loose;
  if (!found) throw spreadsheetErrors.unknownSheet(file, wanted, outline.sheets.map((s) => ({ name: s.name, hidden: s.state !== 'visible' })));
  return found.name;
}

function sheetInfos(outline: WorkbookOutline, counts: Map<string, number>): SheetInfo[] {
  return outline.sheets.map((s) => ({ name: s.name, hidden: s.state !== 'visible', state: s.state, rowCount: counts.get(s.name) ?? 0 }));
}

interface StreamedResult extends RawSheet {
  counts: Map<string, number>;
  heads: Map<string, RawRow[]>;
  hiddenRows: readonly number[];
  mergedCells: readonly MergedRange[];
}

function withoutCounts({ counts: _counts, ...read }: StreamedResult, sheet: string, sheets: SheetInfo[]): WorkbookRead {
  return { ...read, sheet, sheets };
}

async function streamWorkbook(source: ByteSource, outline: WorkbookOutline, target: string | undefined, limits: ReadLimits): Promise<StreamedResult> {
  const counts = new Map<string, number>();
  const heads = new Map<string, RawRow[]>();
  const collected = new RowCollector();
  const problems = new CellProblems();
  const stream = guardedWorkbookStream(source, outline.parts, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream.input as never, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as StreamedWorkbook;
  let current: string | undefined;
  let hiddenRows: readonly number[] = [];
  let collectedSheet: number | undefined;
  let mergedCells: readonly MergedRange[] = [];
  try {
    for await (const worksheet of stream.watch(reader)) {
      current = worksheet.name;
      const dates: DateSystem = { date1904: outline.date1904, readAs1904: Boolean(reader.properties?.model?.date1904) };
      const collecting = worksheet.name === target;
      // Every sheet's first rows are read too, for the caller to judge which sheet holds the list.
      const head: RawRow[] = [];
      heads.set(worksheet.name, head);
      let headOpen = true;
      let count = 0;
      let previous = 0;
      for await (const streamed of stream.watch(worksheet)) {
        const rowNumber = Number.isFinite(streamed.number) ? streamed.number : previous + 1;
        previous = rowNumber;
        const inHead = headOpen && head.length < rowsExamined;
        let row: RawRow | undefined;
        if (collecting) row = readRow(source.name, streamed, rowNumber, dates, inHead, limits, problems, worksheet.name);
        else if (inHead) {
          row = headRow(source.name, streamed, rowNumber, dates, limits, worksheet.name);
          if (!row) headOpen = false;
        }
        const hasContent = collecting ? collected.add(row!.row, row!.cells, undefined, row!.kinds) : row ? row.cells.some((cell) => !isBlank(cell)) : rowHasContent(streamed, dates);
        if (!hasContent) continue;
        if (row && inHead) head.push(row);
        count++;
        if (collecting && count > limits.maxRows) throw spreadsheetErrors.tooManyRows(source.name, limits.maxRows, worksheet.name);
      }
      counts.set(worksheet.name, count);
      if (collecting) {
        hiddenRows = stream.hiddenRows(worksheet.id);
        collectedSheet = worksheet.id;
      }
    }
    if (stream.failure) throw stream.failure;
    // The merges stand after the sheet's rows: known once the whole workbook has passed.
    if (collectedSheet !== undefined) mergedCells = stream.mergedCells(collectedSheet);
  } catch (error) {
    // The stream's own reason first: exceljs only sees the bytes stop.
    if (stream.failure) throw stream.failure;
    if (error instanceof SpreadsheetError) throw error;
    throw spreadsheetErrors.unreadable(source.name, error, current);
  } finally {
    stream.close();
  }
  return { counts, heads, hiddenRows, mergedCells, rows: collected.rows, kinds: collected.kinds, columnsWithData: collected.columnsWithData, overlong: collected.overlong, warnings: problems.warnings() };
}

function readRow(file: string, streamed: StreamedRow, rowNumber: number, dates: DateSystem, keepKinds: boolean, limits: ReadLimits, problems: CellProblems, sheet: string): RawRow {
  const cells: string[] = [];
  const kinds: CellKind[] = [];
  streamed.eachCell((cell, column) => {
    if (column > limits.maxColumns) throw spreadsheetErrors.tooManyColumns(file, rowNumber, limits.maxColumns, sheet);
    const reading = readCell(cell.value, cell.numFmt, dates, cell.result);
    if (reading.problem) problems.note(reading.problem, `${columnLetter(column - 1)}${rowNumber}`);
    cells[column - 1] = reading.text;
    kinds[column - 1] = reading.kind;
  });
  const dense = Array.from(cells, (c) => c ?? '');
  return keepKinds ? { row: rowNumber, cells: dense, kinds: Array.from(kinds, (k) => k ?? 'empty') } : { row: rowNumber, cells: dense };
}

/**
 * One of the first rows of a sheet not being read, for judging the sheets: what its
 * cells say of themselves is not this read's to report, and a row too wide to read ends
 * that sheet's first rows (undefined) instead of the read.
 */
function headRow(file: string, streamed: StreamedRow, rowNumber: number, dates: DateSystem, limits: ReadLimits, sheet: string): RawRow | undefined {
  try {
    return readRow(file, streamed, rowNumber, dates, true, limits, new CellProblems(), sheet);
  } catch (error) {
    if (error instanceof SpreadsheetError) return undefined;
    throw error;
  }
}

function rowHasContent(streamed: StreamedRow, dates: DateSystem): boolean {
  let found = false;
  streamed.eachCell((cell) => {
    if (!found && !isBlank(readCell(cell.value, cell.numFmt, dates, cell.result).text)) found = true;
  });
  return found;
}

/** Collects cells that read as empty for a reason, and says so once rather than per cell. */
class CellProblems {
  private readonly seen = { 'excel-error': [] as string[], 'no-result': [] as string[] };
  private readonly totals = { 'excel-error': 0, 'no-result': 0 };

  note(problem: 'excel-error' | 'no-result', address: string): void {
    this.totals[problem]++;
    if (this.seen[problem].length < 5) this.seen[problem].push(address);
  }

  warnings(): string[] {
    const out: string[] = [];
    const list = (problem: 'excel-error' | 'no-result') => {
      const more = this.totals[problem] - this.seen[problem].length;
      return joinAnd([...this.seen[problem], ...(more > 0 ? [`${more} more`] : [])]);
    };
    const n = this.totals;
    if (n['excel-error'] > 0) {
      out.push(`${n['excel-error'] === 1 ? '1 cell shows' : `${n['excel-error']} cells show`} a formula's Excel error (such as #N/A) and ${n['excel-error'] === 1 ? 'is' : 'are'} read as empty: ${list('excel-error')}. Correct the formula${n['excel-error'] === 1 ? '' : 's'} or what ${n['excel-error'] === 1 ? 'it looks' : 'they look'} up in Excel, then save the file.`);
    }
    if (n['no-result'] > 0) {
      out.push(`${n['no-result'] === 1 ? '1 formula has' : `${n['no-result']} formulas have`} no saved result and ${n['no-result'] === 1 ? 'is' : 'are'} read as empty: ${list('no-result')}. Open the file in Excel and save it to store the results.`);
    }
    return out;
  }
}
