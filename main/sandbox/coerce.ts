import { ERROR_CODE, validationError } from './errors';

/**
 * Reading body values the way a lenient .NET API does: numbers may come as numeric
 * text (form bodies have nothing else), dates as ISO-8601 text. `undefined` means the
 * field was not sent; `null` (or '') means it was sent empty.
 */

export function isBlank(value: unknown): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

export function readInt(value: unknown, field: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (isBlank(value)) return null;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number)) {
    throw validationError(ERROR_CODE.notAWholeNumber, `${field} must be a whole number.`);
  }
  return number;
}

export function readText(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (isBlank(value)) return null;
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function readBool(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0' || text === '') return false;
  return undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO-8601 date or date-time, stored as UTC ISO text. A date without a time is
 * midnight UTC; an offset is honoured, so a local midnight east of UTC lands on the
 * previous day exactly as it would in OneFile.
 */
export function readDate(value: unknown, field: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (isBlank(value)) return null;
  const text = typeof value === 'string' ? value.trim() : '';
  const match = ISO_DATE.exec(text);
  const bad = () => validationError(ERROR_CODE.badDate, `${field} is not a valid date: use ISO-8601, e.g. 2001-03-04T00:00:00.000Z.`);
  if (!match) throw bad();
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = match;
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day)) throw bad();
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) throw bad();
  const hasTime = match[4] !== undefined;
  const parsed = new Date(hasTime && !match[7] ? `${text.replace(' ', 'T')}Z` : hasTime ? text.replace(' ', 'T') : `${text}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) throw bad();
  return parsed.toISOString();
}
