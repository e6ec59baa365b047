import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { listSheets, readSpreadsheet, readSpreadsheetBytes } from '../../main/spreadsheet';
import { fixtureFolder, type FixtureFolder } from './fixture-files';

let files: FixtureFolder;
let learnersPath: string;

/** The Excel serial (1900 system) of a calendar date. */
function serialOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000 + 25_569;
}

beforeAll(async () => {
  files = await fixtureFolder();
  learnersPath = await files.workbook('learners.xlsx', (workbook) => {
    const old = workbook.addWorksheet('Old learners', { state: 'hidden' });
    old.addRow(['Name']);
    old.addRow(['Someone who left']);

    const sheet = workbook.addWorksheet('Learners');
    sheet.getCell('A1').value = 'Learners export';
    sheet.mergeCells('A1:C1');
    sheet.getCell('A2').value = 'Generated 01/09/2025';
    sheet.getRow(4).values = ['Learner ref', 'First\u00A0name ', 'Last name', 'Date of\nbirth', 'ULN', 'Start', 'Attendance', 'Score', 'Active', 'Notes'];
    const set = (address: string, value: unknown, numFmt?: string) => {
      const cell = sheet.getCell(address);
      cell.value = value as never;
      if (numFmt) cell.numFmt = numFmt;
    };
    // Row 5: the plain cases.
    set('A5', '000123');
    set('B5', 'Siân');
    set('C5', { richText: [{ text: 'Jo' }, { font: { bold: true }, text: 'nes' }] });
    set('D5', new Date(Date.UTC(2001, 1, 3)), 'dd/mm/yyyy');
    set('E5', 1234567890);
    set('F5', serialOf(2025, 9, 1), 'dd/mm/yyyy');
    set('G5', 0.875, '0%');
    set('H5', 3.5, '0.00');
    set('I5', true);
    set('J5', { text: 'Profile', hyperlink: 'https://example.com/sian' });
    // Row 6 stays empty. Row 7: formulas, padded numbers, an error, NBSP.
    set('A7', 42, '000000');
    set('B7', 'Zoë');
    set('C7', 'Smith\u00A0');
    set('D7', { formula: 'DATE(2002,3,4)', result: serialOf(2002, 3, 4) }, 'yyyy-mm-dd');
    set('E7', { formula: 'E5*8', result: 9876543210 });
    set('F7', { error: '#N/A' });
    set('G7', 1, '0.0%');
    set('H7', 0.1 + 0.2);
    set('I7', false);
    set('J7', { formula: '"Bus "&"Admin"', result: 'Bus Admin' });
    // Rows 8-9: a name merged down two rows (the title's merge in row 1 is above the header), a long ULN in scientific format.
    set('A8', '000124');
    set('B8', 'Seán');
    sheet.mergeCells('B8:B9');
    set('C8', "O'Brien");
    set('E8', 1234567890, '0.00E+00');
    set('A9', '000125');
    set('C9', 'Jones');
    // Styled but empty cells below and to the right are not data.
    set('L9', null, '0.00');
    set('A12', null, 'dd/mm/yyyy');

    const lookups = workbook.addWorksheet('Lookups', { state: 'veryHidden' });
    lookups.addRow(['Bus Admin L2']);
  });
});
afterAll(() => files.remove());

