import { columnLetter, type Table, type TableRow, type TableSource } from '../../shared/table';
import { joinAnd, spreadsheetErrors } from './errors';
import { detectHeaderRow } from './header-detection';
import { headerKey, isBlank, tidyHeader } from './text-rules';
import type { RawRow } from './types';

export interface BuiltTable {
  table: Table;
  headerRowGuessed: boolean;
  headerCandidates: number[];
  warnings: string[];
}

type SourceWithoutHeader = Omit<TableSource, 'headerRow'>;

/**
 * Turns the rows with content into a Table: finds (or takes) the header row, drops
 * columns with neither header nor data (keeping every other column's Excel letter),
 * names a column with data but no header after its letter, and refuses duplicate
 * headers and a header with nothing under it, because either would let values land in
 * the wrong field or nowhere without anyone noticing.
 */
export function buildTable(source: SourceWithoutHeader, rows: RawRow[], headerRow: number | undefined): BuiltTable {
  const { file, sheet } = source;
  if (rows.length === 0) throw spreadsheetErrors.emptyFile(file);
  const detected = detectHeaderRow(rows);
  let index = detected.index;
  if (headerRow !== undefined) {
    index = rows.findIndex((r) => r.row === headerRow);
    if (index < 0) throw spreadsheetErrors.emptyHeaderRow(file, headerRow, sheet);
  }
  const header = rows[index];
  const data = rows.slice(index + 1);
  if (data.length === 0) throw spreadsheetErrors.headerOnly(file, header.row, sheet);

  const warnings: string[] = [];
  if (headerRow === undefined && detected.fallback) {
    warnings.push(`No row looks like a header row, so row ${header.row} is used as the header; choose the header row if this is wrong.`);
  }
  const { kept, headers, unnamed } = chooseColumns(header, data);
  if (unnamed.length > 0) {
    warnings.push(`Column${unnamed.length > 1 ? 's' : ''} ${joinAnd(unnamed)} ha${unnamed.length > 1 ? 've' : 's'} data but no header; ${unnamed.length > 1 ? 'they are' : 'it is'} called ${joinAnd(unnamed.map((l) => `"Column ${l}"`))}.`);
  }
  refuseDuplicates(file, headers, kept, sheet);

  const tableRows: TableRow[] = data.map((r) => toTableRow(r, kept));
  refuseOverlongCells(file, tableRows, kept, sheet);
  const candidates = [...detected.candidates, rows[detected.index].row].filter((n) => n !== header.row);
  return {
    table: { source: { ...source, headerRow: header.row }, headers, columns: kept.map(columnLetter), rows: tableRows },
    headerRowGuessed: headerRow === undefined && detected.guessed,
    headerCandidates: [...new Set(candidates)].sort((a, b) => a - b),
    warnings,
  };
}

function chooseColumns(header: RawRow, data: RawRow[]) {
  const hasData: boolean[] = [];
  for (const r of data) r.cells.forEach((c, i) => !hasData[i] && !isBlank(c) && (hasData[i] = true));
  const width = Math.max(header.cells.length, hasData.length);
  const kept: number[] = [];
  const headers: string[] = [];
  const unnamed: string[] = [];
  for (let i = 0; i < width; i++) {
    const text = tidyHeader(header.cells[i] ?? '');
    if (text === '' && !hasData[i]) continue;
    kept.push(i);
    if (text === '') unnamed.push(columnLetter(i));
    headers.push(text === '' ? `Column ${columnLetter(i)}` : text);
  }
  return { kept, headers, unnamed };
}

function refuseDuplicates(file: string, headers: string[], kept: number[], sheet: string | undefined): void {
  const columnsByKey = new Map<string, number[]>();
  headers.forEach((h, i) => columnsByKey.set(headerKey(h), [...(columnsByKey.get(headerKey(h)) ?? []), i]));
  for (const positions of columnsByKey.values()) {
    if (positions.length > 1) {
      throw spreadsheetErrors.duplicateHeaders(file, headers[positions[0]], positions.map((p) => columnLetter(kept[p])), sheet);
    }
  }
}

/** Excel's own limit for one cell: longer text never came from a spreadsheet a person keeps. */
export const MAX_CELL_CHARACTERS = 32_767;

function refuseOverlongCells(file: string, rows: TableRow[], kept: number[], sheet: string | undefined): void {
  for (const row of rows) {
    for (let i = 0; i < row.cells.length; i++) {
      const length = row.cells[i].length;
      if (length > MAX_CELL_CHARACTERS) throw spreadsheetErrors.cellTooLong(file, row.row, columnLetter(kept[i]), length, MAX_CELL_CHARACTERS, sheet);
    }
  }
}

/** Reuses the row's array when no column was dropped: 100,000 rows need not be copied. */
function toTableRow(raw: RawRow, kept: number[]): TableRow {
  const contiguous = kept.length > 0 && kept[kept.length - 1] === kept.length - 1;
  let cells: string[];
  if (contiguous) {
    cells = raw.cells;
    if (cells.length > kept.length) cells.length = kept.length;
    while (cells.length < kept.length) cells.push('');
  } else {
    cells = kept.map((i) => raw.cells[i] ?? '');
  }
  return raw.line === undefined ? { row: raw.row, cells } : { row: raw.row, line: raw.line, cells };
}
