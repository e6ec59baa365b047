/**
 * Text clean-up shared by mapping and validation. Spreadsheets carry invisible
 * characters (non-breaking spaces from web pages, zero-width spaces, BOMs pasted into
 * cells): a value is cleaned before anything compares or checks it, so "Smith\u00a0"
 * and "Smith" are the same learner.
 */

import { ROLE_IDS, type RoleKey } from './fields';

/** Zero-width and BOM characters that JavaScript's `\s` does not count as space. */
const INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g;
/** Every Unicode space (NBSP, thin space, ideographic space...) and line breaks. */
const ANY_SPACE = /\s+/gu;
/**
 * Whether `cleanText` could change the text: a character outside printable ASCII, two
 * spaces running, a space at either end. A loop, not a regular expression: every cell
 * of a file is asked, and most are a few plain characters.
 */
function needsCleaning(value: string): boolean {
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x20) {
      if (i === 0 || i === last || value.charCodeAt(i + 1) === 0x20) return true;
    } else if (code < 0x20 || code > 0x7e) return true;
  }
  return false;
}

/** Trims every kind of space, drops invisible characters and collapses inner runs to one space. */
export function cleanText(value: string): string {
  // Most cells are plain printable ASCII with single inner spaces: nothing to clean.
  if (!needsCleaning(value)) return value;
  return value.replace(INVISIBLE, '').replace(ANY_SPACE, ' ').trim();
}

/**
 * Like `cleanText` but keeps line breaks (one per line, each line cleaned, blank lines
 * dropped): addresses and lists use them as separators.
 */
