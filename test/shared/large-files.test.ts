import { describe, expect, it } from 'vitest';
import { DuplicateIndex } from '../../shared/duplicate-index';
import { foldedHash } from '../../shared/text-hash';
import { autoMap, toMapping } from '../../shared/mapping';
import { fieldValue, hasFieldValue, mappedFields, mapTable } from '../../shared/mapped-rows';
import { PackedRow } from '../../shared/packed-row';
import type { Table } from '../../shared/table';
import { createValidationState, validateRows, type ValidationContext } from '../../shared/validate';
import { makeTable } from './make-table';

/**
 * Mapping and validation of files of thousands of rows, where each distinct text of a
 * column is read once and the rows share what was read: every row must still get
 * exactly what reading it alone would give.
 */
const context: ValidationContext = { today: '2025-06-15' };
const HEADERS = ['Learner Ref', 'Forename', 'Email', 'Date of Birth', 'Class', 'ULN', 'Surname', 'Assessor', 'Employer'];

function learnerRow(i: number): string[] {
  return [
    `L${i}`,
    ['Amelia', ' Oliver', 'SIÂN'][i % 3],
    `learner${i}@Example.com`,
    i % 500 === 7 ? '31/02/2001' : `${String(1 + (i % 28)).padStart(2, '0')}/0${1 + (i % 9)}/2001`,
    i % 2 ? 'Bus Admin L2' : 'Team Leader L3',
    '',
    'Hughes',
    `Assessor ${i % 40}`,
    `Employer ${i % 700}`,
  ];
}

function packed(table: Table): Table {
  return { ...table, rows: table.rows.map((row) => new PackedRow(row.row, row.cells)) };
}

describe('a file of thousands of rows', () => {
  // Past the memo's trial (10,000 cells), so both its ways are used: remembering, and reading cell by cell.
  const table = packed(makeTable(HEADERS, Array.from({ length: 12_000 }, (_, i) => learnerRow(i))));
  const mapping = { ...toMapping(autoMap(HEADERS).columns), values: { Classroom: { 'Bus Admin L2': 'Business Admin L2' } } };

  it('gives every row the values reading it alone gives, in columns that repeat and in columns that do not', () => {
    const rows = mapTable(table, mapping, context);
    for (const i of [0, 1, 2, 999, 9_999, 10_000, 10_001, 11_999]) {
      const alone = mapTable({ ...table, rows: [table.rows[i]] }, mapping, context)[0];
      expect(rows[i].values).toEqual(alone.values);
      expect(rows[i].raw).toEqual(alone.raw);
    }
    expect(rows[11_995].values).toMatchObject({ MISID: 'L11995', Email: 'learner11995@example.com', Classroom: 'Business Admin L2', FirstName: 'Oliver' });
  });

  it('finds the problems of every row whose text was read before, on its own row and column', () => {
    const result = validateRows(mapTable(table, mapping, context), context);
    const bad = result.rows.flatMap((issues, i) => issues.map((issue) => `${i}:${issue.row}${issue.column}:${issue.code}:${issue.value}`));
    expect(bad).toEqual(
      Array.from({ length: 24 }, (_, k) => 7 + k * 500).map((i) => `${i}:${i + 2}D:date-invalid:31/02/2001`),
    );
  });

  it('reads the cells again when validation reads dates in another order than mapping did', () => {
    const monthFirst = { ...context, dateOrder: 'mdy' as const };
    const rows = mapTable(table, mapping, context);
    const issues = validateRows(rows, monthFirst).rows.flat();
    const alone = validateRows(mapTable(table, mapping, monthFirst), monthFirst).rows.flat();
    expect(issues).toEqual(alone);
    expect(issues.length).toBeGreaterThan(1_000);
  });

  it('finds duplicates anywhere in the file, and an edit clears them without changing the rows given', () => {
    const rows = mapTable(packed(makeTable(HEADERS, Array.from({ length: 3_000 }, (_, i) => learnerRow(i === 2500 ? 10 : i)))), mapping, context);
    const state = createValidationState(rows, context);
    // The same row twice is one learner, imported once with the first.
    expect(state.issuesFor(10)).toEqual([]);
    expect(state.issuesFor(2500).map((i) => `${i.code} ${i.severity} ${i.column} ${i.sameAs} ${i.message}`)).toEqual([
      'same-person warning A 12 A copy of row 12 (the same MIS ID and Email, and alike in every column): imported once, with row 12.',
    ]);
    expect(state.updateCell(2500, 'DOB', '01/01/1990').map((c) => [c.index, c.issues.map((i) => `${i.code} ${i.column} ${i.message}`)])).toEqual([
      [10, [
        'duplicate A MIS ID "L10" is also on row 2502, but the two rows differ in Date of birth: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them.',
        'duplicate C Email "learner10@example.com" is also on row 2502, but the two rows differ in Date of birth: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them.',
      ]],
      [2500, [
        'duplicate A MIS ID "L10" is also on row 12, but the two rows differ in Date of birth: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them.',
        'duplicate C Email "learner10@example.com" is also on row 12, but the two rows differ in Date of birth: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them.',
      ]],
    ]);
    const changed = state.updateCell(2500, 'MISID', 'L2500');
    expect(changed.map((c) => [c.index, c.issues.map((i) => i.field)])).toEqual([
      [10, ['Email']],
      [2500, ['Email']],
    ]);
    expect(rows[2500].values.MISID).toBe('L10');
    expect(rows[2500].raw.MISID?.value).toBe('L10');
    expect(state.rows[2500].raw.MISID).toEqual({ value: 'L2500', column: 'A', header: 'Learner Ref' });
  });
});

