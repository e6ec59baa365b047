/**
 * Dates as spreadsheets write them, read into calendar dates `YYYY-MM-DD`.
 *
 * UK providers write day first, so `03/04/2001` is 3 April. A file exported with US
 * settings (month first) cannot be told apart row by row, so reading is never guessed
 * per value: `detectDateOrder` looks at a whole column, and the caller raises a file
 * issue when some value only makes sense month-first (04/23/2001).
 *
 * Everything here is a pure function of its arguments; "today" is a parameter.
 */

import { cleanText } from './normalise';

export type DateOrder = 'dmy' | 'mdy';

/** A date of birth (a 2-digit year is always in the past) or any other date. */
export type DateKind = 'birth' | 'event';

export interface DateReadOptions {
  /** Calendar date the reading is made on, `YYYY-MM-DD`: decides 2-digit years. */
  today: string;
  /** How `nn/nn/yyyy` is read; UK day-first unless the user says otherwise. */
  order?: DateOrder;
  kind?: DateKind;
  /** Excel serial numbers count from 1904 (old Mac workbooks) instead of 1900. */
  epoch1904?: boolean;
}

export type DateReading =
  | { ok: true; iso: string }
  | { ok: false; problem: 'format' | 'impossible'; message: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

const NUMERIC_DATE =
  /^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?)?$/;
const ISO_DATE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T\s].*)?$/;
const COMPACT_ISO = /^(\d{4})(\d{2})(\d{2})$/;
const DAY_MONTH_NAME = /^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([a-z]+)\.?,?[\s\-/.]+(\d{4}|\d{2})$/i;
const MONTH_NAME_DAY = /^(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
const SERIAL = /^\d{1,5}(?:\.\d+)?$/;

/** The last day Excel can show, 31/12/9999. */
const LAST_SERIAL = 2958465;
const DAY_MS = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "2001-04-03" → "03/04/2001": how dates are shown back to a UK user. */
export function ukDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

function monthFromName(name: string): number | null {
  const lower = name.toLowerCase();
  if (lower.length < 3) return null;
  const index = lower === 'sept' ? 8 : MONTHS.indexOf(lower.slice(0, 3));
  if (index < 0) return null;
  if (lower.length > 3 && lower !== 'sept' && !MONTH_NAMES[index].startsWith(lower)) return null;
  return index + 1;
}

/**
 * A 2-digit year in full. A date of birth is always in the past (`05` is 2005 only if
 * that date has happened, else 1905). Other dates fall in a window from 69 years back
 * to 30 years ahead of today.
 */
export function fullYear(twoDigits: number, month: number, day: number, kind: DateKind, today: string): number {
  const thisYear = Number(today.slice(0, 4));
  const recent = 2000 + twoDigits;
  if (kind === 'birth') return isoDate(recent, month, day) <= today ? recent : 1900 + twoDigits;
  return recent > thisYear + 30 ? 1900 + twoDigits : recent;
}

/**
 * An Excel serial day number as a date. In the 1900 system, serial 1 is 1 Jan 1900 and
 * Excel counts a 29 Feb 1900 that never was (serial 60, kept for Lotus 1-2-3), so
 * serials from 61 on are one day ahead of a plain count and 60 itself is no date.
 * The fraction (time of day) is dropped.
 */
export function excelSerialToIso(serial: number, epoch1904 = false): string | null {
  const day = Math.floor(serial);
  if (!Number.isFinite(day) || day < (epoch1904 ? 0 : 1) || day > LAST_SERIAL) return null;
  if (!epoch1904 && day === 60) return null;
  const base = epoch1904 ? Date.UTC(1904, 0, 1) : day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(base + day * DAY_MS).toISOString().slice(0, 10);
}

function checked(year: number, month: number, day: number, text: string): DateReading {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return {
      ok: false,
      problem: 'impossible',
      message: `"${text}" is not a date that exists: check the day and the month`,
    };
  }
  return { ok: true, iso: isoDate(year, month, day) };
}

const FORMAT_HELP = 'write it as dd/mm/yyyy, e.g. 03/04/2001';

/**
 * Reads one date cell: UK `dd/mm/yyyy`, `d/m/yy`, `dd-mm-yyyy`, `dd.mm.yyyy`; ISO
 * `yyyy-mm-dd` (a time after it is ignored); `3 Apr 2001`, `03-Apr-01`, `3rd April 2001`,
 * `April 3, 2001`; an Excel serial number (36984). A time of day after a date is
 * ignored: the date is the calendar date as written.
 */
