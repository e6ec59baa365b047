import { describe, expect, it } from 'vitest';
import { mapTable, valueHashesWhenMapped } from '../../shared/mapped-rows';
import type { Mapping } from '../../shared/mapping';
import { PackedRow } from '../../shared/packed-row';
import type { Table } from '../../shared/table';
import { validateRows } from '../../shared/validate';
import { makeTable } from './make-table';

const context = { today: '2025-06-15' };

/** The table with each row kept as its line of a CSV file (see PackedRow.ofLine), as a text file's rows are. */
function linesOf(table: Table, cells: readonly string[][]): Table {
  return { ...table, rows: cells.map((row, i) => PackedRow.ofLine(i + 2, row.join(','), ',', row.length)) };
}

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
  const asLines = linesOf(asArrays, cells);
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

describe('a table whose rows are kept as lines, in columns that do not repeat', () => {
  // Past the memo's trial, so the columns are read cell by cell, the plain ones where they stand in the line.
  const headers = ['Learner ref', 'OneFile ID', 'Email', 'ULN', 'NI number', 'Mobile', 'Home phone'];
  const odd = (i: number, plain: string, others: readonly string[]) => (i % 4 === 1 ? others[(i >> 2) % others.length] : plain);
  /** A valid ULN for each row: nine digits from the row and their check digit (a row whose nine have none gets the next nine's). */
  const uln = (i: number): string => {
    for (let base = 100_000_000 + 3 * i; ; base++) {
      const nine = String(base);
      const remainder = [...nine].reduce((sum, digit, k) => sum + Number(digit) * (10 - k), 0) % 11;
      if (remainder !== 0) return `${nine}${10 - remainder}`;
    }
  };
  const six = (i: number) => String(i).padStart(6, '0');
  const cells = Array.from({ length: 12_000 }, (_, i) => [
    odd(i, `L${i}`, ['l 1', ' L1', '12.0', '#N/A', '', 'L\u00e91', 'L1']),
    odd(i, String(500_000 + i), ['1.0', '', '#1', '500 001']),
    odd(i, `learner${i}@example.com`, ['Learner1@Example.com', 'a..b@c.co', 'a@b', 'mailto:a@b.co', ' learner1@example.com', 'learner1@example.co.uk.']),
    odd(i, uln(i), ['1000000095', '100 000 0094', '0000000000', '10000000', '']),
    odd(i, `AB${six(i)}C`, ['ab123456c', 'AB 12 34 56 C', 'QQ123456C', 'AB123456E', 'GB123456A']),
    odd(i, `07700 9${six(i).slice(1)}`, ['+44 7700 900123', '0770090012', '00 7700 900123', '07700  900123', '07700900123', 'n/a', '12345', '07700 90012x']),
    odd(i, `0113 4${six(i)}`, ['01134960000', '(0113) 496 0000', '']),
  ]);
  const mapping: Mapping = {
    columns: [
      { index: 0, header: 'Learner ref', field: 'MISID' },
      { index: 1, header: 'OneFile ID', field: 'OneFileID' },
      { index: 2, header: 'Email', field: 'Email' },
      { index: 3, header: 'ULN', field: 'ULN' },
      { index: 4, header: 'NI number', field: 'NINO' },
      { index: 5, header: 'Mobile', field: 'MobileNumber' },
      { index: 6, header: 'Home phone', field: 'Telephone' },
    ],
  };
  const asArrays = makeTable(headers, cells);
  const asLines = linesOf(asArrays, cells);
  const seen = (table: Table) => {
    const rows = mapTable(table, mapping, context);
    return {
      rows: rows.map((row) => ({ row: row.row, values: row.values, problems: (row as { problems?: unknown }).problems })),
      hashes: (['MISID', 'ULN', 'Email'] as const).map((field) => [...(valueHashesWhenMapped(rows, field) ?? [])]),
      issues: validateRows(rows, context).rows,
    };
  };

  it('reads them as it reads rows of cells: the same values, problems, hashes for duplicates and issues', () => {
    const expected = seen(asArrays);
    expect(expected.rows[10_000].values).toEqual({ MISID: 'L10000', OneFileID: '510000', Email: 'learner10000@example.com', ULN: uln(10_000), NINO: 'AB010000C', MobileNumber: '07700910000', Telephone: '01134010000' });
    // The odd cells past the trial were read the general way: cleaned, or found wrong.
    expect(expected.rows[10_001].values.Email).toBe('learner1@example.com');
    expect(expected.rows.slice(10_000).filter((row) => (row.problems as unknown[]).length > 0).length).toBeGreaterThan(300);
    expect(expected.hashes[0].filter((hash) => hash !== 0).length).toBeGreaterThan(11_000);
    expect(seen(asLines)).toEqual(expected);
  });
});
