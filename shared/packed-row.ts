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
  /**
   * Where the row stands in a string `#text`: a text file's line is kept where it was read,
   * in the piece of the file it came in (see `ofLine`), not as a string of its own.
   */
  #start = 0;
  #end = 0;
  /**
   * How many cells a string `#text` holds (`#width` may be more: see `widenTo`). The last
   * is not looked for a separator after: in a piece of a file, the next one is on a line
   * further on, or nowhere.
   */
  #count = 0;
  #width: number;
  /** What the cells of a string `#text` are joined with: U+0000, or a text file's delimiter (see `ofLine`). */
  #separator = SEPARATOR;

  /** One accessor pair for every row, so all rows share one shape (V8 keeps them fast). */
  static readonly #cellsProperty: PropertyDescriptor = {
    enumerable: true,
    get(this: PackedRow): string[] {
      const text = this.#text;
      const cells = typeof text === 'string' ? this.#lineText(text).split(this.#separator) : [...text];
      while (cells.length < this.#width) cells.push('');
      return cells;
    },
    set(this: PackedRow, cells: readonly string[]) {
      this.#setText(pack(cells), cells.length);
      this.#separator = SEPARATOR;
      this.#width = cells.length;
    },
  };

  constructor(row: number, cells: readonly string[], line?: number) {
    this.row = row;
    if (line !== undefined) this.line = line;
    // A line (see `ofLine`) sets its own text: nothing to pack.
    this.#text = '';
    if (cells !== ONE_EMPTY_CELL) this.#setText(pack(cells), cells.length);
    this.#width = cells.length;
    Object.defineProperty(this, 'cells', PackedRow.#cellsProperty);
  }

  /**
   * A text file's line with no quote in it, kept as written: its cells are the line
   * split at `delimiter`, `width` of them. No cell of it holds the delimiter, so the
   * line needs no packing.
   *
   * The line is `text.slice(start, end)` (all of `text` by default), kept where it stands:
   * `text` is the piece of the file the line was read in. A slice of its own would be one
   * more object for each of 100,000 rows, and every character read through it (each cell
   * is hashed and checked as the rows are mapped) takes the engine twice as long as one
   * read from the piece itself.
   */
  static ofLine(row: number, text: string, delimiter: string, width: number, line?: number, start = 0, end = text.length): PackedRow {
    const packed = new PackedRow(row, ONE_EMPTY_CELL, line);
    packed.#text = text;
    packed.#start = start;
    packed.#end = end;
    packed.#count = width;
    packed.#separator = delimiter;
    packed.#width = width;
    return packed;
  }

  #setText(text: string | readonly string[], count: number): void {
    this.#text = text;
    this.#start = 0;
    this.#end = text.length;
    this.#count = count;
  }

  /** The row's own text, of a string `#text`. */
  #lineText(text: string): string {
    return this.#start === 0 && this.#end === text.length ? text : text.slice(this.#start, this.#end);
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
   * Where the first `spans.length / 2` cells stand in the text the row is kept in, without
   * making a string of any: cell i is `text.slice(spans[2i], spans[2i + 1])` (an empty span
   * past the row's last cell). Gives that text (a text file's line is kept in the piece of
   * the file it was read in: see `ofLine`), or undefined for a row kept as an array (read
   * its `cells`).
   */
  spansInto(spans: Int32Array): string | undefined {
    const text = this.#text;
    if (typeof text !== 'string') return undefined;
    const separator = this.#separator;
    const count = spans.length >> 1;
    const last = this.#count - 1;
    let start = this.#start;
    let i = 0;
    for (; i < count; i++) {
      spans[2 * i] = start;
      if (i === last) {
        spans[2 * i + 1] = this.#end;
        i++;
        break;
      }
      const end = text.indexOf(separator, start);
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
    return typeof text !== 'string' || this.#lineText(text).toLowerCase().includes(lowered);
  }

  /** The cell at `index` ('' past the end) without splitting the whole row. */
  cellAt(index: number): string {
    const text = this.#text;
    if (typeof text !== 'string') return text[index] ?? '';
    if (index >= this.#count) return '';
    const separator = this.#separator;
    let start = this.#start;
    for (let i = 0; i < index; i++) start = text.indexOf(separator, start) + separator.length;
    return text.slice(start, index === this.#count - 1 ? this.#end : text.indexOf(separator, start));
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
