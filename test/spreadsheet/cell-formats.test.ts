import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../main/spreadsheet/number-format';
import { outlineFrom } from '../../main/spreadsheet/workbook-parts';

describe('a number cell reads as Excel shows it, minus separators and exponents', () => {
  it.each<[number, string | undefined, string]>([
    [1234567890, undefined, '1234567890'],
    [1234567890, '0.00E+00', '1234567890'],
    [123456789012345, 'General', '123456789012345'],
    [42, '0', '42'],
    [42, '000000', '000042'],
    [0.1 + 0.2, undefined, '0.3'],
    [1 / 3, undefined, '0.333333333333333'],
    [0.0000001, undefined, '0.0000001'],
    [-0, undefined, '0'],
    [3.5, '0.00', '3.50'],
    [1.005, '0.00', '1.01'],
    [-2.5, '0', '-3'],
    [1234.5, '#,##0.00', '1234.50'],
    [1234.5, '"£"#,##0.00;[Red]-"£"#,##0.00', '1234.50'],
    [0.875, '0%', '88%'],
    [0.1234, '0.0%', '12.3%'],
    [2.5, '#.##', '2.5'],
    [45901, 'dd/mm/yyyy', '2025-09-01'],
    [45901, 'd mmm yyyy', '2025-09-01'],
    [45901, '[$-809]dd mmmm yyyy;@', '2025-09-01'],
    [45901.5, 'yyyy-mm-dd hh:mm:ss', '2025-09-01 12:00:00'],
    [45901.5, 'h:mm AM/PM', '12:00'],
    [1.25, '[h]:mm', '30:00'],
    [60, 'dd/mm/yyyy', '1900-02-29'],
    [59, 'dd/mm/yyyy', '1900-02-28'],
    [1, 'dd/mm/yyyy', '1900-01-01'],
    [-1, 'dd/mm/yyyy', '-1'],
  ])('%d with format %s reads as %s', (value, numFmt, expected) => {
    expect(formatNumber(value, numFmt, false)).toBe(expected);
  });

  it('counts dates from 1 January 1904 in a 1904 workbook', () => {
    expect(formatNumber(0, 'dd/mm/yyyy', true)).toBe('1904-01-01');
    expect(formatNumber(43_538, 'dd/mm/yyyy', true)).toBe('2023-03-15');
  });
});

describe('the workbook outline', () => {
  it('reads sheets in tab order with their states, and either spelling of the 1904 flag', () => {
    const workbookXml =
      '<workbook xmlns:r="r"><workbookPr date1904="true"/><sheets>' +
      '<sheet name="Fish &amp; Chips" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Learners" sheetId="1" r:id="rId1"/>' +
      '</sheets></workbook>';
    expect(outlineFrom(workbookXml)).toEqual({
      date1904: true,
      sheets: [
        { name: 'Fish & Chips', state: 'hidden' },
        { name: 'Learners', state: 'visible' },
      ],
    });
    expect(outlineFrom('<workbook><workbookPr date1904="1"/></workbook>').date1904).toBe(true);
    expect(outlineFrom('<workbook><workbookPr date1904="false"/></workbook>').date1904).toBe(false);
  });
});
