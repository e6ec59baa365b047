import { z } from 'zod';
import { MOST_FILTER_VALUES } from './value-filter';
import { MOST_SORT_LEVELS } from './contract-types';

/** The input schemas of the calls that list Review's rows (see ./contract): which rows, and in what order. */

/**
 * Review's rows narrowed by their cells' values (ValueFilter): a filter per column at most,
 * a row listed when it passes every one; null, empty or left out: every row the filter lists.
 */
export const valueFilter = z
  .array(
    z.strictObject({
      column: z.number().int().min(0),
      values: z.array(z.string().max(10_000)).max(MOST_FILTER_VALUES),
      without: z.boolean().optional(),
      holding: z.string().max(200).optional(),
    }),
  )
  .max(500)
  .refine((filters) => new Set(filters.map((filter) => filter.column)).size === filters.length, 'one filter a column')
  .nullable()
  .optional();

/** Review's rows in one column's order (RowSort); null or left out: the file's order. */
const rowSortLevel = z.strictObject({ column: z.number().int().min(0), descending: z.boolean(), version: z.number().int().min(0) });
export const rowSort = rowSortLevel
  .extend({ earlier: z.array(rowSortLevel).max(MOST_SORT_LEVELS - 1).optional() })
  .nullable()
  .optional();

/** The rows Review's grid lists, and in what order: the filter, the value filter and the sort. */
export const listing = { filter: z.enum(['all', 'errors', 'warnings', 'unresolved', 'valid']).default('all'), where: valueFilter, sort: rowSort };
