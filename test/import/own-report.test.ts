import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isImporterReport, restoreNeutralisedCells } from '../../main/import/report/own-report';
import { ONEFILE_ID_COLUMN, REPORT_ERROR_COLUMNS, RESULTS_HEADERS, writeReports } from '../../main/import/report/report';
import type { RowResult } from '../../main/import/run/row-result';
import { readSpreadsheet } from '../../main/spreadsheet';
import { columnLetter, type Table } from '../../shared/table';
import { tempDir } from './run-fixtures';

/**
 * The `'` our CSV reports put before a cell that would run as a formula is taken off
 * again only when the file is one of our reports (known by its own columns); a user's
 * own `'=text` keeps its quote, in CSV and XLSX alike.
 */

const HEADERS = ['Forename', 'Surname', 'Email', 'Notes', '=Total'];
const CELLS = [
  ['Amelia', 'Hughes', 'not-an-email', '=HYPERLINK("http://evil.example","click")', '1'],
  ['Oliver', "O'Brien", 'also-wrong', "'=already quoted by the user", '-5'],
  ['Isla', 'Murray', 'bad@', "''+twice", '@SUM(A1:A2)'],
];

function userTable(): Table {
  return {
    source: { file: 'learners.csv', format: 'csv', headerRow: 1 },
    headers: HEADERS,
    columns: HEADERS.map((_, i) => columnLetter(i)),
    rows: CELLS.map((cells, i) => ({ row: i + 2, cells })),
  };
}

function failed(index: number): RowResult {
  return {
    index,
    row: index + 2,
    name: `${CELLS[index][0]} ${CELLS[index][1]}`,
    action: 'skipped',
    learningAimIds: [],
    unitSummaryIds: [],
    message: '=The email address is not valid.',
    failure: { step: 'Checks before import', columns: ['C'] },
  };
}

async function reportsOfAllRowsFailing() {
  const dir = tempDir('own-report-');
  return writeReports({ dir, table: userTable(), results: CELLS.map((_, i) => failed(i)) });
}

async function readRestored(file: string): Promise<Table> {
  return restoreNeutralisedCells((await readSpreadsheet(file)).table);
}

describe("our own reports, imported again", () => {
  it('the errors CSV: every quote we added is taken off, and the user\'s own come back as they were', async () => {
    const files = await reportsOfAllRowsFailing();
    expect(fs.readFileSync(files.errors!.csv, 'utf8')).toContain(`'=HYPERLINK`);
    const table = await readRestored(files.errors!.csv);
    expect(table.headers).toEqual([...HEADERS, ONEFILE_ID_COLUMN, ...REPORT_ERROR_COLUMNS]);
    expect(table.rows.map((r) => r.cells.slice(0, HEADERS.length))).toEqual(CELLS);
    expect(table.rows[0].cells[HEADERS.length + 1]).toBe('=The email address is not valid.');
  });

  it('the results CSV: its messages come back without our quote', async () => {
    const files = await reportsOfAllRowsFailing();
    const table = await readRestored(files.results.csv);
    expect(table.headers).toEqual([...RESULTS_HEADERS]);
    expect(table.rows.map((r) => r.cells[RESULTS_HEADERS.indexOf('Message')])).toEqual(CELLS.map(() => '=The email address is not valid.'));
  });

  it('the errors workbook: never neutralised, so read exactly as written', async () => {
    const files = await reportsOfAllRowsFailing();
    const table = await readRestored(files.errors!.xlsx);
    expect(table.rows.map((r) => r.cells.slice(0, HEADERS.length))).toEqual(CELLS);
  });

  it('is known by its columns wherever the user moved them', () => {
    expect(isImporterReport(['Step', 'Forename', 'error column', ' Error '])).toBe(true);
    expect(isImporterReport([...RESULTS_HEADERS].reverse())).toBe(true);
    expect(isImporterReport(['Forename', 'Error', 'Step'])).toBe(false);
    expect(isImporterReport(['Row', 'Name', 'Action'])).toBe(false);
  });
});

describe("a user's own file keeps its quotes", () => {
  const own = ['Forename,Notes,Phone', "Amelia,'=not a formula,'+44 7700 900123", "Oliver,''-twice,'@home"].join('\r\n');
  const expected = [
    ['Amelia', "'=not a formula", "'+44 7700 900123"],
    ['Oliver', "''-twice", "'@home"],
  ];

  it('a CSV', async () => {
    const file = path.join(tempDir('own-csv-'), 'learners.csv');
    fs.writeFileSync(file, own);
    expect((await readRestored(file)).rows.map((r) => r.cells)).toEqual(expected);
  });

  it('a CSV with one column called Error is still the user\'s', async () => {
    const file = path.join(tempDir('own-csv-'), 'learners.csv');
    fs.writeFileSync(file, own.replace('Forename,Notes,Phone', 'Forename,Error,Phone'));
    expect((await readRestored(file)).rows.map((r) => r.cells)).toEqual(expected);
  });

  it('a workbook', async () => {
    const file = path.join(tempDir('own-xlsx-'), 'learners.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Learners').addRows([['Forename', 'Notes', 'Phone'], ...expected]);
    await workbook.xlsx.writeFile(file);
    expect((await readRestored(file)).rows.map((r) => r.cells)).toEqual(expected);
  });
});
