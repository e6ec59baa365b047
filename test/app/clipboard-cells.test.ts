import { describe, expect, it } from 'vitest';
import { clipboardCells, copiedText, pasteFit, pasteLeftOutText } from '../../renderer/src/clipboard-cells';

/** What Review's grid makes of text pasted onto it, as a spreadsheet puts it on the clipboard. */
describe('cells pasted from a spreadsheet', () => {
  it('reads a block copied in Excel: tab-separated lines, a line break after the last', () => {
    expect(clipboardCells('4821888946\tisla.murray@example.net\r\n4822047325\tava.thompson@example.org\r\n')).toEqual([
      ['4821888946', 'isla.murray@example.net'],
      ['4822047325', 'ava.thompson@example.org'],
    ]);
    // One column of three, LibreOffice's plain line breaks; an empty cell among them stays a cell.
    expect(clipboardCells('Business Admin L2\n\nBusiness Admin L3\n')).toEqual([['Business Admin L2'], [''], ['Business Admin L3']]);
  });

  it('keeps a quoted cell whole: its line break, its tab and its doubled quotes', () => {
    expect(clipboardCells('"12 High St\nLeeds"\tLS1 1AA\r\n"Says ""hi""\tthere"\tx\r\n')).toEqual([
      ['12 High St\nLeeds', 'LS1 1AA'],
      ['Says "hi"\tthere', 'x'],
    ]);
  });

  it('takes text with neither tab nor line break as one cell, quotes and all', () => {
    expect(clipboardCells('"Bus Admin" L2')).toEqual([['"Bus Admin" L2']]);
    expect(clipboardCells('O\'Brien\r\n')).toEqual([["O'Brien"]]);
    expect(clipboardCells('')).toEqual([['']]);
  });

  it('gives every row the block\'s width: a ragged copy is padded with empty cells', () => {
    expect(clipboardCells('a\tb\tc\r\nd\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['d', '', ''],
    ]);
  });

  it('fits a block to the rows and columns from the active cell, and says what fell past the edge', () => {
    const block = [
      ['a', 'b', ''],
      ['c', 'd', ''],
      ['', '', ''],
    ];
    // Two rows and two columns left: the empty row and column past them are no loss, and nothing is said.
    expect(pasteFit(block, 2, 2)).toEqual({ rows: 2, columns: 2, rowsLeftOut: 0, columnsLeftOut: 0 });
    expect(pasteLeftOutText(pasteFit(block, 2, 2))).toBeNull();
    const fit = pasteFit(block, 1, 1);
    expect(fit).toEqual({ rows: 1, columns: 1, rowsLeftOut: 1, columnsLeftOut: 1 });
    expect(pasteLeftOutText(fit)).toBe("Not all the copied cells fitted: 1 row past the grid's last row and 1 column past its last column were left out. The rest was pasted.");
    expect(pasteLeftOutText(pasteFit([['a'], ['b'], ['c']], 1, 5))).toBe("Not all the copied cells fitted: 2 rows past the grid's last row were left out. The rest was pasted.");
    expect(pasteLeftOutText(pasteFit([['a', 'b']], 1, 1))).toBe('Not all the copied cells fitted: 1 column past its last column was left out. The rest was pasted.');
  });
});

/** What Review's grid puts on the clipboard for a block selected: what Excel would, and what the grid reads back. */
describe('cells copied from the grid', () => {
  it('writes tab-separated lines, each ended by a line break, as Excel copies a block', () => {
    expect(copiedText([['4821888946', 'isla.murray@example.net'], ['4822047325', '']])).toBe('4821888946\tisla.murray@example.net\r\n4822047325\t\r\n');
  });

  it('quotes a cell holding a tab, a line break or a quote, its quotes doubled, and reads back as it was', () => {
    const block = [['Flat 2\n10 High Street', 'say "hello"'], ['a\tb', 'plain']];
    const text = copiedText(block);
    expect(text).toBe('"Flat 2\n10 High Street"\t"say ""hello"""\r\n"a\tb"\tplain\r\n');
    expect(clipboardCells(text)).toEqual(block);
  });
});
