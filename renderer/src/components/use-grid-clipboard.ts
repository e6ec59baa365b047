import type { ClipboardEvent } from 'react';
import { MAX_PASTED_CELLS, type ServiceClient } from '../../../shared/contract';
import type { CountsView, GridRowView, RowFilter } from '../../../shared/contract-types';
import { clipboardCells, pasteFit, pasteLeftOutText } from '../clipboard-cells';
import { formatCount, plural } from '../counts';
import type { CellChange } from './use-edit-history';
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
  editing: boolean;
  rowAt(position: number): GridRowView | undefined;
  /** One cell pasted: saved as a typed edit is (and "fix all like this" offered). */
  saveCell(row: GridRowView, column: number, value: string): Promise<void>;
  /** A block pasted: the cells it changed, and the counts after. */
  onPasted(changes: CellChange[], counts: CountsView): void;
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

/**
 * Copy and paste on the active cell, as in Excel: Ctrl+C copies the cell's text; Ctrl+V
 * sets it to the text copied, or, for a block copied from a spreadsheet, sets the block
 * from the active cell down and right, over the rows as the grid lists them. Pasted
 * cells are saved and checked again at once, as typed ones are; what falls past the
 * grid's edge is left out and said.
 */
export function useGridClipboard(inputs: ClipboardInputs) {
  function onCopy(event: ClipboardEvent<HTMLDivElement>) {
    if (inputs.editing) return;
    const row = inputs.rowAt(inputs.active.position);
    if (!row) return;
    event.clipboardData.setData('text/plain', row.cells[inputs.active.column] ?? '');
    event.preventDefault();
  }

  async function paste(text: string) {
    const { client, filter, total, columnCount, active } = inputs;
    const block = clipboardCells(text);
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
      inputs.onPasted(result.changed, result.counts);
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

  return { onCopy, onPaste };
}
