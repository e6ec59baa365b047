/** The review grid's geometry, free of the DOM: sizes in pixels, and where it scrolls across to show a cell. */

/** Row height and column widths. */
export const ROW_HEIGHT = 32;
export const ROWNUM_WIDTH = 64;
export const CELL_WIDTH = 176;
/** A column dragged narrower stops here (its header still shows a few letters); wider, here. */
export const MIN_CELL_WIDTH = 48;
export const MAX_CELL_WIDTH = 960;

/** A width within the bounds a column can be dragged to. */
export function clampCellWidth(width: number): number {
  return Math.round(Math.max(MIN_CELL_WIDTH, Math.min(MAX_CELL_WIDTH, width)));
}

/** Where a column starts across the cells (after the row numbers), and how wide it is. */
function columnSpan(column: number, widths: readonly number[] | undefined): { left: number; width: number } {
  if (!widths) return { left: column * CELL_WIDTH, width: CELL_WIDTH };
  let left = 0;
  for (let i = 0; i < column; i++) left += widths[i] ?? CELL_WIDTH;
  return { left, width: widths[column] ?? CELL_WIDTH };
}

/**
 * The grid's `scrollLeft` that shows a column whole beside the row numbers and the frozen
 * columns (which stay in place), moving as little as it can: not at all when the column
 * is in view, or is itself frozen. `widths`: each column's, where the user has sized them
 * (all `CELL_WIDTH` otherwise); `frozen`: how many leading columns stay in place.
 */
export function scrollLeftShowing(column: number, scrollLeft: number, clientWidth: number, widths?: readonly number[], frozen = 0): number {
  if (column < frozen) return scrollLeft;
  const { left, width } = columnSpan(column, widths);
  const frozenWidth = frozen > 0 ? columnSpan(frozen, widths).left : 0;
  const right = left + width;
  const cellsWidth = clientWidth - ROWNUM_WIDTH;
  const roomWidth = cellsWidth - frozenWidth;
  // A window narrower than a column shows the cell's start, where its text begins.
  if (left - frozenWidth < scrollLeft || width >= roomWidth) return Math.max(0, left - frozenWidth);
  if (right > scrollLeft + cellsWidth) return Math.max(0, right - cellsWidth);
  return scrollLeft;
}

/** The fields that say who a row is about: the columns up to the last of them, at the file's start, stay in sight (`frozenColumns`). */
const WHO_FIELDS: ReadonlySet<string> = new Set(['MISID', 'FirstName', 'LastName', 'FullName']);
/** Frozen columns take at most half the grid's width: the rest must scroll. */
const MOST_FROZEN_SHARE = 0.5;
/** Who a row is about is looked for in this many leading columns. */
const WHO_WITHIN = 4;

/**
 * How many leading columns stay in place while the grid scrolls across, as Excel's frozen
 * panes: those up to the last of the file's first columns that say who the row is
 * about (MIS ID, first and last name, whole name), so a cell far to the right is always
 * seen beside its learner's name. None when there is no such column among the first
 * four, or when they would take more than half the grid's width.
 */
export function frozenColumns(fields: ReadonlyArray<string | null | undefined>, widths: readonly number[], clientWidth: number): number {
  let frozen = 0;
  for (let i = 0; i < Math.min(WHO_WITHIN, fields.length); i++) if (fields[i] && WHO_FIELDS.has(fields[i]!)) frozen = i + 1;
  if (frozen === 0) return 0;
  const frozenWidth = columnSpan(frozen, widths).left;
  return ROWNUM_WIDTH + frozenWidth <= clientWidth * MOST_FROZEN_SHARE ? frozen : 0;
}

/** Where each frozen column stays across (its CSS `left`, after the row numbers); undefined for the others. */
export function frozenLefts(frozen: number, widths: readonly number[]): Array<number | undefined> {
  const lefts: Array<number | undefined> = [];
  let left = ROWNUM_WIDTH;
  for (let i = 0; i < frozen; i++) {
    lefts.push(left);
    left += widths[i] ?? CELL_WIDTH;
  }
  return lefts;
}

/** A block of cells selected in the grid: rows by their position in it, columns by their index, both ends included. */
export interface CellRange {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The block between two cells (the one a selection started at, and the active one), whichever way it was drawn. */
export function rangeBetween(a: { position: number; column: number }, b: { position: number; column: number }): CellRange {
  return { top: Math.min(a.position, b.position), bottom: Math.max(a.position, b.position), left: Math.min(a.column, b.column), right: Math.max(a.column, b.column) };
}

export function rangeCells(range: CellRange): number {
  return (range.bottom - range.top + 1) * (range.right - range.left + 1);
}

/** The columns of a range on one row (null when the row is outside it), as the row draws them. */
export function rangeOnRow(range: CellRange | null, position: number): { left: number; right: number } | null {
  return range && position >= range.top && position <= range.bottom ? { left: range.left, right: range.right } : null;
}

/**
 * What a selection takes in, as in Excel: the block of cells between its two ends; whole
 * rows (a row's number clicked, Shift+Space); whole columns (a header clicked, Ctrl+Space);
 * or every cell (Ctrl+A).
 */
export type SelectionSpan = 'cells' | 'rows' | 'columns' | 'all';

/**
 * The block selected, from where the selection started (`anchor`, null when it started at
 * the active cell) to the active cell, widened to whole rows or columns by `span`; null
 * when only the active cell is (a block of one cell is no selection). `total` rows as
 * the grid lists them, `columns` columns.
 */
export function selectedRange(
  anchor: { position: number; column: number } | null,
  active: { position: number; column: number },
  span: SelectionSpan,
  total: number,
  columns: number,
): CellRange | null {
  if (total === 0 || columns === 0) return null;
  const block = rangeBetween(anchor ?? active, active);
  if (span === 'all') return { top: 0, bottom: total - 1, left: 0, right: columns - 1 };
  if (span === 'rows') return { ...block, left: 0, right: columns - 1 };
  if (span === 'columns') return { ...block, top: 0, bottom: total - 1 };
  return anchor && rangeCells(block) > 1 ? block : null;
}

/**
 * The cell Enter or Tab goes to inside a selection, as in Excel: Enter down the column
 * (`rows` 1; Shift+Enter up, -1), from its bottom to the top of the next column; Tab along
 * the row (`columns` 1; Shift+Tab back, -1), from its end to the start of the next row;
 * from the last cell back to the first. The selection stays as it is.
 */
export function stepWithin(range: CellRange, cell: { position: number; column: number }, rows: number, columns: number): { position: number; column: number } {
  const height = range.bottom - range.top + 1;
  const width = range.right - range.left + 1;
  // The cell's place in the order the keys go through the block: down the columns for Enter, along the rows for Tab.
  const byColumns = rows !== 0;
  const place = byColumns ? (cell.column - range.left) * height + (cell.position - range.top) : (cell.position - range.top) * width + (cell.column - range.left);
  const cells = height * width;
  const next = (((place + (byColumns ? rows : columns)) % cells) + cells) % cells;
  return byColumns
    ? { position: range.top + (next % height), column: range.left + Math.floor(next / height) }
    : { position: range.top + Math.floor(next / width), column: range.left + (next % width) };
}

/** The sides of a cell that lie on a block's edge, as words ('top left'); undefined for a cell outside it. */
export function edgesInRange(range: CellRange | null, position: number, column: number): string | undefined {
  if (!range || position < range.top || position > range.bottom || column < range.left || column > range.right) return undefined;
  const sides = [position === range.top && 'top', position === range.bottom && 'bottom', column === range.left && 'left', column === range.right && 'right'];
  return sides.filter(Boolean).join(' ');
}
