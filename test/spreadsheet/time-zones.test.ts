import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../main/spreadsheet';
import { fixtureFolder, type FixtureFolder } from './fixture-files';

let files: FixtureFolder;
let in1900: string;
let in1904: string;
const originalTz = process.env.TZ;

beforeAll(async () => {
  files = await fixtureFolder();
  const build = (date1904: boolean) => (workbook: import('exceljs').Workbook) => {
    workbook.properties.date1904 = date1904;
    const sheet = workbook.addWorksheet('Learners');
    sheet.addRow(['Name', 'Date of birth', 'Start', 'Session']);
    sheet.addRow(['Siân', new Date(Date.UTC(2001, 1, 3)), new Date(Date.UTC(2025, 8, 1, 23, 59, 59)), 0.75]);
    sheet.addRow(['Zoë', new Date(Date.UTC(1999, 11, 31, 0, 0, 1)), new Date(Date.UTC(2025, 2, 30, 0, 30)), 0.5]);
    sheet.getColumn(2).numFmt = 'dd/mm/yyyy';
    sheet.getColumn(3).numFmt = 'dd/mm/yyyy hh:mm';
    sheet.getColumn(4).numFmt = 'hh:mm';
  };
  in1900 = await files.workbook('dates-1900.xlsx', build(false));
  in1904 = await files.workbook('dates-1904.xlsx', build(true));
});

afterAll(async () => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
  await files.remove();
});

/** Offsets on 1 January 2025, in minutes as getTimezoneOffset reports them, to prove the zone took effect. */
const zones: [string, number][] = [
  ['America/New_York', 300],
  ['Pacific/Auckland', -780],
  ['Asia/Kolkata', -330],
  ['UTC', 0],
];

describe('dates read the same whatever time zone the computer is in', () => {
  it.each(zones)('in %s', async (zone, offset) => {
    process.env.TZ = zone;
    expect(new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset()).toBe(offset);
    for (const path of [in1900, in1904]) {
      const { table } = await readSpreadsheet(path);
      expect(table.rows.map((r) => r.cells)).toEqual([
        ['Siân', '2001-02-03', '2025-09-01 23:59', '18:00'],
        ['Zoë', '1999-12-31', '2025-03-30 00:30', '12:00'],
      ]);
    }
  });
});
