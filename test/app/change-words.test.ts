import { describe, expect, it } from 'vitest';
import { changeWords } from '../../renderer/src/components/change-words';

const cells = (count: number) => Array.from({ length: count }, (_, index) => ({ index, column: 0, before: 'a' }));

/** What Undo and Redo say they take back or make again: each change by its name, with its cells counted. */
describe("a change's words", () => {
  it('names each kind of change with its cells', () => {
    expect(changeWords(cells(1), 'edit')).toBe('the cell edited');
    expect(changeWords(cells(1), 'paste')).toBe('the paste (1 cell)');
    expect(changeWords(cells(3), 'clear')).toBe('the cells emptied (3 cells)');
    expect(changeWords(cells(4), 'move')).toBe('the cells moved (4 cells changed)');
    expect(changeWords(cells(2), 'fill')).toBe('the cells filled (2 cells)');
    expect(changeWords(cells(12_000), 'replace')).toBe('“replace all” (12,000 cells)');
    expect(changeWords(cells(5), 'fix-all')).toBe('“fix all like this” (5 cells)');
  });
});
