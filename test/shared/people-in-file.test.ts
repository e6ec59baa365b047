import { describe, expect, it } from 'vitest';
import { autoMap, toMapping } from '../../shared/mapping';
import { mapTable, type MappedRow } from '../../shared/mapped-rows';
import { PackedRow } from '../../shared/packed-row';
import { createValidationState, validateRows, type Issue, type ValidationContext } from '../../shared/validate';
import { makeTable } from './make-table';

/**
 * One person on several rows (shared/people-in-file.ts): rows linked by an MIS ID, ULN
 * or email, however many steps, are one learner when alike in every other column but
 * the standards, units and dates; otherwise every one of them is an error. An edit in
 * Review re-decides the group it touches, never leaving a row's old verdict in place.
 */

const context: ValidationContext = { today: '2025-06-15' };
const HEADERS = ['Learner Ref', 'Forename', 'Surname', 'Email', 'ULN', 'Date of Birth', 'Standard'];

function rowsOf(data: string[][]): MappedRow[] {
  return mapTable(makeTable(HEADERS, data), toMapping(autoMap(HEADERS).columns), context);
}

const said = (issues: readonly Issue[]) => issues.map((issue) => `${issue.code} ${issue.severity}${issue.sameAs ? ` ${issue.sameAs}` : ''}`);

