import Papa from 'papaparse';
import { plural } from './counts';

/**
 * What a spreadsheet put on the clipboard, as rows of cells. Excel, LibreOffice and
 * Google Sheets copy a block as tab-separated lines, a line break after the last; a
 * cell holding a tab, a line break or a quote is quoted, its quotes doubled. Text with
 * neither a tab nor a line break (a name copied from an email) is one cell, as it is:
 * its quotes are its own.
 */
export function clipboardCells(text: string): string[][] {
  const body = text.replace(/\r?\n$/, '');
  if (!/[\t\r\n]/.test(body)) return [[body]];
  const { data } = Papa.parse<string[]>(body, { delimiter: '\t', quoteChar: '"', skipEmptyLines: false });
  const width = Math.max(...data.map((cells) => cells.length));
  return data.map((cells) => [...cells, ...Array<string>(width - cells.length).fill('')]);
}

/** The part of a block pasted at a cell that lies inside the grid, and what falls past its last row or column. */
export interface PasteFit {
  rows: number;
  columns: number;
  /** Rows and columns of the block past the grid's edge that hold text (left-out empty cells are no loss). */
  rowsLeftOut: number;
  columnsLeftOut: number;
}

export function pasteFit(block: readonly string[][], rowsBelow: number, columnsRight: number): PasteFit {
  const rows = Math.min(block.length, rowsBelow);
  const columns = Math.min(block[0]?.length ?? 0, columnsRight);
  const holdsText = (cells: readonly string[]) => cells.some((cell) => cell.trim() !== '');
  const rowsLeftOut = block.slice(rows).filter(holdsText).length;
  const columnsLeftOut = Array.from({ length: Math.max(0, (block[0]?.length ?? 0) - columns) }, (_, k) => block.map((cells) => cells[columns + k] ?? '')).filter(holdsText).length;
  return { rows, columns, rowsLeftOut, columnsLeftOut };
}

/** Words for a paste that did not fit the grid: what was left out, and why. */
export function pasteLeftOutText(fit: PasteFit): string | null {
  const parts = [
    ...(fit.rowsLeftOut > 0 ? [`${plural(fit.rowsLeftOut, 'row')} past the grid's last row`] : []),
    ...(fit.columnsLeftOut > 0 ? [`${plural(fit.columnsLeftOut, 'column')} past its last column`] : []),
  ];
  if (parts.length === 0) return null;
  return `Not all the copied cells fitted: ${parts.join(' and ')} ${fit.rowsLeftOut + fit.columnsLeftOut > 1 ? 'were' : 'was'} left out. The rest was pasted.`;
}

/**
 * Cells copied from the grid, as a spreadsheet puts them on the clipboard: tab-separated
 * lines, each ended by a line break; a cell holding a tab, a line break or a quote is
 * quoted, its quotes doubled. Excel pastes it as the block it was, and so does the grid
 * (`clipboardCells`).
 */
export function copiedText(rows: readonly (readonly string[])[]): string {
  return `${Papa.unparse(rows as string[][], { delimiter: '\t', newline: '\r\n', quotes: (cell: unknown) => /[\t\r\n"]/.test(String(cell)) })}\r\n`;
}
