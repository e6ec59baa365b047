import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { buildErrorsSheet, ONEFILE_ID_COLUMN, REPORT_ERROR_COLUMNS, writeReports } from '../../main/import/report/report';
import { neutralise, unneutralise } from '../../main/import/report/neutralise';
import type { RowResult } from '../../main/import/run/row-result';
import { readSpreadsheet } from '../../main/spreadsheet';
import { columnLetter, type Table } from '../../shared/table';
import { tempDir } from './run-fixtures';

/** Cells a spreadsheet program would run as formulas, and look-alikes that must survive untouched. */
const TRICKY = [
  '=HYPERLINK("http://evil.example","click")',
  '+44 7700 900123',
  '-5',
  '-3.25',
  '-x',
  '@SUM(A1:A2)',
  '\tleading tab',
  "'=already quoted",
  "''+twice",
  "O'Brien",
  "'just a quote",
  'Zoë Ñúñez',
  'a, b and "c"',
  '0123',
];

const HEADERS = ['First name', 'Last name', 'Email', 'MISID', 'Notes', 'Phone'];
/** The errors report's columns after the user's own: the learner's OneFile ID, then what went wrong. */
const ADDED = [ONEFILE_ID_COLUMN, ...REPORT_ERROR_COLUMNS];

function tableOf(rows: string[][]): Table {
  return {
    source: { file: 'learners.csv', format: 'csv', headerRow: 1 },
    headers: HEADERS,
    columns: HEADERS.map((_, i) => columnLetter(i)),
    rows: rows.map((cells, i) => ({ row: i + 2, cells })),
  };
}

const rows = TRICKY.map((tricky, i) => [`Learner${i}`, `Test`, i === 1 ? 'not-an-email' : `l${i}@example.com`, `M${i}`, tricky, i % 2 ? tricky : '07700 900123']);
const table = tableOf(rows);

function result(index: number, extra: Partial<RowResult>): RowResult {
  return { row: index + 2, index, name: `Learner${index} Test`, action: 'created', learningAimIds: [], unitSummaryIds: [], ...extra };
}

// Every other row fails or is skipped; the rest were imported.
const results: RowResult[] = rows.map((_, i) => {
  if (i === 1) {
    return result(i, { action: 'skipped', message: 'Email "not-an-email" is not an email address.', failure: { step: 'Checks before import', columns: ['C'] } });
  }
  if (i % 3 === 0) {
    return result(i, {
      action: 'failed',
      userId: 9000 + i,
      message: `=The learner was created in OneFile (ID ${9000 + i}), but "Assign standard" failed.`,
      failure: { step: 'Assign standard Business Administrator Level 3', columns: [] },
    });
  }
  return result(i, { userId: 9000 + i, learningAimIds: [700 + i], unitSummaryIds: [800 + i, 900 + i] });
});
const failedIndexes = results.filter((r) => r.action === 'failed' || r.action === 'skipped').map((r) => r.index);

describe('formula neutralising', () => {
  it('gives back every value exactly, dangerous or not', () => {
    for (const value of [...TRICKY, '', "'", "''", '=', '-', "'-5", "''-5", '\r\n', ' =x']) {
      expect(unneutralise(neutralise(value))).toBe(value);
    }
  });

  it('quotes what a spreadsheet would run and leaves negative numbers and ordinary text alone', () => {
    expect(neutralise('=1+1')).toBe("'=1+1");
    expect(neutralise('@cmd')).toBe("'@cmd");
    expect(neutralise('\rx')).toBe("'\rx");
    expect(neutralise('-5')).toBe('-5');
    expect(neutralise("O'Brien")).toBe("O'Brien");
    expect(unneutralise('-5')).toBe('-5');
    expect(unneutralise("'hello")).toBe("'hello");
  });
});

