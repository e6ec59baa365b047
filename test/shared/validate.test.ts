import { describe, expect, it } from 'vitest';
import { autoMap, toMapping } from '../../shared/mapping';
import { mapTable, type MappedRow } from '../../shared/mapped-rows';
import { createValidationState, validateRow, validateRows, type ValidationContext } from '../../shared/validate';
import { makeTable } from './make-table';

const context: ValidationContext = { today: '2025-06-15' };
const HEADERS = ['Learner Ref', 'Forename', 'Surname', 'Email', 'ULN', 'Date of Birth', 'Start Date', 'Planned End Date', 'Assessor', 'Class', 'Employer'];

function learner(overrides: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    'Learner Ref': 'L001',
    Forename: 'Amelia',
    Surname: 'Hughes',
    Email: 'amelia.hughes@example.com',
    ULN: '9276308686',
    'Date of Birth': '03/04/2001',
    'Start Date': '01/09/2024',
    'Planned End Date': '31/08/2026',
    Assessor: 'James Fayre',
    Class: 'Business Admin L2',
    Employer: 'BT - Manchester',
  };
  return HEADERS.map((header) => overrides[header] ?? base[header]);
}

function rowsOf(data: string[][], headers = HEADERS): MappedRow[] {
  const table = makeTable(headers, data);
  return mapTable(table, toMapping(autoMap(headers).columns), context);
}

describe('validating one row', () => {
  it('finds nothing wrong with a complete learner', () => {
    expect(validateRow(rowsOf([learner()])[0], context)).toEqual([]);
  });

  it('names the row and column as Excel shows them, the header and the value', () => {
    const [issue] = validateRow(rowsOf([learner({ ULN: '9276308687' })])[0], context);
    expect(issue).toMatchObject({ row: 2, column: 'E', header: 'ULN', field: 'ULN', value: '9276308687', code: 'uln-invalid', severity: 'error' });
  });

  it('requires the assessor, class and placement of a learner', () => {
    const issues = validateRow(rowsOf([learner({ Assessor: '', Class: ' ', Employer: '\u00a0' })])[0], context);
    expect(issues.map((i) => [i.field, i.code, i.column])).toEqual([
      ['Assessor', 'required', 'I'],
      ['Classroom', 'required', 'J'],
      ['Placement', 'required', 'K'],
    ]);
    expect(issues[0].message).toMatch(/required for a learner: fill in the cell/);
  });

  it('requires only what the row role needs', () => {
    const headers = ['Forename', 'Surname', 'Email', 'Role', 'Employer'];
    const [assessor, employer] = rowsOf([
      ['Kate', 'Anderson', 'kate@example.com', 'Assessor', ''],
      ['Sam', 'Boss', 'sam@example.com', 'Employer', ''],
    ], headers);
    expect(validateRow(assessor, context)).toEqual([]);
    expect(validateRow(employer, context).map((i) => i.field)).toEqual(['Placement']);
  });

  it('says when no column gives a required field, of a row that cannot be about a user OneFile has', () => {
    const [row] = rowsOf([['Amelia', 'Hughes']], ['Forename', 'Surname']);
    const issues = validateRow(row, context);
    expect(issues.map((i) => i.field)).toEqual(['Assessor', 'Classroom', 'Placement', 'Email']);
    expect(issues[0]).toMatchObject({ column: '', header: '' });
    expect(issues[0].message).toMatch(/no column is mapped to it/);
    // No email is needed, but with nothing to find the learner by a second import would make them again.
    expect(issues[3]).toMatchObject({ code: 'no-finding-key', severity: 'error' });
  });

  it('lets a learner go without an email, saying so of a blank cell, where the row has a key to find them by', () => {
    const [withRef, noKey] = rowsOf(
      [learner({ Email: '' }), learner({ Email: '', 'Learner Ref': '', ULN: '' })],
    );
    const issues = validateRow(withRef, context);
    expect(issues.map((i) => [i.field, i.code, i.severity])).toEqual([['Email', 'email-missing', 'warning']]);
    expect(issues[0].message).toMatch(/created without one, so OneFile cannot send them their login details/);
    expect(validateRow(noKey, context).map((i) => [i.field, i.code, i.severity])).toEqual([['Email', 'no-finding-key', 'error']]);
    // Staff still need one.
    const [assessor] = rowsOf([['Ann', 'Lee', '', '5']], ['Forename', 'Surname', 'Email', 'Role']);
    expect(validateRow(assessor, context).map((i) => [i.field, i.code])).toEqual([['Email', 'required']]);
  });

  it('leaves a field no column gives to the plan when the row may be about a user OneFile has (an assignment file)', () => {
    // A MIS ID, ULN, NI number or email may find the learner: only the plan knows whether the row creates.
    for (const [header, value] of [['Email', 'a@example.com'], ['Learner Ref', 'AH001'], ['NI Number', 'AB123456C']]) {
      const [row] = rowsOf([['Amelia', value]], ['Forename', header]);
      expect(validateRow(row, context), header).toEqual([]);
    }
  });

  it('refuses a planned end date that is not after the start date', () => {
    const issues = validateRow(rowsOf([learner({ 'Planned End Date': '01/09/2023' })])[0], context);
    expect(issues).toMatchObject([{ field: 'PlannedEndDate', code: 'end-before-start', column: 'H' }]);
    expect(issues[0].message).toContain('01/09/2023');
  });

  it('refuses a learner younger than 14 at the start', () => {
    const issues = validateRow(rowsOf([learner({ 'Date of Birth': '03/04/2012' })])[0], context);
    expect(issues).toMatchObject([{ field: 'DOB', code: 'dob-implausible' }]);
    expect(issues[0].message).toMatch(/makes the learner 12 at the start date 01\/09\/2024/);
  });

  it('does not compare dates that could not be read', () => {
    const issues = validateRow(rowsOf([learner({ 'Start Date': '31/02/2024', 'Planned End Date': '01/01/2020' })])[0], context);
    expect(issues.map((i) => i.code)).toEqual(['date-invalid']);
  });
});

