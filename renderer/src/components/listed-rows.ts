import { useEffect, useRef, useState } from 'react';
import type { ColumnFilter, RowFilter, RowSort, ValueFilter } from '../../../shared/contract-types';

/** A column's value filter as Review shows it: with its column's header. */
export interface ShownColumnFilter extends ColumnFilter {
  header: string;
}

/** A sort as Review shows it: with its column's header. */
export interface ShownSort extends RowSort {
  header: string;
}

/** What the service is asked: each column's filter without its header (which is only shown). */
export function asAsked(shown: readonly ShownColumnFilter[]): ValueFilter {
  return shown.map(({ column, values, without, holding }) => ({ column, values, ...(without ? { without } : {}), ...(holding ? { holding } : {}) }));
}

/** What the service is asked of a sort: without its header. */
export function sortAsked(shown: ShownSort | null): RowSort | null {
  return shown && { column: shown.column, descending: shown.descending, version: shown.version };
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
