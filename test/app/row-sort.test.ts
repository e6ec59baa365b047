import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { MOST_SORT_LEVELS, type ColumnFilter, type RowSort } from '../../shared/contract-types';
import { methods } from '../../shared/contract';
import { reviewService, type ReviewService } from './review-service';

/**
 * Review's rows in one column's order, as Excel's "Sort A to Z" and "Sort Z to A": numbers
 * by their value, the empty cells last either way, rows of one value (case and spaces at
 * either end aside) in the file's order; with the filters, the rows they list in that
 * order. The order is taken when the sort is asked for: an edit does not move a row until
 * it is asked for again. A column of dates is sorted by the days they name.
 */

let service: AppService;
let openCsv: ReviewService['openCsv'];

const EMPLOYER = 3;

beforeAll(async () => {
  ({ service, openCsv } = await reviewService('onefile-row-sort-'));
  const rows = [
    'R1,Ann,Lee,Employer 10,ann@example.com',
    'R2,Bo,Ray,employer 2,bo@example.com',
    'R3,Cy,Poe,,cy@example',
    'R4,Di,Ng,Acme,di@example.com',
    'R5,Ed,Ode, Employer 2 ,ed@example',
    'R6,Flo,Ash,Zeta Care,flo@example.com',
  ];
  await openCsv('learners.csv', 'Learner Ref,Forename,Surname,Employer,Email', rows);
});

afterAll(async () => {
  await service?.close();
});

const listed = async (sort: RowSort | null, filter: 'all' | 'errors' = 'all', where: ColumnFilter[] | null = null) =>
  (await service.handlers.getRows({ offset: 0, limit: 100, filter, where, sort })).rows.map((row) => row.cells[0]);

