import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import type { ColumnFilter } from '../../shared/contract-types';
import { methods } from '../../shared/contract';
import { reviewService, type ReviewService } from './review-service';

/**
 * Review's rows narrowed by their cells' values, as Excel's filters: one value of a column
 * ("Filter by Selected Cell's Value"), several, or every value but some, on one column or
 * several at once, with the errors filter too (spaces at either end and case aside), and
 * the grid's moves (Ctrl+Down, a column fitted) over those rows only; a column's values
 * counted as its filter drop-down lists them. A row edited away from a value leaves the list.
 */

let service: AppService;
let openCsv: ReviewService['openCsv'];

const CLASS = 3;
const EMAIL = 4;

beforeAll(async () => {
  ({ service, openCsv } = await reviewService('onefile-value-filter-'));
  const rows = [
    'R1,Ann,Lee,Business Admin L2,ann@example.com',
    'R2,Bo,Ray,Business Admin L3,bo@example.com',
    'R3,Cy,Poe, business admin l2 ,cy@example',
    'R4,Di,Ng,,di@example.com',
    'R5,Ed,Ode,Business Admin L2,ed@example',
    'R6,Flo,Ash,Business Admin L2,flo@example.com',
  ];
  await openCsv('learners.csv', 'Learner Ref,Forename,Surname,Class,Email', rows);
});

afterAll(async () => {
  await service?.close();
});

const indexes = async (filter: 'all' | 'errors', where: ColumnFilter[] | null) =>
  (await service.handlers.getRows({ offset: 0, limit: 100, filter, where })).rows.map((row) => row.index);
/** Only the rows with one value in a column, as the cell menu's "Show only rows with this value". */
const only = (column: number, value: string): ColumnFilter[] => [{ column, values: [value] }];

