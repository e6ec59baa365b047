import type { TableRow } from './table';

/**
 * A table row kept as one string rather than one string per cell. A centre's file of
 * 100,000 learners x 20 columns is two million cells: as separate strings (each with
 * its own header, in an array per row) they took about 140 MB, seven times the file's
 * own text; joined per row they take little more than the text. Every reader of a
 * Table still sees `cells` as an array of strings (an own, enumerable property, so
 * copies, JSON and test comparisons see it too), built afresh on each read.
 *
 * Cells are joined with U+0000, which no spreadsheet cell holds in practice; a row
 * that does hold one is kept as an array instead, so nothing is ever mistaken.
 *
 * Change a cell by assigning the whole array (`row.cells = [...]`): writing into the
 * array `cells` returned changes only that copy.
 */
export class PackedRow implements TableRow {
  readonly row: number;
  declare line?: number;
  declare cells: string[];
  #text: string | readonly string[];
  #width: number;
  /** What the cells of a string `#text` are joined with: U+0000, or a text file's delimiter (see `ofLine`). */
  #separator = SEPARATOR;

  /** One accessor pair for every row, so all rows share one shape (V8 keeps them fast). */
  static readonly #cellsProperty: PropertyDescriptor = {
    enumerable: true,
    get(this: PackedRow): string[] {
      const text = this.#text;
      const cells = typeof text === 'string' ? text.split(this.#separator) : [...text];
      while (cells.length < this.#width) cells.push('');
      return cells;
    },
    set(this: PackedRow, cells: readonly string[]) {
      this.#text = pack(cells);
      this.#separator = SEPARATOR;
      this.#width = cells.length;
    },
  };

  constructor(row: number, cells: readonly string[], line?: number) {
    this.row = row;
    if (line !== undefined) this.line = line;
    // A line (see `ofLine`) sets its own text: nothing to pack.
    this.#text = cells === ONE_EMPTY_CELL ? '' : pack(cells);
    this.#width = cells.length;
    Object.defineProperty(this, 'cells', PackedRow.#cellsProperty);
  }

  /**
   * A text file's line with no quote in it, kept as written: its cells are the line
   * split at `delimiter`, `width` of them. No cell of it holds the delimiter, so the
   * line needs no packing.
   */
  static ofLine(row: number, text: string, delimiter: string, width: number, line?: number): PackedRow {
    const packed = new PackedRow(row, ONE_EMPTY_CELL, line);
    packed.#text = text;
    packed.#separator = delimiter;
    packed.#width = width;
    return packed;
  }

  /** How many cells the row has. */
  get width(): number {
    return this.#width;
  }

  /**
   * Gives the row empty cells up to `width` (a spreadsheet row stored without its empty
   * last cells, under a wider header), without packing it again.
   */
  widenTo(width: number): void {
    if (width > this.#width) this.#width = width;
  }

  /**
   * Where the first `spans.length / 2` cells stand in the row's text, without making a
   * string of any: cell i is `text.slice(spans[2i], spans[2i + 1])` (an empty span past
   * the row's last cell). Gives the text, or undefined for a row kept as an array (read
   * its `cells`).
   */
  spansInto(spans: Int32Array): string | undefined {
    const text = this.#text;
    if (typeof text !== 'string') return undefined;
    const separator = this.#separator;
    const count = spans.length >> 1;
    let start = 0;
    let i = 0;
    for (; i < count; i++) {
      const end = text.indexOf(separator, start);
      spans[2 * i] = start;
      if (end < 0) {
        spans[2 * i + 1] = text.length;
        i++;
        break;
      }
      spans[2 * i + 1] = end;
      start = end + separator.length;
    }
    for (; i < count; i++) spans[2 * i] = spans[2 * i + 1] = 0;
    return text;
  }

  /**
   * Whether a cell may hold `lowered` (a text in lower case): false only when the row's
   * text as a whole does not, so a search splits only the rows that may hold it.
   */
  mayHold(lowered: string): boolean {
    const text = this.#text;
    return typeof text !== 'string' || text.toLowerCase().includes(lowered);
  }

  /** The cell at `index` ('' past the end) without splitting the whole row. */
  cellAt(index: number): string {
    const text = this.#text;
    if (typeof text !== 'string') return text[index] ?? '';
    const separator = this.#separator;
    let start = 0;
    for (let i = 0; i < index; i++) {
      const next = text.indexOf(separator, start);
      if (next < 0) return '';
      start = next + separator.length;
    }
    const end = text.indexOf(separator, start);
    return end < 0 ? text.slice(start) : text.slice(start, end);
  }
}

const SEPARATOR = '\u0000';
const ONE_EMPTY_CELL: readonly string[] = [''];

function pack(cells: readonly string[]): string | readonly string[] {
  // [] would come back as [''], and a cell holding the separator would split in two.
  if (cells.length === 0 || cells.some((cell) => cell.includes(SEPARATOR))) return [...cells];
  return cells.join(SEPARATOR);
}

/** One cell of any table row ('' past the end), the cheap way for a packed row. */
export function cellOf(row: TableRow, index: number): string {
  return row instanceof PackedRow ? row.cellAt(index) : (row.cells[index] ?? '');
}
