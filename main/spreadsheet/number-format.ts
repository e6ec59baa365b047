/**
 * Numbers as the user sees them in Excel, within reason: dates as calendar dates, the
 * cell's decimals and percentages, zero-padded IDs. Never scientific notation (a ULN of
 * 1234567890 must stay '1234567890') and never thousands separators or currency signs,
 * which would only get in the way of the validators.
 *
 * Dates are computed from the serial number with UTC arithmetic only, so the machine's
 * time zone can never shift a date of birth by a day.
 */
export type FormatShape =
  | { kind: 'general' }
  | { kind: 'date'; date: boolean; time: boolean; seconds: boolean; elapsedHours: boolean }
  | { kind: 'percent'; minDecimals: number; maxDecimals: number }
  | { kind: 'fixed'; minDecimals: number; maxDecimals: number }
  | { kind: 'padded'; width: number };

const msPerDay = 86_400_000;
/** Days between 1899-12-30 (day 0 of the 1900 system, leap-year bug included) and 1970-01-01. */
const unixEpochSerial = 25_569;
/** Days between the 1900 and 1904 systems' day 0. */
const offset1904 = 1_462;

/** The first section of a format, with quoted text, escapes, fills, padding and colours removed. */
function essentials(numFmt: string): string {
  let section = '';
  let inQuotes = false;
  let inBrackets = false;
  for (let i = 0; i < numFmt.length; i++) {
    const ch = numFmt[i];
    if (inQuotes) {
      if (ch === '"') inQuotes = false;
    } else if (ch === '"') inQuotes = true;
    else if (ch === '\\' || ch === '_' || ch === '*') i++;
    else if (ch === ';' && !inBrackets) break;
    else if (ch === '[') {
      inBrackets = true;
      const close = numFmt.indexOf(']', i);
      const inside = numFmt.slice(i + 1, close < 0 ? undefined : close);
      // Elapsed time ([h]:mm) is the only bracket that changes what is shown.
      if (/^(h+|m+|s+)$/i.test(inside)) section += `[${inside.toLowerCase()}]`;
    } else if (ch === ']') inBrackets = false;
    else if (!inBrackets) section += ch;
  }
  return section.replace(/AM\/PM|A\/P/gi, '').replace(/general/gi, '');
}

/**
 * What a format shows, worked out once per format: a sheet has a handful of formats
 * and every number and date cell asks (half a million times in a 100,000-row file).
 */
const shapes = new Map<string, Readonly<FormatShape>>();
const GENERAL: Readonly<FormatShape> = Object.freeze({ kind: 'general' });

export function describeFormat(numFmt: string | undefined): Readonly<FormatShape> {
  if (!numFmt) return GENERAL;
  let shape = shapes.get(numFmt);
  if (!shape) {
    shape = Object.freeze(shapeOf(numFmt));
    // A hostile workbook could declare endless formats; a real one has dozens.
    if (shapes.size < 10_000) shapes.set(numFmt, shape);
  }
  return shape;
}

