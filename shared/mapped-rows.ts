/**
 * A Table seen through a mapping: each row's cells as target fields, cleaned into the
 * form OneFile is sent (ISO dates, lower-case email, role numbers), with the original
 * text and its column kept beside every value so a message can point at the cell.
 */

import { dateOrderShownBy, DateOrderWitness, type DateOrderEvidence, type DateOrderShown } from './dates';
import type { FieldKey } from './fields';
import { fieldDefinition } from './fields';
import { readIlrCodes } from './ilr';
import type { Mapping, ValueMaps } from './mapping';
import { LIST_JOINER, splitList } from './normalise';
import { cellOf } from './packed-row';
import { mapValue } from './profile';
import { ReadingMemo } from './reading-memo';
import type { Table, TableRow } from './table';
import { readFieldValue, type ReadOptions, type ValueProblem, type ValueReading } from './validators';

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

/** A problem with one cell's value, found while the row was mapped. */
export interface CellProblem {
  field: FieldKey;
  problem: ValueProblem;
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

/** Where one mapped field's value comes from: one or more columns, or one value for every row. */
interface FieldSource {
  field: FieldKey;
  /** The columns (indexes into the table's headers); [] for a value for every row. */
  indexes: number[];
  /** The value for every row, when `indexes` is []. */
  everyRow?: string;
  column: string;
  header: string;
}

/** One mapping pass over one table: every row it maps shares it. */
interface MappingPass {
  sources: FieldSource[];
  /** The context the rows were read in. */
  context: ReadContext;
  /** The rows the pass gave, in order. */
  rows: readonly MappedRow[];
  /** What each date field's cells prove about the file's date order, noted while mapping. */
  dateOrder: Map<FieldKey, DateOrderEvidence>;
}

const NO_PROBLEMS: readonly CellProblem[] = Object.freeze([]);

/** The field's text in a row: `cell` gives the row's cells by column index. */
function sourceText(source: FieldSource, cell: (index: number) => string): string {
  const { indexes } = source;
  if (indexes.length === 0) return source.everyRow ?? '';
  if (indexes.length === 1) return cell(indexes[0]);
  return joinParts(indexes.map(cell));
}

/**
 * A row as `mapTable` gives it. Its `raw` cells are not copied out of the table row
 * up front (for 100,000 rows that was two million small objects, most never looked
 * at): they are read from the table row the first time a message or a report asks.
 * The table's rows are not changed in place (an edit replaces the row), so the text
 * is the one the row was mapped from.
 */
class MappedTableRow implements MappedRow {
  readonly row: number;
  values: Partial<Record<FieldKey, string>> = {};
  /** Problems found reading its cells, kept so validation need not read them again. */
  problems: readonly CellProblem[] = NO_PROBLEMS;
  readonly pass: MappingPass;
  #source: TableRow;
  #raw: Partial<Record<FieldKey, RawCell>> | undefined;

  constructor(source: TableRow, pass: MappingPass) {
    this.row = source.row;
    this.#source = source;
    this.pass = pass;
  }

  get raw(): Partial<Record<FieldKey, RawCell>> {
    if (!this.#raw) {
      const raw: Partial<Record<FieldKey, RawCell>> = {};
      const cells = this.#source.cells;
      for (const source of this.pass.sources) raw[source.field] = { value: sourceText(source, (index) => cells[index] ?? ''), column: source.column, header: source.header };
      this.#raw = raw;
    }
    return this.#raw;
  }

  set raw(raw: Partial<Record<FieldKey, RawCell>>) {
    this.#raw = raw;
  }