describe('reading a workbook', () => {
  it('lists every sheet in tab order, marking hidden and very hidden ones, with their row counts', async () => {
    expect(await listSheets(learnersPath)).toEqual([
      { name: 'Old learners', hidden: true, state: 'hidden', rowCount: 2 },
      { name: 'Learners', hidden: false, state: 'visible', rowCount: 7 },
      { name: 'Lookups', hidden: true, state: 'veryHidden', rowCount: 1 },
    ]);
  });

  it('reads the first visible sheet, skipping the title block above the header', async () => {
    const result = await readSpreadsheet(learnersPath);
    expect(result.table.source).toEqual({ file: 'learners.xlsx', format: 'xlsx', sheet: 'Learners', headerRow: 4 });
    expect(result.headerRowGuessed).toBe(true);
    expect(result.headerCandidates).toEqual([1]);
    expect(result.table.headers).toEqual(['Learner ref', 'First name', 'Last name', 'Date of birth', 'ULN', 'Start', 'Attendance', 'Score', 'Active', 'Notes']);
    expect(result.table.columns).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']);
  });

  it('gives every cell as the user sees it in Excel', async () => {
    const { table } = await readSpreadsheet(learnersPath);
    expect(table.rows).toEqual([
      { row: 5, cells: ['000123', 'Siân', 'Jones', '2001-02-03', '1234567890', '2025-09-01', '88%', '3.50', 'TRUE', 'Profile'] },
      { row: 7, cells: ['000042', 'Zoë', 'Smith\u00A0', '2002-03-04', '9876543210', '#N/A', '100.0%', '0.3', 'FALSE', 'Bus Admin'] },
      { row: 8, cells: ['000124', 'Seán', "O'Brien", '', '1234567890', '', '', '', '', ''] },
      // B8:B9 merged: Excel shows "Seán" on both rows, and so it is read.
      { row: 9, cells: ['000125', 'Seán', 'Jones', '', '', '', '', '', '', ''] },
    ]);
  });

  it('reads an Excel error pasted as a value as Excel shows it, for the checks to say what it is', async () => {
    const { table, warnings } = await readSpreadsheet(learnersPath);
    expect(table.rows[1].cells[5]).toBe('#N/A');
    expect(warnings).toEqual(['Cells B8:B9 are merged: "Seán" is read on each of rows 8-9, as Excel shows it across them.']);
  });

  it('reads a formula\'s saved 0 as such, a lookup\'s #N/A as an Excel error, and only a formula never calculated as having no result', async () => {
    const path = await files.workbook('formulas.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Learners');
      sheet.addRow(['Learner ref', 'Level', 'Assessor', 'Class', 'Notes']);
      sheet.addRow([
        'L1',
        { formula: 'B3-2', result: 0 },
        { formula: 'VLOOKUP(A2,Staff!A:B,2,FALSE)', result: { error: '#N/A' } },
        { formula: 'VLOOKUP(A2,X,2)', result: { error: '#REF!' } },
        { formula: 'A2&"!"' },
      ]);
      sheet.addRow(['L2', 2, 'James Fayre', 'Business Admin L2', 'x']);
    });
    const result = await readSpreadsheet(path);
    expect(result.table.rows[0].cells).toEqual(['L1', '0', '', '', '']);
    expect(result.warnings).toEqual([
      "2 cells show a formula's Excel error (such as #N/A) and are read as empty: C2 and D2. Correct the formulas or what they look up in Excel, then save the file.",
      '1 formula has no saved result and is read as empty: E2. Open the file in Excel and save it to store the results.',
    ]);
  });

  it('reads an uploaded workbook exactly as it reads the same file from disk', async () => {
    const fromBytes = await readSpreadsheetBytes(new Uint8Array(await readFile(learnersPath)), 'learners.xlsx');
    expect(fromBytes).toEqual(await readSpreadsheet(learnersPath));
  });

  it('reads a hidden sheet when the user chooses it by name', async () => {
    const result = await readSpreadsheet(learnersPath, { sheet: 'Old learners' });
    expect(result.table.rows).toEqual([{ row: 2, cells: ['Someone who left'] }]);
  });

  it('takes the header row the user chooses', async () => {
    const result = await readSpreadsheet(learnersPath, { headerRow: 4 });
    expect([result.table.source.headerRow, result.headerRowGuessed]).toEqual([4, false]);
  });

  it('refuses a sheet name it does not have, listing the ones it has', async () => {
    await expect(readSpreadsheet(learnersPath, { sheet: 'Leaners' })).rejects.toThrow(
      'learners.xlsx: The workbook has no sheet called "Leaners". Choose one of its sheets: "Old learners" (hidden), "Learners", "Lookups" (hidden).',
    );
  });

  it('keeps a merged header on its first column and names the column under the rest after its letter', async () => {
    const path = await files.workbook('merged-header.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Learners');
      sheet.getCell('A1').value = 'Name';
      sheet.mergeCells('A1:B1');
      sheet.getCell('C1').value = 'ULN';
      sheet.addRow(['Siân', 'Jones', '1234567890']);
    });
    const result = await readSpreadsheet(path);
    expect(result.table.headers).toEqual(['Name', 'Column B', 'ULN']);
    expect(result.table.rows).toEqual([{ row: 2, cells: ['Siân', 'Jones', '1234567890'] }]);
    expect(result.warnings).toEqual(['Column B has data but no header; it is called "Column B".']);
  });

  it('finds the header under a report\'s title rows and leaves out its totals row', async () => {
    const path = await files.workbook('starters.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Starters');
      sheet.addRows([['Acme Training - new starters'], ['Exported 29/11/2026'], []]);
      sheet.addRow(['Learner Ref', 'Forename', 'Surname', 'Email']);
      sheet.addRow(['L1', 'Siân', 'Jones', 'sian@example.com']);
      sheet.addRow(['L2', 'Tom', 'Lee', 'tom@example.com']);
      sheet.addRow([]);
      sheet.addRow(['Grand Total', 2]);
    });
    const result = await readSpreadsheet(path);
    expect([result.table.source.headerRow, result.table.rows.map((row) => row.row)]).toEqual([4, [5, 6]]);
    expect(result.warnings).toEqual(['Row 8 ("Grand Total", "2") is a total or a note under the data, not a person, so it is left out.']);
  });

  it('leaves out the header row written again in a sheet where two reports were pasted one under the other', async () => {
    const path = await files.workbook('pasted.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Starters');
      sheet.addRow(['Learner Ref', 'Forename', 'Surname', 'Email']);
      sheet.addRow(['L1', 'Siân', 'Jones', 'sian@example.com']);
      sheet.addRow(['Learner Ref', 'Forename', 'Surname', 'Email']);
      sheet.addRow(['L2', 'Tom', 'Lee', 'tom@example.com']);
    });
    const result = await readSpreadsheet(path);
    expect([result.table.rows.map((row) => row.row), result.warnings]).toEqual([
      [2, 4],
      ['Row 3 is the header row again (two lists pasted one under the other?), not a person, so it is left out.'],
    ]);
  });

  it("gives a merge down a hand-kept tracker's rows (an assessor, a class) to each row it spans, as Excel shows it, and says which", async () => {
    const path = await files.workbook('tracker.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Tracker');
      sheet.addRow(['Learner Ref', 'Forename', 'Surname', 'Assessor', 'Class', 'Notes']);
      sheet.addRow(['L1', 'Siân', 'Jones', 'James Fayre', 'Business Admin L2', 'Group A: starts in September']);
      sheet.addRow(['L2', 'Tom', 'Lee', null, null, null]);
      sheet.addRow(['L3', 'Amy', 'Khan', null, 'Business Admin L3', null]);
      sheet.addRow(['L4', 'Zoë', 'Hall', 'Kate Anderson', null, null]);
      sheet.addRow(['L5', 'Ben', 'Ola', null, null, null]);
      sheet.mergeCells('D2:D4'); // James Fayre for L1 to L3
      sheet.mergeCells('E2:E3'); // Business Admin L2 for L1 and L2
      sheet.mergeCells('D5:D6'); // Kate Anderson for L4 and L5
      sheet.mergeCells('F2:F6'); // a note for all five
      sheet.mergeCells('A8:C8'); // a merge within one row is left as stored
      sheet.getCell('A8').value = 'Printed 01/12/2026';
    });
    const result = await readSpreadsheet(path);
    const note = 'Group A: starts in September';
    expect(result.table.rows.map((row) => [row.row, ...row.cells.slice(3)])).toEqual([
      [2, 'James Fayre', 'Business Admin L2', note],
      [3, 'James Fayre', 'Business Admin L2', note],
      [4, 'James Fayre', 'Business Admin L3', note],
      [5, 'Kate Anderson', '', note],
      [6, 'Kate Anderson', '', note],
      [8, '', '', ''],
    ]);
    expect(result.table.rows.at(-1)?.cells.slice(0, 3)).toEqual(['Printed 01/12/2026', '', '']);
    expect(result.warnings).toEqual([
      'Merged cells give their value to each row they span, as Excel shows it: D2:D4 ("James Fayre"), E2:E3 ("Business Admin L2"), F2:F6 ("Group A: starts in September") and D5:D6 ("Kate Anderson").',
    ]);
  });

  it('reads the sheet that holds the list when the workbook opens on instructions, and says so', async () => {
    const learners = ['Learner Ref', 'Forename', 'Surname', 'Email', 'Assessor', 'Class', 'Employer'];
    const person = ['L1', 'Amy', 'Lee', 'amy@example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'];
    const path = await files.workbook('instructions-first.xlsx', (workbook) => {
      workbook.addWorksheet('Instructions').addRows([['Fill in the Learners sheet.'], ['Do not change the headers.']]);
      workbook.addWorksheet('Learners').addRows([learners, person]);
      workbook.addWorksheet('Everything', { state: 'hidden' }).addRows([[...learners, 'ULN', 'DOB', 'NI number'], [...person, '', '', '']]);
    });
    const result = await readSpreadsheet(path);
    expect([result.table.source.sheet, result.table.rows.length]).toEqual(['Learners', 1]);
    expect(result.warnings).toEqual([
      'Sheet "Learners" was read, not the first sheet "Instructions": its header row names 7 of the fields a learner list has, against 0. Choose another sheet if that is wrong.',
    ]);
    // Asked for by name, the first sheet is read as asked.
    expect((await readSpreadsheet(path, { sheet: 'Instructions' })).table.source.sheet).toBe('Instructions');
  });

  it('keeps the first sheet when it is the list, beside a sheet of drop-down lists', async () => {
    const path = await files.workbook('with-lists.xlsx', (workbook) => {
      workbook.addWorksheet('Learners').addRows([['Learner Ref', 'Forename', 'Surname', 'Email'], ['L1', 'Amy', 'Lee', 'amy@example.com']]);
      workbook.addWorksheet('Lists').addRows([['Assessor', 'Class', 'Employer'], ['James Fayre', 'Business Admin L2', 'BT - Manchester']]);
    });
    const result = await readSpreadsheet(path);
    expect([result.table.source.sheet, result.warnings]).toEqual(['Learners', []]);
  });

  it('says which other sheets have the same columns and rows (a sheet a class), as only one is read', async () => {
    const header = ['Learner Ref', 'Forename', 'Surname', 'Email'];
    const path = await files.workbook('per-class.xlsx', (workbook) => {
      workbook.addWorksheet('Class A').addRows([header, ['L1', 'Amy', 'Lee', 'amy@example.com']]);
      workbook.addWorksheet('Class B').addRows([header.map((h) => ` ${h.toUpperCase()}`), ['L2', 'Ben', 'Ray', 'ben@example.com']]);
      workbook.addWorksheet('Class C (empty)').addRows([header]);
      workbook.addWorksheet('Leavers', { state: 'hidden' }).addRows([header, ['L3', 'Cat', 'Fox', 'cat@example.com']]);
      workbook.addWorksheet('Staff').addRows([[...header, 'Role'], ['S1', 'Dan', 'Hay', 'dan@example.com', 'Assessor']]);
    });
    const result = await readSpreadsheet(path);
    expect([result.table.source.sheet, result.warnings]).toEqual([
      'Class A',
      ['Sheet "Class B" has the same columns as "Class A" and rows under them, but only "Class A" is read: import it too, choosing the sheet.'],
    ]);
    // A sheet chosen by name is read as chosen, with nothing said of the others.
    expect((await readSpreadsheet(path, { sheet: 'Class B' })).warnings).toEqual([]);
  });

  it('reads dates in a 1904 workbook as the calendar dates Excel shows', async () => {
    const build = (date1904: boolean) => (workbook: import('exceljs').Workbook) => {
      workbook.properties.date1904 = date1904;
      const sheet = workbook.addWorksheet('Learners');
      sheet.addRow(['Name', 'Date of birth']);
      sheet.addRow(['Siân', 43_538]);
      sheet.addRow(['Zoë', new Date(Date.UTC(2025, 8, 1))]);
      sheet.getColumn(2).numFmt = 'dd/mm/yyyy';
      sheet.getCell('B2').numFmt = 'dd/mm/yyyy';
    };
    const in1904 = await readSpreadsheet(await files.workbook('dates-1904.xlsx', build(true)));
    const in1900 = await readSpreadsheet(await files.workbook('dates-1900.xlsx', build(false)));
    expect(in1904.table.rows.map((r) => r.cells[1])).toEqual(['2023-03-15', '2025-09-01']);
    expect(in1900.table.rows.map((r) => r.cells[1])).toEqual(['2019-03-14', '2025-09-01']);
  });

  it('reads the next visible sheet with data when the first is empty, and says so', async () => {
    const path = await files.workbook('cover.xlsx', (workbook) => {
      workbook.addWorksheet('Cover');
      workbook.addWorksheet('Learners').addRows([['Name'], ['Siân']]);
    });
    const result = await readSpreadsheet(path);
    expect([result.table.source.sheet, result.warnings]).toEqual(['Learners', ['Sheet "Cover" is empty, so sheet "Learners" was read.']]);
  });

  it('says when a formula has no saved result', async () => {
    const path = await files.workbook('unsaved.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Learners');
      sheet.addRow(['Name', 'Full name']);
      sheet.addRow(['Siân', { formula: 'A2&" Jones"' }]);
    });
    const result = await readSpreadsheet(path);
    expect(result.table.rows).toEqual([{ row: 2, cells: ['Siân', ''] }]);
    expect(result.warnings).toEqual(['1 formula has no saved result and is read as empty: B2. Open the file in Excel and save it to store the results.']);
  });
});
