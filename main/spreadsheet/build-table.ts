import { PackedRow } from '../../shared/packed-row';
import { columnLetter, repeatedHeaderName, type Table, type TableRow, type TableSource } from '../../shared/table';
import { joinAnd, spreadsheetErrors } from './errors';
import { detectHeaderRow, detectionWindow, rowsExamined } from './header-detection';
import { MAX_CELL_CHARACTERS, type CollectedRows } from './row-collector';
import { headerKey, isBlank, tidyHeader } from './text-rules';
import { summaryRowsAtEnd } from './summary-rows';
import { headerRowsRepeated } from './repeated-header-rows';
import { fillMergedCells, type MergedRange } from './merged-cells';
import type { RawRow } from './types';
import { rowRanges } from '../../shared/problem-groups';

export { MAX_CELL_CHARACTERS } from './row-collector';

export interface BuiltTable {
  table: Table;
  headerRowGuessed: boolean;
  headerCandidates: number[];
  warnings: string[];
  /** Rows under the header that Excel hides, read or left out (see `HiddenRows`); 0 when every row is hidden (all are read). */
  hiddenRowCount: number;
}

/**
 * The rows a sheet hides in Excel (see ./hidden-rows), as Excel numbers them, and whether
 * to read them: by default they are left out, as Excel leaves them out of what the user
 * sees, and said. A sheet whose every row under the header is hidden is read whole.
 */
export interface HiddenRows {
  rows: readonly number[];
  read: boolean;
}

type SourceWithoutHeader = Omit<TableSource, 'headerRow'>;

/**
 * Turns the rows with content into a Table: finds (or takes) the header row, drops
 * columns with neither header nor data (keeping every other column's Excel letter),
 * leaves out the totals and notes an MIS report puts under its data (see
 * ./summary-rows), names a column with data but no header after its letter, and gives
 * a header written again further along (an MIS export's learner "Email" and employer
 * "Email") its column letter, "Email (column E)", saying so: every column has a name of
 * its own, so a mapping, a saved profile or a message can never mean one for the other.
 *
 * The rows arrive packed (see ./row-collector): where no column is dropped and a row
 * is as wide as the header, the row itself becomes the table's row, uncopied.
 */
export function buildTable(source: SourceWithoutHeader, collected: CollectedRows, headerRow: number | undefined, hidden?: HiddenRows, merged: readonly MergedRange[] = []): BuiltTable {
  const { file, sheet } = source;
  const { rows } = collected;
  if (rows.length === 0) throw spreadsheetErrors.emptyFile(file);
  const detected = detectHeaderRow(firstRows(collected));
  let index = detected.index;
  if (headerRow !== undefined) {
    index = rows.findIndex((r) => r.row === headerRow);
    if (index < 0) throw spreadsheetErrors.emptyHeaderRow(file, headerRow, sheet);
  }
  const header = rows[index];
  const data = rows.slice(index + 1);
  if (data.length === 0) throw spreadsheetErrors.headerOnly(file, header.row, sheet);

  const warnings: string[] = [];
  const mergesGiven = fillMergedCells(data, merged, header.row);
  if (mergesGiven) warnings.push(mergesGiven);
  const hiddenRowCount = hidden ? leaveOutHiddenRows(data, hidden, warnings) : 0;
  leaveOutRepeatedHeaders(data, header.cells, warnings);
  const summary = summaryRowsAtEnd(data);
  if (summary > 0) warnings.push(summaryRowsLeftOut(data.splice(data.length - summary)));
  if (headerRow === undefined && detected.fallback) {
    warnings.push(`No row looks like a header row, so row ${header.row} is used as the header; choose the header row if this is wrong.`);
  }
  const { kept, headers, unnamed } = chooseColumns(header.cells, collected, index);
  if (unnamed.length > 0) {
    warnings.push(`Column${unnamed.length > 1 ? 's' : ''} ${joinAnd(unnamed)} ha${unnamed.length > 1 ? 've' : 's'} data but no header; ${unnamed.length > 1 ? 'they are' : 'it is'} called ${joinAnd(unnamed.map((l) => `"Column ${l}"`))}.`);
  }
  warnings.push(...nameRepeatedHeaders(file, headers, kept, sheet));
  refuseOverlongCells(file, collected, header.row, kept, sheet);

  const contiguous = kept.length > 0 && kept[kept.length - 1] === kept.length - 1;
  // In place: `data` is already a copy, and a second array of 100,000 rows would only be garbage.
  const tableRows: TableRow[] = data;
  for (let i = 0; i < data.length; i++) {
    const r = data[i];
    if (!contiguous || r.width > kept.length) tableRows[i] = new PackedRow(r.row, keptCells(r.cells, kept), r.line);
    else r.widenTo(kept.length);
  }
  const candidates = [...detected.candidates, rows[detected.index].row].filter((n) => n !== header.row);
  return {
    table: { source: { ...source, headerRow: header.row }, headers, columns: kept.map(columnLetter), rows: tableRows },
    headerRowGuessed: headerRow === undefined && detected.guessed,
    headerCandidates: [...new Set(candidates)].sort((a, b) => a - b),
    warnings,
    hiddenRowCount,
  };
}

