import { describe, expect, it } from 'vitest';
import { ReadingMemo } from '../../shared/reading-memo';
import { foldedHash, spanHash, textHash } from '../../shared/text-hash';

/**
 * A column's memo reads each distinct text once. The empty text too: its hash is the
 * hash's starting value, which once was a number above 2^31 that the memo's Int32Array
 * kept as another, so every empty cell of a repeating column (a class left blank on
 * half the rows) was read again and kept as a new text, and the column could be judged
 * not to repeat.
 */
describe('a column\'s memo', () => {
  it('reads each distinct text once, the empty text included, in cells and in spans of a line', () => {
    const memo = new ReadingMemo<string>((reading) => reading);
    const reads: string[] = [];
    const readText = (text: string) => {
      reads.push(text);
      return text.toUpperCase();
    };
    for (const text of ['', 'Business Admin L2', '', '', 'Business Admin L2', '']) memo.read(text, readText);
    const line = 'BA24001,,Business Admin L2,';
    expect(memo.readSpan(line, 8, 8, readText)).toBe('');
    expect(memo.readSpan(line, 9, 26, readText)).toBe('BUSINESS ADMIN L2');
    expect(memo.readSpan(line, 27, 27, readText)).toBe('');
    expect(reads).toEqual(['', 'Business Admin L2']);
    expect(memo.readings).toEqual(['', 'BUSINESS ADMIN L2']);
  });

  it('hashes as a 32-bit integer, whatever the text', () => {
    for (const text of ['', 'a', 'Business Admin L2', 'Zoé', 'x'.repeat(1000)]) {
      const hash = textHash(text);
      expect(hash).toBe(hash | 0);
      expect(spanHash(`,${text},`, 1, text.length + 1)).toBe(hash);
      expect(foldedHash(text)).toBe(foldedHash(text) | 0);
    }
  });
});
