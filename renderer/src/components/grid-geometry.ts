/** The review grid's geometry, free of the DOM: sizes in pixels, and where it scrolls across to show a cell. */

/** Row height and column widths. */
export const ROW_HEIGHT = 32;
export const ROWNUM_WIDTH = 64;
export const CELL_WIDTH = 176;

/**
 * The grid's `scrollLeft` that shows a column whole beside the row numbers (which stay in
 * place), moving as little as it can: not at all when the column is in view, so the
 * first columns (who the row is about) stay in sight when they can.
 */
export function scrollLeftShowing(column: number, scrollLeft: number, clientWidth: number): number {
  const left = column * CELL_WIDTH;
  const right = left + CELL_WIDTH;
  const cellsWidth = clientWidth - ROWNUM_WIDTH;
  // A window narrower than a column shows the cell's start, where its text begins.
  if (left < scrollLeft || CELL_WIDTH >= cellsWidth) return left;
  if (right > scrollLeft + cellsWidth) return Math.max(0, right - cellsWidth);
  return scrollLeft;
}
