import { describe, expect, it } from 'vitest';
import { cellOf, PackedRow } from '../../shared/packed-row';

describe('a table row kept as one string', () => {
  it('gives back its cells as read, empty and accented ones included', () => {
    const row = new PackedRow(7, ['Siân', '', "O'Brien", ' 007 ', ''], 9);
    expect(row.cells).toEqual(['Siân', '', "O'Brien", ' 007 ', '']);
    expect([row.row, row.line, row.width]).toEqual([7, 9, 5]);
    expect([0, 1, 2, 3, 4, 5].map((i) => row.cellAt(i))).toEqual(['Siân', '', "O'Brien", ' 007 ', '', '']);
  });

  it('looks like a plain row to copies, JSON and comparisons', () => {
    const row = new PackedRow(2, ['Amelia', 'Hughes']);
    expect(row).toEqual({ row: 2, cells: ['Amelia', 'Hughes'] });
    expect(Object.keys(row)).toEqual(['row', 'cells']);
    expect(JSON.parse(JSON.stringify(row))).toEqual({ row: 2, cells: ['Amelia', 'Hughes'] });
    expect({ ...row }).toEqual({ row: 2, cells: ['Amelia', 'Hughes'] });
  });

  it('keeps a row whose cells hold the joining character exactly', () => {
    const row = new PackedRow(3, ['a\u0000b', 'c']);
    expect(row.cells).toEqual(['a\u0000b', 'c']);
    expect(row.cellAt(0)).toBe('a\u0000b');
    expect(new PackedRow(4, []).cells).toEqual([]);
    expect(new PackedRow(5, ['']).cells).toEqual(['']);
  });

  it('changes only when its cells are assigned, never through a copy', () => {
    const row = new PackedRow(2, ['Amelia', 'Hughes']);
    row.cells[0] = 'Changed';
    expect(row.cells).toEqual(['Amelia', 'Hughes']);
    row.cells = ['Amelia', 'Hughes-Smith', 'extra'];
    expect(row.cells).toEqual(['Amelia', 'Hughes-Smith', 'extra']);
    expect(row.width).toBe(3);
  });

  it('reads one cell of a plain row and of a packed row alike', () => {
    expect(cellOf({ row: 2, cells: ['a', 'b'] }, 1)).toBe('b');
    expect(cellOf({ row: 2, cells: ['a', 'b'] }, 5)).toBe('');
    expect(cellOf(new PackedRow(2, ['a', 'b']), 1)).toBe('b');
  });
});

describe('a packed row stored without its empty last cells', () => {
  it('reads as wide as it was made, with empty cells at the end', () => {
    const row = new PackedRow(2, ['Amelia', 'Hughes']);
    row.widenTo(4);
    row.widenTo(3);
    expect([row.width, row.cells, row.cellAt(3)]).toEqual([4, ['Amelia', 'Hughes', '', ''], '']);
    expect(row).toEqual({ row: 2, cells: ['Amelia', 'Hughes', '', ''] });
  });
});

describe("a text file's line kept as written", () => {
  it('reads as the row of its cells, one at a time too, and changes like any row', () => {
    const row = PackedRow.ofLine(4, 'Siân;;Jones; 007 ', ';', 4, 6);
    expect([row.row, row.line, row.width, row.cells]).toEqual([4, 6, 4, ['Siân', '', 'Jones', ' 007 ']]);
    expect([0, 1, 2, 3, 4].map((i) => row.cellAt(i))).toEqual(['Siân', '', 'Jones', ' 007 ', '']);
    expect(row).toEqual(new PackedRow(4, ['Siân', '', 'Jones', ' 007 '], 6));
    row.widenTo(5);
    expect(row.cells).toEqual(['Siân', '', 'Jones', ' 007 ', '']);
    row.cells = ['a;b', 'c'];
    expect([row.cells, row.cellAt(0), row.width]).toEqual([['a;b', 'c'], 'a;b', 2]);
  });

  it('splits at a delimiter of several characters', () => {
    const row = PackedRow.ofLine(2, 'a||b||', '||', 3);
    expect([row.cells, row.cellAt(1), row.cellAt(2)]).toEqual([['a', 'b', ''], 'b', '']);
  });
});

describe("where a row's cells stand in its text", () => {
  const cellsBySpan = (text: string | undefined, spans: Int32Array) =>
    Array.from({ length: spans.length / 2 }, (_, i) => text!.slice(spans[2 * i], spans[2 * i + 1]));

  it('finds the cells of a line as written, of a delimiter of any length, empty past its last cell', () => {
    const spans = new Int32Array(2 * 6);
    const line = PackedRow.ofLine(2, 'Siân;;Jones; 007 ', ';', 4);
    expect(cellsBySpan(line.spansInto(spans), spans)).toEqual(['Siân', '', 'Jones', ' 007 ', '', '']);
    const wide = PackedRow.ofLine(3, 'a||b||', '||', 3);
    expect(cellsBySpan(wide.spansInto(spans), spans)).toEqual(['a', 'b', '', '', '', '']);
  });

  it('finds the first cells only when asked for fewer than the row has', () => {
    const spans = new Int32Array(2 * 2);
    const row = new PackedRow(2, ['Amelia', 'Hughes', 'amelia@example.com']);
    expect(cellsBySpan(row.spansInto(spans), spans)).toEqual(['Amelia', 'Hughes']);
  });

  it('has no text for a row kept as an array: its cells are read as they are', () => {
    expect(new PackedRow(3, ['a\u0000b', 'c']).spansInto(new Int32Array(4))).toBeUndefined();
  });
});

describe('whether a row may hold a text (a search looks before it splits)', () => {
  it('says no only when the row as a whole does not hold it, in any case', () => {
    const line = PackedRow.ofLine(2, 'Siân;Jones;Vodaphone - Salford', ';', 3);
    expect(line.mayHold('salford')).toBe(true);
    expect(line.mayHold('siân')).toBe(true);
    expect(line.mayHold('leeds')).toBe(false);
    // Across two cells it may say yes: the cells are then read one by one, and neither holds it.
    expect(line.mayHold('jones;vod')).toBe(true);
    // A row kept as an array (a cell holding the joining character) is always looked at cell by cell.
    expect(new PackedRow(3, ['a\u0000b', 'c']).mayHold('zzz')).toBe(true);
  });
});
