import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, Center, Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AlikeCellsView } from '../../../shared/contract-review-types';
import type { CountsView, GridRowView, RowFilter, RowsPage } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useRowPages } from './use-row-pages';
import { Cell, Editor } from './grid-cell';

export interface GridColumn {
  header: string;
  /** The OneFile field it maps to, or null when not imported. */
  fieldLabel: string | null;
}

/** A cell to bring into view and make active (from the problems list); `nonce` makes the same cell jumpable twice. */
export interface JumpTarget {
  index: number;
  column: number;
  nonce: number;
}

export interface ActiveCellView {
  row: GridRowView;
  column: number;
}

const ROW_HEIGHT = 32;
const ROWNUM_WIDTH = 64;
const CELL_WIDTH = 176;

interface ActiveCell {
  position: number;
  column: number;
}

function GridHeader({ columns, template, width }: { columns: GridColumn[]; template: string; width: number }) {
  return (
    <div className="grid-header" role="row" style={{ gridTemplateColumns: template, width }}>
      <div className="grid-cell grid-rownum" role="columnheader">
        Row
      </div>
      {columns.map((column, i) => (
        <div key={i} className="grid-cell" role="columnheader" title={column.header}>
          <span>{column.header || '(no header)'}</span>
          <Text span size="xs" c={column.fieldLabel ? 'indigo' : 'dimmed'} fw={400}>
            {column.fieldLabel ?? 'not imported'}
          </Text>
        </div>
      ))}
    </div>
  );
}

/**
 * The review grid: every row of the file, virtualised (only the rows on screen are in
 * the DOM, and only their pages are fetched), cells with errors and warnings
 * highlighted. Arrow keys move, Enter or a double-click edits, Enter saves and the row
 * is validated again at once. The active cell is told to the parent (whose bar under
 * the grid says why a cell is red, without hovering), and a jump brings a cell into
 * view, however far down or right it is.
 */
export function ReviewGrid({
  filter,
  columns,
  reloadKey,
  onCounts,
  jumpTo,
  onActiveCell,
  onEdited,
  height,
  firstPage,
}: {
  filter: RowFilter;
  columns: GridColumn[];
  reloadKey: number;
  onCounts(counts: CountsView): void;
  jumpTo: JumpTarget | null;
  onActiveCell(cell: ActiveCellView | null): void;
  onEdited(alike: AlikeCellsView | null): void;
  height: string;
  /** The first page of all rows, already asked for (see useRowPages). */
  firstPage?: Promise<RowsPage> | null;
}) {
  const { client } = useBridge();
  const { total, rowAt, patchRow, reload, version, error } = useRowPages(client, filter, firstPage);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<ActiveCell>({ position: 0, column: 0 });
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const [saveError, setSaveError] = useState<string | null>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload();
  }, [reloadKey, reload]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // The active cell's row, once its page is in: the parent says what is wrong with it.
  const activeRow = total ? rowAt(active.position) : undefined;
  useEffect(() => {
    onActiveCell(activeRow ? { row: activeRow, column: active.column } : null);
  }, [activeRow, active.column, version, onActiveCell]);

  useEffect(() => {
    if (!jumpTo || total === null || total === 0) return;
    const position = Math.min(jumpTo.index, total - 1);
    setActive({ position, column: jumpTo.column });
    virtualizer.scrollToIndex(position, { align: 'center' });
    const scroller = scrollRef.current;
    if (scroller) {
      scroller.scrollLeft = Math.max(0, jumpTo.column * CELL_WIDTH - (scroller.clientWidth - ROWNUM_WIDTH - CELL_WIDTH) / 2);
      scroller.focus({ preventScroll: true });
    }
  }, [jumpTo, total === null]);

  const template = `${ROWNUM_WIDTH}px repeat(${columns.length}, ${CELL_WIDTH}px)`;
  const width = ROWNUM_WIDTH + columns.length * CELL_WIDTH;

  async function commit(value: string) {
    setEditing(false);
    const row = rowAt(active.position);
    if (!row || (row.cells[active.column] ?? '') === value) return;
    try {
      const result = await client.updateCell({ index: row.index, column: active.column, value });
      patchRow(result.row);
      setEdited((previous) => new Set(previous).add(`${row.index}:${active.column}`));
      onCounts(result.counts);
      onEdited(result.alike);
      setSaveError(null);
    } catch (caught) {
      setSaveError(caught instanceof Error ? caught.message : String(caught));
    }
    scrollRef.current?.focus();
  }

  function move(position: number, column: number) {
    const max = (total ?? 1) - 1;
    const next = { position: Math.max(0, Math.min(max, position)), column: Math.max(0, Math.min(columns.length - 1, column)) };
    setActive(next);
    virtualizer.scrollToIndex(next.position, { align: 'auto' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (editing) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active.position + 1, active.column),
      ArrowUp: () => move(active.position - 1, active.column),
      ArrowRight: () => move(active.position, active.column + 1),
      ArrowLeft: () => move(active.position, active.column - 1),
      PageDown: () => move(active.position + page, active.column),
      PageUp: () => move(active.position - page, active.column),
      Home: () => move(event.ctrlKey ? 0 : active.position, 0),
      End: () => move(event.ctrlKey ? (total ?? 1) - 1 : active.position, columns.length - 1),
      Enter: () => setEditing(true),
      F2: () => setEditing(true),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  }

  if (error) {
    return (
      <Alert color="red" title="The rows could not be loaded">
        {error}
      </Alert>
    );
  }
  if (total === null) {
    return (
      <Center h={200}>
        <Loader aria-label="Loading rows" />
      </Center>
    );
  }
  if (total === 0) {
    return (
      <Center h={160}>
        <Text c="dimmed">{filter === 'all' ? 'The file has no rows.' : 'No rows match this filter. Choose “All rows” to see everything.'}</Text>
      </Center>
    );
  }

  const stopEditing = () => {
    setEditing(false);
    scrollRef.current?.focus();
  };

  return (
    <>
      {saveError && (
        <Alert color="red" title="The cell could not be saved" mb="xs" withCloseButton onClose={() => setSaveError(null)}>
          {saveError}
        </Alert>
      )}
      <div
        ref={scrollRef}
        className="grid-scroll"
        style={{ height, minHeight: 260 }}
        tabIndex={0}
        role="grid"
        aria-label="Rows of the file. Arrow keys move, Enter edits a cell."
        aria-rowcount={total + 1}
        aria-colcount={columns.length + 1}
        onKeyDown={onKeyDown}
        data-testid="review-grid"
      >
        <GridHeader columns={columns} template={template} width={width} />
        <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                className="grid-row"
                role="row"
                aria-rowindex={item.index + 2}
                data-status={row?.status}
                style={{ gridTemplateColumns: template, width, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <div className="grid-cell grid-rownum" role="rowheader">
                  {row?.row ?? ''}
                </div>
                {row
                  ? columns.map((_, column) => {
                      const isActive = active.position === item.index && active.column === column;
                      if (isActive && editing) {
                        return (
                          <div key={column} className="grid-cell" style={{ padding: 0 }}>
                            <Editor initial={row.cells[column] ?? ''} onCommit={commit} onCancel={stopEditing} />
                          </div>
                        );
                      }
                      return (
                        <Cell
                          key={column}
                          row={row}
                          column={column}
                          active={isActive}
                          edited={edited.has(`${row.index}:${column}`)}
                          onActivate={() => setActive({ position: item.index, column })}
                          onEdit={() => {
                            setActive({ position: item.index, column });
                            setEditing(true);
                          }}
                        />
                      );
                    })
                  : null}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