describe("Excel's sign of a failed formula", () => {
  it('is the one problem said for the cell: not also "required"', () => {
    const { rows } = validateRows(rowsOf([learner({ Assessor: '#N/A', Email: '#N/A' })]), context);
    expect(rows[0].map((issue) => [issue.field, issue.code])).toEqual([
      ['Email', 'excel-error'],
      ['Assessor', 'excel-error'],
    ]);
  });
});

describe('duplicates in the file', () => {
  it('flags both rows of a repeated MISID, ULN or email, each naming the other', () => {
    const { rows } = validateRows(
      rowsOf([
        learner(),
        learner({ 'Learner Ref': 'L002', Email: 'b@example.com', ULN: '1000000000' }),
        learner({ 'Learner Ref': 'l001', Email: 'c@example.com', ULN: '4300000009' }),
      ]),
      context,
    );
    expect(rows[0]).toMatchObject([{ field: 'MISID', code: 'duplicate', row: 2 }]);
    expect(rows[0][0].message).toMatch(/also on row 4/);
    expect(rows[2]).toMatchObject([{ field: 'MISID', code: 'duplicate', row: 4 }]);
    expect(rows[2][0].message).toMatch(/also on row 2/);
    expect(rows[1]).toEqual([]);
  });

  it('does not take two rows whose ULN Excel rounded to the same "4.82173E+09" for one person', () => {
    const { rows } = validateRows(
      rowsOf([learner({ ULN: '4.82173E+09' }), learner({ 'Learner Ref': 'L002', Email: 'b@example.com', ULN: '4.82173E+09' })]),
      context,
    );
    expect(rows.map((issues) => issues.map((issue) => [issue.field, issue.code]))).toEqual([[['ULN', 'excel-rounded']], [['ULN', 'excel-rounded']]]);
  });

  it('compares emails after lower-casing them and ULNs after removing spaces', () => {
    const { rows } = validateRows(
      rowsOf([
        learner(),
        learner({ 'Learner Ref': 'L002', Email: 'AMELIA.HUGHES@example.com ', ULN: '927 630 8686' }),
      ]),
      context,
    );
    expect(rows[1].map((i) => i.field).sort()).toEqual(['Email', 'ULN']);
  });

  it('lists every other row when a value repeats three times', () => {
    const { rows } = validateRows(
      rowsOf([1, 2, 3].map((n) => learner({ 'Learner Ref': 'SAME', ULN: '', Email: `x${n}@example.com` }))),
      context,
    );
    expect(rows[0][0].message).toMatch(/MIS ID "SAME" is also on rows 3-4/);
    expect(rows[1][0].message).toMatch(/also on rows 2, 4/);
  });
});

describe('many rows sharing one value', () => {
  it('name a handful of the other rows, not all of them', () => {
    const { rows } = validateRows(
      rowsOf(Array.from({ length: 40 }, (_, n) => learner({ 'Learner Ref': `L${n}`, ULN: '', Email: 'office@example.com' }))),
      context,
    );
    expect(rows[0][0].message).toMatch(/also on rows 3-7 and others, but the rows these values link differ in MIS ID:/);
    expect(rows[39][0].message).toMatch(/also on rows 2-6 and others, but/);
  });

  it('re-check only the rows whose issues change when one of them is edited', () => {
    const state = createValidationState(
      rowsOf(Array.from({ length: 40 }, (_, n) => learner({ 'Learner Ref': `L${n}`, ULN: '', Email: 'office@example.com' }))),
      context,
    );
    expect(state.updateCell(30, 'Email', 'own@example.com')).toEqual([{ index: 30, row: 32, issues: [] }]);
    expect(state.updateCell(0, 'Email', 'first@example.com').length).toBe(39);
  });
});

