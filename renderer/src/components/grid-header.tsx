import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Text } from '@mantine/core';
import type { GridRowView } from '../../../shared/contract-types';
import { CELL_WIDTH, clampCellWidth, frozenColumns } from './grid-geometry';
import { cellNote } from './grid-cell';

export interface GridColumn {
  header: string;
  /** The OneFile field it maps to, or null when not imported. */
  fieldLabel: string | null;
  /** That field's key ('FirstName'), or null: the columns saying who a row is about stay in sight. */
  field?: string | null;
}

/** Room a cell needs beside its text: its padding (8 px a side) and the edited mark. */
const CELL_ROOM = 28;

/** How wide the parts of one cell are (its text, what it was read as): the width it needs, without its room. */
function partsWidth(cell: HTMLElement): number {
  let needed = 0;
  for (const part of cell.children) if (part instanceof HTMLElement && part.getAttribute('aria-hidden') === null) needed += part.scrollWidth + 6;
  return needed;
}

/** How wide the column's header and its cells on screen need to be (the rows not on screen are not in the page: the grid is virtualised). */
function widthOnScreen(scroller: HTMLElement, column: number): number {
  let widest = 0;
  for (const cell of scroller.querySelectorAll<HTMLElement>(`[data-column="${column}"], [data-header-column="${column}"]`)) widest = Math.max(widest, partsWidth(cell));
  return widest;
}

/**
 * How wide cells of rows not on screen need to be: each drawn as the grid draws it (its
 * text, and what it was read as) in a cell out of sight, measured and taken away again.
 */
function widthOfCells(scroller: HTMLElement, column: number, rows: readonly GridRowView[]): number {
  const cell = document.createElement('div');
  cell.className = 'grid-cell';
  cell.setAttribute('aria-hidden', 'true');
  Object.assign(cell.style, { position: 'absolute', visibility: 'hidden', left: '0', top: '0', width: 'auto', maxWidth: 'none' });
  scroller.appendChild(cell);
  try {
    let widest = 0;
    for (const row of rows) {
      const text = document.createElement('span');
      text.textContent = row.cells[column] ?? '';
      const parts: HTMLElement[] = [text];
      const note = cellNote(row, column);
      if (note) {
        const shown = document.createElement('span');
        shown.className = 'grid-note';
        shown.dataset.note = note.kind;
        shown.textContent = note.kind === 'chosen' ? `→ ${note.text}` : note.text;
        parts.push(shown);
      }
      cell.replaceChildren(...parts);
      widest = Math.max(widest, partsWidth(cell));
    }
    return widest;
  } finally {
    cell.remove();
  }
}

/**
 * Each column's width: `CELL_WIDTH` until the user drags its header's right edge, as in
 * Excel, or double-clicks the edge to fit it to its header and every row of the file
 * (`widest` gives the rows whose cell in the column is longest: the rows on screen are
 * measured as they are drawn, the others drawn out of sight). Kept while the grid is
 * open; a file with other columns starts again.
 */
export function useColumnWidths(count: number, scrollRef: RefObject<HTMLDivElement | null>, widest: (column: number) => Promise<GridRowView[]>) {
  const [widths, setWidths] = useState<number[]>(() => Array<number>(count).fill(CELL_WIDTH));
  useEffect(() => {
    setWidths((previous) => (previous.length === count ? previous : Array<number>(count).fill(CELL_WIDTH)));
  }, [count]);
  const resize = useCallback((column: number, width: number) => {
    setWidths((previous) => previous.map((old, i) => (i === column ? clampCellWidth(width) : old)));
  }, []);
  const fit = useCallback(
    async (column: number) => {
      const rows = await widest(column).catch(() => []);
      const scroller = scrollRef.current;
      if (scroller) resize(column, Math.max(widthOnScreen(scroller, column), widthOfCells(scroller, column, rows)) + CELL_ROOM);
    },
    [scrollRef, resize, widest],
  );
  return { widths, resize, fit };
}

/**
 * How many leading columns stay in place as the grid scrolls across (`frozenColumns`):
 * measured again when the grid's width changes (the window resized) or a column's.
 */
