import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { writeLearnersWithMistakes } from '../e2e/helpers';

/**
 * Review, as a user mends a file: the problems listed by column and kind with the cell
 * each starts on, one fix applied to every cell like it, a name chosen from OneFile's
 * full list and seen in the grid, and that choice taken back; a block of cells pasted;
 * the file saved with the cells changed.
 */

let dataDir: string;
let service: AppService;
const upload = (filePath: string) => ({ fileName: path.basename(filePath), contentBase64: readFileSync(filePath).toString('base64') });

/** The file with mistakes, and three learners (rows 9-11) whose class is written the way OneFile does not know it. */
function fileWithRepeatedClass(): string {
  const file = writeLearnersWithMistakes(path.join(dataDir, 'mis'));
  const lines = readFileSync(file, 'utf8').split('\r\n');
  for (const at of [8, 9, 10]) {
    const cells = lines[at].split(',');
    cells[11] = 'Bus Admin Level 2';
    lines[at] = cells.join(',');
  }
  writeFileSync(file, lines.join('\r\n'));
  return file;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-review-'));
  service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });
  await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await service.handlers.chooseOrganisation({ organisationId: 5740 });
  await service.handlers.openFile(upload(fileWithRepeatedClass()));
  await service.handlers.checkReferences({ refresh: false });
});

afterAll(async () => {
  await service?.close();
});