describe("Review's rows with one value of a column", () => {
  it('lists only the rows holding the value, in any case and with spaces at either end, and with a filter the rows that are both', async () => {
    expect(await indexes('all', only(CLASS, 'Business Admin L2'))).toEqual([0, 2, 4, 5]);
    const page = await service.handlers.getRows({ offset: 1, limit: 2, filter: 'all', where: only(CLASS, 'Business Admin L2') });
    expect(page).toMatchObject({ total: 4, offset: 1 });
    expect(page.rows.map((row) => row.row)).toEqual([4, 6]);
    // The two of them with an email that is not one.
    expect(await indexes('errors', only(CLASS, 'Business Admin L2'))).toEqual([2, 4]);
    // An empty cell's value: the rows with nothing there.
    expect(await indexes('all', only(CLASS, ''))).toEqual([3]);
    // No value filter (null, empty, or left out): every row the filter lists.
    expect(await indexes('all', null)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await indexes('all', [])).toEqual([0, 1, 2, 3, 4, 5]);
    // (Row 5, index 3, has no class, which a learner needs.)
    expect((await service.handlers.getRows({ offset: 0, limit: 100, filter: 'errors' })).rows.map((row) => row.index)).toEqual([2, 3, 4]);
  });

  it('goes to the edge of the data and fits a column over those rows only', async () => {
    const where = only(CLASS, 'business admin l2');
    expect((await service.handlers.findDataEdge({ filter: 'all', where, column: 4, position: 0, direction: 'down' })).position).toBe(3);
    const widest = await service.handlers.widestCells({ filter: 'all', where, column: 1 });
    // Bo (row 3) is not one of them: the four, the longest first.
    expect(widest.rows.map((row) => row.cells[1]).sort()).toEqual(['Ann', 'Cy', 'Ed', 'Flo']);
    expect(widest.rows.map((row) => row.cells[1].length)).toEqual([3, 3, 2, 2]);
  });

  it("lists a column's values to choose from, each with its rows, A to Z with the empty cell last, over the rows the filter lists, as Excel's filter drop-down", async () => {
    expect(await service.handlers.columnValues({ filter: 'all', column: CLASS, search: '' })).toEqual({
      values: [
        { value: 'Business Admin L2', rows: 4 },
        { value: 'Business Admin L3', rows: 1 },
        { value: '', rows: 1 },
      ],
      distinct: 3,
    });
    // The rows with errors: row 4's class as it is written (spaces at either end left out), and the empty one.
    expect((await service.handlers.columnValues({ filter: 'errors', column: CLASS, search: '' })).values).toEqual([
      { value: 'business admin l2', rows: 2 },
      { value: '', rows: 1 },
    ]);
    // A search, case aside.
    expect(await service.handlers.columnValues({ filter: 'all', column: CLASS, search: ' L3' })).toEqual({ values: [{ value: 'Business Admin L3', rows: 1 }], distinct: 1 });
  });

  it("combines the filters of several columns, as Excel's filters do, each keeping one or more values, or leaving some out", async () => {
    // Two values of one column: the rows with either.
    expect(await indexes('all', [{ column: CLASS, values: ['business admin l3', ''] }])).toEqual([1, 3]);
    // Every value but some (Excel's boxes all ticked but one): not empty; neither L2 nor empty.
    expect(await indexes('all', [{ column: CLASS, values: [''], without: true }])).toEqual([0, 1, 2, 4, 5]);
    expect(await indexes('all', [{ column: CLASS, values: ['Business Admin L2', ''], without: true }])).toEqual([1]);
    // The values a search found, taken whole (however many there are): the cells holding the text.
    expect(await indexes('all', [{ column: EMAIL, values: [], without: true, holding: '@EXAMPLE.com' }])).toEqual([0, 1, 3, 5]);
    // Two columns: rows that pass both, and with the errors filter rows that pass all three.
    const l2WithEmail: ColumnFilter[] = [
      { column: CLASS, values: ['Business Admin L2'] },
      { column: EMAIL, values: [], without: true, holding: '.com' },
    ];
    expect(await indexes('all', l2WithEmail)).toEqual([0, 5]);
    expect(await indexes('errors', [{ column: CLASS, values: ['Business Admin L2'] }, { column: EMAIL, values: ['ed@example'] }])).toEqual([4]);
    // A column's filter leaving nothing out lists every row; one keeping no value, none.
    expect(await indexes('all', [{ column: CLASS, values: [], without: true }])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await indexes('all', [{ column: CLASS, values: [] }])).toEqual([]);
    // The grid's moves over the rows both keep.
    expect((await service.handlers.widestCells({ filter: 'all', where: l2WithEmail, column: 1 })).rows.map((row) => row.cells[1]).sort()).toEqual(['Ann', 'Flo']);
    // Two filters on one column are refused where the call crosses over.
    const twice = methods.getRows.input.safeParse({ offset: 0, limit: 10, where: [{ column: CLASS, values: ['a'] }, { column: CLASS, values: ['b'] }] });
    expect(twice.success).toBe(false);
  });

  it("lists a column's values over the rows the other columns' filters keep, its own filter aside, as Excel does", async () => {
    const where: ColumnFilter[] = [
      { column: EMAIL, values: [], without: true, holding: '.com' },
      { column: CLASS, values: ['Business Admin L3'] },
    ];
    // Rows 1, 2, 4 and 6 (indexes 0, 1, 3, 5) have an email ending .com; the class's own filter (L3) does not narrow its list.
    expect((await service.handlers.columnValues({ filter: 'all', column: CLASS, search: '', where })).values).toEqual([
      { value: 'Business Admin L2', rows: 2 },
      { value: 'Business Admin L3', rows: 1 },
      { value: '', rows: 1 },
    ]);
    // The email's list is narrowed by the class's filter: the one L3 row's email.
    expect((await service.handlers.columnValues({ filter: 'all', column: EMAIL, search: '', where })).values).toEqual([{ value: 'bo@example.com', rows: 1 }]);
    // With no filter elsewhere, every row counts again.
    expect((await service.handlers.columnValues({ filter: 'all', column: CLASS, search: '', where: [where[1]] })).values.map((value) => value.rows)).toEqual([4, 1, 1]);
  });

  it('leaves out a row edited away from the value, and lists one edited to it', async () => {
    const where = only(CLASS, 'Business Admin L2');
    await service.handlers.updateCell({ index: 5, column: CLASS, value: 'Business Admin L3' });
    expect(await indexes('all', where)).toEqual([0, 2, 4]);
    // The values' counts follow the edit.
    expect((await service.handlers.columnValues({ filter: 'all', column: CLASS, search: '' })).values.slice(0, 2)).toEqual([
      { value: 'Business Admin L2', rows: 3 },
      { value: 'Business Admin L3', rows: 2 },
    ]);
    await service.handlers.updateCell({ index: 1, column: CLASS, value: 'BUSINESS ADMIN L2' });
    expect(await indexes('all', where)).toEqual([0, 1, 2, 4]);
  });

  it('sorts numbers in values by their value, as Excel does (Employer 2 before Employer 10), and lists 10,000 of many, as Excel, counting them all', async () => {
    const employers = ['Employer 10', 'Employer 2', ' employer 2', '', 'Employer 1', ...Array.from({ length: 10_100 }, (_, i) => `Site ${i}`)];
    await openCsv('employers.csv', 'Learner Ref,Forename,Surname,Employer', employers.map((employer, i) => `E${i},Ann,Lee${i},${employer}`));
    const found = await service.handlers.columnValues({ filter: 'all', column: 3, search: 'employer' });
    expect(found).toEqual({
      values: [
        { value: 'Employer 1', rows: 1 },
        { value: 'Employer 2', rows: 2 },
        { value: 'Employer 10', rows: 1 },
      ],
      distinct: 3,
    });
    const all = await service.handlers.columnValues({ filter: 'all', column: 3, search: '' });
    expect(all.distinct).toBe(10_104);
    expect(all.values).toHaveLength(10_000);
    expect(all.values.at(-1)).toEqual({ value: 'Site 9996', rows: 1 });
  });
});
