/**
 * Whether a column's values are of the kind its field holds: the check that catches a
 * column mapped to the wrong field (phone numbers under ULN, a reference under Date of
 * birth) from its values, where the header alone looked right. Map shows it beside each
 * column's confidence; `check` prints it beside the column.
 */

import { fieldDefinition, type FieldKey } from './fields';
import type { Table } from './table';
import { readFieldValue, type ReadOptions } from './validators';

/** How many distinct values from the top of a column are judged. */
export const FIT_SAMPLE = 20;
/** At least this share of the values read as the field: the mapping is right and any others are mistakes in the data. */
const MOSTLY_FITS = 0.8;

export interface ValueFit {
  /** The share of the values looked at that are of the field's kind, 0..1. */
  fit: number;
  looked: number;
}

/**
 * Up to `limit` distinct non-empty values from the top of every column, found in one
 * pass over the rows: a column of a few values (gender, funding) is looked at to the end
 * of the file.
 */
export function columnSamples(table: Table, limit: number): string[][] {
  const width = table.headers.length;
  const samples: string[][] = Array.from({ length: width }, () => []);
  let open = width;
  for (const row of table.rows) {
    if (open === 0) break;
    const cells = row.cells;
    for (let column = 0; column < width; column++) {
      const found = samples[column];
      if (found.length >= limit) continue;
      const value = (cells[column] ?? '').trim();
      if (!value || found.includes(value)) continue;
      found.push(value);
      if (found.length === limit) open--;
    }
  }
  return samples;
}

/**
 * How well values fit a field: the share of them of that field's kind (a ULN column
 * mapped to Date of birth fits 0 %). A value of the kind with a mistake in it (a ULN
 * failing its check digit, 31/02/2005) fits: the cell is wrong, not the mapping, and the
 * rows' problems say so. Names, free text and references fit anything, so they are not
 * judged (null), nor is a column with no values.
 */
export function valueFit(field: FieldKey, values: readonly string[], context: ReadOptions): ValueFit | null {
  const type = fieldDefinition(field).type;
  if (type === 'text' || type === 'name' || type === 'reference' || type === 'reference-list' || type === 'address') return null;
  if (values.length === 0) return null;
  const fitting = values.filter((value) => !readFieldValue(field, value, context).problems.some((p) => p.severity === 'error' && !p.ofFieldKind)).length;
  return { fit: fitting / values.length, looked: values.length };
}

/** What to say of a column whose values mostly are not of its field's kind; null when they are (or were not judged). */
export function misfitNote(field: FieldKey, judged: ValueFit | null): string | null {
  if (!judged || judged.fit >= MOSTLY_FITS) return null;
  const fitting = Math.round(judged.fit * judged.looked);
  return `Only ${fitting} of the first ${judged.looked} values read as ${fieldDefinition(field).label}: check that this is the right field.`;
}
