import { describe, expect, it } from 'vitest';
import { ageOn, detectDateOrder, excelSerialToIso, readDate } from '../../shared/dates';

const today = '2025-06-15';
const iso = (text: string, options: Parameters<typeof readDate>[1] = { today }) => {
  const reading = readDate(text, options);
  return reading.ok ? reading.iso : `not a date: ${reading.problem}`;
};

describe('reading dates', () => {
  it('reads UK dates day first, with slashes, dashes or dots', () => {
    expect(iso('03/04/2001')).toBe('2001-04-03');
    expect(iso('3/4/2001')).toBe('2001-04-03');
    expect(iso('03-04-2001')).toBe('2001-04-03');
    expect(iso('03.04.2001')).toBe('2001-04-03');
    expect(iso('23/04/2001')).toBe('2001-04-23');
  });

  it('reads ISO dates, with or without a time', () => {
    expect(iso('2001-04-03')).toBe('2001-04-03');
    expect(iso('2001-04-03T00:00:00.000Z')).toBe('2001-04-03');
    expect(iso('2001-04-03 13:45:00')).toBe('2001-04-03');
  });

  it('ignores a time after a UK date, as CSV exports often add one', () => {
    expect(iso('03/04/2001 00:00')).toBe('2001-04-03');
    expect(iso('03/04/2001 12:30:00 PM')).toBe('2001-04-03');
  });

  it('reads month names: 3 Apr 2001, 03-Apr-01, 3rd April 2001, April 3, 2001', () => {
    expect(iso('3 Apr 2001')).toBe('2001-04-03');
    expect(iso('03-Apr-01')).toBe('2001-04-03');
    expect(iso('3rd April 2001')).toBe('2001-04-03');
    expect(iso('Tuesday 3 April 2001')).toBe('2001-04-03');
    expect(iso('April 3, 2001')).toBe('2001-04-03');
    expect(iso('3 Sept 2001')).toBe('2001-09-03');
    expect(iso('3 Aprill 2001')).toBe('not a date: format');
  });

  it('reads Excel serial numbers in the 1900 system, minding its 29 February 1900 that never was', () => {
    expect(iso('36984')).toBe('2001-04-03');
    expect(iso('1')).toBe('1900-01-01');
    expect(iso('59')).toBe('1900-02-28');
    expect(iso('60')).toBe('not a date: impossible');
    expect(iso('61')).toBe('1900-03-01');
    expect(iso('36984.75')).toBe('2001-04-03');
    expect(excelSerialToIso(0, true)).toBe('1904-01-01');
    expect(excelSerialToIso(35522, true)).toBe('2001-04-03');
  });

  it('refuses dates that do not exist', () => {
    expect(iso('31/02/2001')).toBe('not a date: impossible');
    expect(iso('29/02/2001')).toBe('not a date: impossible');
    expect(iso('29/02/2000')).toBe('2000-02-29');
    expect(iso('29/02/1900')).toBe('not a date: impossible');
    expect(iso('00/01/2001')).toBe('not a date: impossible');
    expect(iso('2001-13-01')).toBe('not a date: impossible');
  });

  it('refuses text that is not a date, and a year on its own', () => {
    expect(iso('next week')).toBe('not a date: format');
    expect(iso('2001')).toBe('not a date: format');
    const reading = readDate('2001', { today });
    expect(!reading.ok && reading.message).toMatch(/a year, not a full date/);
  });

  it('puts a 2-digit year of birth in the past', () => {
    expect(iso('03/04/01', { today, kind: 'birth' })).toBe('2001-04-03');
    expect(iso('03/04/25', { today, kind: 'birth' })).toBe('2025-04-03');
    expect(iso('03/07/25', { today, kind: 'birth' })).toBe('1925-07-03');
    expect(iso('03/04/99', { today, kind: 'birth' })).toBe('1999-04-03');
  });

  it('puts other 2-digit years within 30 years ahead of today', () => {
    expect(iso('01/09/26', { today })).toBe('2026-09-01');
    expect(iso('01/09/55', { today })).toBe('2055-09-01');
    expect(iso('01/09/56', { today })).toBe('1956-09-01');
  });

  it('reads month first only when told the file is American', () => {
    expect(iso('04/23/2001')).toBe('not a date: impossible');
    expect(iso('04/23/2001', { today, order: 'mdy' })).toBe('2001-04-23');
    expect(iso('03/04/2001', { today, order: 'mdy' })).toBe('2001-03-04');
  });
});

describe('telling the date order of a column', () => {
  it('calls a column American when some value only reads month first', () => {
    expect(detectDateOrder(['03/04/2001', '04/23/2001', ''])).toEqual({ order: 'mdy', dayFirst: [], monthFirst: [1] });
  });

  it('calls it UK when some value only reads day first', () => {
    expect(detectDateOrder(['03/04/2001', '23/04/2001']).order).toBe('dmy');
  });

  it('takes no proof from a date that exists neither way round: a mistyped date says nothing of the order', () => {
    // No month 31 and no 31 February; no 30 February; April has 30 days; 2005 is not a leap year.
    expect(detectDateOrder(['31/02/2005', '30/02/2004', '31/04/2001', '29/02/2005', '02/30/2005', '04/31/2001']).order).toBe('unknown');
    // 29 February of a leap year exists: it proves its order, with a four- or two-digit year.
    expect(detectDateOrder(['29/02/2004', '29/02/04'])).toEqual({ order: 'dmy', dayFirst: [0, 1], monthFirst: [] });
    expect(detectDateOrder(['02/29/2004']).order).toBe('mdy');
  });

  it('cannot tell from values that read either way, or from other formats', () => {
    expect(detectDateOrder(['03/04/2001', '2001-04-23', '3 Apr 2001', '36984']).order).toBe('unknown');
  });

  it('reports a column that has both', () => {
    expect(detectDateOrder(['23/04/2001', '04/23/2001']).order).toBe('mixed');
  });
});

describe('ages', () => {
  it('counts whole years, a birthday counting on the day', () => {
    expect(ageOn('2001-04-03', '2025-04-02')).toBe(23);
    expect(ageOn('2001-04-03', '2025-04-03')).toBe(24);
  });
});
