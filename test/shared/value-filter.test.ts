import { describe, expect, it } from 'vitest';
import type { ColumnFilter } from '../../shared/contract-types';
import {
  cellTests,
  columnFilterWords,
  draftOf,
  everyValue,
  filterOfDraft,
  isTicked,
  tickAll,
  tickedOfAll,
  toggleValue,
  valueFilterId,
  withColumnFilter,
} from '../../shared/value-filter';

/**
 * Review's filters on columns, as Excel's AutoFilter: the boxes of a column's values list
 * ticked and unticked, the filter OK makes of them, its words above the grid, and the
 * test the service puts each cell to.
 */

const EMPLOYER = 4;

describe("a column's values list, ticked as Excel's filter drop-down", () => {
  it('opens with every value ticked on a column with no filter, and OK then makes no filter', () => {
    const { draft, search } = draftOf(null);
    expect(search).toBe('');
    expect(tickedOfAll(draft)).toBe('all');
    expect(isTicked(draft, 'Employer 3')).toBe(true);
    expect(filterOfDraft(EMPLOYER, draft)).toBeNull();
  });

  it('unticking a value keeps every other one, however many the column has', () => {
    const draft = toggleValue(everyValue(), 'Employer 3');
    expect(isTicked(draft, 'employer 3 ')).toBe(false);
    expect(isTicked(draft, 'Employer 4')).toBe(true);
    expect(tickedOfAll(draft)).toBe('some');
    expect(filterOfDraft(EMPLOYER, draft)).toEqual({ column: EMPLOYER, values: ['Employer 3'], without: true });
    // Ticked again: no filter.
    expect(filterOfDraft(EMPLOYER, toggleValue(draft, 'EMPLOYER 3'))).toBeNull();
  });

  it('"(Select all)" unticked and two ticked keeps those two; none ticked keeps none', () => {
    const none = tickAll(everyValue(), false);
    expect(tickedOfAll(none)).toBe('none');
    expect(isTicked(none, 'Employer 3')).toBe(false);
    expect(filterOfDraft(EMPLOYER, none)).toEqual({ column: EMPLOYER, values: [] });
    const two = toggleValue(toggleValue(none, 'Employer 3'), 'Employer 5');
    expect(filterOfDraft(EMPLOYER, two)).toEqual({ column: EMPLOYER, values: ['Employer 3', 'Employer 5'] });
    expect(isTicked(two, 'employer 5')).toBe(true);
    expect(tickedOfAll(tickAll(two, true))).toBe('all');
  });

  it('a search ticks every value it finds, and OK keeps them all (listed or not) but those unticked', () => {
    const found = everyValue('logistics');
    expect(isTicked(found, 'Northern Logistics Ltd')).toBe(true);
    expect(isTicked(found, 'Employer 3')).toBe(false);
    const filter = filterOfDraft(EMPLOYER, toggleValue(found, 'Southern Logistics'))!;
    expect(filter).toEqual({ column: EMPLOYER, values: ['Southern Logistics'], without: true, holding: 'logistics' });
    // Reopened, the list is on that search with those ticks.
    const reopened = draftOf(filter);
    expect(reopened.search).toBe('logistics');
    expect(isTicked(reopened.draft, 'Southern Logistics')).toBe(false);
    expect(isTicked(reopened.draft, 'Northern Logistics Ltd')).toBe(true);
    // "(Select all search results)" unticked, then one ticked: that one alone.
    expect(filterOfDraft(EMPLOYER, toggleValue(tickAll(found, false), 'Northern Logistics Ltd'))).toEqual({ column: EMPLOYER, values: ['Northern Logistics Ltd'] });
  });

  it('reopens a filter of values ticked one by one on those values', () => {
    const { draft, search } = draftOf({ column: EMPLOYER, values: ['Employer 3', 'Employer 5'] });
    expect(search).toBe('');
    expect([isTicked(draft, 'Employer 3'), isTicked(draft, 'Employer 4'), isTicked(draft, 'Employer 5')]).toEqual([true, false, true]);
  });
});

