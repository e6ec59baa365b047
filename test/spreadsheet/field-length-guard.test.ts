import { describe, expect, it } from 'vitest';
import { FieldTooLong, guardFieldLengths, RowTooWide } from '../../main/spreadsheet/field-length-guard';

/** Runs the guard over the text cut into pieces of the given size; what it stopped at, or 'passed'. */
async function guard(text: string, pieceSize = text.length, limits = { cellCharacters: 100, columns: 50 }): Promise<string> {
  async function* pieces() {
    for (let at = 0; at < text.length; at += pieceSize) yield text.slice(at, at + pieceSize);
  }
  let passed = '';
  try {
    for await (const piece of guardFieldLengths(pieces(), ',', limits)) passed += piece;
  } catch (error) {
    if (error instanceof FieldTooLong) return `long ${error.field.row}${error.field.column}`;
    if (error instanceof RowTooWide) return `wide ${error.row}`;
    throw error;
  }
  expect(passed).toBe(text);
  return 'passed';
}

const ordinaryLines = (count: number, newline: string) => Array.from({ length: count }, (_, i) => `Learner ${i},Smith,${i}${newline}`).join('');

describe('the field-length guard, on files of many ordinary lines', () => {
  it('lets an ordinary file through whole, however it is cut into pieces', async () => {
    const text = `Forename,Surname,Ref\r\n${ordinaryLines(500, '\r\n')}Amelia,"two\r\nlines",x\r\n${ordinaryLines(500, '\n')}`;
    for (const size of [text.length, 4096, 97, 7, 1]) expect(await guard(text, size)).toBe('passed');
  });

  it('finds a long cell after thousands of short lines, on the row Excel shows', async () => {
    const text = `${ordinaryLines(2_000, '\r\n')}Oliver,${'x'.repeat(101)}\r\n`;
    for (const size of [text.length, 1000, 13]) expect(await guard(text, size)).toBe('long 2001B');
  });

  it('follows a quoted cell made of many short lines, each of which alone looks ordinary', async () => {
    const quoted = `"${'ab\r\n'.repeat(30)}"`; // 120 characters in one cell, over 30 lines
    const text = `${ordinaryLines(10, '\n')}Oliver,${quoted},after\n`;
    for (const size of [text.length, 50, 3]) expect(await guard(text, size)).toBe('long 11B');
  });

  it('does not count the lines inside quotes as rows', async () => {
    const text = `Amelia,"one\ntwo\nthree",x\n${ordinaryLines(3, '\n')}Oliver,${'y'.repeat(101)}\n`;
    expect(await guard(text)).toBe('long 5B');
  });

  it('counts a line ended by a lone CR as a row, as a CR LF or an LF', async () => {
    const text = `a,b\rc,d\r\ne,f\ng,${'z'.repeat(101)}\n`;
    for (const size of [text.length, 4, 1]) expect(await guard(text, size)).toBe('long 4B');
  });

  it('passes over lines whose quoted values close on them, and still follows one that carries on', async () => {
    const quotedLines = (count: number) => Array.from({ length: count }, (_, i) => `Learner ${i},"Smith, Jr","said ""hi"", then left",""\r\n`).join('');
    const after = (tail: string) => `${quotedLines(300)}${ordinaryLines(5, '\r\n')}${tail}`;
    for (const size of [4096, 61, 1]) {
      expect(await guard(after(`Oliver,${'x'.repeat(101)}\r\n`), size)).toBe('long 306B');
      // An odd quote after a closing one ("x"y), or a value not closed on its line: the lines after are inside it.
      expect(await guard(after(`Oliver,"x"y,"open\r\n${'ab\r\n'.repeat(30)}"\r\nlast,row\r\n`), size)).toBe('long 306C');
      expect(await guard(after(`Oliver,"open, ${'ab\r\n'.repeat(30)}",z\r\nlast,${'y'.repeat(101)}\r\n`), size)).toBe('long 306B');
      expect(await guard(after(`Oliver,"two\r\nlines",z\r\nlast,${'y'.repeat(101)}\r\n`), size)).toBe('long 307B');
    }
  });

  it('stops a row with too many columns after short lines', async () => {
    const text = `${ordinaryLines(100, '\n')}${Array.from({ length: 60 }, () => 'a').join(',')}\n`;
    expect(await guard(text)).toBe('wide 101');
  });

  it('stops a row with too many columns that is shorter than the cell limit', async () => {
    const text = `a,b\n${',,,,,,'}\n`;
    expect(await guard(text, text.length, { cellCharacters: 100, columns: 5 })).toBe('wide 2');
  });
});
