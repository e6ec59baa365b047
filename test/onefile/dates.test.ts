import { describe, expect, it } from 'vitest';
import { calendarDayOf, toOneFileDate } from '../../main/onefile/dates';
import { answerDate } from '../../main/sandbox/date-answers';
import { DATE_ANSWERS } from '../../main/sandbox/switches';

/**
 * A date of birth, start date or planned end date as OneFile answers it. The guides
 * write ISO-8601 UTC; a OneFile may write it without a zone, as older .NET's
 * `/Date(ms)/`, or keep a calendar date as midnight in London (the day before, at 23:00
 * UTC, in summer). Read wrongly, a learner's date looks changed on every import and is
 * sent again each time, or is exported a day out.
 */
describe('the calendar day of a date as OneFile answers it', () => {
  it.each([
    ['2001-06-04T00:00:00.000Z', '2001-06-04'],
    ['2001-06-04T00:00:00Z', '2001-06-04'],
    ['2001-06-04', '2001-06-04'],
    ['2001-06-04T00:00:00', '2001-06-04'],
    ['2001-06-04 00:00:00', '2001-06-04'],
    ['2001-06-03T23:00:00.000Z', '2001-06-04'],
    ['2001-06-04T00:00:00+01:00', '2001-06-04'],
    ['2001-01-04T00:00:00Z', '2001-01-04'],
    ['/Date(991612800000)/', '2001-06-04'],
    ['/Date(991609200000)/', '2001-06-04'],
    ['/Date(991612800000+0100)/', '2001-06-04'],
    ['/Date(-86400000)/', '1969-12-31'],
    ['04/06/2001', '2001-06-04'],
    ['4/6/2001', '2001-06-04'],
  ])('%s is %s', (answer, day) => {
    expect(calendarDayOf(answer)).toBe(day);
  });

  it.each(['', 'soon', '2001-02-30', '31/02/2001', '2001-06-04T25:00:00Z'])('%j cannot be read', (answer) => {
    expect(calendarDayOf(answer)).toBeNull();
  });

  it('reads every form the sandbox can answer in as the day that was sent, summer and winter, on the days the clocks change', () => {
    for (const day of ['2001-06-04', '2001-01-04', '2024-03-31', '2024-10-27', '2024-03-30', '2024-10-26', '2000-02-29']) {
      const stored = toOneFileDate(day, 'DOB', 'test');
      for (const mode of DATE_ANSWERS) expect(calendarDayOf(answerDate(stored, mode, true)), `${day} as ${mode}`).toBe(day);
    }
  });

  it('the sandbox keeps a summer date as midnight in London: the day before at 23:00 UTC', () => {
    expect(answerDate('2001-06-04T00:00:00.000Z', 'london-midnight', true)).toBe('2001-06-03T23:00:00.000Z');
    expect(answerDate('2001-01-04T00:00:00.000Z', 'london-midnight', true)).toBe('2001-01-04T00:00:00.000Z');
    expect(answerDate('2001-06-04T00:00:00.000Z', 'ms-json', true)).toBe('/Date(991612800000)/');
    expect(answerDate('2001-06-04T00:00:00.000Z', 'no-zone', true)).toBe('2001-06-04T00:00:00');
  });
});
