import { describe, expect, it } from 'vitest';
import { autoMap, toMapping } from '../../shared/mapping';
import { joinParts, mapTable } from '../../shared/mapped-rows';
import { makeTable } from './make-table';

const context = { today: '2025-06-15' };

function homeAddressOf(headers: string[], cells: string[]) {
  const mapped = autoMap(headers);
  const [row] = mapTable(makeTable(headers, [cells]), toMapping(mapped.columns), context);
  return { fields: mapped.columns.map((c) => c.field), conflicts: mapped.conflicts, address: row.values.HomeAddress, cell: row.raw.HomeAddress };
}

describe('a home address in several columns, as MIS exports write it', () => {
  it('joins an address and its postcode, instead of keeping the postcode alone', () => {
    const read = homeAddressOf(['Forename', 'Address', 'Postcode'], ['Ann', '1 High Street, Leeds', 'LS1 1AA']);
    expect(read).toMatchObject({ fields: ['FirstName', 'HomeAddress', 'HomeAddress'], conflicts: [], address: '1 High Street, Leeds, LS1 1AA' });
    // The value points at its first column.
    expect(read.cell).toMatchObject({ column: 'B', header: 'Address' });
  });

  it('joins the lines, town, county and postcode in column order, leaving out the empty ones', () => {
    const headers = ['Address Line 1', 'Address Line 2', 'Town', 'County', 'Post Code'];
    expect(homeAddressOf(headers, ['Flat 2', '1 High Street', 'Leeds', '', 'LS1 1AA']).address).toBe('Flat 2, 1 High Street, Leeds, LS1 1AA');
    expect(homeAddressOf(['Address 1', 'Address 2', 'City', 'Postcode'], ['9 Mill Lane', '', 'York', 'YO1 7HH']).address).toBe('9 Mill Lane, York, YO1 7HH');
  });

  it('does not write a town or postcode twice when the address line has it, but keeps a town named in a street', () => {
    expect(joinParts(['1 High Street, Leeds, LS1 1AA', 'leeds', 'LS11AA'])).toBe('1 High Street, Leeds, LS1 1AA');
    expect(joinParts(['12 Leeds Road', 'Leeds', 'LS1 1AA'])).toBe('12 Leeds Road, Leeds, LS1 1AA');
    expect(joinParts(['', '  ', 'York'])).toBe('York');
  });

  it('still refuses to join what is not an address: two email columns are a conflict', () => {
    const mapped = autoMap(['Email', 'Email Address', 'Postcode']);
    expect(mapped.columns.map((c) => c.field)).toEqual(['Email', null, 'HomeAddress']);
    expect(mapped.conflicts).toEqual([{ field: 'Email', headers: ['Email', 'Email Address'] }]);
  });
});
