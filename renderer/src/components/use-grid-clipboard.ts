import type { ClipboardEvent } from 'react';
import { MAX_PASTED_CELLS, type ServiceClient } from '../../../shared/contract';
import type { CountsView, GridRowView, RowFilter } from '../../../shared/contract-types';
import { clipboardCells, copiedText, pasteFit, pasteLeftOutText } from '../clipboard-cells';
import { formatCount, plural } from '../counts';
import type { CellChange } from './use-edit-history';
import { rangeCells, type CellRange } from './grid-geometry';
import type { ActiveCell } from './use-grid-cursor';

/** What the grid says above itself after a paste or a save: a refusal (red) or what was left out (yellow). */
export interface GridNotice {
  color: 'red' | 'yellow';
  title: string;
  text: string;
}

interface ClipboardInputs {
  client: ServiceClient;
  filter: RowFilter;
  total: number | null;
  columnCount: number;
  active: ActiveCell;
  /** The block selected (Shift with a move or a click), if one is. */
  selection: CellRange | null;
  editing: boolean;
  rowAt(position: number): GridRowView | undefined;
  /** One cell pasted: saved as a typed edit is (and "fix all like this" offered). */
  saveCell(row: GridRowView, column: number, value: string): Promise<void>;
  /** A block pasted, or the cells selected emptied: the cells it changed, and the counts after. */
  onPasted(changes: CellChange[], counts: CountsView, what: 'paste' | 'clear'): void;
  onNotice(notice: GridNotice | null): void;
}

/** The file's rows from a position of the grid on, as the grid's filter lists them, a page of 500 at a time. */
async function rowsFrom(client: ServiceClient, filter: RowFilter, position: number, count: number): Promise<GridRowView[]> {
  const rows: GridRowView[] = [];
  while (rows.length < count) {
    const page = await client.getRows({ offset: position + rows.length, limit: Math.min(500, count - rows.length), filter });
    if (page.rows.length === 0) break;
    rows.push(...page.rows);
  }
  return rows;
}

/** The columns of a range, left to right. */
const columnsOf = (range: CellRange) => Array.from({ length: range.right - range.left + 1 }, (_, i) => range.left + i);

/**
 * Copy and paste on the active cell, as in Excel: Ctrl+C copies the cell's text, or the
 * block selected as a spreadsheet does; Ctrl+V sets the cell to the text copied, or, for a
 * block copied from a spreadsheet, sets the block from the active cell (the selection's
 * top left) down and right, over the rows as the grid lists them; one text pasted on a
 * selection fills it. Delete on a selection empties it. Changed cells are saved and checked
 * again at once, as typed ones are; what falls past the grid's edge is left out and said.
 */
