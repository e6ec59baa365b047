import type { ColumnFilter, RowSort, ValueFilter } from '../../../shared/contract-types';

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