describe('Review helps mend a file', () => {
  it('lists the problems by column and kind, errors first, each with the cell it starts on', async () => {
    const problems = await service.handlers.listProblems({});
    expect(problems.every((p, i) => i === 0 || p.severity === 'warning' || problems[i - 1].severity === 'error')).toBe(true);
    expect(problems.find((p) => p.code === 'email-invalid')).toMatchObject({ column: 6, header: 'Email Address', rows: 1, first: { index: 2, row: 4 } });
    expect(problems.find((p) => p.code === 'uln-invalid')).toMatchObject({ column: 4, first: { row: 6 } });
    const classes = problems.find((p) => p.code === 'reference-unmatched');
    expect(classes).toMatchObject({ column: 11, header: 'Class', kind: 'no such class', rows: 3, sameValue: 'Bus Admin Level 2', first: { index: 7, row: 9 } });
  });

  it('offers to fix every cell like the one just fixed, and does it in one step', async () => {
    const fixed = await service.handlers.updateCell({ index: 7, column: 11, value: 'Business Admin L2' });
    expect(fixed.row.issues.filter((i) => i.column === 11)).toEqual([]);
    expect(fixed.alike).toEqual({ column: 11, from: 'Bus Admin Level 2', to: 'Business Admin L2', rows: 2 });
    const all = await service.handlers.replaceInColumn({ column: 11, from: 'Bus Admin Level 2', to: 'Business Admin L2' });
    expect(all.changed).toBe(2);
    expect(all.indexes).toEqual([8, 9]);
    expect((await service.handlers.listProblems({})).some((p) => p.code === 'reference-unmatched')).toBe(false);
    expect((await service.handlers.listUnresolved({})).map((u) => u.value)).toEqual(['Business admin L3 - Evening']);
  });

  it('lists every class of the organisation, not only the close ones, to resolve a name from', async () => {
    const [ambiguous] = await service.handlers.listUnresolved({});
    const options = await service.handlers.listReferenceOptions({ field: 'Classroom' });
    expect(options.length).toBeGreaterThan(ambiguous.suggestions.length);
    expect(options.map((o) => o.name)).toEqual(expect.arrayContaining(['Business Admin L2']));
    expect([...options.map((o) => o.name)]).toEqual([...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b)));
  });

  it('shows a chosen record beside the file\'s text in the grid, and takes the choice back', async () => {
    const options = await service.handlers.listReferenceOptions({ field: 'Classroom' });
    const evening = options.find((o) => o.detail === 'BA3-EVE2') ?? options.find((o) => /evening/i.test(o.name))!;
    await service.handlers.resolveValue({ field: 'Classroom', value: 'Business admin L3 - Evening', id: evening.id, remember: true });
    const row = (await service.handlers.getRows({ offset: 6, limit: 1, filter: 'all' })).rows[0];
    expect(row.cells[11]).toBe('Business admin L3 - Evening');
    expect(row.chosen).toEqual([{ column: 11, field: 'Classroom', value: 'Business admin L3 - Evening', name: evening.name }]);
    expect(await service.handlers.listChoices({})).toEqual([expect.objectContaining({ field: 'Classroom', value: 'Business admin L3 - Evening', id: evening.id, rows: 1 })]);

    const { counts } = await service.handlers.undoChoice({ field: 'Classroom', value: 'Business admin L3 - Evening' });
    expect(counts.unresolvedValues).toBe(1);
    const again = (await service.handlers.getRows({ offset: 6, limit: 1, filter: 'all' })).rows[0];
    expect(again.chosen).toBeUndefined();
    expect(again.issues.some((i) => i.column === 11 && i.code === 'reference-ambiguous')).toBe(true);
    expect(await service.handlers.listChoices({})).toEqual([]);
  });

  it('takes a block pasted from a spreadsheet whole or not at all, and checks its rows again at once', async () => {
    const emailOf = async (index: number) => (await service.handlers.getRows({ offset: index, limit: 1, filter: 'all' })).rows[0].cells[6];
    const before = await service.handlers.getCounts({});
    // One cell past the file's last column: nothing is set, not even the cells before it.
    await expect(
      service.handlers.pasteCells({ cells: [{ index: 2, column: 6, value: 'isla.murray@example.net' }, { index: 2, column: 14, value: 'x' }] }),
    ).rejects.toThrow(/there is no column 15/);
    expect(await emailOf(2)).toBe('isla.murray@example');

    // ULN, NI number and email of rows 4 to 6 as a spreadsheet holds them: the bad email (row 4) and ULN (row 6) mended.
    const block = [
      ['4821888946', 'HJ523645C', 'isla.murray@example.net'],
      ['4821968133', 'JM628374D', 'harry.patel@example.com'],
      ['4822047325', 'KP733103A', 'ava.thompson@example.org'],
    ];
    const pasted = await service.handlers.pasteCells({ cells: block.flatMap((cells, r) => cells.map((value, c) => ({ index: 2 + r, column: 4 + c, value }))) });
    // Only the cells whose text changed count as edited.
    expect(pasted.changed).toEqual([
      { index: 2, column: 6, before: 'isla.murray@example' },
      { index: 4, column: 4, before: '4822047326' },
    ]);
    expect(pasted.counts.withErrors).toBe(before.withErrors - 2);
    const problems = await service.handlers.listProblems({});
    expect(problems.some((p) => p.code === 'email-invalid' || p.code === 'uln-invalid')).toBe(false);
    const rows = (await service.handlers.getRows({ offset: 2, limit: 3, filter: 'all' })).rows;
    expect(rows.map((row) => row.issues.filter((i) => i.severity === 'error'))).toEqual([[], [], []]);
    // Each row says which of its cells differ from the file (the grid marks them, after a reload too).
    expect(rows.map((row) => row.edited)).toEqual([[6], undefined, [4]]);
  });

  it('finds a text anywhere in the file, in any case, cell after cell, wrapping to the top', async () => {
    const lines = readFileSync(path.join(dataDir, 'mis', 'learners-week-12.csv'), 'utf8').split('\r\n').slice(1);
    const kates = lines.filter((line) => line.includes('Kate Anderson')).length;
    expect(kates).toBeGreaterThan(2);
    const first = await service.handlers.findInFile({ text: 'kate ANDERSON' });
    expect(first).toEqual({ cell: { index: 1, row: 3, column: 10 }, ordinal: 1, total: kates });
    const second = await service.handlers.findInFile({ text: 'kate anderson', after: { index: 1, column: 10 } });
    expect(second).toMatchObject({ cell: { index: 3, row: 5, column: 10 }, ordinal: 2 });
    // After the last, the first again.
    const last = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.includes('Kate Anderson')).at(-1)!.index;
    expect(await service.handlers.findInFile({ text: 'Kate Anderson', after: { index: last, column: 10 } })).toEqual(first);
    // Backwards (Shift+Enter): the one before, and from the first the last.
    expect(await service.handlers.findInFile({ text: 'kate anderson', after: { index: 3, column: 10 }, backwards: true })).toEqual(first);
    expect(await service.handlers.findInFile({ text: 'kate anderson', after: { index: 1, column: 10 }, backwards: true })).toEqual({
      cell: { index: last, row: last + 2, column: 10 },
      ordinal: kates,
      total: kates,
    });
    // Part of a cell, in any column: the email of row 4, from the row before it.
    expect((await service.handlers.findInFile({ text: 'isla.murray@', after: { index: 0, column: 13 } })).cell).toEqual({ index: 2, row: 4, column: 6 });
    expect(await service.handlers.findInFile({ text: 'Nobody Here' })).toEqual({ cell: null, ordinal: 0, total: 0 });
  });

  it('saves the file with the cells changed in Review, each listed with what it was, and the copy imports as it is', async () => {
    // Changed so far: the three classes (one typed, two by "fix all"), the email and the ULN pasted. One more, put back.
    expect((await service.handlers.updateCell({ index: 0, column: 1, value: 'Amy' })).row.edited).toEqual([1]);
    const putBack = await service.handlers.updateCell({ index: 0, column: 1, value: 'Amelia' });
    expect([putBack.counts.editedCells, putBack.row.edited]).toEqual([5, undefined]);
    const saved = await service.handlers.saveEditedFile({});
    expect(saved).toMatchObject({ fileName: 'learners-week-12 (fixed).xlsx', savedTo: null });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(saved.contentBase64!, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['learners-week-12', 'Changed in Review', 'About these rows']);
    const [rows, changes, about] = workbook.worksheets;
    expect(String(about.getRow(1).getCell(1).value)).toMatch(/^The rows of learners-week-12\.csv as the importer read them, with the 5 cells changed in Review .* not as an Excel date or number\.$/);
    const text = (row: ExcelJS.Row) => (row.values as ExcelJS.CellValue[]).slice(1).map(String);
    expect(text(rows.getRow(1))).toEqual(readFileSync(path.join(dataDir, 'mis', 'learners-week-12.csv'), 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0].split(','));
    expect(rows.rowCount).toBe(26);
    // Row 4 of the file (the sheet's row 4 too: the header is its first) has the mended email, filled green; the name beside it is as it was.
    const email = rows.getRow(4).getCell(7);
    expect(email.value).toBe('isla.murray@example.net');
    expect(email.fill).toMatchObject({ fgColor: { argb: 'FFC6EFCE' } });
    expect(rows.getRow(2).getCell(2).value).toBe('Amelia');
    expect(rows.getRow(2).getCell(2).fill).toBeUndefined();
    expect(changes.getSheetValues().slice(1).map((row) => (row as ExcelJS.CellValue[]).slice(1))).toEqual([
      ['Row in the file', 'Column', 'Header', 'Was', 'Now'],
      [4, 'G', 'Email Address', 'isla.murray@example', 'isla.murray@example.net'],
      [6, 'E', 'ULN', '4822047326', '4822047325'],
      [9, 'L', 'Class', 'Bus Admin Level 2', 'Business Admin L2'],
      [10, 'L', 'Class', 'Bus Admin Level 2', 'Business Admin L2'],
      [11, 'L', 'Class', 'Bus Admin Level 2', 'Business Admin L2'],
    ]);

    // The copy, opened as a file of its own: its rows have none of the mended errors, and nothing is changed in it yet.
    await service.handlers.openFile({ fileName: saved.fileName, contentBase64: saved.contentBase64! });
    const counts = await service.handlers.getCounts({});
    expect(counts).toMatchObject({ rows: 25, editedCells: 0 });
    const problems = await service.handlers.listProblems({});
    expect(problems.some((p) => p.code === 'email-invalid' || p.code === 'uln-invalid')).toBe(false);
    await expect(service.handlers.saveEditedFile({})).rejects.toThrow(/nothing to save/);
  });
  it('goes to the edge of the data with Ctrl and an arrow, over every row of the file, as the grid lists them', async () => {
    // The copy saved above, open now: 25 rows. Mobiles (column 7) emptied on rows at positions 4-6 and 11.
    await service.handlers.pasteCells({ cells: [4, 5, 6, 11].map((index) => ({ index, column: 7, value: '' })) });
    const edge = async (position: number, direction: 'up' | 'down', filter: 'all' | 'errors' = 'all') =>
      (await service.handlers.findDataEdge({ filter, column: 7, position, direction })).position;
    // Down: to the run's last filled cell, then over the empty ones to the next filled, then to the last row.
    expect([await edge(0, 'down'), await edge(3, 'down'), await edge(7, 'down'), await edge(10, 'down'), await edge(12, 'down'), await edge(24, 'down')]).toEqual([3, 7, 10, 12, 24, 24]);
    // Up, the same way back; from an empty cell to the next filled one.
    expect([await edge(24, 'up'), await edge(12, 'up'), await edge(10, 'up'), await edge(7, 'up'), await edge(3, 'up'), await edge(5, 'up'), await edge(0, 'up')]).toEqual([12, 10, 7, 3, 0, 3, 0]);

    // Over the rows with errors only: the row at position 6 (an error of its own) and two ULNs broken, at 5 and 9; the mobiles of 5 and 6 are empty.
    await service.handlers.pasteCells({ cells: [5, 9].map((index) => ({ index, column: 4, value: '123' })) });
    const withErrors = (await service.handlers.getRows({ offset: 0, limit: 500, filter: 'errors' })).rows.map((row) => row.index);
    expect(withErrors).toEqual([5, 6, 9]);
    expect([await edge(0, 'down', 'errors'), await edge(2, 'up', 'errors'), await edge(1, 'up', 'errors')]).toEqual([2, 0, 0]);
    // Row 9's mobile emptied too: nothing filled that way, so the last row the filter lists.
    await service.handlers.pasteCells({ cells: [{ index: 9, column: 7, value: '' }] });
    expect(await edge(0, 'down', 'errors')).toBe(2);
  });
  it('replaces a text in every cell holding it, in any case, as one step taken back as a paste, and refuses more cells than a paste takes', async () => {
    const holding = await service.handlers.findInFile({ text: '@example.com' });
    expect(holding.total).toBeGreaterThan(3);
    const replaced = await service.handlers.replaceInFile({ text: '@EXAMPLE.com', replacement: '@example.co.uk' });
    expect(replaced.changed).toHaveLength(holding.total);
    expect(replaced.changed.every((cell) => cell.column === 6 && cell.before.endsWith('@example.com'))).toBe(true);
    expect((await service.handlers.findInFile({ text: '@example.com' })).total).toBe(0);
    expect((await service.handlers.findInFile({ text: '@example.co.uk' })).total).toBe(holding.total);
    const first = replaced.changed[0];
    expect((await service.handlers.getRows({ offset: first.index, limit: 1, filter: 'all' })).rows[0].cells[6]).toBe(first.before.replace('@example.com', '@example.co.uk'));
    // Every time it stands in a cell; its own case kept nowhere but where it is not the text.
    const twice = await service.handlers.replaceInFile({ text: 'o', replacement: '0' });
    const name = twice.changed.find((cell) => cell.column === 2 && /o.*O|O.*o/.test(cell.before));
    expect(name?.before).toBe("O'Connor");
    expect((await service.handlers.getRows({ offset: name!.index, limit: 1, filter: 'all' })).rows[0].cells[2]).toBe("0'C0nn0r");
    // Taken back as the grid does, with one paste of the texts before.
    await service.handlers.pasteCells({ cells: twice.changed.map(({ index, column, before }) => ({ index, column, value: before })) });
    await service.handlers.pasteCells({ cells: replaced.changed.map(({ index, column, before }) => ({ index, column, value: before })) });
    expect((await service.handlers.findInFile({ text: '@example.com' })).total).toBe(holding.total);
    expect(await service.handlers.replaceInFile({ text: 'Nobody Here', replacement: 'x' })).toMatchObject({ changed: [] });

    // More cells than one paste takes: refused, nothing changed.
    const big = path.join(dataDir, 'mis', 'big.csv');
    writeFileSync(big, `Learner Ref,Forename,Surname\r\n${Array.from({ length: 10_001 }, (_, i) => `R${i},Ann,Annson`).join('\r\n')}\r\n`);
    await service.handlers.openFile(upload(big));
    await expect(service.handlers.replaceInFile({ text: 'ann', replacement: 'Anne' })).rejects.toThrow(/would be replaced in 20,002 cells: Replace all changes at most 20,000 at once/);
    expect((await service.handlers.findInFile({ text: 'Anne' })).total).toBe(0);
  });
  it('gives the rows whose cell in a column is longest, as the grid lists them, to fit the column to every row', async () => {
    const file = path.join(dataDir, 'mis', 'widths.csv');
    const surnames = ['Lee', 'Featherstonehaugh-Smythe', 'Ray', 'Poe', 'Montgomery', 'Ng', 'Ode'];
    writeFileSync(file, `Learner Ref,Forename,Surname\r\n${surnames.map((surname, i) => `R${i + 1},Ann,${surname}`).join('\r\n')}\r\n`);
    await service.handlers.openFile(upload(file));
    const widest = await service.handlers.widestCells({ filter: 'all', column: 2 });
    expect(widest.rows.map((row) => row.cells[2])).toEqual(['Featherstonehaugh-Smythe', 'Montgomery', 'Lee', 'Ray', 'Poe', 'Ode', 'Ng']);
    // Each as the grid shows it, with its row's number.
    expect(widest.rows[0]).toMatchObject({ index: 1, row: 3 });
    // Only the rows the filter lists: none has an error here.
    expect((await service.handlers.widestCells({ filter: 'errors', column: 2 })).rows).toEqual([]);
    // At most twenty of a long file, the longest first.
    const long = path.join(dataDir, 'mis', 'widths-long.csv');
    writeFileSync(long, `Learner Ref,Forename,Surname\r\n${Array.from({ length: 500 }, (_, i) => `R${i},Ann,${'x'.repeat(1 + (i % 60))}`).join('\r\n')}\r\n`);
    await service.handlers.openFile(upload(long));
    const lengths = (await service.handlers.widestCells({ filter: 'all', column: 2 })).rows.map((row) => row.cells[2].length);
    expect(lengths).toHaveLength(20);
    expect(lengths.slice(0, 3)).toEqual([60, 60, 60]);
    expect(lengths.every((length) => length >= 58)).toBe(true);
  });
  it('goes to a row or a cell as the file and the error report number them, and says why where there is none', async () => {
    // A title line, the header on line 3, a blank line 6: learners on lines 4, 5 and 7.
    const file = path.join(dataDir, 'mis', 'with-gaps.csv');
    writeFileSync(file, 'Learners at 1 December,,\r\n,,\r\nLearner Ref,Forename,Surname\r\nR1,Ann,Lee\r\nR2,Bob,Ray\r\n,,\r\nR3,Cy,Poe\r\n');
    await service.handlers.openFile(upload(file));
    const rows = (await service.handlers.getRows({ offset: 0, limit: 10, filter: 'all' })).rows.map((row) => row.row);
    expect(rows).toEqual([4, 5, 7]);
    expect(await service.handlers.goToCell({ reference: '7' })).toEqual({ cell: { index: 2, row: 7, column: null }, problem: null });
    expect(await service.handlers.goToCell({ reference: 'c5' })).toEqual({ cell: { index: 1, row: 5, column: 2 }, problem: null });
    expect((await service.handlers.goToCell({ reference: 'row 4' })).cell).toEqual({ index: 0, row: 4, column: null });
    expect((await service.handlers.goToCell({ reference: '6' })).problem).toBe('Row 6 of the file is not in the grid: it holds no row to import (a blank line, or a line left out, as a totals line is).');
    expect((await service.handlers.goToCell({ reference: '40' })).problem).toBe('The file has no row 40: its rows run from 4 to 7.');
    expect((await service.handlers.goToCell({ reference: 'D5' })).problem).toBe('The file has no column D: its columns run from A to C.');
    expect((await service.handlers.goToCell({ reference: 'Kate' })).problem).toMatch(/^"Kate" is not a row or a cell: type a row number/);
  });
});