export function readDate(value: string, options: DateReadOptions): DateReading {
  const text = cleanText(value);
  const kind = options.kind ?? 'event';
  const order = options.order ?? 'dmy';

  let match = NUMERIC_DATE.exec(text);
  if (match) {
    const first = Number(match[1]);
    const second = Number(match[3]);
    const [day, month] = order === 'dmy' ? [first, second] : [second, first];
    const year = match[4].length === 2 ? fullYear(Number(match[4]), month, day, kind, options.today) : Number(match[4]);
    return checked(year, month, day, text);
  }
  match = ISO_DATE.exec(text) ?? COMPACT_ISO.exec(text);
  if (match) {
    const parts = match.length === 5 ? [match[1], match[3], match[4]] : [match[1], match[2], match[3]];
    return checked(Number(parts[0]), Number(parts[1]), Number(parts[2]), text);
  }
  match = DAY_MONTH_NAME.exec(text);
  if (match) {
    const month = monthFromName(match[2]);
    if (month !== null) {
      const day = Number(match[1]);
      const year = match[3].length === 2 ? fullYear(Number(match[3]), month, day, kind, options.today) : Number(match[3]);
      return checked(year, month, day, text);
    }
  }
  match = MONTH_NAME_DAY.exec(text);
  if (match) {
    const month = monthFromName(match[1]);
    if (month !== null) return checked(Number(match[3]), month, Number(match[2]), text);
  }
  if (/^\d{4}$/.test(text) && Number(text) >= 1900 && Number(text) <= 2100) {
    return { ok: false, problem: 'format', message: `"${text}" is a year, not a full date: ${FORMAT_HELP}` };
  }
  if (SERIAL.test(text)) {
    const iso = excelSerialToIso(Number(text), options.epoch1904);
    if (iso) return { ok: true, iso };
    return { ok: false, problem: 'impossible', message: `"${text}" is not an Excel date number that exists` };
  }
  return { ok: false, problem: 'format', message: `"${text}" is not a date the importer can read: ${FORMAT_HELP}` };
}

export interface DateOrderEvidence {
  /**
   * 'dmy': some value only reads day-first (23/04/2001) and none only month-first;
   * 'mdy': the opposite (04/23/2001); 'mixed': both kinds are present; 'unknown':
   * every nn/nn value reads either way (or there are none).
   */
  order: DateOrder | 'mixed' | 'unknown';
  /** Indexes into the values given, of values that only read day-first. */
  dayFirst: number[];
  /** Indexes of values that only read month-first. */
  monthFirst: number[];
}

/**
 * Looks at a column of date cells for proof of their order: a first number above 12
 * proves day-first, a second number above 12 proves month-first. Values in other
 * formats (ISO, month names, serials) say nothing and are skipped.
 */
export function detectDateOrder(values: readonly string[]): DateOrderEvidence {
  const witness = new DateOrderWitness();
  values.forEach((value, index) => witness.note(index, value));
  return witness.evidence();
}

/** Each distinct text is judged once, up to this many texts (a column repeats its dates, start dates above all). */
const MOST_VERDICTS_KEPT = 50_000;

/**
 * Collects `detectDateOrder`'s evidence one value at a time, so a pass that reads a
 * column's cells anyway (mapping a table) can collect it on the way.
 */
export class DateOrderWitness {
  private readonly dayFirst = new IndexList();
  private readonly monthFirst = new IndexList();
  private readonly verdicts = new Map<string, DateOrderShown>();

  note(index: number, value: string): void {
    let verdict = this.verdicts.get(value);
    if (verdict === undefined) {
      verdict = dateOrderShownBy(value);
      if (this.verdicts.size < MOST_VERDICTS_KEPT) this.verdicts.set(value, verdict);
    }
    this.noteVerdict(index, verdict);
  }

  /** For a caller that judged the value itself (once per distinct text, with `dateOrderShownBy`). */
  noteVerdict(index: number, verdict: DateOrderShown): void {
    if (verdict === 'day') this.dayFirst.push(index);
    else if (verdict === 'month') this.monthFirst.push(index);
  }

  evidence(): DateOrderEvidence {
    const dayFirst = this.dayFirst.toArray();
    const monthFirst = this.monthFirst.toArray();
    const order =
      dayFirst.length > 0 && monthFirst.length > 0
        ? 'mixed'
        : monthFirst.length > 0
          ? 'mdy'
          : dayFirst.length > 0
            ? 'dmy'
            : 'unknown';
    return { order, dayFirst, monthFirst };
  }
}

/**
 * Row indexes noted one at a time. A column of 100,000 dates has tens of thousands
 * that read only day first: grown in a typed array, the copies left behind as it grows
 * are freed at once, where an array's would wait in the old generation.
 */
class IndexList {
  private indexes = new Int32Array(16);
  private count = 0;

  push(index: number): void {
    if (this.count === this.indexes.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.indexes);
      this.indexes = grown;
    }
    this.indexes[this.count++] = index;
  }

  toArray(): number[] {
    return Array.prototype.slice.call(this.indexes, 0, this.count) as number[];
  }
}

/** What one value proves about the date order: see `dateOrderShownBy`. */
export type DateOrderShown = 'day' | 'month' | null;

/**
 * 'day' when the value only reads day-first, 'month' when only month-first, else null.
 * A value that is a real date neither way (31/02/2005: no month 31, no 31 February) is a
 * mistyped date and proves nothing.
 */
export function dateOrderShownBy(value: string): DateOrderShown {
  const match = NUMERIC_DATE.exec(cleanText(value));
  if (!match) return null;
  const first = Number(match[1]);
  const second = Number(match[3]);
  // A two-digit year's leap years are this century's (only 00 differs, and only on 29 February).
  const year = match[4].length === 4 ? Number(match[4]) : 2000 + Number(match[4]);
  if (first > 12 && second >= 1 && second <= 12 && first <= daysInMonth(year, second)) return 'day';
  if (second > 12 && first >= 1 && first <= 12 && second <= daysInMonth(year, first)) return 'month';
  return null;
}

/** Whole years between a date of birth and a later date (both `YYYY-MM-DD`). */
export function ageOn(dob: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dob.slice(0, 4));
  return on.slice(5) < dob.slice(5) ? years - 1 : years;
}
