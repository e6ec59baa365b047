import { describe, expect, it } from 'vitest';
import { mapTable } from '../../shared/mapped-rows';
import type { Mapping } from '../../shared/mapping';
import { PackedRow } from '../../shared/packed-row';
import type { Table } from '../../shared/table';
import { makeTable } from './make-table';

const context = { today: '2025-06-15' };

describe('applying a mapping to a table', () => {
  const table = makeTable(
    ['Forename', 'Notes', 'E-mail', 'DOB', 'Class', 'Standards', 'Role'],
    [
      ['\u00a0Amelia ', 'likes tea', 'Amelia.Hughes@Example.com', '03/04/2001', 'Bus Admin L2', 'Bus Admin; ST0070', 'Apprentice'],
      ['Ben', '', '', '', '', '', ''],
    ],
  );
  const mapping: Mapping = {
    columns: [
      { index: 0, header: 'Forename', field: 'FirstName' },
      { index: 1, header: 'Notes', field: null },
      { index: 2, header: 'E-mail', field: 'Email' },
      { index: 3, header: 'DOB', field: 'DOB' },
      { index: 4, header: 'Class', field: 'Classroom' },
      { index: 5, header: 'Standards', field: 'Standards' },
      { index: 6, header: 'Role', field: 'Role' },
    ],
    values: {
      Classroom: { 'Bus Admin L2': 'Business Admin L2' },
      Standards: { 'Bus Admin': 'Business Administrator' },
    },
  };

  it('gives each row its Excel number and cleaned values by field, leaving unmapped columns out', () => {
    const [first] = mapTable(table, mapping, context);
    expect(first.row).toBe(2);
    expect(first.values).toEqual({
      FirstName: 'Amelia',
      Email: 'amelia.hughes@example.com',
      DOB: '2001-04-03',
      Classroom: 'Business Admin L2',
      Standards: 'Business Administrator; ST0070',
      Role: '1',
    });
  });

  it('keeps every mapped cell as it was in the file, with its column and header', () => {
    const [first] = mapTable(table, mapping, context);
    expect(first.raw.Email).toEqual({ value: 'Amelia.Hughes@Example.com', column: 'C', header: 'E-mail' });
    expect(first.raw.Classroom?.value).toBe('Bus Admin L2');
    expect(Object.keys(first.raw)).not.toContain('Notes');
  });

  it('leaves empty cells out of the values but keeps their source', () => {
    const [, second] = mapTable(table, mapping, context);
    expect(second.values).toEqual({ FirstName: 'Ben' });
    expect(second.raw.DOB).toEqual({ value: '', column: 'D', header: 'DOB' });
  });
});

describe('a table whose rows are kept as lines', () => {
  // 12,000 rows: past the point (10,000 cells) where a memo judges whether its field's texts repeat.
  const headers = ['Learner ref', 'Class', 'Start date', 'Email', 'Address 1', 'Postcode'];
  const classes = ['Bus Admin L2', 'Team Leader L3', 'Bus Admin L2 ', ''];
  const cells = Array.from({ length: 12_000 }, (_, i) => [
    `L${i}`,
    classes[i % classes.length],
    i % 500 === 0 ? '31/02/2025' : `${1 + (i % 28)}/0${1 + (i % 9)}/2025`,
    i % 7 === 0 ? '' : `Learner${i}@Example.com`,
    `${i % 40} High St`,
    i % 3 === 0 ? '' : 'LS1 4AB',
  ]);
  const mapping: Mapping = {
    columns: [
      { index: 0, header: 'Learner ref', field: 'MISID' },
      { index: 1, header: 'Class', field: 'Classroom' },
      { index: 2, header: 'Start date', field: 'StartOn' },
      { index: 3, header: 'Email', field: 'Email' },
      { index: 4, header: 'Address 1', field: 'HomeAddress' },
      { index: 5, header: 'Postcode', field: 'HomeAddress' },
    ],
    values: { Classroom: { 'Bus Admin L2': 'Business Admin L2' } },
  };
  const asArrays = makeTable(headers, cells);
  const asLines: Table = { ...asArrays, rows: cells.map((row, i) => PackedRow.ofLine(i + 2, row.join(','), ',', row.length)) };
  const asPacked: Table = { ...asArrays, rows: cells.map((row, i) => new PackedRow(i + 2, row)) };
  const seen = (table: Table) =>
    mapTable(table, mapping, context).map((row) => ({ row: row.row, values: row.values, raw: row.raw, problems: (row as { problems?: unknown }).problems }));

  it('maps them as it maps rows of cells: the same values, cells and problems, memo and all', () => {
    const expected = seen(asArrays);
    expect(expected[1].values).toEqual({ MISID: 'L1', Classroom: 'Team Leader L3', StartOn: '2025-02-02', Email: 'learner1@example.com', HomeAddress: '1 High St, LS1 4AB' });
    expect(expected[4].values.Classroom).toBe('Business Admin L2');
    expect(expected[500].problems).toEqual([expect.objectContaining({ field: 'StartOn' })]);
    expect(seen(asLines)).toEqual(expected);
    expect(seen(asPacked)).toEqual(expected);
  });
});
