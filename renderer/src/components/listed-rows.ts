import { useEffect, useRef, useState } from 'react';
import { MOST_SORT_LEVELS, type ColumnFilter, type RowFilter, type RowSort, type RowSortLevel, type ValueFilter } from '../../../shared/contract-types';

/** A column's value filter as Review shows it: with its column's header. */
export interface ShownColumnFilter extends ColumnFilter {
  header: string;
}

/** One column's sort as Review shows it: with its column's header. */
export interface ShownSortLevel extends RowSortLevel {
  header: string;
}

/** A sort as Review shows it: with its column's header, and the sorts before it with theirs. */
export interface ShownSort extends ShownSortLevel {
  earlier?: ShownSortLevel[];
}

/**
 * The rows sorted by a column as chosen now, over the order they are listed in (`current`),
 * as Excel sorts the sheet as it stands: the sorts before go on ordering each value's rows,
 * the latest first, but for one of the same column (the new one takes its place) and past
 * the most a listing keeps.
 */
export function sortedAgain(current: ShownSort | null, chosen: Omit<ShownSortLevel, 'version'>): ShownSort {
  const before: ShownSortLevel[] = [];
  if (current) {
    const { earlier = [], ...latest } = current;
    before.push(latest, ...earlier);
  }
  return { ...chosen, version: Date.now(), earlier: before.filter((level) => level.column !== chosen.column).slice(0, MOST_SORT_LEVELS - 1) };
}

/** What a sort's words say: "Employer, A to Z, then Surname, Z to A". */
export function sortWords(sort: ShownSort): string {
  return [sort, ...(sort.earlier ?? [])].map((level) => `${level.header || 'the column'}, ${level.descending ? 'Z to A' : 'A to Z'}`).join(', then ');
}

/** What the service is asked: each column's filter without its header (which is only shown). */
export function asAsked(shown: readonly ShownColumnFilter[]): ValueFilter {
  return shown.map(({ column, values, without, holding }) => ({ column, values, ...(without ? { without } : {}), ...(holding ? { holding } : {}) }));
}

/** What the service is asked of a sort: without its header. */
export function sortAsked(shown: ShownSort | null): RowSort | null {
  const level = ({ column, descending, version }: RowSortLevel): RowSortLevel => ({ column, descending, version });
  return shown && { ...level(shown), ...(shown.earlier?.length ? { earlier: shown.earlier.map(level) } : {}) };
}

/**
 * The rows Review lists and their order (the problems filter, each column's value filter,
 * the sort), kept by the window, not by Review, as Excel keeps a sheet's filters: a look
 * at the mapping or the plan and back finds them as they were. Forgotten when another file
 * is opened or the file is read again (`fileVersion`), whose columns they may not name.
 */
export function useReviewListing(fileVersion: number | undefined) {
  const [filter, setFilter] = useState<RowFilter>('all');
  const [where, setWhere] = useState<readonly ShownColumnFilter[]>(NO_FILTERS);
  const [sort, setSort] = useState<ShownSort | null>(null);
  const seen = useRef(fileVersion);
  useEffect(() => {
    if (seen.current === fileVersion) return;
    seen.current = fileVersion;
    setFilter('all');
    setWhere(NO_FILTERS);
    setSort(null);
  }, [fileVersion]);
  return { filter, setFilter, where, setWhere, sort, setSort };
}

const NO_FILTERS: readonly ShownColumnFilter[] = [];

/** What the rows are listed by: the problems filter, each column's value filter, the sort. */
export interface ListedBy {
  filter: RowFilter;
  where: readonly ShownColumnFilter[];
  sort?: ShownSort | null;
}

/** Whether the filters leave rows out (the problems filter, or a column's value filter). */
export function isFiltered({ filter, where }: ListedBy): boolean {
  return filter !== 'all' || where.length > 0;
}

/** Whether the rows are listed otherwise than every row of the file in its order: filtered, or sorted. */
export function isListedAsChosen(listing: ListedBy): boolean {
  return isFiltered(listing) || (listing.sort ?? null) !== null;
}

export type ReviewListing = ReturnType<typeof useReviewListing>;
