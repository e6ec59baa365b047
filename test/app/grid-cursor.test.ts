import { describe, expect, it } from 'vitest';
import { CELL_WIDTH, clampCellWidth, frozenColumns, frozenLefts, MAX_CELL_WIDTH, MIN_CELL_WIDTH, rangeBetween, rangeCells, rangeOnRow, ROWNUM_WIDTH, scrollLeftShowing, selectedRange, edgesInRange, stepWithin } from '../../renderer/src/components/grid-geometry';

/**
 * Where the review grid scrolls across to show its active cell: as little as it can, so
 * the first columns (who the row is about) stay in sight when they can, and an arrow key
 * past an edge never leaves the active cell out of sight.
 */
describe('the review grid across', () => {
  // Room for four whole columns beside the row numbers.
  const width = ROWNUM_WIDTH + 4 * CELL_WIDTH + 10;

  it('does not move for a cell already in view', () => {
    expect(scrollLeftShowing(3, 0, width)).toBe(0);
    expect(scrollLeftShowing(0, 0, width)).toBe(0);
    expect(scrollLeftShowing(5, 2 * CELL_WIDTH, width)).toBe(2 * CELL_WIDTH);
  });

  it('brings a cell past the right edge just into view, its right side at the edge', () => {
    const left = scrollLeftShowing(4, 0, width);
    expect(left).toBe(5 * CELL_WIDTH - (width - ROWNUM_WIDTH));
    expect(scrollLeftShowing(12, 0, width)).toBe(13 * CELL_WIDTH - (width - ROWNUM_WIDTH));
  });

  it('brings a cell left of the view back to the row numbers’ edge', () => {
    expect(scrollLeftShowing(0, 7 * CELL_WIDTH, width)).toBe(0);
    expect(scrollLeftShowing(2, 7 * CELL_WIDTH, width)).toBe(2 * CELL_WIDTH);
    // Partly hidden under the row numbers counts as out of view.
    expect(scrollLeftShowing(2, 2 * CELL_WIDTH + 1, width)).toBe(2 * CELL_WIDTH);
  });

  it('keeps the frozen columns (who the row is about) in place: a cell is shown beside them, never under them', () => {
    // Two columns frozen: four and a bit fit, two of them the frozen ones.
    expect(scrollLeftShowing(1, 5 * CELL_WIDTH, width, undefined, 2)).toBe(5 * CELL_WIDTH);
    expect(scrollLeftShowing(4, 0, width, undefined, 2)).toBe(5 * CELL_WIDTH - (width - ROWNUM_WIDTH));
    // Left of the view: back to the frozen columns' edge, not the row numbers'.
    expect(scrollLeftShowing(3, 6 * CELL_WIDTH, width, undefined, 2)).toBe(CELL_WIDTH);
    expect(scrollLeftShowing(2, 6 * CELL_WIDTH, width, undefined, 2)).toBe(0);
    expect(scrollLeftShowing(3, CELL_WIDTH, width, undefined, 2)).toBe(CELL_WIDTH);
  });

  it('freezes the leading columns up to the last that says who the row is about, when they leave room to scroll', () => {
    const widths = Array.from({ length: 12 }, () => CELL_WIDTH);
    const wide = 1300;
    expect(frozenColumns(['MISID', 'FirstName', 'LastName', 'DOB', 'ULN'], widths, wide)).toBe(3);
    expect(frozenColumns(['FullName', 'DOB', 'Email'], widths, wide)).toBe(1);
    expect(frozenColumns([null, 'FirstName', 'LastName', 'Email'], widths, wide)).toBe(3);
    // None among the first four: nothing frozen (a name in column 9 would freeze half the file).
    expect(frozenColumns(['DOB', 'ULN', 'Email', 'NINO', 'FirstName'], widths, wide)).toBe(0);
    // A window too narrow for three frozen columns and room to scroll: none frozen.
    expect(frozenColumns(['MISID', 'FirstName', 'LastName', 'DOB'], widths, 1000)).toBe(0);
    expect(frozenLefts(3, [100, 120, 140])).toEqual([ROWNUM_WIDTH, ROWNUM_WIDTH + 100, ROWNUM_WIDTH + 220]);
  });

  it('shows a cell wider than the view from its start, where its text begins', () => {
    expect(scrollLeftShowing(3, 0, ROWNUM_WIDTH + CELL_WIDTH / 2)).toBe(3 * CELL_WIDTH);
    expect(scrollLeftShowing(3, 3 * CELL_WIDTH, ROWNUM_WIDTH + CELL_WIDTH / 2)).toBe(3 * CELL_WIDTH);
  });

  it('follows the widths the user gave the columns', () => {
    // The first column dragged to 400 px, the third to 60: the fourth starts at 400 + 176 + 60.
    const widths = [400, CELL_WIDTH, 60, CELL_WIDTH, CELL_WIDTH, 500];
    expect(scrollLeftShowing(2, 0, width, widths)).toBe(0);
    expect(scrollLeftShowing(3, 0, width, widths)).toBe(400 + CELL_WIDTH + 60 + CELL_WIDTH - (width - ROWNUM_WIDTH));
    expect(scrollLeftShowing(4, 0, width, widths)).toBe(400 + CELL_WIDTH + 60 + 2 * CELL_WIDTH - (width - ROWNUM_WIDTH));
    expect(scrollLeftShowing(2, 900, width, widths)).toBe(400 + CELL_WIDTH);
    // A column wider than the view is shown from its start.
    expect(scrollLeftShowing(5, 0, ROWNUM_WIDTH + 300, widths)).toBe(400 + CELL_WIDTH + 60 + 2 * CELL_WIDTH);
  });

  it('keeps a dragged column within bounds', () => {
    expect(clampCellWidth(3)).toBe(MIN_CELL_WIDTH);
    expect(clampCellWidth(5000)).toBe(MAX_CELL_WIDTH);
    expect(clampCellWidth(212.6)).toBe(213);
  });
});

