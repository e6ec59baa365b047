import { describe, expect, it } from 'vitest';
import { dataEdge } from '../../shared/data-edge';

/** A column or row of cells: '' and spaces empty, anything else filled. */
function line(...cells: string[]) {
  return (from: number, step: 1 | -1) => dataEdge(cells.length, from, step, (place) => cells[place]);
}

/** Where Ctrl with an arrow goes, as in Excel. */
describe('the edge of the data', () => {
  const cells = line('a', 'b', 'c', '', ' ', 'f', '', 'h', 'i', '');

  it('goes along a run of filled cells to its last one', () => {
    expect(cells(0, 1)).toBe(2);
    expect(cells(1, 1)).toBe(2);
    expect(cells(8, -1)).toBe(7);
  });

  it('goes from the end of a run over the empty cells (spaces too) to the next filled one', () => {
    expect(cells(2, 1)).toBe(5);
    expect(cells(5, 1)).toBe(7);
    expect(cells(5, -1)).toBe(2);
    expect(cells(7, -1)).toBe(5);
  });

  it('goes from an empty cell to the next filled one', () => {
    expect(cells(3, 1)).toBe(5);
    expect(cells(4, -1)).toBe(2);
    expect(cells(6, 1)).toBe(7);
  });

  it("goes to the grid's edge where nothing filled lies that way, and stays at it", () => {
    expect(cells(8, 1)).toBe(9);
    expect(cells(9, 1)).toBe(9);
    expect(cells(0, -1)).toBe(0);
    expect(line('', '', '')(0, 1)).toBe(2);
    expect(line('', '', '')(2, -1)).toBe(0);
    expect(line('a')(0, 1)).toBe(0);
  });
});
