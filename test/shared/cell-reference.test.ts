import { describe, expect, it } from 'vitest';
import { readCellReference } from '../../shared/cell-reference';

/** Go To's box reads a row number or a cell as a person types them from the error report. */
describe('a row or cell typed for Go To', () => {
  it('reads a row number, with or without the word row', () => {
    expect(readCellReference('1234')).toEqual({ row: 1234, column: null });
    expect(readCellReference(' Row 17 ')).toEqual({ row: 17, column: null });
    expect(readCellReference('row17')).toEqual({ row: 17, column: null });
  });

  it('reads a cell: its column letters, in any case, and its row', () => {
    expect(readCellReference('F1234')).toEqual({ row: 1234, column: 5 });
    expect(readCellReference('a2')).toEqual({ row: 2, column: 0 });
    expect(readCellReference('AA 10')).toEqual({ row: 10, column: 26 });
    expect(readCellReference('XFD1')).toEqual({ row: 1, column: 16383 });
  });

  it('reads nothing else', () => {
    for (const text of ['', 'F', 'row', '0', 'F0', '12.5', 'ABCD1', 'Kate Anderson', '-3', '1234x']) expect(readCellReference(text)).toBeNull();
  });
});