  /** Several fields' texts (undefined where not mapped), splitting the table row once. */
  texts(fields: readonly FieldKey[]): (string | undefined)[] {
    if (this.#raw) return fields.map((field) => this.#raw?.[field]?.value);
    const cells = this.#source.cells;
    return fields.map((field) => {
      const source = this.pass.sources.find((s) => s.field === field);
      return source && sourceText(source, (index) => cells[index] ?? '');
    });
  }

  /** One field's cell, read from the table row without keeping the others. */
  cell(field: FieldKey): RawCell | undefined {
    if (this.#raw) return this.#raw[field];
    const source = this.pass.sources.find((s) => s.field === field);
    return source && { value: sourceText(source, (index) => cellOf(this.#source, index)), column: source.column, header: source.header };
  }
}

/**
 * Several fields' texts as in the file (as `row.raw[field]?.value`), for a pass over
 * every row: `row.raw` would keep every cell of every row it is asked of.
 */
export function rawTextsOf(row: MappedRow, fields: readonly FieldKey[]): (string | undefined)[] {
  return row instanceof MappedTableRow ? row.texts(fields) : fields.map((field) => row.raw[field]?.value);
}

/** A row's cell for one field (as `row.raw[field]`), read alone where that is cheaper. */
export function rawCellOf(row: MappedRow, field: FieldKey): RawCell | undefined {
  return row instanceof MappedTableRow ? row.cell(field) : row.raw[field];
}

/**
 * The problems found reading the row's cells when it was mapped, if it was mapped by
 * `mapTable` in a context that reads cells as `context` does; otherwise undefined (the
 * caller reads them itself).
 */
export function problemsFoundWhenMapped(row: MappedRow, context: ReadContext): readonly CellProblem[] | undefined {
  if (!(row instanceof MappedTableRow)) return undefined;
  const read = row.pass.context;
  const same =
    read.today === context.today &&
    read.dateOrder === context.dateOrder &&
    Boolean(read.titleCaseNames) === Boolean(context.titleCaseNames) &&
    read.valueMaps === context.valueMaps;
  return same ? row.problems : undefined;
}

/** The fields a row maps (a column or a value for every row), without reading its cells. */
export function mappedFields(row: MappedRow): FieldKey[] {
  return row instanceof MappedTableRow ? row.pass.sources.map((source) => source.field) : (Object.keys(row.raw) as FieldKey[]);
}

/**
 * What a date field's cells prove about their order (see `detectDateOrder`), as noted
 * while these rows were mapped, when the rows are exactly those `mapTable` gave (none
 * edited since); otherwise undefined, and the caller looks at the cells itself.
 */
export function dateOrderWhenMapped(rows: readonly MappedRow[], field: FieldKey): DateOrderEvidence | undefined {
  const first = rows[0];
  if (!(first instanceof MappedTableRow)) return undefined;
  const { pass } = first;
  if (rows.length !== pass.rows.length || rows.some((row, i) => row !== pass.rows[i])) return undefined;
  return pass.dateOrder.get(field);
}

/** Every field any of the rows maps (rows mapped in one pass are asked once). */
export function fieldsMappedIn(rows: readonly MappedRow[]): Set<FieldKey> {
  const fields = new Set<FieldKey>();
  const passes = new Set<MappingPass>();
  for (const row of rows) {
    if (row instanceof MappedTableRow) {
      if (passes.has(row.pass)) continue;
      passes.add(row.pass);
    }
    for (const field of mappedFields(row)) fields.add(field);
  }
  return fields;
}

/**
 * Applies a mapping to every row of a table. Unmapped columns are left out. Several
 * columns mapped to one field are the parts of one value (an address's lines and
 * postcode): their non-empty cells are joined in column order, and the value points at
 * the first of them. A field no column holds takes the mapping's value for every row,
 * if it has one (`Mapping.everyRow`).
 *
 * Each distinct text of a field is read once (see ./reading-memo), and the problems
 * found reading a cell stay with its row for validation.
 */
export function mapTable(table: Table, mapping: Mapping, context: ReadContext): MappedRow[] {
  const withValues: ReadContext = { ...context, valueMaps: context.valueMaps ?? mapping.values };
  const byField = new Map<FieldKey, number[]>();
  for (const column of mapping.columns) {
    if (column.field === null || column.index >= table.headers.length) continue;
    byField.set(column.field, [...(byField.get(column.field) ?? []), column.index]);
  }
  const sources: FieldSource[] = [...byField].map(([field, indexes]) => ({
    field,
    indexes,
    column: table.columns[indexes[0]],
    header: table.headers[indexes[0]],
  }));
  for (const [field, text] of Object.entries(mapping.everyRow ?? {})) {
    if (byField.has(field as FieldKey) || typeof text !== 'string' || text.trim() === '') continue;
    sources.push({ field: field as FieldKey, indexes: [], everyRow: text, column: '', header: EVERY_ROW_HEADER });
  }
  const rows: MappedRow[] = [];
  const pass: MappingPass = { sources, context: withValues, rows, dateOrder: new Map() };
  const readers = sources.map((source) => fieldReader(source, withValues));
  for (const tableRow of table.rows) {
    const row = new MappedTableRow(tableRow, pass);
    const cells = tableRow.cells;
    let problems: CellProblem[] | undefined;
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i];
      const { indexes } = source;
      const text = indexes.length === 1 ? (cells[indexes[0]] ?? '') : sourceText(source, (index) => cells[index] ?? '');
      const { reading, dateOrder } = readers[i].read(text);
      if (reading.value !== '') row.values[source.field] = reading.value;
      for (const problem of reading.problems) (problems ??= []).push({ field: source.field, problem });
      if (dateOrder) readers[i].witness?.noteVerdict(rows.length, dateOrder);
    }
    if (problems) row.problems = problems;
    rows.push(row);
  }
  readers.forEach((reader, i) => reader.witness && pass.dateOrder.set(sources[i].field, reader.witness.evidence()));
  return rows;
}

/** A cell read for one field, with what it proves about the file's date order (date fields only). */
interface FieldReading {
  reading: ValueReading;
  dateOrder?: DateOrderShown;
}

/** How one field's cells are read in one pass: each distinct text once (see ./reading-memo). */
function fieldReader(source: FieldSource, context: ReadContext) {
  const header = source.indexes.length > 0 ? source.header : undefined;
  const isDate = fieldDefinition(source.field).type === 'date';
  const readText = (text: string): FieldReading => {
    const reading = readMappedValue(source.field, text, context, header);
    return isDate ? { reading, dateOrder: dateOrderShownBy(text) } : { reading };
  };
  const memo = new ReadingMemo<FieldReading>();
  return {
    witness: isDate ? new DateOrderWitness() : undefined,
    read: (text: string) => memo.read(text, readText),
  };
}
