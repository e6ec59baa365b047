import { describe, expect, it } from 'vitest';
import { groupProblems, problemGroupLine, problemGroupLines, rowRanges, type GroupableProblem } from '../../shared/problem-groups';

const unknownProgramme = (row: number): GroupableProblem => ({
  row,
  column: 'H',
  header: 'Programme',
  field: 'Standards',
  value: 'Business Administrator',
  code: 'reference-unmatched',
  severity: 'error',
  message: 'No standard in OneFile matches "Business Administrator". Did you mean "Business Administrator Level 3"? Choose it (remembered for next time) or correct the file.',
  suggestions: [{ id: 4001, name: 'Business Administrator Level 3', score: 0.96 }],
});

describe('problems grouped by what fixes them', () => {
  it('writes rows as ranges', () => {
    expect(rowRanges([7, 2, 3, 4, 9, 10, 3])).toEqual(['2-4', '7', '9-10']);
  });

  it('says one value in one column that OneFile does not know once, with its 150 rows as a range and the best suggestion', () => {
    const rows = Array.from({ length: 150 }, (_, i) => unknownProgramme(i + 2));
    const groups = groupProblems(rows);
    expect(groups).toHaveLength(1);
    expect(problemGroupLine(groups[0])).toBe(
      'Programme "Business Administrator": no such standard, rows 2-151 (150 rows); did you mean "Business Administrator Level 3" (96 %)?',
    );
  });

  it('says a value on more rows than a function can take arguments once too (a file of 200,000 rows)', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => unknownProgramme(200_001 - i));
    const [group] = groupProblems(rows);
    expect([group.rowCount, group.firstRow, group.rowRanges]).toEqual([200_000, 2, ['2-200001']]);
  });

  it('keeps different values, columns and problems apart, errors first and most rows first', () => {
    const groups = groupProblems([
      unknownProgramme(2),
      { ...unknownProgramme(3), value: 'Bus Admin' },
      unknownProgramme(5),
      { row: 4, column: 'D', header: 'Email Address', field: 'Email', value: 'broken@', code: 'email-invalid', severity: 'error', message: '"broken@" is not an email address.' },
      { row: 6, column: 'B', header: 'Forename', field: 'FirstName', value: 'X1', code: 'name-odd', severity: 'warning', message: '"X1" does not look like a name.' },
      { row: 7, column: 'B', header: 'Forename', field: 'FirstName', value: 'X2', code: 'name-odd', severity: 'warning', message: '"X2" does not look like a name.' },
    ]);
    expect(groups.map(problemGroupLine)).toEqual([
      'Programme "Business Administrator": no such standard, rows 2, 5 (2 rows); did you mean "Business Administrator Level 3" (96 %)?',
      'Programme "Bus Admin": no such standard, row 3; did you mean "Business Administrator Level 3" (96 %)?',
      'Email Address "broken@": "broken@" is not an email address, row 4',
      // A warning does not stop a row: said once per column, whatever the values.
      'Forename "X1" and 1 other value: "X1" does not look like a name, rows 6-7 (2 rows) (warning)',
    ]);
  });

  it('says numbers Excel rounded once for their column, whatever their values: one new export mends them all', () => {
    const rounded = (row: number, value: string): GroupableProblem => ({ row, column: 'E', header: 'ULN', field: 'ULN', value, code: 'excel-rounded', severity: 'error', message: 'Excel rounded this ULN.' });
    expect(groupProblems([rounded(2, '4.82173E+09'), rounded(3, '4.82174E+09'), rounded(4, '4.82173E+09')]).map(problemGroupLine)).toEqual([
      'ULN "4.82173E+09" and 1 other value: Excel rounded this ULN, rows 2-4 (3 rows)',
    ]);
  });

  it('says learners on a row per standard once, in words that fit every row of the line, naming the rows they are imported with', () => {
    const later = (row: number, value: string, first: number): GroupableProblem => ({
      row, column: 'A', header: 'Learner Ref', field: 'MISID', value, code: 'same-person', severity: 'warning', sameAs: first,
      message: `The same person as row ${first} (the same MIS ID, and alike in every other column): imported once, with row ${first}, with this row's standards and units too.`,
    });
    expect(groupProblems([later(3, 'L1', 2), later(4, 'L1', 2), later(6, 'L2', 5)]).map(problemGroupLine)).toEqual([
      'Learner Ref "L1" and 1 other value: the same person as rows 2, 5 (a row per standard, alike in every other column, or in all but the assessor): imported once, with their first row, this row\'s standards and units too, and a row\'s own assessor for its standards, rows 3-4, 6 (3 rows) (warning)',
    ]);
    expect(groupProblems([later(3, 'L1', 2)]).map(problemGroupLine)).toEqual([
      'Learner Ref "L1": the same person as row 2 (a row per standard, alike in every other column, or in all but the assessor): imported once, with row 2, this row\'s standards and units too, and a row\'s own assessor for its standards, row 3 (warning)',
    ]);
  });

  it('says an exact copy of a row as a copy of that row, apart from rows per standard', () => {
    const copy = (row: number, value: string, first: number): GroupableProblem => ({
      row, column: 'A', header: 'Learner Ref', field: 'MISID', value, code: 'same-person', severity: 'warning', sameAs: first, exactCopy: true,
      message: `A copy of row ${first} (the same MIS ID, and alike in every column): imported once, with row ${first}.`,
    });
    const perStandard: GroupableProblem = {
      row: 9, column: 'A', header: 'Learner Ref', field: 'MISID', value: 'L7', code: 'same-person', severity: 'warning', sameAs: 8,
      message: "The same person as row 8 (the same MIS ID, and alike in every other column): imported once, with row 8, with this row's standards and units too.",
    };
    expect(groupProblems([copy(15, 'L1', 2)]).map(problemGroupLine)).toEqual(['Learner Ref "L1": a copy of row 2, alike in every column: imported once, with row 2, row 15 (warning)']);
    expect(groupProblems([copy(15, 'L1', 2), perStandard, copy(16, 'L3', 4)]).map(problemGroupLine)).toEqual([
      'Learner Ref "L1" and 1 other value: copies of rows 2, 4, alike in every column: each person imported once, with the row copied, rows 15-16 (2 rows) (warning)',
      'Learner Ref "L7": the same person as row 8 (a row per standard, alike in every other column, or in all but the assessor): imported once, with row 8, this row\'s standards and units too, and a row\'s own assessor for its standards, row 9 (warning)',
    ]);
  });

  it('does not repeat on every row a missing column the file problems already name', () => {
    const required = (row: number): GroupableProblem => ({ row, column: '', field: 'Assessor', value: '', code: 'required', severity: 'error', message: 'Assessor is required.' });
    expect(groupProblems([required(2), required(3)], { saidForFile: new Set(['Assessor']) })).toEqual([]);
    expect(groupProblems([required(2), required(3)]).map(problemGroupLine)).toEqual(['Assessor: Assessor is required, rows 2-3 (2 rows)']);
  });

  it('lists the first groups, then how many more', () => {
    const groups = groupProblems([2, 4, 6].map((row) => ({ ...unknownProgramme(row), value: `Programme ${row}` })));
    const lines = problemGroupLines(groups, 2);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('... and 1 more problem (--json lists them all)');
  });

  it('names an ambiguous value\'s candidates instead of guessing', () => {
    const [group] = groupProblems([
      { row: 9, column: 'F', header: 'Class', field: 'Classroom', value: 'Evening', code: 'reference-ambiguous', severity: 'error', message: 'fits two', suggestions: [{ id: 1, name: 'Evening A', score: 1 }, { id: 2, name: 'Evening B', score: 1 }] },
    ]);
    expect(problemGroupLine(group)).toBe('Class "Evening": fits 2 classes, the importer will not guess, row 9; choose one of "Evening A", "Evening B"');
  });
});