export function cleanMultiline(value: string): string {
  return value
    .replace(INVISIBLE, '')
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map(cleanText)
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * A header reduced to lower-case letters and digits, so "E-mail", "EMAIL", "Learner_Ref",
 * "Learner Ref.", "First name(s)" and "Date of Birth\u00a0" compare by their words alone.
 * Accents are dropped and "#" reads as "no" ("Learner #" is "Learner No").
 */
export function normaliseHeader(header: string): string {
  return cleanText(header)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/#/g, 'no')
    .replace(/[^a-z0-9]/g, '');
}

/** "o'BRIEN-smith" → "O'Brien-Smith". Used only where a caller asks for it. */
export function titleCase(value: string): string {
  return cleanText(value)
    .toLowerCase()
    .replace(/(^|[\s'\-’(])(\p{L})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase());
}

/**
 * Trimmed, lower-case, without a pasted "mailto:" prefix, a name before it in brackets,
 * or the full stop or comma of the sentence it was copied from ("ann@example.com."): no
 * address ends in one. Inner spaces stay (and fail validation).
 */
export function normaliseEmail(value: string): string {
  const text = cleanText(value);
  const last = text.charCodeAt(text.length - 1);
  // "Ann Lee <ann@example.com>", as an address copied from Outlook is written: the address is in the brackets.
  let address = last === 0x3e ? (/^[^<>]*<([^<>]+)>$/.exec(text)?.[1].trim() ?? text) : text;
  if (last === 0x2e || last === 0x2c || last === 0x3b) address = address.replace(/[.,;]+$/, '');
  return address.replace(/^mailto:/i, '').toLowerCase();
}

/** Digits only, so "123 456 7890" and Excel's "1234567890.0" are both read. */
export function normaliseUln(value: string): string {
  const text = cleanText(value).replace(/\.0+$/, '');
  return /^[\d\s-]+$/.test(text) ? text.replace(/[\s-]/g, '') : text;
}

/**
 * A MIS ID as compared: spaces tidied, capitals ignored, and one of digits alone without
 * the zeros at its front: Excel drops them from a number, so a file saved through it has
 * 123 for the MIS's 000123. Two IDs differing only so are one person's (an MIS keeps its
 * IDs one width): a row matching a learner OneFile holds, two rows of one file, a member
 * of staff a row names. An ID with a letter in it is compared as written (A0123 is not A123).
 */
export function misidKey(value: string): string {
  const text = cleanText(value).toLowerCase();
  return text.slice(misidKeyStart(text, 0, text.length));
}

/**
 * Where `misidKey`'s part of the MIS ID `text.slice(start, end)` starts: past the zeros
 * at its front when it is digits alone (the last digit kept: 000 is 0), else at `start`.
 * Without a slice, so a cell read where it stands (see PackedRow) is hashed as its key.
 */
export function misidKeyStart(text: string, start: number, end: number): number {
  let firstNotZero = -1;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return start;
    if (firstNotZero < 0 && code !== 0x30) firstNotZero = i;
  }
  return firstNotZero >= 0 ? firstNotZero : Math.max(start, end - 1);
}

/** Upper case without spaces: "qq 12 34 56 c" → "QQ123456C". */
export function normaliseNino(value: string): string {
  return cleanText(value).replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Light phone clean-up: spaces, dashes, dots and brackets go, "0044" becomes "+44",
 * "+44 (0)7700..." loses its "(0)", and a 10-digit number Excel stripped of its leading
 * zero ("7700900123") gets it back. Anything else is left as typed.
 */
export function normalisePhone(value: string): string {
  const text = cleanText(value);
  if (!/^[\d\s\-().+/]+$/.test(text)) return text;
  let phone = text.replace(/\(0\)/g, '').replace(/[\s\-().\/]/g, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  if (/^[1-9]\d{9}$/.test(phone)) phone = `0${phone}`;
  return phone;
}

/** "Male"/"M" → "M", "Female"/"F" → "F"; anything else as typed (OneFile's L13). */
export function normaliseSex(value: string): string {
  const text = cleanText(value);
  const lower = text.toLowerCase();
  if (lower === 'm' || lower === 'male') return 'M';
  if (lower === 'f' || lower === 'female') return 'F';
  return text;
}

/** How list items are written back into one cell: `splitList` reads it back unchanged. */
export const LIST_JOINER = '; ';

/** A code or ID, e.g. ST0070, KS_COMM1, 60312345, R/502/1234: no spaces. */
const CODE_LIKE = /^[A-Za-z0-9][A-Za-z0-9_.\-/]*$/;

export interface ListReading {
  items: string[];
  /** True when the value has commas that were kept inside one item (a title, not a list). */
  commaKept: boolean;
}

/**
 * Splits a Standards or Units cell into items.
 *
 * Standard and unit titles contain commas ("Business Administrator, Level 3"), so the
 * separators are `;`, `|` and new lines. A comma separates only when none of those is
 * present AND every comma-separated piece looks like a code or ID ("ST0070, ST0071");
 * otherwise the commas are taken as part of one title and `commaKept` says so, so the
 * caller can warn. Items are trimmed; empty and repeated items (ignoring case) dropped.
 */
export function readList(value: string): ListReading {
  const text = cleanMultiline(value);
  let pieces: string[];
  let commaKept = false;
  if (/[;|\n]/.test(text)) {
    pieces = text.split(/[;|\n]/);
    commaKept = pieces.some((piece) => piece.includes(','));
  } else if (text.includes(',')) {
    const byComma = text.split(',').map(cleanText).filter((piece) => piece !== '');
    if (byComma.every((piece) => CODE_LIKE.test(piece))) {
      pieces = byComma;
    } else {
      pieces = [text];
      commaKept = true;
    }
  } else {
    pieces = [text];
  }
  const seen = new Set<string>();
  const items: string[] = [];
  for (const piece of pieces) {
    const item = cleanText(piece);
    const key = item.toLowerCase();
    if (item === '' || seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return { items, commaKept };
}

/** The items of a list cell (see `readList` for the separator rules). */
export function splitList(value: string): string[] {
  return readList(value).items;
}

const ROLE_WORDS: Record<string, RoleKey | 'ambiguous'> = {
  learner: 'learner',
  apprentice: 'learner',
  student: 'learner',
  traineeassessor: 'trainee-assessor',
  assessor: 'assessor',
  tutor: 'assessor',
  trainer: 'assessor',
  coach: 'assessor',
  skillscoach: 'assessor',
  learningcoach: 'assessor',
  iqa: 'iqa',
  iv: 'iqa',
  iviqa: 'iqa',
  internalverifier: 'iqa',
  internalqualityassurer: 'iqa',
  employer: 'employer',
  employeruser: 'employer',
  employercontact: 'employer',
  linemanager: 'employer',
  workplacemanager: 'employer',
  observer: 'observer',
  // "Manager" may be a workplace line manager (an Employer user) or a centre manager,
  // which the API cannot create: the importer will not guess.
  manager: 'ambiguous',
  centremanager: 'ambiguous',
};

const ROLE_BY_ID = new Map<number, RoleKey>(
  (Object.entries(ROLE_IDS) as Array<[RoleKey, number]>).map(([key, id]) => [id, key]),
);

/**
 * Reads a Role cell: OneFile's numbers (1, 4, 5, 10, 40, 45) or names, including the
 * words providers use (Apprentice, Student, Tutor, Skills Coach, IV, Internal Verifier,
 * Line Manager). Tutors, trainers and coaches are OneFile assessors. Returns null for
 * an unknown value and 'ambiguous' for "Manager".
 */
export function parseRole(value: string): RoleKey | 'ambiguous' | null {
  const text = cleanText(value);
  if (/^\d+(\.0+)?$/.test(text)) return ROLE_BY_ID.get(Number(text)) ?? null;
  return ROLE_WORDS[normaliseHeader(text)] ?? null;
}