describe('one person on several rows', () => {
  it('links rows through any of the values, however many steps: the first row imports them', () => {
    const { rows } = validateRows(
      rowsOf([
        ['L1', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', 'Business Administrator Level 3'],
        ['L1', 'Ann', 'Lee', 'ann.lee@example.com', '', '03/04/2001', 'Functional Skills English Level 2'],
        ['L9', 'Ann', 'Lee', 'ann.lee@example.com', '', '03/04/2001', 'Functional Skills Maths Level 2'],
      ]),
      context,
    );
    // Rows 2 and 4 share nothing, but each shares a value with row 3: one group, which differs, so none is taken for another.
    expect(rows.map(said)).toEqual([['duplicate error'], ['duplicate error', 'duplicate error'], ['duplicate error']]);
    expect(rows[0][0].message).toContain('but the rows these values link differ in Email and MIS ID');

    const alike = validateRows(
      rowsOf([
        ['L1', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', 'Business Administrator Level 3'],
        ['L2', 'Bo', 'Ray', 'bo@example.com', '', '03/04/2001', 'Business Administrator Level 3'],
        ['L1', 'ANN', 'Lee ', 'ann@example.com', '', '03/04/2001', 'Functional Skills English Level 2'],
      ]),
      context,
    );
    // Case and spaces are not a difference.
    expect(alike.rows.map(said)).toEqual([[], [], ['same-person warning 2']]);
  });

  it('says which later rows are copies of an earlier one, alike in every column, and which are a row per standard', () => {
    const { rows } = validateRows(
      rowsOf([
        ['L1', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', 'Business Administrator Level 3'],
        ['L1', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', 'Business Administrator Level 3'],
        ['L1', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', 'Functional Skills English Level 2'],
      ]),
      context,
    );
    // The kind is the finding's own, not read back from its words.
    // Row 3 is row 2 again; row 4 adds a standard.
    expect(rows.map((issues) => issues.map((issue) => [issue.code, issue.sameAs, issue.exactCopy === true]))).toEqual([
      [],
      [['same-person', 2, true]],
      [['same-person', 2, false]],
    ]);
    expect(rows[2][0].message).toMatch(/^The same person as row 2 /);
    const copies = validateRows(
      rowsOf([
        ['L1', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', 'Business Administrator Level 3'],
        ['L1', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', 'Business Administrator Level 3'],
      ]),
      context,
    );
    expect(copies.rows[1].map((issue) => [issue.code, issue.sameAs, issue.exactCopy === true])).toEqual([['same-person', 2, true]]);
    expect(copies.rows[1][0].message).toMatch(/^A copy of row 2 /);
  });

  it('links rows by an NI number as by the other keys: two people given one is an error before any OneFile is asked', () => {
    const headers = ['Learner Ref', 'Forename', 'Surname', 'NI Number', 'Date of Birth', 'Standard'];
    const rowsWithNino = (data: string[][]) => mapTable(makeTable(headers, data), toMapping(autoMap(headers).columns), context);
    const typo = validateRows(
      rowsWithNino([
        ['L1', 'Ann', 'Lee', 'AB123456C', '03/04/2001', 'Business Administrator Level 3'],
        ['L2', 'Bo', 'Ray', 'ab 12 34 56 c', '05/06/2002', 'Business Administrator Level 3'],
      ]),
      context,
    );
    expect(typo.rows.map(said)).toEqual([['duplicate error'], ['duplicate error']]);
    expect(typo.rows[0][0].field).toBe('NINO');
    // One person on a row per standard, found by the NI number alone (no MIS ID).
    const aims = validateRows(
      rowsWithNino([
        ['', 'Ann', 'Lee', 'AB123456C', '03/04/2001', 'Business Administrator Level 3'],
        ['', 'Ann', 'Lee', 'AB 12 34 56 C', '03/04/2001', 'Functional Skills English Level 2'],
      ]),
      context,
    );
    expect(aims.rows.map(said)).toEqual([[], ['same-person warning 2']]);
  });

  it('two people under one email (a family\'s): the rows say how both can be imported; rows that share a MIS ID do not', () => {
    const { rows } = validateRows(
      rowsOf([
        ['L1', 'Amelia', 'Hart', 'hart.family@example.com', '', '03/04/2006', ''],
        ['L2', 'Oliver', 'Hart', 'hart.family@example.com', '', '19/08/2007', ''],
        ['L3', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', ''],
        ['L3', 'Ann', 'Lee', 'ann@example.com', '', '03/05/2001', ''],
      ]),
      context,
    );
    expect(rows.map(said)).toEqual([['duplicate error'], ['duplicate error'], ['duplicate error', 'duplicate error'], ['duplicate error', 'duplicate error']]);
    expect(rows[0][0].message).toMatch(/If they are two people sharing one email \(a family's, say\), give each their own, or leave it empty on one of the rows/);
    // One person with two dates of birth: the MIS ID and the email both say so; neither message speaks of two people.
    expect(rows[2].map((issue) => issue.message).join(' ')).not.toContain('two people');
  });

  it('does not link rows by a number Excel rounded, which is nobody\'s', () => {
    const { rows } = validateRows(
      rowsOf([
        ['L1', 'Ann', 'Lee', 'ann@example.com', '9.27631E+09', '03/04/2001', ''],
        ['L2', 'Bo', 'Ray', 'bo@example.com', '9.27631E+09', '03/04/2001', ''],
      ]),
      context,
    );
    expect(rows.map((issues) => issues.map((issue) => issue.code))).toEqual([['excel-rounded'], ['excel-rounded']]);
  });

  it('reads a MIS ID written with the zeros at its front on one row and without on another (Excel dropped them) as one: both rows are errors naming each other', () => {
    const data = [
      ['0123', 'Cara', 'Zeros', '', '', '03/04/2001', 'Business Administrator Level 3'],
      ['123', 'Cara', 'Zeros', '', '', '03/04/2001', 'Business Administrator Level 3'],
      ['A0123', 'Dev', 'Letters', '', '', '05/06/2002', 'Business Administrator Level 3'],
      ['A123', 'Dev', 'Letters', '', '', '05/06/2002', 'Business Administrator Level 3'],
    ];
    const asCells = rowsOf(data);
    // As a CSV file's rows are kept (one line each), whose MIS IDs are hashed where they stand.
    const asLines = mapTable(
      { ...makeTable(HEADERS, data), rows: data.map((cells, i) => PackedRow.ofLine(i + 2, cells.join(','), ',', cells.length)) },
      toMapping(autoMap(HEADERS).columns),
      context,
    );
    for (const rows of [asCells, asLines]) {
      const found = validateRows(rows, context).rows.map((issues) => issues.filter((issue) => issue.field === 'MISID'));
      // An ID with a letter in it is compared as written: Dev's rows are two learners, A0123 and A123.
      expect(found.map(said)).toEqual([['duplicate error'], ['duplicate error'], [], []]);
      expect(found[0][0].message).toBe(
        'MIS ID "0123" (row 2) is "123" on row 3: one MIS ID, written with and without the zeros at its front (Excel drops them from a cell it takes for a number), ' +
          "so the rows are read as one learner's. Write it as the MIS has it on both rows (format the column as Text in Excel to keep the zeros): the learner is then imported once.",
      );
      expect(found[1][0].message).toMatch(/^MIS ID "123" \(row 3\) is "0123" on row 2: one MIS ID, written with and without the zeros at its front/);
    }

    // Written alike, the rows are one learner's, imported once; written apart again, both are errors again.
    const state = createValidationState(asLines, context);
    expect(state.updateCell(1, 'MISID', '0123').map((changed) => [changed.row, said(changed.issues.filter((issue) => issue.field === 'MISID'))])).toEqual([
      [2, []],
      [3, ['same-person warning 2']],
    ]);
    state.updateCell(1, 'MISID', '00123');
    expect(state.issuesFor(0).find((issue) => issue.field === 'MISID')?.message).toMatch(/^MIS ID "0123" \(row 2\) is "00123" on row 3:/);
    // Two people: the MIS ID's zeros and their other details differ.
    state.updateCell(1, 'FirstName', 'Carl');
    expect(state.issuesFor(1).find((issue) => issue.field === 'MISID')?.message).toMatch(
      /The rows also differ in First name: each person must be in the file once \(or on a row per standard, alike in every other column\), so correct the MIS ID, or remove or correct one of the rows\.$/,
    );
  });

  it('re-decides a group when an edit makes its rows differ, and again when the edit is undone', () => {
    const state = createValidationState(
      rowsOf([
        ['L1', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', 'Business Administrator Level 3'],
        ['L1', 'Ann', 'Lee', 'ann@example.com', '', '03/04/2001', 'Functional Skills English Level 2'],
      ]),
      context,
    );
    expect([state.severitiesOf(0), state.severitiesOf(1)]).toEqual([{ error: false, warning: false }, { error: false, warning: true }]);
    // A ULN typed into the second row's empty cell: the rows now differ in it, and both say so.
    expect(state.updateCell(1, 'ULN', '9276308686').map((changed) => [changed.index, said(changed.issues)])).toEqual([
      [0, ['duplicate error', 'duplicate error']],
      [1, ['duplicate error', 'duplicate error']],
    ]);
    expect(state.issuesFor(0)[0].message).toBe(
      'MIS ID "L1" is also on row 3, but the two rows differ in ULN: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them.',
    );
    expect(state.severitiesOf(0)).toEqual({ error: true, warning: false });
    expect(state.updateCell(1, 'ULN', '').map((changed) => [changed.index, said(changed.issues)])).toEqual([
      [0, []],
      [1, ['same-person warning 2']],
    ]);
    // A standard edited on a later row changes nothing of the group's verdict: the first row is not even re-sent.
    expect(state.updateCell(1, 'Standards', 'Functional Skills Maths Level 2').map((changed) => [changed.index, said(changed.issues)])).toEqual([
      [1, ['same-person warning 2']],
    ]);
  });

  it('says thousands of rows given one placeholder email once each, naming a handful of the others', () => {
    const data = Array.from({ length: 5_000 }, (_, n) => [`L${n}`, 'Ann', 'Lee', 'none@college.example.com', '', '03/04/2001', '']);
    const { rows } = validateRows(rowsOf(data), context);
    expect(rows.every((issues) => said(issues).join() === 'duplicate error')).toBe(true);
    expect(rows[0][0].message).toMatch(/^Email "none@college\.example\.com" is also on rows 3-7 and others, but the rows these values link differ in MIS ID:/);
  });
});
