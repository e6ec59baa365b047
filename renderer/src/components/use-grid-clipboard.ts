import { useCallback, useState, type ClipboardEvent } from 'react';
import { MAX_PASTED_CELLS, type ServiceClient } from '../../../shared/contract';
import type { CountsView, GridRowView, RowFilter, RowSort, ValueFilter } from '../../../shared/contract-types';
import { clipboardCells, copiedText, pasteFit, pasteLeftOutText } from '../clipboard-cells';
import { formatCount, plural } from '../counts';
import type { CellChange } from './change-words';
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
  /** The value filters the rows are narrowed by (with the filter, what the grid lists). */
  where: ValueFilter;
  /** The column the rows are sorted by, if any. */
  sort: RowSort | null;
  total: number | null;
  columnCount: number;
  active: ActiveCell;
  /** The block selected (Shift with a move or a click), if one is. */
  selection: CellRange | null;
  editing: boolean;
  rowAt(position: number): GridRowView | undefined;
  /** One cell pasted: saved as a typed edit is (and "fix all like this" offered). */
  saveCell(row: GridRowView, column: number, value: string): Promise<void>;
  /** A block pasted, the cells selected emptied, or cells cut moved: the cells it changed, and the counts after. */
  onPasted(changes: CellChange[], counts: CountsView, what: 'paste' | 'clear' | 'move' | 'fill'): void;
  onNotice(notice: GridNotice | null): void;
}

/** The file's rows from a position of the grid on, as the grid's filter (and value filter) lists them, a page of 500 at a time. */
async function rowsFrom(client: ServiceClient, listed: { filter: RowFilter; where: ValueFilter; sort: RowSort | null }, position: number, count: number): Promise<GridRowView[]> {
  const rows: GridRowView[] = [];
  while (rows.length < count) {
    const page = await client.getRows({ offset: position + rows.length, limit: Math.min(500, count - rows.length), filter: listed.filter, where: listed.where, sort: listed.sort });
    if (page.rows.length === 0) break;
    rows.push(...page.rows);
  }
  return rows;
}

/**
 * Cells cut (Ctrl+X) and not pasted yet: the block as the grid listed it (drawn with a
 * dashed edge while the grid lists the same rows), the cells by row index (the file's,
 * which a filter does not change), and the text put on the clipboard, by which a paste
 * is known to be of them.
 */
interface CutCells {
  range: CellRange;
  filter: RowFilter;
  where: ValueFilter;
  sort: RowSort | null;
  cells: Array<{ index: number; column: number }>;
  text: string;
}

/** The most cells cut at once: they and the cells they are pasted over are changed in one step. */
const MOST_CUT_CELLS = MAX_PASTED_CELLS / 2;

/** Whether two texts are the same but for their line breaks (a clipboard may write them its own way). */
const sameLines = (a: string, b: string) => a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');

/** The columns of a range, left to right. */
const columnsOf = (range: CellRange) => Array.from({ length: range.right - range.left + 1 }, (_, i) => range.left + i);

/**
 * Copy and paste on the active cell, as in Excel: Ctrl+C copies the cell's text, or the
 * block selected as a spreadsheet does; Ctrl+V sets the cell to the text copied, or, for a
 * block copied from a spreadsheet, sets the block from the active cell (the selection's
 * top left) down and right, over the rows as the grid lists them; one text pasted on a
 * selection fills it. Delete on a selection empties it. Ctrl+X cuts, as in Excel: the cells
 * are copied and marked, and pasted in the grid they move (the cells they left emptied, in
 * the same step); until then nothing changes, and Escape or a change to a cell forgets the
 * cut. Changed cells are saved and checked again at once, as typed ones are; what falls
 * past the grid's edge is left out and said.
 */
