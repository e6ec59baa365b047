import type { ColumnFilter, ValueFilter } from './contract-types';

/**
 * A cell's text as Review's value filter compares it (spaces at either end and case
 * aside): the service lists and counts rows by it, and the values list marks the values
 * ticked by it, so both sides call one value the same.
 */
export function valueFilterKey(text: string): string {
  return text.trim().toLowerCase();
}

/** The most values one column's filter names: as many as its list shows (10,000, as Excel's). */
export const MOST_FILTER_VALUES = 10_000;

/** One column's filter as the service tests a cell: its values' keys in a set. */
export interface CellTest {
  column: number;
  passes(cell: string): boolean;
}

/** The value filter's columns, each a test of its cell; a column's filter that lets every row through is left out. */
export function cellTests(where: ValueFilter | null | undefined): CellTest[] {
  return (where ?? []).filter((filter) => !letsEveryRowThrough(filter)).map((filter) => ({ column: filter.column, passes: passesFilter(filter) }));
}

/** Whether a cell passes a column's filter: holding its text, if it names one, and among its values or (`without`) not. */
function passesFilter(filter: Omit<ColumnFilter, 'column'>): (cell: string) => boolean {
  const keys = new Set(filter.values.map(valueFilterKey));
  const without = filter.without === true;
  const holding = valueFilterKey(filter.holding ?? '');
  return (cell) => {
    const key = valueFilterKey(cell);
    return (holding === '' || key.includes(holding)) && keys.has(key) !== without;
  };
}

/** A filter naming no value to leave out and no text to hold: every row passes it. */
export function letsEveryRowThrough(filter: ColumnFilter): boolean {
  return filter.without === true && filter.values.length === 0 && valueFilterKey(filter.holding ?? '') === '';
}

/**
 * The value filter as one text, the same for filters that list the same rows (columns in
 * order, values by key, each once; filters letting every row through left out): what
 * the service keeps the rows it listed under.
 */
export function valueFilterId(where: ValueFilter | null | undefined, leaveOut = -1): string {
  return (where ?? [])
    .filter((filter) => filter.column !== leaveOut && !letsEveryRowThrough(filter))
    .map((filter) => ({
      c: filter.column,
      w: filter.without === true,
      h: valueFilterKey(filter.holding ?? ''),
      v: [...new Set(filter.values.map(valueFilterKey))].sort(),
    }))
    .sort((a, b) => a.c - b.c)
    .map((filter) => JSON.stringify(filter))
    .join('\u0000');
}

/**
 * The value filter with the column's own filter put in place of any it had (null: taken
 * off); `where` itself where that changes nothing (no filter taken off a column with none,
 * or one listing the same rows put in place of its own), so a caller can tell.
 */
export function withColumnFilter<F extends ColumnFilter>(where: readonly F[], column: number, filter: F | null): readonly F[] {
  const own = where.find((each) => each.column === column);
  const kept = filter === null || letsEveryRowThrough(filter) ? null : filter;
  if (kept === null ? own === undefined : own !== undefined && valueFilterId([own]) === valueFilterId([kept])) return where;
  const others = where.filter((each) => each.column !== column);
  return kept === null ? others : [...others, kept];
}

/** Whether a value of a column is ticked in its values list, as Excel's filter drop-down ticks them: all, with no filter. */
export function isTicked(filter: Omit<ColumnFilter, 'column'> | null | undefined, value: string): boolean {
  return !filter || passesFilter(filter)(value);
}

/** A value as the filter's words quote it. */
function quoted(value: string): string {
  const text = value.trim();
  return text === '' ? 'empty' : `“${text}”`;
}

/** "A", "A or B", "A, B or C", "A, B, C or 2 more" */
function anyOf(values: readonly string[], joiner: 'or' | 'nor'): string {
  const shown = values.slice(0, 3).map(quoted);
  const more = values.length - shown.length;
  if (more > 0) return `${shown.join(', ')} ${joiner} ${more} more`;
  if (shown.length === 1) return shown[0];
  return `${shown.slice(0, -1).join(', ')} ${joiner} ${shown[shown.length - 1]}`;
}

/** What one column's filter keeps, in words after the column's header: "is “Employer 3” or “Employer 4”", "is not empty". */
export function columnFilterWords(filter: ColumnFilter): string {
  const byKey = new Map<string, string>();
  for (const value of filter.values) if (!byKey.has(valueFilterKey(value))) byKey.set(valueFilterKey(value), value);
  const values = [...byKey.values()];
  // Values ticked one by one name the rows whatever search found them.
  if (filter.without !== true) return values.length === 0 ? 'has none of its values ticked' : `is ${anyOf(values, 'or')}`;
  const holding = filter.holding?.trim() ?? '';
  const parts: string[] = [];
  if (holding !== '') parts.push(`holds “${holding}”`);
  if (values.length > 0) parts.push(values.length === 1 ? `is not ${quoted(values[0])}` : `is neither ${anyOf(values, 'nor')}`);
  return parts.join(' and ');
}

/**
 * A column's filter being made in its values list, before OK: which values are ticked, as
 * one column's filter without its column. Every value ticked (nothing left out) is no filter.
 */
export type FilterDraft = Omit<ColumnFilter, 'column'>;

/** Every value ticked: the list as it opens on a column with no filter (with `holding`, every value the search found). */
export function everyValue(holding?: string): FilterDraft {
  return holding === undefined || holding.trim() === '' ? { values: [], without: true } : { values: [], without: true, holding };
}

/**
 * The list's ticks as it opens on a column's filter, and the search box's text with it:
 * a filter keeping what a search found opens on that search (so the list shows what it
 * keeps), one keeping values ticked one by one on those values.
 */
export function draftOf(filter: ColumnFilter | null | undefined): { draft: FilterDraft; search: string } {
  if (!filter) return { draft: everyValue(), search: '' };
  const holding = filter.holding?.trim() ?? '';
  if (filter.without === true && holding !== '') return { draft: { values: [...filter.values], without: true, holding }, search: holding };
  return { draft: { values: [...filter.values], without: filter.without === true }, search: '' };
}

/** One value's box ticked or unticked. */
export function toggleValue(draft: FilterDraft, value: string): FilterDraft {
  const key = valueFilterKey(value);
  const named = draft.values.some((each) => valueFilterKey(each) === key);
  const values = named ? draft.values.filter((each) => valueFilterKey(each) !== key) : [...draft.values, value];
  return { ...draft, values };
}

/** Whether every value the list holds is ticked, none is, or some are (Excel's "(Select All)" box). */
export function tickedOfAll(draft: FilterDraft): 'all' | 'none' | 'some' {
  if (draft.values.length > 0) return 'some';
  return draft.without === true ? 'all' : 'none';
}

/** "(Select All)" ticked (every value, or every one the search found) or unticked (none). */
export function tickAll(draft: FilterDraft, ticked: boolean): FilterDraft {
  return ticked ? everyValue(draft.holding) : { values: [], without: false };
}

/** The column's filter OK makes of the ticks: null when every value is ticked. */
export function filterOfDraft(column: number, draft: FilterDraft): ColumnFilter | null {
  const filter: ColumnFilter = draft.without === true ? { column, ...draft } : { column, values: draft.values };
  return letsEveryRowThrough(filter) ? null : filter;
}
