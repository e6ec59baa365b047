import { useState, type MouseEvent, type RefObject } from 'react';
import { Kbd, Menu } from '@mantine/core';
import type { CellRange } from './grid-geometry';
import type { ActiveCell } from './use-grid-cursor';

/** What the right-click menu does: each as its key does. */
export interface GridMenuActions {
  cut(): void;
  copy(): void;
  paste(): void;
  /** Delete: the selection (or the active cell) emptied. */
  clear(): void;
  fill(direction: 'down' | 'right'): void;
  /** Only the rows with the active cell's value in its column (and the other columns' filters), as Excel's "Filter by Selected Cell's Value". */
  filterByValue(): void;
  /** The active cell's column's filter taken off (null: it has none). */
  anyValueHere: (() => void) | null;
  /** Every column's filter taken off (null: no other column has one). */
  showAllRows: (() => void) | null;
}

/** Where the menu opens: the pointer, in the window's coordinates; null while it is closed. */
export type MenuPlace = { x: number; y: number } | null;

/**
 * Review's right-click menu on a cell, as Excel's: Cut, Copy, Paste, Clear contents, Fill
 * down and Fill right, each naming its key; and, as Excel's Filter, only the rows with the
 * cell's value in its column (with any other column's filter), any value there again, or
 * every row. It opens at the pointer, or under the active cell from the keyboard, and the
 * keyboard goes back to the grid when it closes.
 */
export function GridMenu({ at, onClose, actions }: { at: MenuPlace; onClose(): void; actions: GridMenuActions }) {
  const item = (label: string, keys: string, run: () => void) => (
    <Menu.Item rightSection={<Kbd size="xs">{keys}</Kbd>} onClick={run}>
      {label}
    </Menu.Item>
  );
  return (
    <Menu opened={at !== null} onChange={(opened) => !opened && onClose()} position="bottom-start" offset={2} shadow="md" width={270} returnFocus={false}>
      <Menu.Target>
        <div aria-hidden style={{ position: 'fixed', left: at?.x ?? 0, top: at?.y ?? 0, width: 1, height: 1, pointerEvents: 'none' }} />
      </Menu.Target>
      <Menu.Dropdown data-testid="grid-menu">
        {item('Cut', 'Ctrl+X', actions.cut)}
        {item('Copy', 'Ctrl+C', actions.copy)}
        {item('Paste', 'Ctrl+V', actions.paste)}
        <Menu.Divider />
        {item('Clear contents', 'Delete', actions.clear)}
        {item('Fill down', 'Ctrl+D', () => actions.fill('down'))}
        {item('Fill right', 'Ctrl+R', () => actions.fill('right'))}
        <Menu.Divider />
        <Menu.Item onClick={actions.filterByValue}>Show only rows with this value</Menu.Item>
        {actions.anyValueHere && <Menu.Item onClick={actions.anyValueHere}>Show rows with any value here</Menu.Item>}
        {actions.showAllRows && <Menu.Item onClick={actions.showAllRows}>Show every row</Menu.Item>}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * Opening the menu: a right-click on a cell outside the selection makes that cell active
 * first, as in Excel (inside it, the selection stays). Anywhere else in the grid (its
 * headers), or while a cell is edited, the browser's own menu is left alone. From the
 * keyboard (the menu key, or Shift+F10, as in Excel; see `openFromKeyboard`) it opens
 * under the active cell, for the cell and the selection as they are.
 */
export function useGridMenu({
  selection,
  editing,
  active,
  activate,
  gridRef,
}: {
  selection: CellRange | null;
  editing: boolean;
  active: ActiveCell;
  activate(cell: ActiveCell): void;
  gridRef: RefObject<HTMLDivElement | null>;
}) {
  const [at, setAt] = useState<MenuPlace>(null);
  /** Under the active cell (its left edge, its bottom), kept inside the grid's visible part should the cell be scrolled out of sight. */
  function openUnderActiveCell() {
    const grid = gridRef.current;
    if (!grid) return;
    const bounds = grid.getBoundingClientRect();
    const cell = grid.querySelector<HTMLElement>(`[role="row"][aria-rowindex="${active.position + 2}"] [role="gridcell"][data-column="${active.column}"]`);
    const place = cell?.getBoundingClientRect();
    const within = (value: number, low: number, high: number) => Math.min(Math.max(value, low), Math.max(low, high));
    setAt({ x: within(place?.left ?? bounds.left, bounds.left, bounds.right - 1), y: within(place?.bottom ?? bounds.top, bounds.top, bounds.bottom - 1) });
  }
  function open(event: MouseEvent<HTMLDivElement>) {
    if (editing) return;
    // A menu asked for from the keyboard comes to the focused grid itself, not to a cell.
    if (event.target === event.currentTarget) {
      event.preventDefault();
      return openUnderActiveCell();
    }
    const cell = (event.target as Element).closest<HTMLElement>('[role="gridcell"][data-column]');
    const row = cell?.closest<HTMLElement>('[role="row"][aria-rowindex]');
    if (!cell || !row) return;
    event.preventDefault();
    // The row's place in the grid: its aria-rowindex counts the header row and from 1.
    const target = { position: Number(row.getAttribute('aria-rowindex')) - 2, column: Number(cell.dataset.column) };
    const inside = selection !== null && target.position >= selection.top && target.position <= selection.bottom && target.column >= selection.left && target.column <= selection.right;
    if (!inside) activate(target);
    setAt({ x: event.clientX, y: event.clientY });
  }
  return { at, open, openFromKeyboard: openUnderActiveCell, close: () => setAt(null) };
}
