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