describe('values read when asked for', () => {
  const table = packed(makeTable(HEADERS, Array.from({ length: 12_000 }, (_, i) => learnerRow(i))));
  const mapping = { ...toMapping(autoMap(HEADERS).columns), values: { Classroom: { 'Bus Admin L2': 'Business Admin L2' } } };

  it('gives each field of each row as all its values give it, in columns kept by their readings and in columns read again', () => {
    const rows = mapTable(table, mapping, context);
    const again = mapTable(table, mapping, context);
    for (const i of [0, 7, 507, 9_999, 10_000, 11_999]) {
      for (const field of mappedFields(rows[i])) {
        expect([field, fieldValue(rows[i], field), hasFieldValue(rows[i], field)]).toEqual([field, again[i].values[field], again[i].values[field] !== undefined]);
      }
    }
  });

  it('follows a row whose values were changed after they were read', () => {
    const [row] = mapTable(table, mapping, context);
    row.values.Email = 'changed@example.com';
    delete row.values.FirstName;
    expect([fieldValue(row, 'Email'), hasFieldValue(row, 'FirstName')]).toEqual(['changed@example.com', false]);
  });
});

describe('duplicates as values change', () => {
  it('knows no value is on two rows until one is, and again once it is corrected', () => {
    const index = new DuplicateIndex();
    index.add('L1', 0);
    index.add('L2', 1);
    expect(index.hasDuplicates).toBe(false);
    index.add('L1', 2);
    expect([index.hasDuplicates, index.count('L1'), [...index.rows('L1')]]).toEqual([true, 2, [0, 2]]);
    index.add('L1', 3);
    index.remove('L1', 0);
    expect([index.hasDuplicates, [...index.rows('L1')]]).toEqual([true, [2, 3]]);
    index.remove('L1', 2);
    expect([index.hasDuplicates, index.count('L1'), [...index.rows('L1')]]).toEqual([false, 1, [3]]);
    index.remove('L1', 3);
    expect([index.count('L1'), [...index.rows('L1')]]).toEqual([0, []]);
  });

  it('tells apart values whose hashes are the same, and finds values equal but for case', () => {
    expect(foldedHash('1hhfnmq@x.uk')).toBe(foldedHash('1iwtx1i@x.uk'));
    const values = ['1hhfnmq@x.uk', '1iwtx1i@x.uk', 'L7', 'l7'];
    const index = new DuplicateIndex((row) => values[row].toUpperCase(), 4);
    values.forEach((value, row) => index.addHashed(foldedHash(value), row));
    expect([index.hasDuplicates, index.count('1HHFNMQ@X.UK'), index.count('1IWTX1I@X.UK'), [...index.rows('L7')]]).toEqual([true, 1, 1, [2, 3]]);
  });

  it('keeps finding every value as it grows past the room made for it, values removed and added again included', () => {
    const index = new DuplicateIndex();
    for (let row = 0; row < 5_000; row++) index.add(`L${row % 4_000}`, row);
    for (let row = 0; row < 1_000; row++) index.remove(`L${row}`, row);
    for (let row = 0; row < 500; row++) index.add(`L${row}`, row);
    expect([index.count('L0'), [...index.rows('L0')], index.count('L999'), [...index.rows('L999')], index.count('L3999')]).toEqual([2, [4000, 0], 1, [4999], 1]);
    expect(index.hasDuplicates).toBe(true);
  });
});

describe('the date order of a file of thousands of rows', () => {
  const rowsWith = (dates: (i: number) => string) =>
    mapTable(packed(makeTable(HEADERS, Array.from({ length: 3_000 }, (_, i) => learnerRow(i).map((cell, c) => (c === 3 ? dates(i) : cell))))), toMapping(autoMap(HEADERS).columns), context);

  it('finds the one month-first date among day-first ones, and forgets it once it is corrected', () => {
    const state = createValidationState(rowsWith((i) => (i === 2_400 ? '04/23/2001' : '23/04/2001')), context);
    expect(state.fileIssues().map((issue) => [issue.code, issue.rows])).toEqual([['mixed-date-order', [2_402]]]);
    expect(state.fileIssues()[0].message).toContain('row 2, column D (Date of Birth): "23/04/2001"');
    state.updateCell(2_400, 'DOB', '23/04/2001');
    expect(state.fileIssues()).toEqual([]);
    state.updateCell(10, 'DOB', '04/24/2001');
    expect(state.fileIssues().map((issue) => [issue.code, issue.rows])).toEqual([['mixed-date-order', [12]]]);
  });

  it('calls a file whose dates are all month first US-style', () => {
    const state = createValidationState(rowsWith((i) => (i % 2 ? '04/23/2001' : '04/03/2001')), context);
    const [issue] = state.fileIssues();
    expect([issue.code, issue.rows?.length, issue.rows?.[0]]).toEqual(['us-dates', 1_500, 3]);
  });
});
