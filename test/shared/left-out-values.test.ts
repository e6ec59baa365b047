import { describe, expect, it } from 'vitest';
import { mapTable } from '../../shared/mapped-rows';
import type { Mapping } from '../../shared/mapping';
import { LEFT_OUT, parseProfile, ProfileError } from '../../shared/profile';
import { validateRows } from '../../shared/validate';
import { makeTable } from './make-table';

/**
 * An MIS report of learning aims names the programme aim ("ZPROG001") beside the
 * standards: a person can say it is no OneFile standard, and it is left out of the
 * row's list, said on the row as a warning, never dropped unsaid.
 */

const context = { today: '2026-11-30' };

const table = makeTable(
  ['Learner Ref', 'First name', 'Last name', 'Email', 'Standard', 'StdCode'],
  [
    ['L1', 'Zara', 'Quinn', 'zara@example.com', 'Business Administrator Level 3', '6'],
    ['L1', 'Zara', 'Quinn', 'zara@example.com', 'ZPROG001', '6'],
    ['L2', 'Yusuf', 'Reid', 'yusuf@example.com', 'zprog001; Functional Skills Maths', '7'],
  ],
);

function mappingWith(values: Mapping['values'], standardsColumn = 4): Mapping {
  return {
    columns: [
      { index: 0, header: 'Learner Ref', field: 'MISID' },
      { index: 1, header: 'First name', field: 'FirstName' },
      { index: 2, header: 'Last name', field: 'LastName' },
      { index: 3, header: 'Email', field: 'Email' },
      { index: standardsColumn, header: table.headers[standardsColumn], field: 'Standards' },
    ],
    values,
  };
}

describe('a standard left out by a value map', () => {
  it('is taken out of the row’s list, the other standards kept, and the row told', () => {
    const mapping = mappingWith({ Standards: { ZPROG001: LEFT_OUT } });
    const rows = mapTable(table, mapping, { ...context, valueMaps: mapping.values });
    expect(rows[0].values.Standards).toBe('Business Administrator Level 3');
    expect(rows[1].values.Standards).toBeUndefined();
    expect(rows[2].values.Standards).toBe('Functional Skills Maths');
    // The file's text stays the cell's: reports show what the file said.
    expect(rows[1].raw.Standards?.value).toBe('ZPROG001');

    const validation = validateRows(rows, { ...context, valueMaps: mapping.values });
    const leftOut = validation.rows.flat().filter((issue) => issue.code === 'left-out');
    expect(leftOut.map((issue) => [issue.row, issue.severity, issue.column])).toEqual([
      [3, 'warning', 'E'],
      [4, 'warning', 'E'],
    ]);
    expect(leftOut[0].message).toContain('"ZPROG001" is left out of the standards, as you chose: not imported');
    // Case and spacing aside, as every value map matches.
    expect(leftOut[1].message).toContain('"zprog001" is left out');
    // The row of the learner's programme aim is still one learner with the first row: no error anywhere.
    expect(validation.rows.flat().filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('warns on every row of a long column, each distinct text read once (the memo keeps the warning)', () => {
    const many = makeTable(table.headers, Array.from({ length: 200 }, (_, i) => [`L${i}`, 'Ann', 'Lee', `a${i}@example.com`, i % 2 ? 'ZPROG001' : 'ST0100; ZPROG001', '']));
    const mapping = mappingWith({ Standards: { ZPROG001: LEFT_OUT } });
    const rows = mapTable(many, mapping, { ...context, valueMaps: mapping.values });
    const issues = validateRows(rows, { ...context, valueMaps: mapping.values }).rows.flat().filter((issue) => issue.code === 'left-out');
    expect(issues).toHaveLength(200);
    expect(rows.filter((row) => row.values.Standards === 'ST0100')).toHaveLength(100);
  });

  it('works on an ILR StdCode column, the code as the importer reads it ("StdCode 6")', () => {
    const mapping = mappingWith({ Standards: { 'StdCode 6': LEFT_OUT } }, 5);
    const rows = mapTable(table, mapping, { ...context, valueMaps: mapping.values });
    expect(rows[0].values.Standards).toBeUndefined();
    expect(rows[2].values.Standards).toBe('StdCode 7');
    expect(validateRows(rows, { ...context, valueMaps: mapping.values }).rows.flat().filter((issue) => issue.code === 'left-out').map((issue) => issue.row)).toEqual([2, 3]);
  });
});

describe('a profile leaving a value out', () => {
  it('may leave out a standard or a unit', () => {
    const profile = parseProfile({ columns: { Standard: 'Standards' }, values: { Standards: { ZPROG001: '' }, Units: { 'Not a unit': '' } } });
    expect(profile.values?.Standards?.ZPROG001).toBe(LEFT_OUT);
  });

  it('may not leave out an assessor, class or placement, whose row would silently lose it: it names the value', () => {
    expect(() => parseProfile({ columns: {}, values: { Classroom: { 'Bus Admin': ' ' } } })).toThrow(ProfileError);
    expect(() => parseProfile({ columns: {}, values: { Assessor: { 'Kate A': '' } } })).toThrow(/give the OneFile name or ID "Kate A" stands for: only a standard or unit can be left out/);
  });
});
