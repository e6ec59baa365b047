import type { FoundCellView } from '../../shared/contract-review-types';
import { PackedRow } from '../../shared/packed-row';
import type { Workbook } from './workbook';

/**
 * "Find in the file", as Excel's Find Next: the first cell after `after` (row by row, left
 * to right; wrapping to the top) whose text holds `text` in any case, with its place
 * among all the cells that do. Every row of the file is looked at, not only those on
 * screen (the grid shows a few at a time).
 */
export function findInFile(workbook: Workbook, text: string, after?: { index: number; column: number }): FoundCellView {
  const needle = text.toLowerCase();
  let total = 0;
  let first: FoundCellView['cell'] = null;
  let next: FoundCellView['cell'] = null;
  let nextOrdinal = 0;
  workbook.table.rows.forEach((row, index) => {
    if (row instanceof PackedRow && !row.mayHold(needle)) return;
    const cells = row.cells;
    for (let column = 0; column < cells.length; column++) {
      if (!cells[column].toLowerCase().includes(needle)) continue;
      total += 1;
      const cell = { index, row: row.row, column };
      first ??= cell;
      const isAfter = after === undefined || index > after.index || (index === after.index && column > after.column);
      if (next === null && isAfter) {
        next = cell;
        nextOrdinal = total;
      }
    }
  });
  if (next !== null) return { cell: next, ordinal: nextOrdinal, total };
  return { cell: first, ordinal: first ? 1 : 0, total };
}
