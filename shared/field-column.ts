/**
 * One mapped field's cells in one mapping pass (see ./mapped-rows): where its text comes
 * from, and the column of readings, codes and hashes the pass keeps for it.
 */

import { dateOrderShownBy, DateOrderWitness, type DateOrderShown } from './dates';
import { duplicateKey, plainDuplicateKeyHash } from './duplicate-index';
import { fieldDefinition, UNIQUE_FIELDS, type FieldKey } from './fields';
import { joinParts, mappedValueReader, plainCellCheck, type ReadContext } from './mapped-value';
import { NOT_KEPT, ReadingMemo } from './reading-memo';
import { foldedHash } from './text-hash';
import type { ValueProblem, ValueReading } from './validators';
import { nameOrderOfHeader, WHOLE_NAME_PARTS, wholeNamePart, type NameOrder, type NamePart } from './whole-name';

/**
 * The sources of a column of whole names (`FullName`): the whole name itself (its reading
 * says where the split is a guess) and the first and last name read from it, each unless
 * another column gives that field (`given`). None when both are given.
 */
export function wholeNameSources(source: FieldSource, given: (field: FieldKey) => boolean): FieldSource[] {
  const parts = WHOLE_NAME_PARTS.filter(({ field }) => !given(field));
  if (parts.length === 0) return [];
  const nameOrder = nameOrderOfHeader(source.header);
  return [source, ...parts.map(({ field, part }) => ({ ...source, field, indexes: source.indexes.slice(0, 1), namePart: part, nameOrder }))];
}

/** Where one mapped field's value comes from: one or more columns, or one value for every row. */
export interface FieldSource {
  field: FieldKey;
  /** The columns (indexes into the table's headers); [] for a value for every row. */
  indexes: number[];
  /** The first or last name, read from a column of whole names (see ./whole-name), written in the order its header names, if it does. */
  namePart?: NamePart;
  nameOrder?: NameOrder;
  /** The value for every row, when `indexes` is []. */
  everyRow?: string;
  column: string;
  header: string;
}

/** The field's text in a row: `cell` gives the row's cells by column index. */
export function sourceText(source: FieldSource, cell: (index: number) => string): string {
  const { indexes } = source;
  if (indexes.length === 0) return source.everyRow ?? '';
  if (source.namePart) return wholeNamePart(cell(indexes[0]), source.namePart, source.nameOrder);
  if (indexes.length === 1) return cell(indexes[0]);
  return joinParts(indexes.map(cell));
}

/** A cell read for one field, with what it proves about the file's date order (date fields only), as a memo keeps it. */
interface FieldReading {
  reading: ValueReading;
  dateOrder?: DateOrderShown;
}

/** A reading as a memo keeps it: its own copy (see ReadingMemo), no problems shared. */
function keptCopy({ reading, dateOrder }: FieldReading): FieldReading {
  const problems = reading.problems.length === 0 ? NO_VALUE_PROBLEMS : [...reading.problems];
  return dateOrder === undefined ? { reading: { value: reading.value, problems } } : { reading: { value: reading.value, problems }, dateOrder };
}

const NO_VALUE_PROBLEMS = Object.freeze([]) as unknown as ValueProblem[];

/**
 * One field's cells in one mapping pass: read through a memo (each distinct text once,
 * see ./reading-memo), each row keeping only its reading's code. A value asked for
 * later is found from the code, or read again from the row's cell where the memo kept
 * none (a column that does not repeat).
 */
export class FieldColumn {
  readonly memo = new ReadingMemo<FieldReading>(keptCopy);
  /** Each row's reading code, by row index; dropped when the memo gives up. */
  codes: Uint16Array | undefined;
  /** The field's reading of one text (see `mappedValueReader`). */
  readonly readValue: (text: string) => ValueReading;
  /** `readValue` with what the text proves of the date order, as the memo keeps it. */
  readonly read: (text: string) => FieldReading;
  /** Date fields: what their cells prove about the file's date order. */
  readonly witness: DateOrderWitness | undefined;
  /**
   * Fields unique in the file (MIS ID, ULN, NI number, email): the `foldedHash` of each row's
   * value as the duplicate check keys it (`duplicateKey`), so validation finds values on two
   * rows without reading every cell again.
   */
  readonly hashes: Int32Array | undefined;

