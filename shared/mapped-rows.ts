/**
 * A Table seen through a mapping: each row's cells as target fields, cleaned into the
 * form OneFile is sent (ISO dates, lower-case email, role numbers), with the original
 * text and its column kept beside every value so a message can point at the cell.
 */

import type { FieldKey } from './fields';
import { fieldDefinition } from './fields';
import { readIlrCodes } from './ilr';
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
 * One item through the value maps: as the file writes it, else (a StdCode column's
 * number) as the importer reads it, "StdCode 6": a choice saved either way is found.
 */
function mapItem(field: FieldKey, item: string, header: string | undefined, valueMaps: ValueMaps | undefined): string {
  const direct = valueMaps?.[field] ? mapValue(valueMaps, field, item) : item;
  if (direct !== item) return direct;
  const read = readIlrCodes(field, header, item);
  return valueMaps?.[field] ? mapValue(valueMaps, field, read) : read;
}

/**
 * One field's cell read in context: the value map first (item by item for lists, so
 * "Bus Admin; Retail" maps each standard), then the field's own reading. `header` is
 * the column's: an ILR StdCode column's numbers are standard codes (see ./ilr).
 */
export function readMappedValue(field: FieldKey, text: string, context: ReadContext, header?: string): ValueReading {
  let mapped = text;
  if (fieldDefinition(field).type === 'reference-list') {
    if (context.valueMaps?.[field] || readIlrCodes(field, header, text) !== text) {
      mapped = splitList(text).map((item) => mapItem(field, item, header, context.valueMaps)).join(LIST_JOINER);
    }
  } else if (context.valueMaps?.[field]) {
    mapped = mapValue(context.valueMaps, field, text);
  }
  return readFieldValue(field, mapped, context);
}

/** The cells of several columns that make one value (an address's lines and postcode), as that value. */
export function joinParts(cells: readonly string[]): string {
  return cells.map((cell) => cell.trim()).filter((part) => part !== '').join(', ');
}

/** The header a value "for every row" stands under in messages: it has no column. */
export const EVERY_ROW_HEADER = '(every row)';

/**
 * Applies a mapping to every row of a table. Unmapped columns are left out. Several
 * columns mapped to one field are the parts of one value (an address's lines and
 * postcode): their non-empty cells are joined in column order, and the value points at
 * the first of them. A field no column holds takes the mapping's value for every row,
 * if it has one (`Mapping.everyRow`).
 */
export function mapTable(table: Table, mapping: Mapping, context: ReadContext): MappedRow[] {
  const withValues: ReadContext = { ...context, valueMaps: context.valueMaps ?? mapping.values };
  const byField = new Map<FieldKey, number[]>();
  for (const column of mapping.columns) {
    if (column.field === null || column.index >= table.headers.length) continue;
    byField.set(column.field, [...(byField.get(column.field) ?? []), column.index]);
  }
  const everyRow = Object.entries(mapping.everyRow ?? {}).filter(
    (entry): entry is [FieldKey, string] => !byField.has(entry[0] as FieldKey) && typeof entry[1] === 'string' && entry[1].trim() !== '',
  );
  return table.rows.map((tableRow) => {
    const row: MappedRow = { row: tableRow.row, values: {}, raw: {} };
    for (const [field, indexes] of byField) {
      const text = indexes.length === 1 ? (tableRow.cells[indexes[0]] ?? '') : joinParts(indexes.map((index) => tableRow.cells[index] ?? ''));
      const header = table.headers[indexes[0]];
      row.raw[field] = { value: text, column: table.columns[indexes[0]], header };
      const { value } = readMappedValue(field, text, withValues, header);
      if (value !== '') row.values[field] = value;
    }
    for (const [field, text] of everyRow) {
      row.raw[field] = { value: text, column: '', header: EVERY_ROW_HEADER };
      const { value } = readMappedValue(field, text, withValues);
      if (value !== '') row.values[field] = value;
    }
    return row;
  });
}