export function useGridClipboard(inputs: ClipboardInputs) {
  const [cut, setCut] = useState<CutCells | null>(null);

  /** A range too big to copy or change at once, said in words; false when it is not. */
  function tooBig(range: CellRange, doing: 'copied' | 'emptied' | 'filled' | 'cut', most = MAX_PASTED_CELLS): boolean {
    if (rangeCells(range) <= most) return false;
    inputs.onNotice({
      color: 'red',
      title: `Nothing was ${doing}`,
      text: `The selection is ${plural(range.bottom - range.top + 1, 'row')} by ${plural(range.right - range.left + 1, 'column')}: select at most ${formatCount(most)} cells at once.`,
    });
    return true;
  }

  /** The rows of a range: those on hand, or read a page at a time when some are not. */
  function rowsOnHand(range: CellRange): GridRowView[] | null {
    const rows = Array.from({ length: range.bottom - range.top + 1 }, (_, i) => inputs.rowAt(range.top + i));
    return rows.every((row) => row !== undefined) ? (rows as GridRowView[]) : null;
  }
  const rowsOf = async (range: CellRange) => rowsOnHand(range) ?? rowsFrom(inputs.client, inputs, range.top, range.bottom - range.top + 1);

  /** The selection, or (none drawn) the active cell alone. */
  function selectedOrActive(): CellRange {
    const { active } = inputs;
    return inputs.selection ?? { top: active.position, bottom: active.position, left: active.column, right: active.column };
  }

  const textOf = (rows: GridRowView[], range: CellRange) => copiedText(rows.map((row) => columnsOf(range).map((column) => row.cells[column] ?? '')));

  /**
   * Puts the selection (or the active cell) on the clipboard as a spreadsheet does: with
   * `put` (a copy event's own clipboard) at once where the rows are on hand, else through
   * the system's clipboard once they are read (cells far down, or the right-click menu);
   * gives the range, its rows and the text, or null when nothing was copied.
   */
  function copy(put: ((text: string) => void) | null, doing: 'copied' | 'cut'): Promise<{ range: CellRange; rows: GridRowView[]; text: string } | null> {
    const range = selectedOrActive();
    if (tooBig(range, doing, doing === 'cut' ? MOST_CUT_CELLS : MAX_PASTED_CELLS)) return Promise.resolve(null);
    // One cell is copied as its text alone, as Excel puts a cell's text to paste into any program.
    const text = (rows: GridRowView[]) => (inputs.selection ? textOf(rows, range) : (rows[0]?.cells[range.left] ?? ''));
    const onHand = rowsOnHand(range);
    if (onHand && put) {
      const copied = text(onHand);
      put(copied);
      return Promise.resolve({ range, rows: onHand, text: copied });
    }
    return (onHand ? Promise.resolve(onHand) : rowsOf(range))
      .then(async (rows) => {
        const copied = text(rows);
        await navigator.clipboard.writeText(copied);
        return { range, rows, text: copied };
      })
      .catch((caught: unknown) => {
        inputs.onNotice({ color: 'red', title: `The cells could not be ${doing}`, text: caught instanceof Error ? caught.message : String(caught) });
        return null;
      });
  }

  /** Copied, and marked to move where they are pasted in the grid. */
  function cutWith(put: ((text: string) => void) | null) {
    const { filter, where, sort } = inputs;
    void copy(put, 'cut').then((copied) => {
      if (!copied) return setCut(null);
      const cells = copied.rows.flatMap((row) => columnsOf(copied.range).map((column) => ({ index: row.index, column })));
      setCut({ range: copied.range, filter, where, sort, cells, text: copied.text });
    });
  }

  function onCopy(event: ClipboardEvent<HTMLDivElement>) {
    if (inputs.editing) return;
    event.preventDefault();
    setCut(null);
    void copy((text) => event.clipboardData.setData('text/plain', text), 'copied');
  }

  /** Ctrl+X: copied, and marked to move where they are pasted in the grid. */
  function onCut(event: ClipboardEvent<HTMLDivElement>) {
    if (inputs.editing) return;
    event.preventDefault();
    cutWith((text) => event.clipboardData.setData('text/plain', text));
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

  /**
   * Ctrl+D or Ctrl+R, as in Excel: the selection's top row copied into the rows under it,
   * or its left column into the columns right of it; with one row (one column) or only the
   * active cell selected, from the row above (the column left of it). One change to take back.
   */
  async function fill(direction: 'down' | 'right') {
    const chosen = selectedOrActive();
    const range =
      direction === 'down' && chosen.top === chosen.bottom
        ? { ...chosen, top: chosen.top - 1 }
        : direction === 'right' && chosen.left === chosen.right
          ? { ...chosen, left: chosen.left - 1 }
          : chosen;
    if (range.top < 0 || range.left < 0 || tooBig(range, 'filled')) return;
    const rows = await rowsOf(range);
    const columns = columnsOf(range);
    const cells =
      direction === 'down'
        ? rows.slice(1).flatMap((row) => columns.map((column) => ({ row, column, value: rows[0].cells[column] ?? '' })))
        : rows.flatMap((row) => columns.slice(1).map((column) => ({ row, column, value: row.cells[range.left] ?? '' })));
    const changing = cells.filter(({ row, column, value }) => (row.cells[column] ?? '') !== value).map(({ row, column, value }) => ({ index: row.index, column, value }));
    if (changing.length > 0) {
      const result = await inputs.client.pasteCells({ cells: changing });
      inputs.onPasted(result.changed, result.counts, 'fill');
    }
    inputs.onNotice(null);
  }

  function fillCells(direction: 'down' | 'right') {
    fill(direction).catch((caught: unknown) => {
      inputs.onNotice({ color: 'red', title: 'The cells could not be filled', text: caught instanceof Error ? caught.message : String(caught) });
    });
  }

  /** Delete on a selection: every cell of it emptied at once, one change to take back. */
  function clearSelection(range: CellRange) {
    setRange(range, '', 'clear').catch((caught: unknown) => {
      inputs.onNotice({ color: 'red', title: 'The cells could not be emptied', text: caught instanceof Error ? caught.message : String(caught) });
    });
  }

  async function paste(text: string) {
    const { client, total, columnCount, selection } = inputs;
    // The cells cut, pasted: they move.
    const moving = cut !== null && sameLines(cut.text, text) ? cut : null;
    const block = clipboardCells(text);
    const one = block.length === 1 && block[0].length === 1;
    if (one && selection && !moving) return setRange(selection, block[0][0], 'paste');
    // A block goes from the selection's top left, as in Excel, or from the active cell.
    const active = selection ? { position: selection.top, column: selection.left } : inputs.active;
    if (one && !moving) {
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
    const targets = await rowsFrom(client, inputs, active.position, fit.rows);
    // Fewer rows than counted (the filter's rows changed meanwhile): the block fits those there are.
    const placed = targets.length < fit.rows ? pasteFit(block, targets.length, fit.columns) : fit;
    const cells = targets.flatMap((row, r) => block[r].slice(0, placed.columns).map((value, c) => ({ index: row.index, column: active.column + c, value })));
    if (moving) {
      // The cells cut that the block does not land on are emptied, in the same step.
      const landed = new Set(cells.map(({ index, column }) => `${index}:${column}`));
      for (const { index, column } of moving.cells) if (!landed.has(`${index}:${column}`)) cells.push({ index, column, value: '' });
      setCut(null);
    }
    if (cells.length > 0) {
      const result = await client.pasteCells({ cells });
      inputs.onPasted(result.changed, result.counts, moving ? 'move' : 'paste');
    }
    const leftOut = pasteLeftOutText(placed);
    inputs.onNotice(leftOut ? { color: 'yellow', title: 'Part of the paste was left out', text: leftOut } : null);
  }

  function pasteText(text: string) {
    paste(text).catch((caught: unknown) => {
      inputs.onNotice({ color: 'red', title: 'The cells could not be pasted', text: caught instanceof Error ? caught.message : String(caught) });
    });
  }

  function onPaste(event: ClipboardEvent<HTMLDivElement>) {
    if (inputs.editing || !inputs.total) return;
    event.preventDefault();
    pasteText(event.clipboardData.getData('text/plain'));
  }

  /**
   * The right-click menu's Cut, Copy and Paste: as Ctrl+X, Ctrl+C and Ctrl+V, through the
   * system's clipboard (a browser asks once whether the page may read it).
   */
  const fromMenu = {
    cut: () => cutWith(null),
    copy: () => {
      setCut(null);
      void copy(null, 'copied');
    },
    paste: () => {
      if (inputs.editing || !inputs.total) return;
      navigator.clipboard.readText().then(pasteText, () =>
        inputs.onNotice({ color: 'red', title: 'Nothing was pasted', text: 'The clipboard could not be read here (the browser did not allow it): press Ctrl+V to paste instead.' }),
      );
    },
  };

  /** Forgets the cells cut (Escape, or a cell changed): a paste after copies them. */
  const forgetCut = useCallback(() => setCut(null), []);
  /** The block cut, as the grid lists its rows now (null when none is, or the grid lists other rows). */
  const cutRange = cut && cut.filter === inputs.filter && cut.where === inputs.where && cut.sort === inputs.sort ? cut.range : null;

  return { onCopy, onCut, onPaste, fromMenu, clearSelection, fillCells, cutRange, forgetCut };
}
