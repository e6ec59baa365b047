import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../main/import/intake';
import type { Table } from '../../shared/table';

/**
 * A header only like a field's name ("Start Notes" as Start date, fuzzy, about 40 %) was
 * mapped whatever its column held: a file with a column of notes then had an error on
 * every row ("Keen" is not a date). Its values judge the guess now: mostly not of the
 * field's kind, the column is not imported, and says why.
 */

const TODAY = { today: '2026-12-07' };

function table(headers: string[], rows: string[][]): Table {
  return {
    source: { file: 'mis.csv', format: 'csv', headerRow: 1 },
    headers,
    columns: headers.map((_, i) => String.fromCharCode(65 + i)),
    rows: rows.map((cells, i) => ({ row: i + 2, cells })),
  };
}

const people = [
  ['A1', 'Amy', 'Lee'],
  ['A2', 'Tom', 'Kay'],
  ['A3', 'Zoë', 'Hall'],
];

describe('a column mapped on a header only like a field', () => {
  it('is not imported where its values are mostly not of the field, naming the field it looked like', () => {
    const notes = table(['Learner Ref', 'Forename', 'Surname', 'Start Notes'], people.map((p, i) => [...p, ['Keen', 'Late', 'Needs support'][i]]));
    const { columns } = mapColumns(notes, undefined, 'learner', TODAY);
    expect(columns[3]).toMatchObject({ header: 'Start Notes', field: null, reason: 'unlike', guessed: 'StartOn', confidence: 0 });
    expect(columns.slice(0, 3).map((c) => c.field)).toEqual(['MISID', 'FirstName', 'LastName']);
  });

  it('stays mapped where its values are of the field, a mistake among them or not', () => {
    const dates = table(['Learner Ref', 'Forename', 'Surname', 'Strt Dte'], people.map((p, i) => [...p, ['02/09/2024', '31/02/2025', 'soon'][i]]));
    expect(mapColumns(dates, undefined, 'learner', TODAY).columns[3]).toMatchObject({ field: 'StartOn', reason: 'fuzzy' });
  });

  it('gives the field to the next column like it, where that one holds such values', () => {
    // "Strt Dte" is the better guess by its header, but holds notes; "Start Notes" holds the dates.
    const swapped = table(['Learner Ref', 'Forename', 'Surname', 'Start Notes', 'Strt Dte'], people.map((p) => [...p, '02/09/2024', 'See file']));
    const { columns } = mapColumns(swapped, undefined, 'learner', TODAY);
    expect(columns.slice(3).map((c) => [c.header, c.field, c.reason])).toEqual([
      ['Start Notes', 'StartOn', 'fuzzy'],
      ['Strt Dte', null, 'unlike'],
    ]);
  });

  it('is mapped as a profile says, whatever its values: a person chose it', () => {
    const notes = table(['Learner Ref', 'Forename', 'Surname', 'Start Notes'], people.map((p) => [...p, 'Keen']));
    const { columns } = mapColumns(notes, { columns: { 'Start Notes': 'StartOn' } }, 'learner', TODAY);
    expect(columns[3]).toMatchObject({ field: 'StartOn', reason: 'profile' });
  });
});