export function useGridClipboard(inputs: ClipboardInputs) {
  /** A range too big to copy or change at once, said in words; false when it is not. */
  function tooBig(range: CellRange, doing: 'copied' | 'emptied' | 'filled'): boolean {
    if (rangeCells(range) <= MAX_PASTED_CELLS) return false;
    inputs.onNotice({
      color: 'red',
      title: `Nothing was ${doing}`,
      text: `The selection is ${plural(range.bottom - range.top + 1, 'row')} by ${plural(range.right - range.left + 1, 'column')}: select at most ${formatCount(MAX_PASTED_CELLS)} cells at once.`,
    });
    return true;
  }

  /** The rows of a range: those on hand, or read a page at a time when some are not. */
  function rowsOnHand(range: CellRange): GridRowView[] | null {
    const rows = Array.from({ length: range.bottom - range.top + 1 }, (_, i) => inputs.rowAt(range.top + i));
    return rows.every((row) => row !== undefined) ? (rows as GridRowView[]) : null;
  }
  const rowsOf = async (range: CellRange) => rowsOnHand(range) ?? rowsFrom(inputs.client, inputs.filter, range.top, range.bottom - range.top + 1);

  const textOf = (rows: GridRowView[], range: CellRange) => copiedText(rows.map((row) => columnsOf(range).map((column) => row.cells[column] ?? '')));

  function onCopy(event: ClipboardEvent<HTMLDivElement>) {
    if (inputs.editing) return;
    const range = inputs.selection;
    if (!range) {
      const row = inputs.rowAt(inputs.active.position);
      if (!row) return;
      event.clipboardData.setData('text/plain', row.cells[inputs.active.column] ?? '');
      event.preventDefault();
      return;
    }
    event.preventDefault();
    if (tooBig(range, 'copied')) return;
    const rows = rowsOnHand(range);
    if (rows) {
      event.clipboardData.setData('text/plain', textOf(rows, range));
      return;
    }
    // Rows not on hand (selected far down): read, then put on the clipboard.
    void rowsOf(range)
      .then((read) => navigator.clipboard.writeText(textOf(read, range)))
      .catch((caught: unknown) => inputs.onNotice({ color: 'red', title: 'The cells could not be copied', text: caught instanceof Error ? caught.message : String(caught) }));
  }

  /** Sets every cell of a range to one text: the selection emptied (Delete) or filled (one text pasted). */
  async function setRange(range: CellRange, value: string, what: 'paste' | 'clear') {
    if (tooBig(range, what === 'clear' ? 'emptied' : 'filled')) return;
    const rows = await rowsOf(range);
    const cells = rows.flatMap((row) => columnsOf(range).filter((column) => (row.cells[column] ?? '') !== value).map((column) => ({ index: row.index, column, value })));
    if (cells.length > 0) {
      const result = await inputs.client.pasteCells({ cells });
      inputs.onPasted(result.changed, result.counts, what);
    }
    inputs.onNotice(null);
  }

  /** Delete on a selection: every cell of it emptied at once, one change to take back. */
  function clearSelection(range: CellRange) {
    setRange(range, '', 'clear').catch((caught: unknown) => {
      inputs.onNotice({ color: 'red', title: 'The cells could not be emptied', text: caught instanceof Error ? caught.message : String(caught) });
    });
  }

  async function paste(text: string) {
    const { client, filter, total, columnCount, selection } = inputs;
    const block = clipboardCells(text);
    if (block.length === 1 && block[0].length === 1 && selection) return setRange(selection, block[0][0], 'paste');
    // A block goes from the selection's top left, as in Excel, or from the active cell.
    const active = selection ? { position: selection.top, column: selection.left } : inputs.active;
    if (block.length === 1 && block[0].length === 1) {
      const row = inputs.rowAt(active.position);
      if (row) await inputs.saveCell(row, active.column, block[0][0]);
      return;
    }
    const fit = pasteFit(block, (total ?? 0) - active.position, columnCount - active.column);
    if (fit.rows * fit.columns > MAX_PASTED_CELLS) {
      inputs.onNotice({
        color: 'red',
        title: 'Nothing was pasted',
        text: `The copied cells are ${plural(block.length, 'row')} by ${plural(block[0].length, 'column')}: paste at most ${formatCount(MAX_PASTED_CELLS)} cells at once. Make a change that big in the file itself, then open it again.`,
      });
      return;
    }
    const targets = await rowsFrom(client, filter, active.position, fit.rows);
    // Fewer rows than counted (the filter's rows changed meanwhile): the block fits those there are.
    const placed = targets.length < fit.rows ? pasteFit(block, targets.length, fit.columns) : fit;
    const cells = targets.flatMap((row, r) => block[r].slice(0, placed.columns).map((value, c) => ({ index: row.index, column: active.column + c, value })));
    if (cells.length > 0) {
      const result = await client.pasteCells({ cells });
      inputs.onPasted(result.changed, result.counts, 'paste');
    }
    const leftOut = pasteLeftOutText(placed);
    inputs.onNotice(leftOut ? { color: 'yellow', title: 'Part of the paste was left out', text: leftOut } : null);
  }

  function onPaste(event: ClipboardEvent<HTMLDivElement>) {
    if (inputs.editing || !inputs.total) return;
    event.preventDefault();
    const text = event.clipboardData.getData('text/plain');
    paste(text).catch((caught: unknown) => {
      inputs.onNotice({ color: 'red', title: 'The cells could not be pasted', text: caught instanceof Error ? caught.message : String(caught) });
    });
  }

  return { onCopy, onPaste, clearSelection };
}
