/**
 * The plainest forms of the cells that do not repeat (a ULN, an email address, a National
 * Insurance number, a UK phone number, an MIS or OneFile ID), checked by a loop: a pass
 * over 100,000 rows reads these columns cell by cell, and a cell in its plainest form
 * needs none of the general clean-up, which would give it back unchanged (see
 * ./validators; each is tested against the general way in
 * test/shared/reader-shortcuts.test.ts and test/shared/validators.test.ts).
 *
 * Each check reads the cell `text.slice(start, end)` where it stands: a row kept as one
 * line (see ./packed-row) has its plain cells checked without a string made for each.
 */

/** A digit, 0 to 9. */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Ten digits, the first not 0, the last the check digit of the nine before it. */
function isPlainValidUlnAt(text: string, start: number, end: number): boolean {
  if (end - start !== 10 || text.charCodeAt(start) === 0x30) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const code = text.charCodeAt(start + i);
    if (!isDigit(code)) return false;
    sum += (code - 0x30) * (10 - i);
  }
  const remainder = sum % 11;
  const last = text.charCodeAt(start + 9);
  return remainder !== 0 && isDigit(last) && 10 - remainder === last - 0x30;
}

const isLowerAlnum = (code: number) => (code >= 0x61 && code <= 0x7a) || isDigit(code);

/**
 * An address in the plainest form (lower-case letters, digits, and . _ + - before the @;
 * letters, digits, inner hyphens and dots after it, ending in two or more letters):
 * nothing for `normaliseEmail` to change, and valid as `isValidEmail` checks.
 */
function isPlainEmailAt(text: string, start: number, end: number): boolean {
  const at = text.indexOf('@', start);
  if (at <= start || at >= end || text.charCodeAt(start) === 0x2e || text.charCodeAt(at - 1) === 0x2e) return false;
  for (let i = start; i < at; i++) {
    const code = text.charCodeAt(i);
    if (isLowerAlnum(code) || code === 0x5f || code === 0x2b || code === 0x2d) continue;
    // A dot, never two together.
    if (code !== 0x2e || text.charCodeAt(i + 1) === 0x2e) return false;
  }
  let labelStart = at + 1;
  let labels = 0;
  // Where the last label starts: the top-level domain, two or more letters.
  let tld = labelStart;
  for (let i = labelStart; i <= end; i++) {
    const code = i === end ? 0x2e : text.charCodeAt(i);
    if (code === 0x2e) {
      // A label: not empty, not starting or ending with a hyphen.
      if (i === labelStart || text.charCodeAt(labelStart) === 0x2d || text.charCodeAt(i - 1) === 0x2d) return false;
      labels++;
      tld = labelStart;
      labelStart = i + 1;
    } else if (!isLowerAlnum(code) && code !== 0x2d) return false;
  }
  if (labels < 2 || end - tld < 2) return false;
  for (let i = tld; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x61 || code > 0x7a) return false;
  }
  return true;
}

/** Two capitals, six digits and a capital: nothing for `normaliseNino` to change. */
export function isPlainNino(raw: string): boolean {
  return isPlainNinoAt(raw, 0, raw.length);
}

function isPlainNinoAt(text: string, start: number, end: number): boolean {
  if (end - start !== 9) return false;
  for (let i = 0; i < 9; i++) {
    const code = text.charCodeAt(start + i);
    if (i >= 2 && i <= 7 ? !isDigit(code) : code < 0x41 || code > 0x5a) return false;
  }
  return true;
}

/** Letters HMRC never uses in a NINO's prefix, by position, and prefixes never issued. */
const NEVER_FIRST = 'DFIQUV';
const NEVER_SECOND = 'DFIOQUV';
const NEVER_PREFIX = ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'];

/** Whether a NINO may start with these two letters (./validators' `ninoProblem` asks too). */
export function isIssuedNinoPrefix(first: string, second: string): boolean {
  return !NEVER_FIRST.includes(first) && !NEVER_SECOND.includes(second) && !NEVER_PREFIX.includes(first + second);
}

/** A plain NI number (see `isPlainNino`) that can be real: a prefix issued, the last letter A-D. */
function isPlainValidNinoAt(text: string, start: number, end: number): boolean {
  if (!isPlainNinoAt(text, start, end)) return false;
  const last = text.charCodeAt(start + 8);
  if (last < 0x41 || last > 0x44) return false;
  return isIssuedNinoPrefix(text[start], text[start + 1]);
}

/** A UK number of 10 or 11 digits starting 0 (not 00), single spaces between digits allowed: the digits, or undefined. */
function plainUkPhone(raw: string): string | undefined {
  const digits = plainUkPhoneDigitsAt(raw, 0, raw.length);
  if (digits === 0) return undefined;
  return digits === raw.length ? raw : raw.replaceAll(' ', '');
}

/** How many digits a plain UK number (see `plainUkPhone`) at the span has, or 0 for a cell not in that form. */
function plainUkPhoneDigitsAt(text: string, start: number, end: number): number {
  let digits = 0;
  // The first two digits: 0, then not 0.
  let first = -1;
  let second = -1;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      if (digits === 0) first = code;
      else if (digits === 1) second = code;
      digits++;
    } else if (code !== 0x20 || i === start || i === end - 1 || text.charCodeAt(i - 1) === 0x20) return 0;
  }
  if (digits < 10 || digits > 11) return 0;
  return first === 0x30 && second !== 0x30 ? digits : 0;
}

/** An ID (MIS ID, OneFile ID) of printable characters with no space, no decimal point and no # in front: read as written. */
function isPlainReferenceAt(text: string, start: number, end: number): boolean {
  if (end === start || text.charCodeAt(start) === 0x23) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f || code === 0x2e) return false;
  }
  return true;
}

/** The kinds of cell with a plain form. */
export type PlainKind = 'email' | 'uln' | 'nino' | 'phone' | 'reference';

/**
 * Whether the cell `text.slice(start, end)` is in its kind's plain form: its general
 * reading (clean-up and Excel-error check included) gives a value with no problem, and
 * for every kind but a phone number that value is the cell itself.
 */
export const PLAIN_AT: Record<PlainKind, (text: string, start: number, end: number) => boolean> = {
  email: isPlainEmailAt,
  uln: isPlainValidUlnAt,
  nino: isPlainValidNinoAt,
  phone: (text, start, end) => plainUkPhoneDigitsAt(text, start, end) !== 0,
  reference: isPlainReferenceAt,
};

/** Each kind's plain reading: the value its general reading would give, with no problem, or undefined. */
export const PLAIN_READERS: Record<PlainKind, (raw: string) => string | undefined> = {
  email: (raw) => (isPlainEmailAt(raw, 0, raw.length) ? raw : undefined),
  uln: (raw) => (isPlainValidUlnAt(raw, 0, raw.length) ? raw : undefined),
  nino: (raw) => (isPlainValidNinoAt(raw, 0, raw.length) ? raw : undefined),
  phone: plainUkPhone,
  reference: (raw) => (isPlainReferenceAt(raw, 0, raw.length) ? raw : undefined),
};
