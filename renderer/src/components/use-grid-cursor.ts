import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import { ROW_HEIGHT, scrollLeftShowing, selectedRange, stepWithin, type CellRange, type SelectionSpan } from './grid-geometry';

/** A cell to bring into view and make active (from the problems list, or found); `nonce` makes the same cell jumpable twice. */
export interface JumpTarget {
  /** The row's place among the rows the grid lists (its index in the file while the grid lists every row in the file's order). */
  index: number;
  column: number;
  nonce: number;
  /** Leave the keyboard where it is (Find's box, for the next Enter) instead of giving it to the grid. */
  keepFocus?: boolean;
  /**
   * Down to the row only, the grid left where it is across: Review opening at its first
   * problem keeps the file's first columns (who the rows are about) in sight; the bar
   * under the grid says what is wrong with the cell.
   */
  downOnly?: boolean;
  /**
   * The jump Review opens with (its first problem), which may come seconds after the rows
   * show, once OneFile has been asked about the file's names: made only while the person has
   * not moved from the first cell, and never taking the keyboard from a box they are typing
   * in (Go to, Find), or it would move them and their next key would land in the grid.
   */
  opening?: boolean;
}

/** The keyboard is in a text box outside the grid (Go to, Find): a jump that is not theirs leaves it there. */
function typingOutside(grid: HTMLElement): boolean {
  const focused = document.activeElement;
  return focused instanceof HTMLElement && !grid.contains(focused) && (focused.matches('input, textarea, select') || focused.isContentEditable);
}

export type EdgeDirection = 'up' | 'down' | 'left' | 'right';

export interface ActiveCell {
  /** The row's position in the grid (its index in the file when nothing is filtered). */
  position: number;
  column: number;
}

interface CursorInputs {
  total: number | null;
  columnCount: number;
  /** Each column's width (see grid-header's `useColumnWidths`). */
  widths: readonly number[];
  /** How many leading columns stay in place across (they are never scrolled to). */
  frozen: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  jumpTo: JumpTarget | null;
  editing: boolean;
  /** Ctrl+Z: takes the last change to the cells back. */
  undo(): void;
  /** Ctrl+Y or Ctrl+Shift+Z: makes the last change taken back again. */
  redo(): void;
  /** Delete: empties the active cell, or every cell selected, at once, as Excel does (Ctrl+Z puts them back). */
  clear(): void;
  /** Ctrl+F: to the box that finds a text in the file. */
  find(): void;
  /** Ctrl+H: the same, with a box to replace it with. */
  replace(): void;
  /** Ctrl+G: to the box that goes to a row or cell. */
  goTo(): void;
  /** Escape: besides dropping the selection, forgets cells cut (Ctrl+X) and not pasted. */
  cancel(): void;
  /** The menu key, or Shift+F10: the cell's menu, as a right-click opens it (see ./grid-menu). */
  menu(): void;
  /** Alt+Down: the column's values to narrow the rows to one, as Excel's filter drop-down (see ./column-values). */
  values(column: number): void;
  /** Ctrl+D, Ctrl+R: the selection filled down or right, as in Excel. */
  fill(direction: 'down' | 'right'): void;
  /**
   * Where Ctrl with an arrow goes from a cell, as in Excel (see shared/data-edge): the row's
   * position (up, down) or the column (left, right).
   */
  dataEdge(direction: EdgeDirection, from: ActiveCell): number | Promise<number>;
  /** Opens the active cell's editor: on its text, or (a key typed on the cell, as in Excel) on what was typed instead. */
  startEditing(typed?: string): void;
}

/**
 * The grid's active cell and the keys that move it: arrows (with Ctrl to the edge of the data, as in Excel),
 * Page Up/Down, Home/End (with Ctrl to the first or last row), Enter down and Tab right (with Shift up and left; inside a
 * selection through its cells, the selection staying, as in Excel), F2 to edit. A jump (from the problems list)
 * makes a cell active and scrolls it into view, down and across, and gives the grid the
 * keyboard focus. Each move brings the active cell into view, across as little as it can.
 * A character typed on a cell replaces its text, as in Excel; Ctrl+Z takes the last change back, Ctrl+Y makes it again;
 * Ctrl+D and Ctrl+R fill down and right.
 * Shift with a move (or a click) selects the block from where it started to the active cell,
 * as Excel does: to copy, empty or paste over; any other move or click drops it. Whole rows
 * (a row's number clicked, Shift+Space) and whole columns (a header clicked, Ctrl+Space) are
 * selected as in Excel, Shift extending them; Ctrl+A selects every cell (of the rows the grid
 * lists), the active cell staying where it is.
 */