describe('the reports', () => {
  it('list every row with what was done and its OneFile IDs', async () => {
    const dir = tempDir('report-');
    const files = await writeReports({ dir, table, results });
    const parsed = Papa.parse<string[]>(fs.readFileSync(files.results.csv, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(['Row', 'Name', 'Action', 'OneFile user ID', 'Learning aim IDs', 'Unit summary IDs', 'Message']);
    expect(parsed).toHaveLength(rows.length + 1);
    expect(parsed[3]).toEqual(['4', 'Learner2 Test', 'created', '9002', '702', '802, 902', '']);
    expect(parsed[4].slice(0, 4)).toEqual(['5', 'Learner3 Test', 'failed', '9003']);
    expect(parsed[4][6]).toBe(`'=The learner was created in OneFile (ID 9003), but "Assign standard" failed.`);
  });

  it('name the learner in the results: MIS ID, ULN and email from the file, the row a number and the IDs text', async () => {
    const dir = tempDir('report-');
    const withUln: Table = { ...tableOf(rows.map((cells, i) => [...cells, i === 0 ? '0123456789' : ''])), headers: [...HEADERS, 'ULN'], columns: [...HEADERS, 'ULN'].map((_, i) => columnLetter(i)) };
    const mapping = { columns: [{ index: 2, field: 'Email' }, { index: 3, field: 'MISID' }, { index: 6, field: 'ULN' }] };
    const files = await writeReports({ dir, table: withUln, results, mapping });
    const parsed = Papa.parse<string[]>(fs.readFileSync(files.results.csv, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(['Row', 'Name', 'MIS ID', 'ULN', 'Email', 'Action', 'OneFile user ID', 'Learning aim IDs', 'Unit summary IDs', 'Message']);
    expect(parsed[1].slice(0, 7)).toEqual(['2', 'Learner0 Test', 'M0', '0123456789', 'l0@example.com', 'failed', '9000']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(files.results.xlsx);
    const first = workbook.worksheets[0].getRow(2);
    expect(first.getCell(1).value).toBe(2);
    expect(first.getCell(4).value).toBe('0123456789');
    expect(first.getCell(7).value).toBe('9000');
  });

  it('write the errors CSV with a BOM, CRLF line ends and only the failed and skipped rows, original cells untouched', async () => {
    const dir = tempDir('report-');
    const files = await writeReports({ dir, table, results });
    const raw = fs.readFileSync(files.errors!.csv, 'utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true);
    expect(raw.replace(/"[^"]*"/g, '').split('\n').slice(0, -1).every((line) => line.endsWith('\r'))).toBe(true);
    expect(raw).toContain(`'=HYPERLINK(""http://evil.example"",""click"")`);
    expect(raw).toContain(',-3.25,-3.25,'); // a negative number is left as it is

    const parsed = Papa.parse<string[]>(raw.slice(1), { skipEmptyLines: true, newline: '\r\n' }).data.map((r) => r.map(unneutralise));
    expect(parsed[0]).toEqual([...HEADERS, ...ADDED]);
    expect(parsed.slice(1).map((r) => r.slice(0, HEADERS.length))).toEqual(failedIndexes.map((i) => rows[i]));
    expect(parsed[2].slice(HEADERS.length)).toEqual(['', 'Email "not-an-email" is not an email address.', 'Email', 'Checks before import']);
    expect(parsed[1][HEADERS.length]).toBe('9000'); // created, then an assignment failed: its OneFile ID is there to find it
  });

  it('write the errors workbook with string cells, a bold frozen header and the wrong cells filled', async () => {
    const dir = tempDir('report-');
    const files = await writeReports({ dir, table, results });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(files.errors!.xlsx);
    const sheet = workbook.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const values = sheet.getSheetValues().slice(2).map((row) => (row as ExcelJS.CellValue[]).slice(1, HEADERS.length + 1));
    expect(values).toEqual(failedIndexes.map((i) => rows[i]));
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).toBe(ExcelJS.ValueType.String)));
    const skipped = sheet.getRow(3);
    const filled = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(filled(skipped.getCell(3))).toBe('FFFFC7CE'); // the Email cell
    expect(filled(skipped.getCell(HEADERS.length + 2))).toBe('FFFFC7CE'); // the Error column
    expect(filled(skipped.getCell(1))).toBeUndefined();
    expect(sheet.getColumn(5).width).toBeGreaterThan(20);
  });

  it('can be imported again as they are: the same cells come back from both files', async () => {
    const dir = tempDir('report-');
    const files = await writeReports({ dir, table, results });
    const expected = failedIndexes.map((i) => rows[i]);
    for (const file of [files.errors!.xlsx, files.errors!.csv]) {
      const { table: again } = await readSpreadsheet(file);
      expect(again.headers).toEqual([...HEADERS, ...ADDED]);
      const cells = again.rows.map((r) => r.cells.slice(0, HEADERS.length));
      // CSV cells come back neutralised; the import session strips exactly that prefix.
      const original = file.endsWith('.csv') ? cells.map((r) => r.map(unneutralise)) : cells;
      expect(original).toEqual(expected);
    }
  });

  it('do not grow a second set of error columns when an errors file fails again', () => {
    const errorsTable: Table = {
      ...table,
      headers: [...HEADERS, ...ADDED],
      columns: [...HEADERS, ...ADDED].map((_, i) => columnLetter(i)),
      rows: table.rows.map((r) => ({ ...r, cells: [...r.cells, '123', 'old error', 'Email', 'old step'] })),
    };
    const sheet = buildErrorsSheet(errorsTable, results);
    expect(sheet.headers).toEqual([...HEADERS, ...ADDED]);
    expect(sheet.rows[1].cells.slice(HEADERS.length)).toEqual(['', 'Email "not-an-email" is not an email address.', 'Email', 'Checks before import']);
  });

  it('leave no errors file behind once every row has succeeded', async () => {
    const dir = tempDir('report-');
    const first = await writeReports({ dir, table, results });
    expect(fs.existsSync(first.errors!.csv)).toBe(true);
    const allDone = results.map((r) => ({ ...r, action: 'created' as const, failure: undefined, message: undefined }));
    const second = await writeReports({ dir, table, results: allDone });
    expect(second.errors).toBeUndefined();
    expect(fs.readdirSync(dir).sort()).toEqual(['results.csv', 'results.xlsx']);
    expect(path.basename(second.results.xlsx)).toBe('results.xlsx');
  });
});