/** The block selected with Shift, from where it started to the active cell, whichever way it was drawn. */
describe('a block of cells selected', () => {
  it('is the same block drawn down and right or up and left', () => {
    const block = { top: 3, bottom: 7, left: 2, right: 4 };
    expect(rangeBetween({ position: 3, column: 2 }, { position: 7, column: 4 })).toEqual(block);
    expect(rangeBetween({ position: 7, column: 4 }, { position: 3, column: 2 })).toEqual(block);
    expect(rangeBetween({ position: 7, column: 2 }, { position: 3, column: 4 })).toEqual(block);
    expect(rangeCells(block)).toBe(15);
  });

  it('gives each row on screen its columns in the block, and the rows outside it none', () => {
    const block = { top: 3, bottom: 4, left: 1, right: 2 };
    expect([2, 3, 4, 5].map((position) => rangeOnRow(block, position))).toEqual([null, { left: 1, right: 2 }, { left: 1, right: 2 }, null]);
    expect(rangeOnRow(null, 3)).toBeNull();
  });
});

/** What a selection takes in: a block, whole rows, whole columns or every cell, as in Excel. */
describe('a selection', () => {
  const active = { position: 7, column: 3 };
  const anchor = { position: 4, column: 5 };

  it('is no selection while only the active cell is, and the block between its ends otherwise', () => {
    expect(selectedRange(null, active, 'cells', 100, 14)).toBeNull();
    expect(selectedRange(active, active, 'cells', 100, 14)).toBeNull();
    expect(selectedRange(anchor, active, 'cells', 100, 14)).toEqual({ top: 4, bottom: 7, left: 3, right: 5 });
  });

  it('takes in whole rows or whole columns, of one cell or of the block', () => {
    expect(selectedRange(null, active, 'rows', 100, 14)).toEqual({ top: 7, bottom: 7, left: 0, right: 13 });
    expect(selectedRange(anchor, active, 'rows', 100, 14)).toEqual({ top: 4, bottom: 7, left: 0, right: 13 });
    expect(selectedRange(null, active, 'columns', 100, 14)).toEqual({ top: 0, bottom: 99, left: 3, right: 3 });
    expect(selectedRange(anchor, active, 'columns', 100, 14)).toEqual({ top: 0, bottom: 99, left: 3, right: 5 });
  });

  it('takes in every cell for Ctrl+A, and nothing of an empty grid', () => {
    expect(selectedRange(null, active, 'all', 100, 14)).toEqual({ top: 0, bottom: 99, left: 0, right: 13 });
    expect(selectedRange(anchor, active, 'all', 0, 14)).toBeNull();
  });
});