export function useGridCursor({ total, columnCount, widths, frozen, scrollRef, virtualizer, jumpTo, editing, undo, redo, clear, find, replace, goTo, cancel, menu, values, fill, dataEdge, startEditing }: CursorInputs) {
  const [active, setActive] = useState<ActiveCell>({ position: 0, column: 0 });
  /** Where a selection started (Shift with a move or a click); null while none is drawn. */
  const [anchor, setAnchor] = useState<ActiveCell | null>(null);
  /** Whether the selection is of cells, whole rows, whole columns or every cell; any move without Shift makes it cells again. */
  const [span, setSpan] = useState<SelectionSpan>('cells');
  /** A selection Enter or Tab goes through (see `advance`): it stays as it was drawn while the active cell moves inside it. */
  const [held, setHeld] = useState<CellRange | null>(null);
  const holding = held !== null && held.bottom < (total ?? 0) && held.right < columnCount;
  const selection: CellRange | null = holding ? held : selectedRange(anchor, active, span, total ?? 0, columnCount);
  /** The active cell as last drawn: an edge found after another move was made is not gone to. */
  const latest = useRef(active);
  latest.current = active;

  useEffect(() => {
    if (!jumpTo || total === null || total === 0) return;
    const scroller = scrollRef.current;
    if (jumpTo.opening && (active.position !== 0 || active.column !== 0 || anchor !== null || (scroller && typingOutside(scroller)))) return;
    const position = Math.min(jumpTo.index, total - 1);
    setActive({ position, column: jumpTo.column });
    setAnchor(null);
    setSpan('cells');
    setHeld(null);
    virtualizer.scrollToIndex(position, { align: 'center' });
    if (scroller) {
      if (!jumpTo.downOnly) scroller.scrollLeft = scrollLeftShowing(jumpTo.column, scroller.scrollLeft, scroller.clientWidth, widths, frozen);
      if (!jumpTo.keepFocus) scroller.focus({ preventScroll: true });
    }
    // A jump is made once, when asked and when the rows are first counted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jumpTo, total === null]);

  /** Makes a cell active; with `extend` (Shift held), the selection runs from where it started to it. */
  function activate(next: ActiveCell, extend = false) {
    setHeld(null);
    setAnchor(extend ? (anchor ?? active) : null);
    if (!extend) setSpan('cells');
    setActive(next);
  }

  /**
   * Whole rows or columns selected, the active cell moved to `next` (on the row or in the
   * column clicked) without scrolling; with `extend` (Shift), from where the selection started.
   */
  function selectWhole(whole: 'rows' | 'columns', next: ActiveCell, extend = false) {
    setHeld(null);
    setAnchor(extend ? (anchor ?? active) : null);
    setSpan(whole);
    setActive(next);
  }

  /** Ctrl+A, or the grid's corner clicked: every cell. */
  function selectAll() {
    setHeld(null);
    setSpan('all');
  }

  /** A drag with the mouse: the selection from the cell pressed to the one under it. */
  function drag(from: ActiveCell, to: ActiveCell) {
    setHeld(null);
    setAnchor(from);
    setSpan('cells');
    setActive(to);
  }

  function move(position: number, column: number, extend = false) {
    const max = (total ?? 1) - 1;
    const next = { position: Math.max(0, Math.min(max, position)), column: Math.max(0, Math.min(columnCount - 1, column)) };
    activate(next, extend);
    bringIntoView(next);
  }

  /** Scrolls the grid to show a cell, down and across as little as it can. */
  function bringIntoView(cell: ActiveCell) {
    virtualizer.scrollToIndex(cell.position, { align: 'auto' });
    // Across too: an arrow key past the grid's right edge would leave the active cell out of sight.
    const scroller = scrollRef.current;
    if (scroller) scroller.scrollLeft = scrollLeftShowing(cell.column, scroller.scrollLeft, scroller.clientWidth, widths, frozen);
  }

  /**
   * Enter (`rows` 1, Shift -1) or Tab (`columns` 1, Shift -1), and an edit saved by either:
   * inside a selection, to its next cell, the selection staying (see `stepWithin`);
   * otherwise to the next cell down or across, as an arrow would.
   */
  function advance(rows: number, columns: number) {
    if (!selection) return move(active.position + rows, active.column + columns);
    const next = stepWithin(selection, active, rows, columns);
    setHeld(selection);
    setActive(next);
    bringIntoView(next);
  }

  /** Ctrl with an arrow: to the edge of the data that way (with Shift, selecting to it); the grid's edge if it cannot be found. */
  function toEdge(direction: EdgeDirection, extend: boolean) {
    const from = active;
    const across = direction === 'left' || direction === 'right';
    const gridEdge = { up: 0, down: (total ?? 1) - 1, left: 0, right: columnCount - 1 }[direction];
    const go = (to: number) => {
      if (latest.current !== from) return;
      if (across) move(from.position, to, extend);
      else move(to, from.column, extend);
    };
    let edge: number | Promise<number>;
    try {
      edge = dataEdge(direction, from);
    } catch {
      edge = gridEdge;
    }
    if (typeof edge === 'number') go(edge);
    else edge.then(go, () => go(gridEdge));
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (editing) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1);
    const extend = event.shiftKey;
    const keys: Record<string, () => void> = {
      // With Ctrl, to the edge of the data that way, as in Excel.
      // Alt+Down: the column's values, as Excel's filter drop-down opens.
      ArrowDown: () => (event.altKey ? values(active.column) : event.ctrlKey ? toEdge('down', extend) : move(active.position + 1, active.column, extend)),
      ArrowUp: () => (event.ctrlKey ? toEdge('up', extend) : move(active.position - 1, active.column, extend)),
      ArrowRight: () => (event.ctrlKey ? toEdge('right', extend) : move(active.position, active.column + 1, extend)),
      ArrowLeft: () => (event.ctrlKey ? toEdge('left', extend) : move(active.position, active.column - 1, extend)),
      PageDown: () => move(active.position + page, active.column, extend),
      PageUp: () => move(active.position - page, active.column, extend),
      Home: () => move(event.ctrlKey ? 0 : active.position, 0, extend),
      End: () => move(event.ctrlKey ? (total ?? 1) - 1 : active.position, columnCount - 1, extend),
      // Escape drops a selection, as in Excel.
      Escape: () => {
        setHeld(null);
        setAnchor(null);
        setSpan('cells');
        cancel();
      },
      // As in Excel: Enter goes down (Shift+Enter up), F2 edits the cell.
      Enter: () => advance(extend ? -1 : 1, 0),
      F2: () => startEditing(),
      // As in Excel: Backspace starts the cell again empty (saved only with Enter); Delete empties it at once.
      Backspace: () => startEditing(''),
      Delete: clear,
      // As in Excel and every Windows program: the menu key, or Shift+F10, opens the cell's menu.
      ContextMenu: menu,
      ...(extend ? { F10: menu } : {}),
    };
    // Ctrl+Space: the active cell's columns, whole; Shift+Space its rows (as in Excel: a space alone starts the cell again).
    const wholeColumns = () => selectWhole('columns', active, true);
    const shortcuts: Record<string, () => void> = event.shiftKey ? { z: redo } : { z: undo, y: redo, f: find, h: replace, g: goTo, a: selectAll, ' ': wholeColumns, d: () => fill('down'), r: () => fill('right') };
    const shortcut = event.ctrlKey || event.metaKey ? shortcuts[event.key.toLowerCase()] : undefined;
    const wholeRows = event.key === ' ' && event.shiftKey && !event.ctrlKey && !event.metaKey ? () => selectWhole('rows', active, true) : undefined;
    const action = shortcut ?? wholeRows ?? keys[event.key] ?? tab(event) ?? (typesText(event) ? () => startEditing(event.key) : undefined);
    if (action) {
      event.preventDefault();
      action();
    }
  }

  /**
   * Tab right, Shift+Tab left, as in Excel, through a selection's cells when there is one;
   * at the grid's last column (first, for Shift+Tab) outside a selection, the key is left
   * to the page, so the keyboard can still leave the grid for the controls after it.
   */
  function tab(event: KeyboardEvent<HTMLDivElement>): (() => void) | undefined {
    if (event.key !== 'Tab' || event.ctrlKey || event.metaKey || event.altKey) return undefined;
    const step = event.shiftKey ? -1 : 1;
    const column = active.column + step;
    if (!selection && (column < 0 || column >= columnCount)) return undefined;
    return () => advance(0, step);
  }

  return { active, activate, selectWhole, selectAll, drag, selection, move, advance, onKeyDown };
}

/** A key that types a character into a cell (not a shortcut, not a key that names itself, like Tab or Shift). */
function typesText(event: KeyboardEvent<HTMLDivElement>): boolean {
  return event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
}
