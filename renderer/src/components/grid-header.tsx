import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { Text } from '@mantine/core';
import { CELL_WIDTH, clampCellWidth } from './grid-geometry';

export interface GridColumn {
  header: string;
  /** The OneFile field it maps to, or null when not imported. */
  fieldLabel: string | null;
}

/** Room a cell needs beside its text: its padding (8 px a side) and the edited mark. */
const CELL_ROOM = 28;

/**
 * How wide a column must be to show whole what is on screen of it: its header, and each
 * cell's text with what the importer read it as. The rows not on screen are not in the
 * page (the grid is virtualised), so it fits the rows in view, as far as they go.
 */
function fittedWidth(scroller: HTMLElement, column: number): number {
  let widest = 0;
  for (const cell of scroller.querySelectorAll<HTMLElement>(`[data-column="${column}"], [data-header-column="${column}"]`)) {
    let needed = 0;
    for (const part of cell.children) if (part instanceof HTMLElement && part.getAttribute('aria-hidden') === null) needed += part.scrollWidth + 6;
    widest = Math.max(widest, needed);
  }
  return clampCellWidth(widest + CELL_ROOM);
}

/**
 * Each column's width: `CELL_WIDTH` until the user drags its header's right edge, as in
 * Excel, or double-clicks the edge to fit what is on screen of it. Kept while the grid
 * is open; a file with other columns starts again.
 */
export function useColumnWidths(count: number, scrollRef: RefObject<HTMLDivElement | null>) {
  const [widths, setWidths] = useState<number[]>(() => Array<number>(count).fill(CELL_WIDTH));
  useEffect(() => {
    setWidths((previous) => (previous.length === count ? previous : Array<number>(count).fill(CELL_WIDTH)));
  }, [count]);
  const resize = useCallback((column: number, width: number) => {
    setWidths((previous) => previous.map((old, i) => (i === column ? clampCellWidth(width) : old)));
  }, []);
  const fit = useCallback(
    (column: number) => {
      const scroller = scrollRef.current;
      if (scroller) resize(column, fittedWidth(scroller, column));
    },
    [scrollRef, resize],
  );
  return { widths, resize, fit };
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
  selected,
  onResize,
  onFit,
  onSelectColumn,
  onSelectAll,
}: {
  columns: GridColumn[];
  template: string;
  width: number;
  widths: readonly number[];
  /** The columns the selection takes in, shaded in the header as in Excel; null when nothing is selected. */
  selected: { left: number; right: number } | null;
  onResize(column: number, width: number): void;
  onFit(column: number): void;
  /** A header clicked: the whole column selected (with Shift, the columns from where the selection started). */
  onSelectColumn(column: number, extend: boolean): void;
  /** The corner over the row numbers clicked: every cell, as in Excel. */
  onSelectAll(): void;
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
          data-selected={selected !== null && i >= selected.left && i <= selected.right}
          onClick={(event) => onSelectColumn(i, event.shiftKey)}
        >
          <span>{column.header || '(no header)'}</span>
          <Text span size="xs" c={column.fieldLabel ? 'indigo' : 'dimmed'} fw={400}>
            {column.fieldLabel ?? 'not imported'}
          </Text>
          <ResizeEdge header={column.header} width={widths[i] ?? CELL_WIDTH} onResize={(next) => onResize(i, next)} onFit={() => onFit(i)} />
        </div>
      ))}
    </div>
  );
}
