import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { readSpreadsheet, SpreadsheetError } from '../../main/spreadsheet';
import { fixtureFolder, minimalWorkbookParts, withDeclaredSize, zipOf, type FixtureFolder } from './fixture-files';

let files: FixtureFolder;
beforeAll(async () => {
  files = await fixtureFolder();
});
afterAll(() => files.remove());

const split = 'Split it into smaller files (for example one per cohort) and import them one after another.';

async function failureOf(read: Promise<unknown>): Promise<SpreadsheetError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpreadsheetError)) throw new Error(`expected a SpreadsheetError, got ${String(error)}`);
  return error;
}

describe('files too large to read safely are refused with advice', () => {
  it('a file over 200 MB, before reading it', async () => {
    const path = await files.bytes('huge.csv', 'Name\n');
    await truncate(path, 201 * 1024 * 1024);
    const error = await failureOf(readSpreadsheet(path));
    expect([error.code, error.message]).toEqual(['too-large', `huge.csv: The file is 201 MB, more than the 200 MB the importer reads. ${split}`]);
  });

  it('a text file with more rows than the limit', async () => {
    const path = await files.bytes('rows.csv', ['Name', ...Array.from({ length: 11 }, (_, i) => `Learner ${i}`)].join('\n'));
    const error = await failureOf(readSpreadsheet(path, { limits: { maxRows: 10 } }));
    expect(error.message).toBe(`rows.csv: The file has more than 10 rows. ${split}`);
  });

  it('a cell longer than a spreadsheet cell can be, naming its row and column', async () => {
    const path = await files.bytes('long-cell.csv', `Forename,Surname\nAmelia,Hughes\nOliver,${'x'.repeat(40_000)}\n`);
    const error = await failureOf(readSpreadsheet(path));
    expect([error.code, error.row, error.column]).toEqual(['too-large', 3, 'B']);
    expect(error.message).toBe(
      'long-cell.csv: The cell in row 3, column B holds more than the 32,767 characters a spreadsheet cell can hold, so the file is damaged or not a learners list. Open the file, shorten or clear that cell, save, then try again.',
    );
  });

  it('stops reading at a long quoted cell, counting rows as Excel does and quotes as the CSV rules do', async () => {
    // Row 2 spans two lines; row 3's long cell has line breaks, delimiters and "" inside its quotes.
    const long = `"${'ab,"" \r\n'.repeat(6_000)}"`;
    const text = `Forename,Surname,Notes\r\nAmelia,Hughes,"two\r\nlines"\r\nOliver,Smith,${long}\r\nIsla,Murray,short\r\n`;
    const error = await failureOf(readSpreadsheet(await files.bytes('long-quoted.csv', text)));
    expect([error.code, error.row, error.column]).toEqual(['too-large', 3, 'C']);
  });

  it('counts a quoted cell full of "" by its characters, as read', async () => {
    // 20,000 "" pairs are 20,000 characters once read: within the limit.
    const path = await files.bytes('quotes.csv', `Forename,Notes\nAmelia,"${'""'.repeat(20_000)}"\n`);
    const { table } = await readSpreadsheet(path);
    expect(table.rows[0].cells[1]).toHaveLength(20_000);
  });

  it('reads a cell of exactly the longest a spreadsheet cell can be', async () => {
    const path = await files.bytes('full-cell.csv', `Forename,Notes\nAmelia,${'x'.repeat(32_767)}\n`);
    const { table } = await readSpreadsheet(path);
    expect(table.rows[0].cells[1]).toHaveLength(32_767);
  });

  it('a sheet with more rows than the limit', async () => {
    const path = await files.workbook('rows.xlsx', (workbook) => {
      workbook.addWorksheet('Learners').addRows([['Name'], ...Array.from({ length: 11 }, (_, i) => [`Learner ${i}`])]);
    });
    const error = await failureOf(readSpreadsheet(path, { limits: { maxRows: 10 } }));
    expect(error.message).toBe(`rows.xlsx: Sheet "Learners" has more than 10 rows. ${split}`);
  });

  it.each(['csv', 'xlsx'])('a row with more columns than the limit (%s)', async (format) => {
    const row = ['A', 'B', 'C', 'D', 'E', 'F'];
    const path =
      format === 'csv'
        ? await files.bytes('wide.csv', `${row.join(',')}\n${row.join(',')}\n`)
        : await files.workbook('wide.xlsx', (workbook) => workbook.addWorksheet('Learners').addRows([row, row]));
    const error = await failureOf(readSpreadsheet(path, { limits: { maxColumns: 5 } }));
    expect([error.code, error.row]).toEqual(['too-large', 1]);
    expect(error.message).toBe(
      `wide.${format}: Row 1 has more than 5 columns. Delete the columns you do not need (or export only the learner columns), save, then try again.`,
    );
  });

  it('a workbook whose zip directory declares gigabytes of XML, before inflating any of it', async () => {
    const small = await readFile(await files.workbook('small.xlsx', (workbook) => workbook.addWorksheet('Learners').addRows([['Name'], ['Siân']])));
    const path = await files.bytes('bomb.xlsx', withDeclaredSize(small, 'xl/worksheets/sheet1.xml', 3_000_000_000));
    const error = await failureOf(readSpreadsheet(path));
    expect([error.code, error.message]).toEqual([
      'too-large',
      'bomb.xlsx: The workbook would expand to 2.8 GB when opened, more than the importer reads safely. Open it in Excel, delete unused sheets, rows and columns, save it, then try again.',
    ]);
  });

  it('a workbook packed a thousand times tighter than real data ever is', async () => {
    const padding = ' '.repeat(60 * 1024 * 1024);
    const sheetXml = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${padding}</sheetData></worksheet>`;
    const path = files.path('packed.xlsx');
    await writeFile(path, zipOf(minimalWorkbookParts(sheetXml)));
    const error = await failureOf(readSpreadsheet(path));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(
      /^packed\.xlsx: Part of the workbook would expand from \d+ KB to 60 MB when opened, which only damaged or malicious files do\. Open it in Excel and save it as \.xlsx \(Excel Workbook\) or \.csv, then try again\.$/,
    );
  });

  it('reads the same hand-built workbook when it is of ordinary size', async () => {
    const sheetXml =
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>Line one_x000D_</t></is></c></row>' +
      '</sheetData></worksheet>';
    const path = await files.bytes('hand-built.xlsx', zipOf(minimalWorkbookParts(sheetXml)));
    const result = await readSpreadsheet(path);
    expect(result.table.rows).toEqual([{ row: 2, cells: ['Line one\r'] }]);
  });
});