/** Enter and Tab inside a selection go through its cells, as in Excel, the selection staying. */
describe('Enter and Tab in a selection', () => {
  const block = { top: 2, bottom: 4, left: 1, right: 2 };
  it('goes down a column with Enter, from its bottom to the next column, from the last cell to the first', () => {
    expect(stepWithin(block, { position: 2, column: 1 }, 1, 0)).toEqual({ position: 3, column: 1 });
    expect(stepWithin(block, { position: 4, column: 1 }, 1, 0)).toEqual({ position: 2, column: 2 });
    expect(stepWithin(block, { position: 4, column: 2 }, 1, 0)).toEqual({ position: 2, column: 1 });
  });
  it('goes back up with Shift+Enter, from the first cell to the last', () => {
    expect(stepWithin(block, { position: 3, column: 2 }, -1, 0)).toEqual({ position: 2, column: 2 });
    expect(stepWithin(block, { position: 2, column: 2 }, -1, 0)).toEqual({ position: 4, column: 1 });
    expect(stepWithin(block, { position: 2, column: 1 }, -1, 0)).toEqual({ position: 4, column: 2 });
  });
  it('goes along a row with Tab, from its end to the next row, and back with Shift+Tab', () => {
    expect(stepWithin(block, { position: 2, column: 1 }, 0, 1)).toEqual({ position: 2, column: 2 });
    expect(stepWithin(block, { position: 2, column: 2 }, 0, 1)).toEqual({ position: 3, column: 1 });
    expect(stepWithin(block, { position: 4, column: 2 }, 0, 1)).toEqual({ position: 2, column: 1 });
    expect(stepWithin(block, { position: 2, column: 1 }, 0, -1)).toEqual({ position: 4, column: 2 });
  });
  it('goes down a single column and along a single row', () => {
    expect(stepWithin({ top: 0, bottom: 99, left: 3, right: 3 }, { position: 99, column: 3 }, 1, 0)).toEqual({ position: 0, column: 3 });
    expect(stepWithin({ top: 7, bottom: 7, left: 0, right: 13 }, { position: 7, column: 13 }, 0, 1)).toEqual({ position: 7, column: 0 });
  });
});

/** The block cut is drawn by its edge: each cell says which of its sides lie on it. */
describe('the edge of a block cut', () => {
  const block = { top: 2, bottom: 4, left: 1, right: 2 };
  it('names the sides on the edge, none inside, and nothing outside', () => {
    expect(edgesInRange(block, 2, 1)).toBe('top left');
    expect(edgesInRange(block, 3, 2)).toBe('right');
    expect(edgesInRange(block, 4, 2)).toBe('bottom right');
    expect(edgesInRange({ top: 3, bottom: 3, left: 5, right: 5 }, 3, 5)).toBe('top bottom left right');
    expect(edgesInRange({ top: 2, bottom: 4, left: 1, right: 3 }, 3, 2)).toBe('');
    expect(edgesInRange(block, 5, 1)).toBeUndefined();
    expect(edgesInRange(block, 3, 0)).toBeUndefined();
    expect(edgesInRange(null, 3, 1)).toBeUndefined();
  });
});
