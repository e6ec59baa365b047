import { OneFileError } from './errors';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date as OneFile wants it: ISO-8601 UTC. A calendar date (`2001-03-04`, e.g. a date
 * of birth) becomes midnight UTC (`2001-03-04T00:00:00.000Z`), never a local time that
 * could shift the day; a full timestamp or Date is sent as its UTC instant. An
 * impossible date (`2001-02-30`) is refused before anything is sent.
 */
export function toOneFileDate(value: string | Date, field: string, endpoint: string): string {
  const invalid = () =>
    new OneFileError({
      kind: 'validation',
      endpoint,
      message: `${field} "${String(value).slice(0, 40)}" is not a real date; write it as YYYY-MM-DD.`,
    });
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid();
    return value.toISOString();
  }
  const trimmed = value.trim();
  const calendar = CALENDAR_DATE.exec(trimmed);
  if (calendar) {
    const [year, month, day] = calendar.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw invalid();
    return date.toISOString();
  }
  // A timestamp must say its offset; one without could be read in local time.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) throw invalid();
  const instant = new Date(trimmed);
  if (Number.isNaN(instant.getTime())) throw invalid();
  return instant.toISOString();
}

/** A copy of `fields` with each named date field converted by `toOneFileDate`. */
export function withOneFileDates<T extends object>(fields: T, dateFields: readonly string[], endpoint: string): T {
  const out = { ...fields } as Record<string, unknown>;
  for (const name of dateFields) {
    const value = out[name];
    if (typeof value === 'string' || value instanceof Date) out[name] = toOneFileDate(value, name, endpoint);
  }
  return out as T;
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (`YYYY-MM-DD`) an instant falls on in the UK, where OneFile's centres are. */
function londonDay(instant: number): string | null {
  if (!Number.isFinite(instant)) return null;
  const parts = Object.fromEntries(LONDON_DAY.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return parts.year && parts.month && parts.day ? `${parts.year}-${parts.month}-${parts.day}` : null;
}

/**
 * The calendar day of a date as OneFile answers it (a date of birth, start date or planned
 * end date), or null when it cannot be read. The guides write `2001-06-04T00:00:00.000Z`,
 * but nothing says every OneFile does [assume]:
 * - `2001-06-04` or `2001-06-04T00:00:00` (no zone: a wall-clock date) is that day;
 * - an instant with `Z` or an offset is the day it falls on in London, so a date kept as
 *   midnight UTC (`2001-06-04T00:00:00Z`) and one kept as midnight in London
 *   (`2001-06-03T23:00:00Z`, summer) both read as 4 June;
 * - `/Date(991612800000)/` (older .NET's JSON) is that instant, read the same way;
 * - `04/06/2001` is day, month, year, as the UK writes it.
 */
export function calendarDayOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso) return iso[3] ? londonDay(Date.parse(text.replace(' ', 'T'))) : realDay(iso[1]);
  const dotNet = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text);
  if (dotNet) return londonDay(Number(dotNet[1]));
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (uk) return realDay(`${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}`);
  return null;
}

function realDay(day: string): string | null {
  const [year, month, date] = day.split('-').map(Number);
  const check = new Date(Date.UTC(year, month - 1, date));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === date ? day : null;
}
