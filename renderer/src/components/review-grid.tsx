import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, Center, Loader, Text, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CountsView, GridRowView, RowFilter } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useRowPages } from './use-row-pages';

export interface GridColumn {
  header: string;
  /** The OneFile field it maps to, or null when not imported. */
  fieldLabel: string | null;
}

const ROW_HEIGHT = 32;
const ROWNUM_WIDTH = 64;
const CELL_WIDTH = 168;

interface ActiveCell {
  position: number;
  column: number;
}

function cellIssues(row: GridRowView, column: number) {
  return row.issues.filter((issue) => issue.column === column);
}

const Cell = memo(function Cell({
  row,
  column,
  active,
  edited,
  onActivate,
  onEdit,
}: {
  row: GridRowView;
  column: number;
  active: boolean;
  edited: boolean;
  onActivate(): void;
  onEdit(): void;
}) {
  const issues = cellIssues(row, column);
  const severity = issues.some((i) => i.severity === 'error') ? 'error' : issues.length > 0 ? 'warning' : undefined;
  const value = row.cells[column] ?? '';
  const content = (
    <div
      className="grid-cell"
      role="gridcell"
      aria-selected={active}
      aria-invalid={severity === 'error' || undefined}
      aria-description={issues.length > 0 ? issues.map((i) => i.message).join(' ') : undefined}
      data-severity={severity}
      data-active={active}
      data-edited={edited}
      data-row={row.row}
      data-column={column}
      onClick={onActivate}
      onDoubleClick={onEdit}
    >
      <span>{value}</span>
    </div>
  );
  if (!severity) return content;
  return (
    <Tooltip label={issues.map((i) => i.message).join('\n')} multiline w={320} withArrow openDelay={150} color={severity === 'error' ? 'red' : 'yellow.8'} style={{ whiteSpace: 'pre-line' }}>
      {content}
    </Tooltip>
  );
});

function Editor({ initial, onCommit, onCancel }: { initial: string; onCommit(value: string): void; onCancel(): void }) {
  const [value, setValue] = useState(initial);
  // Enter saves and unmounts the editor, which may also blur it: save once only.
  const done = useRef(false);
  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    if (save) onCommit(value);
    else onCancel();
  };
  return (
    <input
      className="grid-editor"
      aria-label="Edit cell"
      autoFocus
      value={value}
      onChange={(e) => setValue(e.currentTarget.value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(true);
        if (e.key === 'Escape') finish(false);
      }}
      onBlur={() => finish(true)}
    />
  );
}

/**
 * The review grid: every row of the file, virtualised (only the rows on screen are
 * in the DOM, and only their pages are fetched), cells with errors and warnings
 * highlighted and explained on hover. Arrow keys move, Enter or a double-click
 * edits, Enter saves and the row is validated again at once.
 */
export function ReviewGrid({
  filter,
  columns,
  reloadKey,
  onCounts,
}: {
  filter: RowFilter;
  columns: GridColumn[];
  reloadKey: number;
  onCounts(counts: CountsView): void;
}) {
  const { client } = useBridge();
  const { total, rowAt, patchRow, reload, error } = useRowPages(client, filter);
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
        style={{ height: 'calc(100vh - 360px)', minHeight: 320 }}
        tabIndex={0}
        role="grid"
        aria-label="Rows of the file. Arrow keys move, Enter edits a cell."
        aria-rowcount={total + 1}
        aria-colcount={columns.length + 1}
        onKeyDown={onKeyDown}
        data-testid="review-grid"
      >
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
                            <Editor initial={row.cells[column] ?? ''} onCommit={commit} onCancel={() => {
                              setEditing(false);
                              scrollRef.current?.focus();
                            }} />
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
