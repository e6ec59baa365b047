import { describe, expect, it } from 'vitest';
import { autoMap, conflictIssues, toMapping } from '../../shared/mapping';
import { fieldValue, mapTable, rawCellOf } from '../../shared/mapped-rows';
import { PackedRow } from '../../shared/packed-row';
import { createValidationState, validateRows, type ValidationContext } from '../../shared/validate';
import { nameOrderOfHeader, splitWholeName } from '../../shared/whole-name';
import { makeTable } from './make-table';

const context: ValidationContext = { today: '2025-06-15' };

describe('splitting a whole name into first and last name', () => {
  it('trusts what the text shows: a comma, a surname in capitals, or two words', () => {
    expect(splitWholeName('Smith, Ann')).toEqual({ first: 'Ann', last: 'Smith', way: 'comma' });
    expect(splitWholeName('  SMITH ,  Ann  Marie ')).toEqual({ first: 'Ann Marie', last: 'SMITH', way: 'comma' });
    expect(splitWholeName('SMITH Ann Marie')).toEqual({ first: 'Ann Marie', last: 'SMITH', way: 'capitals' });
    expect(splitWholeName('Ann Marie SMITH-JONES')).toEqual({ first: 'Ann Marie', last: 'SMITH-JONES', way: 'capitals' });
    expect(splitWholeName("O'BRIEN Siân")).toEqual({ first: 'Siân', last: "O'BRIEN", way: 'capitals' });
    expect(splitWholeName('DE LA CRUZ Maria')).toEqual({ first: 'Maria', last: 'DE LA CRUZ', way: 'capitals' });
    expect(splitWholeName('Ann Smith')).toEqual({ first: 'Ann', last: 'Smith', way: 'two-words' });
  });

  it('does not take initials or a name all in capitals for a surname in capitals', () => {
    expect(splitWholeName('JJ Smith')).toEqual({ first: 'JJ', last: 'Smith', way: 'two-words' });
    expect(splitWholeName('ANN SMITH')).toEqual({ first: 'ANN', last: 'SMITH', way: 'two-words' });
    expect(splitWholeName('Ann SMITH Jones').way).toBe('guessed');
  });

  it('reads a longer name with its last word, and a particle before it, as the last name, and says it is a guess', () => {
    expect(splitWholeName('Mary Ann Jones')).toEqual({ first: 'Mary Ann', last: 'Jones', way: 'guessed' });
    expect(splitWholeName('Ludwig van Beethoven')).toEqual({ first: 'Ludwig', last: 'van Beethoven', way: 'guessed' });
    expect(splitWholeName('Maria de la Cruz')).toEqual({ first: 'Maria', last: 'de la Cruz', way: 'guessed' });
    expect(splitWholeName('Ahmad bin Ismail')).toEqual({ first: 'Ahmad', last: 'bin Ismail', way: 'guessed' });
  });

  it('follows the order the column header names', () => {
    expect(nameOrderOfHeader('Surname Forename')).toBe('surname-first');
    expect(nameOrderOfHeader('Name (Last name, First name)')).toBe('surname-first');
    expect(nameOrderOfHeader('Forename and Surname')).toBe('forename-first');
    expect(nameOrderOfHeader('Learner Name')).toBeUndefined();
    expect(splitWholeName('Smith Ann Marie', 'surname-first')).toEqual({ first: 'Ann Marie', last: 'Smith', way: 'header' });
    expect(splitWholeName('van Dijk Jan', 'surname-first')).toEqual({ first: 'Jan', last: 'van Dijk', way: 'header' });
    expect(splitWholeName('Mary Ann Jones', 'forename-first')).toEqual({ first: 'Mary Ann', last: 'Jones', way: 'header' });
    // What the text shows wins over the header.
    expect(splitWholeName('Ann, Smith', 'forename-first')).toMatchObject({ first: 'Smith', last: 'Ann', way: 'comma' });
  });

  it('leaves a title out of the first name', () => {
    expect(splitWholeName('Mr John Smith')).toEqual({ first: 'John', last: 'Smith', way: 'two-words' });
    expect(splitWholeName('Mrs. SMITH Ann')).toEqual({ first: 'Ann', last: 'SMITH', way: 'capitals' });
    expect(splitWholeName('Smith, Dr Ann')).toEqual({ first: 'Ann', last: 'Smith', way: 'comma' });
    expect(splitWholeName('Miss A Jones')).toEqual({ first: 'A', last: 'Jones', way: 'two-words' });
    // A first name that starts like a title is a first name.
    expect(splitWholeName('Misha Jones')).toEqual({ first: 'Misha', last: 'Jones', way: 'two-words' });
    // A title and one name: the last name, with no first name.
    expect(splitWholeName('Mr Smith')).toEqual({ first: '', last: 'Smith', way: 'one-name' });
  });

  it('has no split for one name, and nothing for an empty cell', () => {
    expect(splitWholeName('Madonna')).toEqual({ first: 'Madonna', last: '', way: 'one-name' });
    expect(splitWholeName('Smith,')).toEqual({ first: '', last: 'Smith', way: 'one-name' });
    expect(splitWholeName(' \u00a0 ')).toEqual({ first: '', last: '', way: 'empty' });
  });
});

