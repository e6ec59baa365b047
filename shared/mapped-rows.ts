/**
 * A Table seen through a mapping: each row's cells as target fields, cleaned into the
 * form OneFile is sent (ISO dates, lower-case email, role numbers), with the original
 * text and its column kept beside every value so a message can point at the cell.
 */

import type { FieldKey } from './fields';
import { fieldDefinition } from './fields';
import type { Mapping, ValueMaps } from './mapping';
import { LIST_JOINER, splitList } from './normalise';
import { mapValue } from './profile';
import type { Table } from './table';
import { readFieldValue, type ReadOptions, type ValueReading } from './validators';

export interface RawCell {
  /** The cell's text exactly as read from the file. */
  value: string;
  /** Column letter as Excel shows it ('C'), or '' for a value that has no column. */
  column: string;
  header: string;
}

export interface MappedRow {
  /** The row's number as Excel shows it. */
  row: number;
  /** Cleaned values of the non-empty mapped cells, after the value maps. */
  values: Partial<Record<FieldKey, string>>;
  /** Every mapped field's original cell, empty ones included. */
  raw: Partial<Record<FieldKey, RawCell>>;
}

/** What reading a value depends on: the day it is read, the date order, the value maps. */
export interface ReadContext extends ReadOptions {
  valueMaps?: ValueMaps;
}

/**
 * One field's cell read in context: the value map first (item by item for lists, so
 * "Bus Admin; Retail" maps each standard), then the field's own reading.
 */
export function readMappedValue(field: FieldKey, text: string, context: ReadContext): ValueReading {
  let mapped = text;
  if (context.valueMaps?.[field]) {
    mapped = fieldDefinition(field).type === 'reference-list'
      ? splitList(text).map((item) => mapValue(context.valueMaps, field, item)).join(LIST_JOINER)
      : mapValue(context.valueMaps, field, text);
  }
  return readFieldValue(field, mapped, context);
}

/** Applies a mapping to every row of a table. Unmapped columns are left out. */
export function mapTable(table: Table, mapping: Mapping, context: ReadContext): MappedRow[] {
  const withValues: ReadContext = { ...context, valueMaps: context.valueMaps ?? mapping.values };
  const mapped = mapping.columns.filter(
    (column): column is typeof column & { field: FieldKey } => column.field !== null && column.index < table.headers.length,
  );
  return table.rows.map((tableRow) => {
    const row: MappedRow = { row: tableRow.row, values: {}, raw: {} };
    for (const column of mapped) {
      const text = tableRow.cells[column.index] ?? '';
      row.raw[column.field] = { value: text, column: table.columns[column.index], header: table.headers[column.index] };
      const { value } = readMappedValue(column.field, text, withValues);
      if (value !== '') row.values[column.field] = value;
    }
    return row;
  });
}
