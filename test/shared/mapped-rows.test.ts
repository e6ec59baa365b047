import { describe, expect, it } from 'vitest';
import { mapTable } from '../../shared/mapped-rows';
import type { Mapping } from '../../shared/mapping';
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