describe('a column of whole names', () => {
  const headers = ['Learner Ref', 'Learner Name', 'Email'];
  const names = [
    ['L1', 'HUGHES, Amelia', 'amelia@example.com'],
    ['L2', 'Mary Ann Jones', 'mary@example.com'],
    ['L3', 'Madonna', 'madonna@example.com'],
    ['L4', 'Ben Khan', 'ben@example.com'],
  ];

  it('is mapped by itself, and gives the first and last name a new learner needs', () => {
    const mapped = autoMap(headers);
    expect(mapped.columns[1]).toMatchObject({ field: 'FullName', reason: 'alias' });
    expect(mapped.missingRequired).not.toContain('FirstName');
    expect(mapped.missingRequired).not.toContain('LastName');
    expect(autoMap(['Learner Ref', 'Email']).missingRequired).toContain('FirstName');
  });

  it('is left out beside a first-name and a last-name column, and said so', () => {
    const mapped = autoMap(['Forename', 'Surname', 'Full Name']);
    expect(mapped.columns.map((c) => c.field)).toEqual(['FirstName', 'LastName', null]);
    expect(mapped.columns[2].reason).toBe('taken');
    expect(conflictIssues(mapped.conflicts)[0].message).toBe(
      'Column "Full Name" holds whole names, and "Forename" and "Surname" hold the first and last name: those are used and "Full Name" is not imported. Change the mapping if that is the wrong way round.',
    );
    // Mapped by hand beside them, it gives nothing they do not.
    const table = makeTable(['Forename', 'Surname', 'Full Name'], [['Ann', 'Lee', 'Someone Else']]);
    const [row] = mapTable(table, { columns: [0, 1, 2].map((index) => ({ index, header: '', field: (['FirstName', 'LastName', 'FullName'] as const)[index] })) }, context);
    expect(row.values).toEqual({ FirstName: 'Ann', LastName: 'Lee' });
  });

  for (const kind of ['cells', 'packed lines'] as const) {
    it(`reads each row's first and last name from its cell, pointing at that cell (${kind})`, () => {
      const table = makeTable(headers, names);
      if (kind === 'packed lines') table.rows = names.map((cells, i) => PackedRow.ofLine(i + 2, cells.join('\t'), '\t', cells.length));
      const rows = mapTable(table, toMapping(autoMap(headers).columns), context);
      expect(rows.map((row) => [fieldValue(row, 'FirstName'), fieldValue(row, 'LastName')])).toEqual([
        ['Amelia', 'HUGHES'],
        ['Mary Ann', 'Jones'],
        ['Madonna', undefined],
        ['Ben', 'Khan'],
      ]);
      expect(rawCellOf(rows[0], 'LastName')).toEqual({ value: 'HUGHES', column: 'B', header: 'Learner Name' });
      expect(rows[1].values).toMatchObject({ FullName: 'Mary Ann Jones', FirstName: 'Mary Ann', LastName: 'Jones' });

      const { rows: issues } = validateRows(rows, { ...context, defaultRole: 'learner' });
      expect(issues[0]).toEqual([]);
      expect(issues[1]).toEqual([
        expect.objectContaining({ column: 'B', field: 'FullName', code: 'name-split', severity: 'warning', value: 'Mary Ann Jones' }),
      ]);
      // One name: said once, not again as "Last name is required".
      expect(issues[2]).toEqual([
        expect.objectContaining({
          column: 'B',
          field: 'FullName',
          code: 'name-incomplete',
          severity: 'error',
          message: '"Madonna" is one name: OneFile needs a first and a last name, so write the cell as "Last, First".',
        }),
      ]);
    });
  }

  it('splits the names the header says are surname first', () => {
    const table = makeTable(['Surname Forename', 'Email'], [['Smith Ann Marie', 'ann@example.com']]);
    const [row] = mapTable(table, toMapping(autoMap(table.headers).columns), context);
    expect(row.values).toMatchObject({ FirstName: 'Ann Marie', LastName: 'Smith' });
    expect(validateRows([row], context).rows[0]).toEqual([]);
  });

  it('gives the first and last name of a whole name edited in Review', () => {
    const rows = mapTable(makeTable(headers, names), toMapping(autoMap(headers).columns), context);
    const state = createValidationState(rows, { ...context, defaultRole: 'learner' });
    const [changed] = state.updateCell(2, 'FullName', 'Ciccone, Madonna Louise');
    expect(changed.issues).toEqual([]);
    expect(state.rows[2].values).toMatchObject({ FullName: 'Ciccone, Madonna Louise', FirstName: 'Madonna Louise', LastName: 'Ciccone' });
    expect(state.rows[2].raw.LastName).toEqual({ value: 'Ciccone', column: 'B', header: 'Learner Name' });
    // An edited row is checked from its cells again: still no problem, and an edit back to one name is one error.
    expect(state.updateCell(2, 'Email', 'louise@example.com')[0].issues).toEqual([]);
    expect(state.updateCell(2, 'FullName', 'Cher')[0].issues.map((issue) => issue.code)).toEqual(['name-incomplete']);
    expect(state.rows[2].values.LastName).toBeUndefined();
  });
});
