/**
 * The plainest forms of the cells that do not repeat (a ULN, an email address, a National
 * Insurance number, a UK phone number, an MIS or OneFile ID), checked by a loop: a pass over 100,000 rows reads
 * these columns cell by cell, and a cell in its plainest form needs none of the general
 * clean-up, which would give it back unchanged (see ./validators; each is tested against
 * the general way in test/shared/reader-shortcuts.test.ts).
 */

/** A digit, 0 to 9. */
function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Ten digits, the first not 0, the last the check digit of the nine before it. */
export function isPlainValidUln(raw: string): boolean {
  if (raw.length !== 10 || raw.charCodeAt(0) === 0x30) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const code = raw.charCodeAt(i);
    if (!isDigit(code)) return false;
    sum += (code - 0x30) * (10 - i);
  }
  const remainder = sum % 11;
  return remainder !== 0 && isDigit(raw.charCodeAt(9)) && 10 - remainder === raw.charCodeAt(9) - 0x30;
}

const isLowerAlnum = (code: number) => (code >= 0x61 && code <= 0x7a) || isDigit(code);

/**
 * An address in the plainest form (lower-case letters, digits, and . _ + - before the @;
 * letters, digits, inner hyphens and dots after it, ending in two or more letters):
 * nothing for `normaliseEmail` to change, and valid as `isValidEmail` checks.
 */
export function isPlainEmail(raw: string): boolean {
  const at = raw.indexOf('@');
  if (at <= 0 || raw.charCodeAt(0) === 0x2e || raw.charCodeAt(at - 1) === 0x2e) return false;
  for (let i = 0; i < at; i++) {
    const code = raw.charCodeAt(i);
    if (isLowerAlnum(code) || code === 0x5f || code === 0x2b || code === 0x2d) continue;
    // A dot, never two together.
    if (code !== 0x2e || raw.charCodeAt(i + 1) === 0x2e) return false;
  }
  let labelStart = at + 1;
  let labels = 0;
  for (let i = labelStart; i <= raw.length; i++) {
    const code = i === raw.length ? 0x2e : raw.charCodeAt(i);
    if (code === 0x2e) {
      // A label: not empty, not starting or ending with a hyphen.
      if (i === labelStart || raw.charCodeAt(labelStart) === 0x2d || raw.charCodeAt(i - 1) === 0x2d) return false;
      labels++;
      labelStart = i + 1;
    } else if (!isLowerAlnum(code) && code !== 0x2d) return false;
  }
  const tld = raw.lastIndexOf('.') + 1;
  if (labels < 2 || raw.length - tld < 2) return false;
  for (let i = tld; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 0x61 || code > 0x7a) return false;
  }
  return true;
}

/** Two capitals, six digits and a capital: nothing for `normaliseNino` to change. */
export function isPlainNino(raw: string): boolean {
  if (raw.length !== 9) return false;
  for (let i = 0; i < 9; i++) {
    const code = raw.charCodeAt(i);
    if (i >= 2 && i <= 7 ? !isDigit(code) : code < 0x41 || code > 0x5a) return false;
  }
  return true;
}

/** A UK number of 10 or 11 digits starting 0 (not 00), single spaces between digits allowed: the digits, or undefined. */
export function plainUkPhone(raw: string): string | undefined {
  let digits = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (isDigit(code)) digits++;
    else if (code !== 0x20 || i === 0 || i === raw.length - 1 || raw.charCodeAt(i - 1) === 0x20) return undefined;
  }
  if (digits < 10 || digits > 11) return undefined;
  const phone = digits === raw.length ? raw : raw.replaceAll(' ', '');
  return phone.charCodeAt(0) === 0x30 && phone.charCodeAt(1) !== 0x30 ? phone : undefined;
}

/** Letters HMRC never uses in a NINO's prefix, by position, and prefixes never issued (as ./validators' `ninoProblem`). */
const NEVER_FIRST = 'DFIQUV';
const NEVER_SECOND = 'DFIOQUV';
const NEVER_PREFIX = ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'];

/** A plain NI number (see `isPlainNino`) that can be real: a prefix issued, the last letter A-D. */
function isPlainValidNino(raw: string): boolean {
  if (!isPlainNino(raw)) return false;
  const last = raw.charCodeAt(8);
  if (last < 0x41 || last > 0x44) return false;
  if (NEVER_FIRST.includes(raw[0]) || NEVER_SECOND.includes(raw[1])) return false;
  return !NEVER_PREFIX.includes(raw.slice(0, 2));
}

/** An ID (MIS ID, OneFile ID) of printable characters with no space, no decimal point and no # in front: read as written. */
function isPlainReference(raw: string): boolean {
  if (raw === '' || raw.charCodeAt(0) === 0x23) return false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f || code === 0x2e) return false;
  }
  return true;
}

/**
 * The kinds of cell with a plain form: each gives the value its general reading would,
 * with no problem (its clean-up and Excel-error check included), or undefined.
 */
export const PLAIN_READERS = {
  email: (raw: string) => (isPlainEmail(raw) ? raw : undefined),
  uln: (raw: string) => (isPlainValidUln(raw) ? raw : undefined),
  nino: (raw: string) => (isPlainValidNino(raw) ? raw : undefined),
  phone: plainUkPhone,
  reference: (raw: string) => (isPlainReference(raw) ? raw : undefined),
} as const satisfies Record<string, (raw: string) => string | undefined>;