function shapeOf(numFmt: string): FormatShape {
  const shape = essentials(numFmt);
  if (/[ymdhs]/i.test(shape) && !/[0#?]\s*[eE][+-]/.test(shape)) {
    const time = /[hs]/i.test(shape);
    const date = /[yd]/i.test(shape) || (/m/i.test(shape) && !time);
    return { kind: 'date', date, time, seconds: /s/i.test(shape), elapsedHours: shape.includes('[h') };
  }
  if (/[eE][+-]/.test(shape) || shape.includes('/') || shape.includes('@')) return { kind: 'general' };
  const decimals = /\.([0#?]+)/.exec(shape)?.[1] ?? '';
  const minDecimals = decimals.replace(/[#?]/g, '').length;
  if (shape.includes('%')) return { kind: 'percent', minDecimals, maxDecimals: decimals.length };
  const integerPart = shape.replace(/\..*$/, '').trim();
  if (/^0{2,}$/.test(integerPart) && decimals === '') return { kind: 'padded', width: integerPart.length };
  if (/[0#?]/.test(shape)) return { kind: 'fixed', minDecimals, maxDecimals: decimals.length };
  return { kind: 'general' };
}

/** A number cell's text; `date1904` is the workbook's date system. */
export function formatNumber(value: number, numFmt: string | undefined, date1904: boolean): string {
  if (!Number.isFinite(value)) return '';
  const shape = describeFormat(numFmt);
  switch (shape.kind) {
    case 'date':
      return formatSerial(value, date1904, shape) ?? formatGeneral(value);
    case 'percent':
      return `${formatDecimals(value * 100, shape.minDecimals, shape.maxDecimals)}%`;
    case 'fixed':
      return formatDecimals(value, shape.minDecimals, shape.maxDecimals);
    case 'padded':
      return Number.isInteger(value) && value >= 0 ? formatGeneral(value).padStart(shape.width, '0') : formatGeneral(value);
    default:
      return formatGeneral(value);
  }
}

/** Like Excel's General, but with up to 15 significant digits and never an exponent. */
export function formatGeneral(value: number): string {
  if (Object.is(value, -0)) return '0';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? value.toFixed(0) : BigInt(value).toString();
  const rounded = Number(value.toPrecision(15));
  if (Math.abs(rounded) >= 1e-6) return String(rounded);
  return rounded.toFixed(20).replace(/\.?0+$/, '');
}

/** Rounds half away from zero at `maxDecimals`, as Excel does, and shows at least `minDecimals`. */
function formatDecimals(value: number, minDecimals: number, maxDecimals: number): string {
  const rounded = Math.sign(value) * Number(`${Math.round(Number(`${Math.abs(value)}e${maxDecimals}`))}e-${maxDecimals}`);
  const fixed = (Object.is(rounded, -0) ? 0 : rounded).toFixed(maxDecimals);
  if (maxDecimals === minDecimals) return fixed;
  const [whole, fraction] = fixed.split('.');
  const kept = fraction.replace(/0+$/, '').padEnd(minDecimals, '0');
  return kept === '' ? whole : `${whole}.${kept}`;
}

type DateShape = Extract<FormatShape, { kind: 'date' }>;

/**
 * An Excel date serial as 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM[:SS]' or 'HH:MM[:SS]'.
 * Undefined when the serial cannot be a date (negative, or beyond year 9999).
 */
export function formatSerial(serial: number, date1904: boolean, shape: DateShape): string | undefined {
  if (serial < 0 || serial > 2_958_465) return undefined;
  const totalSeconds = Math.round(serial * 86_400);
  const days = Math.floor(totalSeconds / 86_400);
  const secondsOfDay = totalSeconds - days * 86_400;
  const hours = shape.elapsedHours ? Math.floor(totalSeconds / 3_600) : Math.floor(secondsOfDay / 3_600);
  const time = `${pad(hours)}:${pad(Math.floor(secondsOfDay / 60) % 60)}${shape.seconds ? `:${pad(secondsOfDay % 60)}` : ''}`;
  if (!shape.date || shape.elapsedHours) return time;
  const date = calendarDate(days, date1904);
  if (date === undefined) return undefined;
  return shape.time ? `${date} ${time}` : date;
}

/** Day number to 'YYYY-MM-DD'; honours Excel's 29 February 1900, which never existed. */
function calendarDate(days: number, date1904: boolean): string | undefined {
  let serial1900 = date1904 ? days + offset1904 : days;
  if (!date1904) {
    if (days === 0) return undefined;
    if (days === 60) return '1900-02-29';
    if (days < 60) serial1900 += 1;
  }
  const d = new Date((serial1900 - unixEpochSerial) * msPerDay);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** exceljs hands date cells over as a Date built from the serial in UTC; this undoes it. */
export function serialFromExcelJsDate(date: Date, readAs1904: boolean): number {
  return date.getTime() / msPerDay + unixEpochSerial - (readAs1904 ? offset1904 : 0);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
