import { describe, expect, it } from 'vitest';
import { normaliseEmail, normaliseNino } from '../../shared/normalise';
import { isValidEmail, ninoProblem, readFieldValue } from '../../shared/validators';

/**
 * The quick ways an email address and a National Insurance number are read (most cells are
 * in the plainest form, and 100,000 rows ask each) must give exactly what the general way
 * gives: checked here on many made-up cells, plain, nearly plain and not plain at all.
 */

/** A small, repeatable random sequence (the same cells every run). */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function cellsFrom(alphabet: string, count: number, longest: number, seed: number, plain: (random: () => number) => string): string[] {
  const random = randomFrom(seed);
  const pick = (text: string) => text[Math.floor(random() * text.length)];
  const cells: string[] = [];
  for (let n = 0; n < count; n++) {
    if (n % 3 === 0) {
      cells.push(plain(random));
      continue;
    }
    // A plain cell with a few characters changed, or text from the alphabet alone.
    const base = n % 3 === 1 ? plain(random) : '';
    const chars = [...base];
    const changes = 1 + Math.floor(random() * 3);
    for (let c = 0; c < changes || chars.length === 0; c++) {
      const at = Math.floor(random() * (chars.length + 1));
      if (random() < 0.5 && chars.length > 0) chars[Math.min(at, chars.length - 1)] = pick(alphabet);
      else chars.splice(at, 0, pick(alphabet));
      if (chars.length >= longest) break;
    }
    cells.push(chars.join(''));
  }
  return cells;
}

const options = { today: '2025-06-15' };

describe('an email address read the quick way', () => {
  const word = (random: () => number, letters: string, length: number) => Array.from({ length }, () => letters[Math.floor(random() * letters.length)]).join('');
  const plainEmail = (random: () => number) =>
    `${word(random, 'abcxyz019', 1 + Math.floor(random() * 8))}${random() < 0.5 ? `.${word(random, 'mnop_+-', 2)}` : ''}@${word(random, 'abc-9', 1 + Math.floor(random() * 6))}.${word(random, 'couk', 2 + Math.floor(random() * 3))}`;
  const cells = [
    ...cellsFrom('aZ09@.-_+ ;,<>:\u00a0\u200b!#é', 20_000, 40, 7, plainEmail),
    'ann@example.com', 'Ann@Example.com', 'ann@example.com.', ' ann@example.com', 'mailto:ann@example.com', 'Ann Lee <ann@example.com>',
    'a@b.c', 'a@b.co', 'a.@b.co', '.a@b.co', 'a..b@c.co', 'a@-b.co', 'a@b-.co', 'a@b..co', 'a@b.c0', 'a@b@c.co', '@b.co', 'a@.co', 'a@co',
  ];
  it('gives what normalising and checking the address gives, for every cell', () => {
    let plainSeen = 0;
    for (const raw of cells) {
      const reading = readFieldValue('Email', raw, options);
      if (reading.value === '' && reading.problems.length === 0) continue;
      const value = normaliseEmail(raw);
      // Excel's failed formulas and the words for no value ("-", "N/A") are read as no value before the email's own reading.
      if (reading.problems.some((problem) => problem.code === 'excel-error' || problem.code === 'no-value-word')) continue;
      expect({ raw, value: reading.value }).toEqual({ raw, value });
      expect({ raw, valid: reading.problems.length === 0 }).toEqual({ raw, valid: isValidEmail(value) });
      if (value === raw && isValidEmail(raw)) plainSeen++;
    }
    // The quick way was taken often: the check is of it, not only of the general way.
    expect(plainSeen).toBeGreaterThan(5_000);
  });
});

describe('a National Insurance number checked the quick way', () => {
  /** The check as it was written first, with regular expressions. */
  function ninoProblemByPattern(nino: string): string | null {
    if (!/^[A-Z]{2}\d{6}[A-Z]$/.test(nino)) return 'a National Insurance number is two letters, six digits and a letter A-D, e.g. AB 12 34 56 C';
    const [first, second] = nino;
    const prefix = nino.slice(0, 2);
    if ('DFIQUV'.includes(first) || 'DFIOQUV'.includes(second) || ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix)) return `no National Insurance number starts with ${prefix}`;
    if (!/[A-D]$/.test(nino)) return 'the last letter of a National Insurance number is A, B, C or D';
    return null;
  }
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const plainNino = (random: () => number) => {
    const pick = (text: string) => text[Math.floor(random() * text.length)];
    return `${pick(letters)}${pick(letters)}${Array.from({ length: 6 }, () => pick('0123456789')).join('')}${pick(letters)}`;
  };
  it('says what the patterns say, for every cell', () => {
    for (const raw of [...cellsFrom('AQZab0 9-\u0661٣', 20_000, 14, 11, plainNino), 'QQ123456C', 'AB123456E', 'ZZ123456A', 'AB12345C', 'AB 12 34 56 C']) {
      expect({ raw, problem: ninoProblem(raw) }).toEqual({ raw, problem: ninoProblemByPattern(raw) });
      const value = normaliseNino(raw);
      expect({ raw, problem: ninoProblem(value) }).toEqual({ raw, problem: ninoProblemByPattern(value) });
    }
  });
});
