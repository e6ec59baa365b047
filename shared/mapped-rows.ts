/**
 * A Table seen through a mapping: each row's cells as target fields, cleaned into the
 * form OneFile is sent (ISO dates, lower-case email, role numbers), with the original
 * text and its column kept beside every value so a message can point at the cell.
 */

import type { DateOrderEvidence } from './dates';
import { FieldColumn, sourceText, wholeNameSources, type FieldSource } from './field-column';
import type { FieldKey } from './fields';
import type { Mapping } from './mapping';
import { readMappedValue, type ReadContext } from './mapped-value';
import { cellOf, PackedRow } from './packed-row';
import type { Table, TableRow } from './table';
import type { ValueProblem } from './validators';
import { nameOrderOfHeader, WHOLE_NAME_PARTS, wholeNamePart } from './whole-name';

export { joinParts, readMappedValue, type ReadContext } from './mapped-value';

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

/** A problem with one cell's value, found while the row was mapped. */
export interface CellProblem {
  field: FieldKey;
  problem: ValueProblem;
}

/** The header a value "for every row" stands under in messages: it has no column. */
export const EVERY_ROW_HEADER = '(every row)';

const NO_PROBLEMS: readonly CellProblem[] = Object.freeze([]);

/** The bits of a mapping pass's `present` some fields have (see `MappingPass.maskOf`). */
interface FieldMask {
  mask: number;
  every: boolean;
}

/** One mapping pass over one table: every row it maps shares it. */
class MappingPass {
  readonly columns: FieldColumn[];
  /** Each mapped field's place in `columns`. */
  readonly columnOf = new Map<FieldKey, number>();
  /** The rows the pass gave, in order. */
  rows: readonly MappedTableRow[] = [];
  /** What each date field's cells prove about the file's date order, noted while mapping. */
  readonly dateOrder = new Map<FieldKey, DateOrderEvidence>();

  /** `maskOf`'s answers, by the list of fields asked of. */
  readonly #masks = new Map<readonly FieldKey[], FieldMask | null>();

  /**
   * The bits of `present` the fields have (`every`: whether each field is the pass's),
   * or null when one is past the bits (ask field by field).
   */
  maskOf(fields: readonly FieldKey[]): FieldMask | null {
    let found = this.#masks.get(fields);
    if (found === undefined) {
      found = { mask: 0, every: true };
      for (const field of fields) {
        const i = this.columnOf.get(field);
        if (i === undefined) found.every = false;
        else if (i >= 31) {
          found = null;
          break;
        } else found.mask |= 1 << i;
      }
      this.#masks.set(fields, found);
    }
    return found;
  }

  constructor(
    readonly sources: readonly FieldSource[],
    /** The context the rows were read in. */
    readonly context: ReadContext,
    rowCount: number,
  ) {
    this.columns = sources.map((source) => new FieldColumn(source, context, rowCount));
    sources.forEach((source, i) => this.columnOf.set(source.field, i));
  }
}

/**
 * A row as `mapTable` gives it. Neither its `values` nor its `raw` cells are copied out
 * of the table row up front (for 100,000 rows that was two million small objects and
 * strings, most never looked at): the pass notes which fields have a value and the
 * problems found, and the rest is read from the table row the first time it is asked
 * for (one field at a time with `fieldValue`, or all of them with `values`). The
 * table's rows are not changed in place (an edit replaces the row), so the text is the
 * one the row was mapped from.
 */
class MappedTableRow implements MappedRow {
  readonly row: number;
  /** Bit i: the pass's field i has a value in this row. */
  present = 0;
  /** Problems found reading its cells, kept so validation need not read them again. */
  problems: readonly CellProblem[] = NO_PROBLEMS;
  readonly pass: MappingPass;
  readonly #index: number;
  readonly #source: TableRow;
  #raw: Partial<Record<FieldKey, RawCell>> | undefined;
  #values: Partial<Record<FieldKey, string>> | undefined;

  constructor(source: TableRow, pass: MappingPass, index: number) {
    this.row = source.row;
    this.#source = source;
    this.pass = pass;
    this.#index = index;
  }