describe('re-validating an edited cell', () => {
  it('clears the duplicate on the partner row when one of the pair is corrected', () => {
    const state = createValidationState(rowsOf([learner(), learner({ 'Learner Ref': 'L002', ULN: '1000000000' })]), context);
    expect(state.issuesFor(1).map((i) => i.field)).toEqual(['Email']);
    const changed = state.updateCell(1, 'Email', 'other@example.com');
    expect(changed).toEqual([
      { index: 0, row: 2, issues: [] },
      { index: 1, row: 3, issues: [] },
    ]);
  });

  it('flags the new partner when an edit creates a duplicate', () => {
    const state = createValidationState(rowsOf([learner(), learner({ 'Learner Ref': 'L002', Email: 'b@example.com', ULN: '' })]), context);
    const changed = state.updateCell(1, 'ULN', '9276308686');
    expect(changed.map((c) => [c.row, c.issues.map((i) => i.code)])).toEqual([
      [2, ['duplicate']],
      [3, ['duplicate']],
    ]);
  });

  it('re-checks only the edited row when no duplicate is involved', () => {
    const state = createValidationState(rowsOf([learner(), learner({ 'Learner Ref': 'L002', Email: 'b@example.com', ULN: '' })]), context);
    expect(state.updateCell(0, 'FirstName', 'Amy').map((c) => c.index)).toEqual([0]);
    expect(state.rows[0].values.FirstName).toBe('Amy');
    const fixed = state.updateCell(1, 'DOB', '31/02/2001');
    expect(fixed).toMatchObject([{ index: 1, issues: [{ code: 'date-invalid', column: 'F' }] }]);
    expect(state.rows[1].values.DOB).toBe('31/02/2001');
    expect(state.updateCell(1, 'DOB', '28/02/2001')[0].issues).toEqual([]);
    expect(state.rows[1].values.DOB).toBe('2001-02-28');
  });

  it('leaves the rows it was given untouched', () => {
    const rows = rowsOf([learner()]);
    createValidationState(rows, context).updateCell(0, 'Email', 'new@example.com');
    expect(rows[0].values.Email).toBe('amelia.hughes@example.com');
  });
});

describe('problems with the whole file', () => {
  it('flags a file whose dates are clearly American instead of guessing', () => {
    const { fileIssues } = validateRows(
      rowsOf([
        learner({ 'Date of Birth': '04/03/2001', 'Planned End Date': '08/01/2026' }),
        learner({ 'Learner Ref': 'L2', Email: 'b@example.com', ULN: '', 'Date of Birth': '04/23/2001', 'Planned End Date': '08/01/2026' }),
      ]),
      context,
    );
    expect(fileIssues).toMatchObject([{ code: 'us-dates', severity: 'error', rows: [3] }]);
    expect(fileIssues[0].message).toMatch(/row 3, column F \(Date of Birth\): "04\/23\/2001"/);
  });

  it('reports a file that mixes day-first and month-first dates', () => {
    const { fileIssues } = validateRows(rowsOf([learner({ 'Date of Birth': '04/23/2001' })]), context);
    expect(fileIssues).toMatchObject([{ code: 'mixed-date-order', rows: [2] }]);
    expect(fileIssues[0].message).toMatch(/"31\/08\/2026".*"04\/23\/2001"/);
  });

  it('reads the dates month first, without a file issue, when told to', () => {
    const mdy: ValidationContext = { ...context, dateOrder: 'mdy' };
    const table = makeTable(HEADERS, [learner({ 'Date of Birth': '04/23/2001', 'Start Date': '09/01/2024', 'Planned End Date': '08/31/2026' })]);
    const rows = mapTable(table, toMapping(autoMap(HEADERS).columns), mdy);
    expect(rows[0].values.DOB).toBe('2001-04-23');
    expect(validateRows(rows, mdy)).toEqual({ rows: [[]], fileIssues: [] });
  });

  it('says once which required column is missing and for how many rows', () => {
    const { fileIssues } = validateRows(rowsOf([['A', 'B', 'Business Admin L2']], ['Forename', 'Surname', 'Class']), context);
    expect(fileIssues.map((i) => [i.code, i.field, i.severity])).toEqual([
      ['missing-column', 'Assessor', 'error'],
      ['missing-column', 'Placement', 'error'],
    ]);
    expect(fileIssues[0].message).toMatch(/No column is mapped to Assessor, which every learner needs/);
  });

  it('warns once, without stopping the file, about the columns only new users need when rows may find users OneFile has', () => {
    const { fileIssues } = validateRows(rowsOf([['GHALL391', 'Customer Service Practitioner L2 with English']], ['Learner Ref', 'Framework Template']), context);
    expect(fileIssues).toHaveLength(1);
    expect(fileIssues[0]).toMatchObject({ code: 'create-columns-missing', severity: 'warning', rows: [2] });
    expect(fileIssues[0].message).toBe(
      'No column is mapped to First name, Last name, Assessor, Class or Placement (employer): they are needed only to create new learners. ' +
        'Rows about learners already in OneFile (found by MIS ID, ULN, NI number or email) go ahead without them; a row about a new one is blocked. ' +
        'To create new learners, map a column to each, or give one value for every row.',
    );
  });

  it('warns about a sheet with no rows', () => {
    expect(validateRows([], context).fileIssues).toMatchObject([{ code: 'no-rows', severity: 'warning' }]);
  });
});