  constructor(
    readonly source: FieldSource,
    context: ReadContext,
    rowCount: number,
  ) {
    const readValue = mappedValueReader(source.field, context, source.indexes.length > 0 ? source.header : undefined);
    this.readValue = readValue;
    this.codes = new Uint16Array(rowCount);
    this.witness = fieldDefinition(source.field).type === 'date' ? new DateOrderWitness() : undefined;
    this.read = this.witness ? (text) => ({ reading: readValue(text), dateOrder: dateOrderShownBy(text) }) : (text) => ({ reading: readValue(text) });
    this.hashes = UNIQUE_FIELDS.includes(source.field) ? new Int32Array(rowCount) : undefined;
    this.at = source.indexes.length === 1 && !source.namePart ? source.indexes[0] : -1;
    this.isPlainAt = this.at >= 0 ? plainCellCheck(source.field, context) : undefined;
  }

  /** Whether a cell where it stands is in the field's plain form (see ./plain-cells), for fields that have one. */
  private readonly isPlainAt: ((text: string, start: number, end: number) => boolean) | undefined;

  /** The one column that is the field's text, or -1 (several columns, part of a whole name, or a value for every row). */
  readonly at: number;

  /** Reads the cell of the row at `index`, noting its code, its hash and what it says of the date order. */
  readCell(index: number, text: string): ValueReading {
    if (this.memo.givenUp) return this.readAlone(index, text);
    const { reading, dateOrder } = this.memo.read(text, this.read);
    return this.note(index, reading, dateOrder);
  }

  /**
   * `readCell` of the cell `line.slice(start, end)`, made a string only if the memo has
   * not met its text. Null for a cell of a column that does not repeat in its plain form:
   * it has a value and no problem, and nothing is made of it (its value is read again
   * when asked for, as every value of such a column is).
   */
  readSpan(index: number, line: string, start: number, end: number): ValueReading | null {
    // Checked before the memo is asked, on trial too: the memo of a column of plain cells would keep
    // a string and a reading for each of its first cells only to find that they do not repeat.
    if (this.isPlainAt?.(line, start, end)) {
      this.codes = undefined;
      if (this.hashes !== undefined) this.hashes[index] = plainDuplicateKeyHash(this.source.field, line, start, end);
      return null;
    }
    if (this.memo.givenUp) return this.readAlone(index, line.slice(start, end));
    const { reading, dateOrder } = this.memo.readSpan(line, start, end, this.read);
    return this.note(index, reading, dateOrder);
  }

  /** A cell of a column whose memo gave up (its texts do not repeat): read as it is, with no reading made to be kept. */
  private readAlone(index: number, text: string): ValueReading {
    this.codes = undefined;
    return this.note(index, this.readValue(text), this.witness === undefined ? undefined : dateOrderShownBy(text));
  }

  private note(index: number, reading: ValueReading, dateOrder: DateOrderShown | undefined): ValueReading {
    const { memo, codes, hashes, witness } = this;
    if (codes !== undefined) {
      if (memo.givenUp) this.codes = undefined;
      else codes[index] = memo.lastCode;
    }
    if (hashes !== undefined && reading.value !== '') hashes[index] = foldedHash(duplicateKey(this.source.field, reading.value));
    if (witness !== undefined && dateOrder !== undefined) witness.noteVerdict(index, dateOrder);
    return reading;
  }

  /** The value of the row at `index` ('' for none), `cell` giving the row's cells by column index. */
  valueAt(index: number, cell: (column: number) => string): string {
    return this.keptValue(index) ?? this.readValue(sourceText(this.source, cell)).value;
  }

  /** The value of the row at `index` where the memo kept its reading; undefined where it did not (see `valueAt`). */
  keptValue(index: number): string | undefined {
    const code = this.codes ? this.codes[index] : NOT_KEPT;
    return code === NOT_KEPT ? undefined : this.memo.readings[code].reading.value;
  }
}