describe("Review's rows sorted by a column", () => {
  it('sorts A to Z with numbers by their value and the empty cells last, rows of one value in the file order', async () => {
    expect(await listed({ column: EMPLOYER, descending: false, version: 1 })).toEqual(['R4', 'R2', 'R5', 'R1', 'R6', 'R3']);
    // Z to A: the values the other way, the empty cells still last, one value's rows still in the file's order.
    expect(await listed({ column: EMPLOYER, descending: true, version: 1 })).toEqual(['R6', 'R1', 'R2', 'R5', 'R4', 'R3']);
    // A page from the middle, and the count.
    const page = await service.handlers.getRows({ offset: 2, limit: 2, filter: 'all', sort: { column: EMPLOYER, descending: false, version: 1 } });
    expect(page.total).toBe(6);
    expect(page.rows.map((row) => row.row)).toEqual([6, 2]);
    // No sort: the file's order.
    expect(await listed(null)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6']);
  });

  it('lists the rows the filters keep in that order, and moves and fits over them', async () => {
    const sort = { column: EMPLOYER, descending: false, version: 1 };
    // R3 and R5 have emails that are not ones.
    expect(await listed(sort, 'errors')).toEqual(['R5', 'R3']);
    expect(await listed(sort, 'all', [{ column: 4, values: [], without: true, holding: '.com' }])).toEqual(['R4', 'R2', 'R1', 'R6']);
    // Ctrl+Down in the employer column from the top: the last filled cell before the empty one (R6, 5th).
    expect((await service.handlers.findDataEdge({ filter: 'all', sort, column: EMPLOYER, position: 0, direction: 'down' })).position).toBe(4);
    expect((await service.handlers.widestCells({ filter: 'all', sort, column: EMPLOYER })).rows[0].cells[EMPLOYER]).toBe(' Employer 2 ');
  });

  it('keeps the order an edit would change, as Excel does, until the sort is asked for again', async () => {
    const sort = { column: EMPLOYER, descending: false, version: 1 };
    await service.handlers.updateCell({ index: 3, column: EMPLOYER, value: 'Zzz Training' });
    // R4 stays first, with its new employer.
    const page = await service.handlers.getRows({ offset: 0, limit: 100, filter: 'all', sort });
    expect(page.rows.map((row) => row.cells[0])).toEqual(['R4', 'R2', 'R5', 'R1', 'R6', 'R3']);
    expect(page.rows[0].cells[EMPLOYER]).toBe('Zzz Training');
    // Asked for again: R4 goes after Zeta Care.
    expect(await listed({ ...sort, version: 2 })).toEqual(['R2', 'R5', 'R1', 'R6', 'R4', 'R3']);
  });

  it('says where a row stands among the rows listed, for a jump that keeps them, and null for one they leave out', async () => {
    const sort = { column: EMPLOYER, descending: false, version: 2 };
    const at = async (index: number, where: ColumnFilter[] | null = null, filter: 'all' | 'errors' = 'all') =>
      (await service.handlers.rowPosition({ filter, where, sort, index })).position;
    // Sorted: R2 (index 1) first, R3 (index 2, no employer) last.
    expect(await at(1)).toBe(0);
    expect(await at(2)).toBe(5);
    // Errors only (R3 and R5): R5 first; R1 (index 0) not listed.
    expect(await at(4, null, 'errors')).toBe(0);
    expect(await at(0, null, 'errors')).toBeNull();
    expect(await at(0, [{ column: EMPLOYER, values: ['Employer 10'] }])).toBe(0);
    // No filter, no sort: the file's order; a row the file has not, none.
    expect((await service.handlers.rowPosition({ filter: 'all', index: 4 })).position).toBe(4);
    expect((await service.handlers.rowPosition({ filter: 'all', index: 60 })).position).toBeNull();
  });

  it("finds the next cell in the sort's order, as Find Next goes down a sorted sheet", async () => {
    const sort = { column: EMPLOYER, descending: false, version: 1 };
    const find = async (after?: { index: number; column: number }, backwards = false, sorted: RowSort | null = sort) => {
      const found = await service.handlers.findInFile({ text: 'example', ...(after ? { after } : {}), backwards, sort: sorted });
      return [found.cell?.row, found.ordinal, found.total];
    };
    // Every email holds it; sorted by employer the rows go R4, R2, R5, R1, R6, R3 (rows 5, 3, 6, 2, 7, 4).
    expect(await find()).toEqual([5, 1, 6]);
    expect(await find({ index: 3, column: 4 })).toEqual([3, 2, 6]);
    expect(await find({ index: 4, column: 4 })).toEqual([2, 4, 6]);
    // Wrapping round: after the last (R3), the first; before the first, the last.
    expect(await find({ index: 2, column: 4 })).toEqual([5, 1, 6]);
    expect(await find({ index: 3, column: 4 }, true)).toEqual([4, 6, 6]);
    // Not sorted: the file's order.
    expect(await find(undefined, false, null)).toEqual([2, 1, 6]);
    expect(await find({ index: 0, column: 4 }, false, null)).toEqual([3, 2, 6]);
  });

  it("keeps each value's rows in the order the sort before put them, as Excel sorts the sheet as it stands", async () => {
    const bySurname = { column: 2, descending: false, version: 2 };
    // By surname: Ash R6, Lee R1, Ng R4, Ode R5, Poe R3, Ray R2.
    expect(await listed(bySurname)).toEqual(['R6', 'R1', 'R4', 'R5', 'R3', 'R2']);
    // Then by employer (R4's is Zzz Training since the edit above): employer 2's two rows by surname (Ode R5 before
    // Ray R2), not in the file's order (R2, R5), either way.
    expect(await listed({ column: EMPLOYER, descending: false, version: 3, earlier: [bySurname] })).toEqual(['R5', 'R2', 'R1', 'R6', 'R4', 'R3']);
    expect(await listed({ column: EMPLOYER, descending: true, version: 3, earlier: [bySurname] })).toEqual(['R4', 'R6', 'R1', 'R5', 'R2', 'R3']);
    // Without the sort before: the file's order within a value.
    expect(await listed({ column: EMPLOYER, descending: false, version: 3 })).toEqual(['R2', 'R5', 'R1', 'R6', 'R4', 'R3']);
    // Levels under levels: surname Z to A (Ray R2 before Ode R5) over the forenames, then the employer.
    const surnameZtoA = { column: 2, descending: true, version: 4 };
    const byForename = { column: 1, descending: false, version: 1 };
    expect(await listed({ column: EMPLOYER, descending: false, version: 5, earlier: [surnameZtoA, byForename] })).toEqual(['R2', 'R5', 'R1', 'R6', 'R4', 'R3']);
    // A row's place and Find Next go in that order too: R5 (index 4) first, then R2 (index 1).
    const sort = { column: EMPLOYER, descending: false, version: 3, earlier: [bySurname] };
    expect((await service.handlers.rowPosition({ filter: 'all', where: null, sort, index: 4 })).position).toBe(0);
    expect((await service.handlers.findInFile({ text: 'employer 2', after: { index: 4, column: EMPLOYER }, backwards: false, sort })).cell?.index).toBe(1);
  });

  it('is refused where the call crosses over when it is not a sort', () => {
    expect(methods.getRows.input.safeParse({ offset: 0, limit: 10, sort: { column: 1, descending: 'yes', version: 1 } }).success).toBe(false);
    expect(methods.getRows.input.safeParse({ offset: 0, limit: 10, sort: { column: 1, descending: false, version: 1 } }).success).toBe(true);
    const level = { column: 2, descending: false, version: 1 };
    expect(methods.getRows.input.safeParse({ offset: 0, limit: 10, sort: { ...level, earlier: Array(MOST_SORT_LEVELS - 1).fill(level) } }).success).toBe(true);
    expect(methods.getRows.input.safeParse({ offset: 0, limit: 10, sort: { ...level, earlier: Array(MOST_SORT_LEVELS).fill(level) } }).success).toBe(false);
  });
  it('sorts a column of dates by the day each names, as Excel does, not as text, texts that are no date after them', async () => {
    const rows = ['D1,Ann,Lee,03/04/2001', 'D2,Bo,Ray,12/01/1999', 'D3,Cy,Poe,not known', 'D4,Di,Ng,', 'D5,Ed,Ode,25/12/2001', 'D6,Flo,Ash,2000-06-30'];
    await openCsv('dates.csv', 'Learner Ref,Forename,Surname,Date of Birth', rows);
    // As text, 03/04/2001 would come before 12/01/1999.
    expect(await listed({ column: 3, descending: false, version: 1 })).toEqual(['D2', 'D6', 'D1', 'D5', 'D3', 'D4']);
    expect(await listed({ column: 3, descending: true, version: 1 })).toEqual(['D3', 'D5', 'D1', 'D6', 'D2', 'D4']);
    // The column's values list reads in the sort's order: by the day, the empty cell last.
    const values = await service.handlers.columnValues({ filter: 'all', column: 3, search: '' });
    expect(values.values.map((each) => each.value)).toEqual(['12/01/1999', '2000-06-30', '03/04/2001', '25/12/2001', 'not known', '']);
  });
});