export function useFrozenColumns(columns: readonly GridColumn[], widths: readonly number[], scrollRef: RefObject<HTMLDivElement | null>): number {
  const [clientWidth, setClientWidth] = useState(0);
  // The grid's scroller is drawn only once its rows are counted (a placeholder before): watched from when it is there.
  const watched = useRef<{ element: HTMLDivElement; observer: ResizeObserver } | null>(null);
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller || watched.current?.element === scroller) return;
    watched.current?.observer.disconnect();
    const observer = new ResizeObserver(() => setClientWidth(scroller.clientWidth));
    observer.observe(scroller);
    watched.current = { element: scroller, observer };
    setClientWidth(scroller.clientWidth);
  });
  useEffect(() => () => watched.current?.observer.disconnect(), []);
  return clientWidth > 0 ? frozenColumns(columns.map((column) => column.field), widths, clientWidth) : 0;
}

/** The right edge of a column's header: drag it to size the column, double-click it to fit the column's text. */
function ResizeEdge({ header, width, onResize, onFit }: { header: string; width: number; onResize(width: number): void; onFit(): void }) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  return (
    <div
      className="grid-resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of ${header || 'the column'}: drag to change, double-click to fit`}
      aria-valuenow={width}
      onPointerDown={(event) => {
        event.preventDefault();
        drag.current = { x: event.clientX, width };
        event.currentTarget.setPointerCapture(event.pointerId);
      }}
      onPointerMove={(event) => {
        if (drag.current) onResize(drag.current.width + event.clientX - drag.current.x);
      }}
      onPointerUp={(event) => {
        drag.current = null;
        event.currentTarget.releasePointerCapture(event.pointerId);
      }}
      onDoubleClick={onFit}
      // A click on the edge sizes the column; it does not select it.
      onClick={(event) => event.stopPropagation()}
    />
  );
}

export function GridHeader({
  columns,
  template,
  width,
  widths,
  frozen,
  selected,
  onResize,
  onFit,
  onSelectColumn,
  onSelectAll,
  values,
}: {
  columns: GridColumn[];
  template: string;
  width: number;
  widths: readonly number[];
  /** Where each frozen column stays across; none for the others. */
  frozen: ReadonlyArray<number | undefined>;
  /** The columns the selection takes in, shaded in the header as in Excel; null when nothing is selected. */
  selected: { left: number; right: number } | null;
  onResize(column: number, width: number): void;
  onFit(column: number): void;
  /** A header clicked: the whole column selected (with Shift, the columns from where the selection started). */
  onSelectColumn(column: number, extend: boolean): void;
  /** The corner over the row numbers clicked: every cell, as in Excel. */
  onSelectAll(): void;
  /** A column's values to show only the rows with one of them, as Excel's filter drop-down (see ./column-values). */
  values(column: number): ReactNode;
}) {
  return (
    <div className="grid-header" role="row" style={{ gridTemplateColumns: template, width }}>
      <div className="grid-cell grid-rownum" role="columnheader" title="Select every cell" onClick={onSelectAll}>
        Row
      </div>
      {columns.map((column, i) => (
        <div
          key={i}
          className="grid-cell"
          role="columnheader"
          title={column.header}
          data-header-column={i}
          data-frozen={frozen[i] === undefined ? undefined : true}
          style={frozen[i] === undefined ? undefined : { left: frozen[i] }}
          data-selected={selected !== null && i >= selected.left && i <= selected.right}
          onClick={(event) => onSelectColumn(i, event.shiftKey)}
        >
          <span>{column.header || '(no header)'}</span>
          <Text span size="xs" c={column.fieldLabel ? 'indigo' : 'dimmed'} fw={400}>
            {column.fieldLabel ?? 'not imported'}
          </Text>
          {values(i)}
          <ResizeEdge header={column.header} width={widths[i] ?? CELL_WIDTH} onResize={(next) => onResize(i, next)} onFit={() => onFit(i)} />
        </div>
      ))}
    </div>
  );
}