  get values(): Partial<Record<FieldKey, string>> {
    if (!this.#values) {
      const values: Partial<Record<FieldKey, string>> = {};
      const cells = this.#source.cells;
      const cell = (index: number) => cells[index] ?? '';
      const { columns } = this.pass;
      for (let i = 0; i < columns.length; i++) {
        if (this.present & (1 << i)) values[columns[i].source.field] = columns[i].valueAt(this.#index, cell);
      }
      this.#values = values;
    }
    return this.#values;
  }

  set values(values: Partial<Record<FieldKey, string>>) {
    this.#values = values;
  }

  /** One field's value (as `values[field]`) without reading the row's others. */
  value(field: FieldKey): string | undefined {
    if (this.#values) return this.#values[field];
    const i = this.pass.columnOf.get(field);
    if (i === undefined || !(this.present & (1 << i))) return undefined;
    const column = this.pass.columns[i];
    return column.keptValue(this.#index) ?? column.valueAt(this.#index, (index) => cellOf(this.#source, index));
  }

  /**
   * Whether the row has a value for every one of the fields (`all`) or for any (not
   * `all`), from its bits where they still hold (no values set since); undefined where
   * they do not (ask `has` field by field).
   */
  hasBits(fields: readonly FieldKey[], all: boolean): boolean | undefined {
    const found = this.#values ? null : this.pass.maskOf(fields);
    if (found === null) return undefined;
    const { mask, every } = found;
    return all ? every && (this.present & mask) === mask : (this.present & mask) !== 0;
  }

  /** Whether the row has a value for the field (as `values[field] !== undefined`). */
  has(field: FieldKey): boolean {
    if (this.#values) return this.#values[field] !== undefined;
    const i = this.pass.columnOf.get(field);
    return i !== undefined && (this.present & (1 << i)) !== 0;
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
 * A row's value for one field (as `row.values[field]`), read alone: a pass over every
 * row asking for a few fields would otherwise build and keep every row's values.
 */
export function fieldValue(row: MappedRow, field: FieldKey): string | undefined {
  return row instanceof MappedTableRow ? row.value(field) : row.values[field];
}

/** Whether a row has a value for the field (as `row.values[field] !== undefined`), reading none. */
export function hasFieldValue(row: MappedRow, field: FieldKey): boolean {
  return row instanceof MappedTableRow ? row.has(field) : row.values[field] !== undefined;
}

/**
 * Whether a row has a value for every one of the fields (as `fields.every` of `hasFieldValue`).
 * `fields` is a list kept for good (as the required fields are): its bits are remembered by the list.
 */
export function hasAllFieldValues(row: MappedRow, fields: readonly FieldKey[]): boolean {
  return (row instanceof MappedTableRow ? row.hasBits(fields, true) : undefined) ?? fields.every((field) => hasFieldValue(row, field));
}

/** Whether a row has a value for any of the fields (as `fields.some` of `hasFieldValue`). */
export function hasAnyFieldValue(row: MappedRow, fields: readonly FieldKey[]): boolean {
  return (row instanceof MappedTableRow ? row.hasBits(fields, false) : undefined) ?? fields.some((field) => hasFieldValue(row, field));
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

/** Whether the row's value of a field is part of its whole name (read from the column its `FullName` is). */
export function isWholeNamePart(row: MappedRow, field: FieldKey): boolean {
  if (!WHOLE_NAME_PARTS.some((part) => part.field === field)) return false;
  const whole = rawCellOf(row, 'FullName');
  return whole !== undefined && whole.column !== '' && rawCellOf(row, field)?.column === whole.column;
}

/**
 * The first and last name a row's whole name gives when it is changed to `text` (an edit
 * in Review): each part's cell (the part's text, at the whole name's column) and value,
 * for the parts the row reads from its whole name.
 */
export function wholeNamePartsOf(row: MappedRow, text: string, context: ReadContext): Array<{ field: FieldKey; cell: RawCell; value: string }> {
  const whole = rawCellOf(row, 'FullName');
  if (!whole) return [];
  return WHOLE_NAME_PARTS.filter(({ field }) => isWholeNamePart(row, field)).map(({ field, part }) => {
    const partText = wholeNamePart(text, part, nameOrderOfHeader(whole.header));
    return { field, cell: { ...whole, value: partText }, value: readMappedValue(field, partText, context, whole.header).value };
  });
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
  return passOf(rows)?.dateOrder.get(field);
}

/**
 * Each row's `foldedHash` of its value of a field unique in the file, as noted while
 * these rows were mapped, when the rows are exactly those `mapTable` gave (none edited
 * since); undefined otherwise. A row without a value has 0: ask `hasFieldValue`.
 */
export function valueHashesWhenMapped(rows: readonly MappedRow[], field: FieldKey): Int32Array | undefined {
  const pass = passOf(rows);
  const at = pass?.columnOf.get(field);
  return at === undefined ? undefined : pass?.columns[at].hashes;
}

/** The pass that gave exactly these rows, in order, none edited since. */
function passOf(rows: readonly MappedRow[]): MappingPass | undefined {
  const first = rows[0];
  if (!(first instanceof MappedTableRow)) return undefined;
  const { pass } = first;
  const given = pass.rows;
  if (rows.length !== given.length) return undefined;
  for (let i = 0; i < rows.length; i++) if (rows[i] !== given[i]) return undefined;
  return pass;
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
 * the first of them. A column of whole names gives the first and last name too, where
 * no column of their own does (see ./whole-name). A field no column holds takes the
 * mapping's value for every row, if it has one (`Mapping.everyRow`).
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
  const sources: FieldSource[] = [...byField].flatMap(([field, indexes]) => {
    const source: FieldSource = { field, indexes, column: table.columns[indexes[0]], header: table.headers[indexes[0]] };
    return field === 'FullName' ? wholeNameSources(source, (part) => byField.has(part)) : [source];
  });
  for (const [field, text] of Object.entries(mapping.everyRow ?? {})) {
    if (byField.has(field as FieldKey) || field === 'FullName' || typeof text !== 'string' || text.trim() === '') continue;
    sources.push({ field: field as FieldKey, indexes: [], everyRow: text, column: '', header: EVERY_ROW_HEADER });
  }
  const pass = new MappingPass(sources, withValues, table.rows.length);
  const { columns } = pass;
  // Where each row's cells stand in its text, up to the last column mapped (see PackedRow.spansInto).
  const spans = new Int32Array(2 * (Math.max(-1, ...sources.flatMap((source) => source.indexes)) + 1));
  const rows = table.rows.map((tableRow, index) => {
    const row = new MappedTableRow(tableRow, pass, index);
    const line = tableRow instanceof PackedRow ? tableRow.spansInto(spans) : undefined;
    const cells = line === undefined ? tableRow.cells : undefined;
    let present = 0;
    let problems: CellProblem[] | undefined;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      const { at } = column;
      const reading =
        at < 0
          ? column.readCell(index, sourceText(column.source, (k) => (line === undefined ? (cells![k] ?? '') : line.slice(spans[2 * k], spans[2 * k + 1]))))
          : line === undefined
            ? column.readCell(index, cells![at] ?? '')
            : column.readSpan(index, line, spans[2 * at], spans[2 * at + 1]);
      // Null: a plain cell, with a value and no problem (see FieldColumn.readSpan).
      if (reading === null) {
        present |= 1 << i;
        continue;
      }
      if (reading.value !== '') present |= 1 << i;
      const found = reading.problems;
      if (found.length > 0) {
        problems ??= [];
        for (let k = 0; k < found.length; k++) problems.push({ field: column.source.field, problem: found[k] });
      }
    }
    row.present = present;
    if (problems) row.problems = problems;
    return row;
  });
  pass.rows = rows;
  for (const column of columns) {
    column.memo.forgetTexts();
    if (column.witness) pass.dateOrder.set(column.source.field, column.witness.evidence());
  }
  return rows;
}
