import type { FoundCellView, GoToCellView } from '../../shared/contract-review-types';
import { readCellReference } from '../../shared/cell-reference';
import { columnLetter } from '../../shared/table';
import { PackedRow } from '../../shared/packed-row';
import type { Workbook } from './workbook';

type Place = { index: number; column: number };

/**
 * "Find in the file", as Excel's Find Next: the first cell after `from` (row by row, left
 * to right; wrapping to the top) whose text holds `text` in any case, or with `backwards`
 * the last one before it (wrapping to the bottom), with its place among all the cells
 * that do. Every row of the file is looked at, not only those on screen (the grid shows
 * a few at a time). With `rowRanks` (each row's place under a sort, by index), rows are
 * read in that order, as a sorted sheet's are in Excel.
 */
export function findInFile(workbook: Workbook, text: string, from?: Place, backwards = false, rowRanks?: Int32Array): FoundCellView {
  const found = cellsHolding(workbook, text);
  if (found.length === 0) return { cell: null, ordinal: 0, total: 0 };
  const rank = rowRanks ? (index: number) => rowRanks[index] : (index: number) => index;
  // Whether cell `a` comes before cell `b`, reading row by row, left to right.
  const before = (a: Place, b: Place) => rank(a.index) < rank(b.index) || (a.index === b.index && a.column < b.column);
  if (rowRanks) found.sort((a, b) => rank(a.index) - rank(b.index) || a.column - b.column);
  let at: number;
  if (backwards) {
    const earlier = from === undefined ? -1 : found.findLastIndex((cell) => before(cell, from));
    at = earlier >= 0 ? earlier : found.length - 1;
  } else {
    const later = from === undefined ? 0 : found.findIndex((cell) => before(from, cell));
    at = later >= 0 ? later : 0;
  }
  const { index, row, column } = found[at];
  return { cell: { index, row, column }, ordinal: at + 1, total: found.length };
}

/** Every cell whose text holds `text` in any case, row by row, left to right, with its text. */
function cellsHolding(workbook: Workbook, text: string): Array<NonNullable<FoundCellView['cell']> & { text: string }> {
  const needle = text.toLowerCase();
  const found: Array<NonNullable<FoundCellView['cell']> & { text: string }> = [];
  workbook.table.rows.forEach((row, index) => {
    // A row is split into cells only when its text as a whole may hold the text.
    if (row instanceof PackedRow && !row.mayHold(needle)) return;
    const cells = row.cells;
    for (let column = 0; column < cells.length; column++) {
      if (cells[column].toLowerCase().includes(needle)) found.push({ index, row: row.row, column, text: cells[column] });
    }
  });
  return found;
}

/**
 * "Replace all", as Excel's: every cell holding `text` (in any case, as Find finds it),
 * each time it stands there replaced by `replacement` as written. The cells with their
 * new text; none changed yet.
 */
export function replacedCells(workbook: Workbook, text: string, replacement: string): Array<{ index: number; column: number; value: string }> {
  const pattern = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  return cellsHolding(workbook, text).flatMap(({ index, column, text: cell }) => {
    const value = cell.replace(pattern, () => replacement);
    return value === cell ? [] : [{ index, column, value }];
  });
}

/**
 * Go To (Ctrl+G), as Excel's: the row a number names (as the file and the error report
 * number rows), and the column a cell reference's letters name; in words, why none is.
 */
export function goToCell(workbook: Workbook, reference: string): GoToCellView {
  const wanted = readCellReference(reference);
  if (!wanted) return { cell: null, problem: `"${reference.trim()}" is not a row or a cell: type a row number as the file shows it (1234) or a cell (F1234).` };
  const { rows, headers } = workbook.table;
  if (wanted.column !== null && wanted.column >= headers.length) {
    return { cell: null, problem: `The file has no column ${columnLetter(wanted.column)}: its columns run from A to ${columnLetter(headers.length - 1)}.` };
  }
  // Rows stand in the order of their numbers: the first at or after the one wanted.
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (rows[middle].row < wanted.row) low = middle + 1;
    else high = middle;
  }
  const found = rows[low];
  if (found?.row === wanted.row) return { cell: { index: low, row: found.row, column: wanted.column }, problem: null };
  if (rows.length === 0) return { cell: null, problem: 'The file has no rows.' };
  const [first, last] = [rows[0].row, rows[rows.length - 1].row];
  if (wanted.row < first || wanted.row > last) return { cell: null, problem: `The file has no row ${wanted.row}: its rows run from ${first} to ${last}.` };
  return { cell: null, problem: `Row ${wanted.row} of the file is not in the grid: it holds no row to import (a blank line, or a line left out, as a totals line is).` };
}