/** Takes the hidden rows out of `data` unless they are to be read (see `HiddenRows`), says what was done, and counts them. */
function leaveOutHiddenRows(data: TableRow[], hidden: HiddenRows, warnings: string[]): number {
  const hiddenSet = new Set(hidden.rows);
  const found = data.filter((row) => hiddenSet.has(row.row)).map((row) => row.row);
  if (found.length === 0) return 0;
  const ranges = rowRanges(found);
  const named = `${found.length === 1 ? 'Row' : 'Rows'} ${joinAnd(ranges.length > RANGES_NAMED ? [...ranges.slice(0, RANGES_NAMED), `${found.length - rowsInFirstRanges(found, RANGES_NAMED)} more`] : ranges)}`;
  const are = found.length === 1 ? 'is' : 'are';
  if (found.length === data.length) {
    // Nothing to choose between: the count says rows were left out or could be.
    warnings.push(`Every row under the header is hidden in Excel (filtered out, or hidden by hand), so all of them are read.`);
    return 0;
  } else if (hidden.read) {
    warnings.push(`${named} ${are} hidden in Excel (filtered out, or hidden by hand), and ${are} read like the others, as asked.`);
  } else {
    leaveOut(data, (row) => hiddenSet.has(row.row));
    warnings.push(`${named} ${are} hidden in Excel (filtered out, or hidden by hand), so ${found.length === 1 ? 'it is' : 'they are'} left out, as Excel does not show ${found.length === 1 ? 'it' : 'them'}: choose to read hidden rows too if ${found.length === 1 ? 'it' : 'they'} should be imported.`);
  }
  return found.length;
}

/** Takes out of `data` the rows that are the header row again (see ./repeated-header-rows), saying which. */
function leaveOutRepeatedHeaders(data: TableRow[], headerCells: readonly string[], warnings: string[]): void {
  const repeated = headerRowsRepeated(data, headerCells);
  if (repeated.size === 0 || repeated.size === data.length) return;
  const rows = joinAnd(rowRanges(data.filter((row) => repeated.has(row)).map((row) => row.row)));
  leaveOut(data, (row) => repeated.has(row));
  warnings.push(
    repeated.size === 1
      ? `Row ${rows} is the header row again (two lists pasted one under the other?), not a person, so it is left out.`
      : `Rows ${rows} are the header row again (lists pasted one under the other?), not people, so they are left out.`,
  );
}

/** Takes the rows `out` chooses out of `data`, in place (a second array of 100,000 rows would only be garbage). */
function leaveOut(data: TableRow[], out: (row: TableRow) => boolean): void {
  let kept = 0;
  for (const row of data) if (!out(row)) data[kept++] = row;
  data.length = kept;
}

/** Ranges of hidden rows a warning names before "and N more". */
const RANGES_NAMED = 8;

/** How many of the rows (ascending, distinct) the first `count` runs of consecutive numbers hold. */
function rowsInFirstRanges(rows: readonly number[], count: number): number {
  let runs = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i === 0 || rows[i] !== rows[i - 1] + 1) runs++;
    if (runs > count) return i;
  }
  return rows.length;
}

/** What the file says of the summary lines left out at its end. */
function summaryRowsLeftOut(left: readonly TableRow[]): string {
  const shown = left.map((row) => row.cells.filter((cell) => !isBlank(cell)).map((cell) => `"${cell.trim()}"`).join(', '));
  const rows = joinAnd(left.map((row) => String(row.row)));
  return left.length === 1
    ? `Row ${rows} (${shown[0]}) is a total or a note under the data, not a person, so it is left out.`
    : `Rows ${rows} (${shown.join('; ')}) are totals or notes under the data, not people, so they are left out.`;
}

