import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../main/spreadsheet';
import { HiddenRowScanner } from '../../main/spreadsheet/hidden-rows';
import { MergedCellScanner } from '../../main/spreadsheet/merged-cells';
import { fixtureFolder, type FixtureFolder } from './fixture-files';

let files: FixtureFolder;
beforeAll(async () => {
  files = await fixtureFolder();
});
afterAll(() => files.remove());

const HEADER = ['Learner Ref', 'Forename', 'Surname', 'Email', 'Assessor', 'Class', 'Employer'];
const person = (n: number) => [`BA${n}`, `Learner${n}`, 'Jones', `l${n}@example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester'];

/** A learners sheet of `count` people (rows 2 on) with the given rows hidden, as a filter or Hide leaves them. */
function learnersWith(count: number, hidden: number[], filter = true) {
  return files.workbook(`hidden-${count}-${hidden.join('-')}.xlsx`, (workbook) => {
    const sheet = workbook.addWorksheet('Learners');
    sheet.addRow(HEADER);
    for (let n = 1; n <= count; n++) sheet.addRow(person(n));
    for (const row of hidden) sheet.getRow(row).hidden = true;
    if (filter) sheet.autoFilter = `A1:G${count + 1}`;
  });
}

describe('the rows a sheet hides', () => {
  const xml = '<sheetData><row r="1" spans="1:3"><c r="A1"/></row><row r="2" hidden="1"><c/></row><rowBreaks count="1"/>'
    + '<row hidden="true" customHeight="1"><c/></row><row r="9" ht="15" hidden="0"/><row r="12" hidden="1"/></sheetData>';

  it('are found in the sheet\'s XML, however it is cut into chunks', () => {
    const bytes = Buffer.from(xml, 'latin1');
    for (let cut = 1; cut < bytes.length; cut++) {
      const scanner = new HiddenRowScanner();
      scanner.push(bytes.subarray(0, cut));
      scanner.push(bytes.subarray(cut));
      expect(scanner.rows, `cut at ${cut}`).toEqual([2, 3, 12]);
    }
    const byteAtATime = new HiddenRowScanner();
    for (const byte of bytes) byteAtATime.push(Buffer.from([byte]));
    expect(byteAtATime.rows).toEqual([2, 3, 12]);
  });

  it('are found beside the merged cells at the sheet\'s end, each scanner its own tag, however the XML is cut', () => {
    const withMerges = `${xml}<mergeCells count="3"><mergeCell ref="D2:D4"/><mergeCell ref="$AA$10:$AB$12"/><mergeCell ref="B7"/></mergeCells>`;
    const bytes = Buffer.from(withMerges, 'latin1');
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const [hidden, merged] = [new HiddenRowScanner(), new MergedCellScanner()];
      for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
        hidden.push(part);
        merged.push(part);
      }
      expect([hidden.rows, merged.ranges], `cut at ${cut}`).toEqual([
        [2, 3, 12],
        [
          { ref: 'D2:D4', top: 2, bottom: 4, left: 3, right: 3 },
          { ref: 'AA10:AB12', top: 10, bottom: 12, left: 26, right: 27 },
        ],
      ]);
    }
  });

  it('are left out of a workbook by default, naming them, and read when asked', async () => {
    const file = await learnersWith(6, [3, 4, 6]);
    const shown = await readSpreadsheet(file);
    expect(shown.table.rows.map((row) => row.row)).toEqual([2, 5, 7]);
    expect(shown.hiddenRowCount).toBe(3);
    expect(shown.warnings).toEqual([
      'Rows 3-4 and 6 are hidden in Excel (filtered out, or hidden by hand), so they are left out, as Excel does not show them: choose to read hidden rows too if they should be imported.',
    ]);

    const all = await readSpreadsheet(file, { includeHiddenRows: true });
    expect(all.table.rows.map((row) => row.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(all.hiddenRowCount).toBe(3);
    expect(all.warnings).toEqual(['Rows 3-4 and 6 are hidden in Excel (filtered out, or hidden by hand), and are read like the others, as asked.']);
  });

  it('name the first few ranges of many, and count the rest', async () => {
    const hidden = Array.from({ length: 20 }, (_, i) => 3 + 2 * i);
    const read = await readSpreadsheet(await learnersWith(42, hidden, false));
    expect(read.table.rows).toHaveLength(22);
    expect(read.warnings[0]).toMatch(/^Rows 3, 5, 7, 9, 11, 13, 15, 17 and 12 more are hidden in Excel/);
  });

  it('are all read when every row under the header is hidden, and said', async () => {
    const read = await readSpreadsheet(await learnersWith(2, [2, 3]));
    expect(read.table.rows.map((row) => row.row)).toEqual([2, 3]);
    expect([read.hiddenRowCount, read.warnings]).toEqual([0, ['Every row under the header is hidden in Excel (filtered out, or hidden by hand), so all of them are read.']]);
  });

  it('do not count above the header, in another sheet, or in a workbook without any', async () => {
    const file = await files.workbook('title-hidden.xlsx', (workbook) => {
      const notes = workbook.addWorksheet('Notes');
      notes.addRow(['Read me']);
      notes.addRow(['hidden note']);
      notes.getRow(2).hidden = true;
      const sheet = workbook.addWorksheet('Learners');
      sheet.addRow(['Learners export']);
      sheet.getRow(1).hidden = true;
      sheet.addRow(HEADER);
      sheet.addRow(person(1));
      sheet.addRow(person(2));
    });
    const read = await readSpreadsheet(file, { sheet: 'Learners' });
    expect([read.table.rows.length, read.hiddenRowCount, read.warnings]).toEqual([2, 0, []]);
    const plain = await readSpreadsheet(await learnersWith(3, []));
    expect([plain.table.rows.length, plain.hiddenRowCount, plain.warnings]).toEqual([3, 0, []]);
  });
});