describe("the columns' filters together", () => {
  const shown = [
    { column: 1, values: ['a'], header: 'One' },
    { column: 2, values: [''], without: true, header: 'Two' },
  ];

  it("puts a column's filter in place of its last, takes one off, and leaves out one keeping every value", () => {
    expect(withColumnFilter(shown, 1, { column: 1, values: ['b'], header: 'One' }).map((each) => [each.column, each.values])).toEqual([
      [2, ['']],
      [1, ['b']],
    ]);
    expect(withColumnFilter(shown, 2, null).map((each) => each.column)).toEqual([1]);
    expect(withColumnFilter(shown, 1, { column: 1, values: [], without: true, header: 'One' }).map((each) => each.column)).toEqual([2]);
    // Nothing changed (no filter taken off a column with none, or one listing the same rows): the same list, for the grid to stay as it is.
    expect(withColumnFilter(shown, 3, null)).toBe(shown);
    expect(withColumnFilter(shown, 3, { column: 3, values: [], without: true, header: 'Three' })).toBe(shown);
    expect(withColumnFilter(shown, 1, { column: 1, values: ['A '], header: 'One' })).toBe(shown);
  });

  it('names the same rows by the same text, whatever the order, case or repeats, the column asked about left out', () => {
    const a: ColumnFilter[] = [
      { column: 2, values: ['X', 'y'] },
      { column: 1, values: [''], without: true },
    ];
    const b: ColumnFilter[] = [
      { column: 1, values: ['  '], without: true },
      { column: 2, values: ['Y', 'x', 'X'] },
      { column: 3, values: [], without: true },
    ];
    expect(valueFilterId(a)).toBe(valueFilterId(b));
    expect(valueFilterId(a)).not.toBe(valueFilterId([{ column: 2, values: ['X', 'y'], without: true }, a[1]]));
    expect(valueFilterId(a, 2)).toBe(valueFilterId([a[1]]));
  });

  it('tests each cell as the filter says, spaces at either end and case aside', () => {
    const [one, two] = cellTests([
      { column: 1, values: [' Employer 3', 'employer 5'] },
      { column: 2, values: ['spam@example.com'], without: true, holding: '@EXAMPLE' },
      { column: 3, values: [], without: true },
    ]);
    expect(cellTests([{ column: 3, values: [], without: true }])).toEqual([]);
    expect(['EMPLOYER 3 ', 'Employer 5', 'Employer 4', ''].map(one.passes)).toEqual([true, true, false, false]);
    expect(['ann@example.com', 'spam@example.com', 'bo@other.org'].map(two.passes)).toEqual([true, false, false]);
  });

  it('says what each keeps, in words after its header', () => {
    expect(columnFilterWords({ column: 1, values: ['Employer 3'] })).toBe('is “Employer 3”');
    expect(columnFilterWords({ column: 1, values: [''] })).toBe('is empty');
    expect(columnFilterWords({ column: 1, values: ['A', 'B'] })).toBe('is “A” or “B”');
    expect(columnFilterWords({ column: 1, values: ['A', 'b', 'B', 'C', 'D', 'E'] })).toBe('is “A”, “b”, “C” or 2 more');
    expect(columnFilterWords({ column: 1, values: [''], without: true })).toBe('is not empty');
    expect(columnFilterWords({ column: 1, values: ['A', ''], without: true })).toBe('is neither “A” nor empty');
    expect(columnFilterWords({ column: 1, values: [], without: true, holding: 'logistics' })).toBe('holds “logistics”');
    expect(columnFilterWords({ column: 1, values: ['X'], without: true, holding: 'log' })).toBe('holds “log” and is not “X”');
    expect(columnFilterWords({ column: 1, values: [] })).toBe('has none of its values ticked');
  });
});