/** The rows header detection looks at, unpacked. */
function firstRows(collected: CollectedRows): RawRow[] {
  return collected.rows.slice(0, rowsExamined).map((r, i) => {
    const kinds = collected.kinds[i];
    return kinds ? { row: r.row, cells: r.cells, kinds } : { row: r.row, cells: r.cells };
  });
}

/**
 * Which columns have data under the header. The reader noted it for the rows past the
 * detection window, which are data whatever the header; only the rows between the
 * header and the window's end are looked at here (every data row, for a header row
 * given below the window).
 */
function columnsWithData(collected: CollectedRows, headerIndex: number): boolean[] {
  const noted = headerIndex < detectionWindow;
  const hasData: boolean[] = noted ? [...collected.columnsWithData] : [];
  const end = noted ? Math.min(detectionWindow, collected.rows.length) : collected.rows.length;
  for (let r = headerIndex + 1; r < end; r++) {
    collected.rows[r].cells.forEach((c, i) => !hasData[i] && !isBlank(c) && (hasData[i] = true));
  }
  return hasData;
}

function chooseColumns(headerCells: string[], collected: CollectedRows, headerIndex: number) {
  const hasData = columnsWithData(collected, headerIndex);
  const width = Math.max(headerCells.length, hasData.length);
  const kept: number[] = [];
  const headers: string[] = [];
  const unnamed: string[] = [];
  for (let i = 0; i < width; i++) {
    const text = tidyHeader(headerCells[i] ?? '');
    if (text === '' && !hasData[i]) continue;
    kept.push(i);
    if (text === '') unnamed.push(columnLetter(i));
    headers.push(text === '' ? `Column ${columnLetter(i)}` : text);
  }
  return { kept, headers, unnamed };
}

/**
 * Renames, in place, each header written again after its first column (headers equal
 * but for case and spaces are the same header) to "<its header> (column <letter>)", and
 * says which were renamed. The first keeps its name, so it maps as it always did. A
 * header whose renamed form is some other column's header too (a file headed "Email",
 * "Email (column E)" and, in column E, "Email") is refused as written twice: no name
 * would be its own.
 */
function nameRepeatedHeaders(file: string, headers: string[], kept: number[], sheet: string | undefined): string[] {
  const columnsByKey = new Map<string, number[]>();
  headers.forEach((h, i) => columnsByKey.set(headerKey(h), [...(columnsByKey.get(headerKey(h)) ?? []), i]));
  const warnings: string[] = [];
  for (const positions of columnsByKey.values()) {
    if (positions.length === 1) continue;
    const header = headers[positions[0]];
    const letters = positions.map((p) => columnLetter(kept[p]));
    const renamed = positions.slice(1).map((p) => repeatedHeaderName(headers[p], columnLetter(kept[p])));
    for (const [i, name] of renamed.entries()) {
      if (columnsByKey.has(headerKey(name))) throw spreadsheetErrors.duplicateHeaders(file, header, [letters[0], letters[i + 1]], sheet);
      headers[positions[i + 1]] = name;
    }
    const others = letters.slice(1);
    warnings.push(
      `Columns ${joinAnd(letters)} are ${letters.length === 2 ? 'both' : 'all'} headed "${header}": column${others.length > 1 ? 's' : ''} ${joinAnd(others)} ` +
        `${others.length > 1 ? 'are' : 'is'} called ${joinAnd(renamed.map((name) => `"${name}"`))}.`,
    );
  }
  return warnings;
}

/** The first data cell (by row, then column) longer than a cell can be, in a column kept. */
function refuseOverlongCells(file: string, collected: CollectedRows, headerRow: number, kept: number[], sheet: string | undefined): void {
  const keptColumns = new Set(kept);
  const first = collected.overlong.find((cell) => cell.row > headerRow && keptColumns.has(cell.index));
  if (first) throw spreadsheetErrors.cellTooLong(file, first.row, columnLetter(first.index), first.length, MAX_CELL_CHARACTERS, sheet);
}

/** The row's cells in the kept columns, '' where the row is short. */
function keptCells(cells: string[], kept: number[]): string[] {
  return kept.map((i) => cells[i] ?? '');
}
