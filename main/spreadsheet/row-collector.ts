import { PackedRow } from '../../shared/packed-row';
import { detectionWindow } from './header-detection';
import { isBlank } from './text-rules';
import type { CellKind } from './types';

/** Excel's own limit for one cell: longer text never came from a spreadsheet a person keeps. */
export const MAX_CELL_CHARACTERS = 32_767;

/** A cell longer than MAX_CELL_CHARACTERS: refused once the header row says whether it is data. */
export interface OverlongCell {
  row: number;
  /** The cell's column, 0 for A. */
  index: number;
  length: number;
}

/** What a format reader hands to table building (see ./build-table). */
export interface CollectedRows {
  /** Every row with content, in order, packed into one string each. */
  readonly rows: readonly PackedRow[];
  /** Workbooks: what the first rows' cells held, parallel to `rows` (text files infer it). */
  readonly kinds: readonly (CellKind[] | undefined)[];
  /**
   * Per column (0 for A): some row past the header detection window has a non-blank cell
   * there. Those rows are data whatever the header turns out to be.
   */
  readonly columnsWithData: readonly boolean[];
  readonly overlong: readonly OverlongCell[];
}

/**
 * Keeps the rows a reader finds as it finds them, each packed into one string at once,
 * so a 100,000-row file never exists as millions of cell strings, and notes on the way
 * what table building would otherwise walk every cell again for: which columns hold
 * data, and cells too long to be real.
 */
export class RowCollector implements CollectedRows {
  readonly rows: PackedRow[] = [];
  readonly kinds: (CellKind[] | undefined)[] = [];
  readonly columnsWithData: boolean[] = [];
  readonly overlong: OverlongCell[] = [];

  /** Keeps the row if any cell has content, and says whether it did. */
  add(row: number, cells: string[], line?: number, kinds?: CellKind[]): boolean {
    if (isBlankRow(cells)) return false;
    this.noteOverlong(row, cells);
    if (this.rows.length < detectionWindow) {
      this.kinds.push(kinds);
    } else {
      const seen = this.columnsWithData;
      for (let i = 0; i < cells.length; i++) if (!seen[i] && !isBlank(cells[i])) seen[i] = true;
    }
    this.rows.push(new PackedRow(row, cells, line));
    return true;
  }

  /**
   * Keeps a text file's line with no quote in it (see ./delimited-records) as it is,
   * if any cell has content, and says how many cells it has (0 for none: blank).
   */
  addLine(row: number, text: string, delimiter: string, line: number): number {
    if (isBlankLine(text, delimiter)) return 0;
    if (text.length > MAX_CELL_CHARACTERS) this.noteOverlong(row, text.split(delimiter));
    const seen = this.columnsWithData;
    const noting = this.rows.length >= detectionWindow;
    if (!noting) this.kinds.push(undefined);
    // Counts the cells and, past the detection window, notes the columns with data not yet seen.
    let width = 0;
    let start = 0;
    for (;;) {
      const end = text.indexOf(delimiter, start);
      if (noting && !seen[width] && !isBlank(end < 0 ? text.slice(start) : text.slice(start, end))) seen[width] = true;
      width++;
      if (end < 0) break;
      start = end + delimiter.length;
    }
    this.rows.push(PackedRow.ofLine(row, text, delimiter, width, line));
    return width;
  }

  private noteOverlong(row: number, cells: readonly string[]): void {
    for (let i = 0; i < cells.length; i++) {
      if (cells[i].length > MAX_CELL_CHARACTERS) this.overlong.push({ row, index: i, length: cells[i].length });
    }
  }
}

/** A line whose cells are all blank: most lines start with a character that says they are not. */
function isBlankLine(text: string, delimiter: string): boolean {
  if (text === '') return true;
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f && first !== delimiter.charCodeAt(0)) return false;
  return isBlankRow(text.split(delimiter));
}

function isBlankRow(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlank(cells[i])) return false;
  return true;
}
