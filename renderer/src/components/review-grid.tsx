import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AlikeCellsView } from '../../../shared/contract-review-types';
import type { CountsView, GridRowView, RowFilter, RowsPage } from '../../../shared/contract-types';
import { withColumnFilter } from '../../../shared/value-filter';
import { dataEdge } from '../../../shared/data-edge';
import { useBridge } from '../use-bridge';
import { useRowPages } from './use-row-pages';
import type { EditorStep } from './grid-cell';
import { GridRow } from './grid-row';
import { frozenLefts, rangeOnRow, ROW_HEIGHT, ROWNUM_WIDTH } from './grid-geometry';
import { GridHeader, useColumnWidths, useFrozenColumns, type GridColumn } from './grid-header';
import type { EditHistory } from './use-edit-history';
import { useGridClipboard, type GridNotice } from './use-grid-clipboard';
import { useGridCursor, type ActiveCell, type JumpTarget } from './use-grid-cursor';
import { GridMenu, useGridMenu } from './grid-menu';
import { ColumnValues } from './column-values';
import { GridPlaceholder } from './grid-placeholder';
import { asAsked, sortAsked, type ShownColumnFilter, type ShownSort } from './listed-rows';
import { NOT_CHANGED_DURING_IMPORT } from './review-notices';

export type { JumpTarget } from './use-grid-cursor';
export type { GridColumn } from './grid-header';
export type { ShownColumnFilter, ShownSort } from './listed-rows';

export interface ActiveCellView {
  row: GridRowView;
  column: number;
}

/**
 * Saving an edited cell: the row comes back validated again (marked as edited while it
 * differs from the file), the change is kept to undo, the counts and "fix all like this"
 * are told to the parent; a refusal is kept to show above the grid. A cell given its
 * own text is left alone.
 */
function useCellSave({
  client,
  history,
  patchRow,
  reload,
  onCounts,
  onEdited,
  readOnly,
}: {
  client: ReturnType<typeof useBridge>['client'];
  history: EditHistory;
  patchRow(row: GridRowView): void;
  /** Reads the rows shown again: after an edit that changed more rows than its answer carries. */
  reload(): void;
  onCounts(counts: CountsView): void;
  onEdited(alike: AlikeCellsView | null): void;
  /** Every change refused (an import holds the app); main refuses it too. */
  readOnly: boolean;
}) {
  const [notice, setNotice] = useState<GridNotice | null>(null);
  async function save(row: GridRowView, column: number, value: string) {
    if ((row.cells[column] ?? '') === value) return;
    if (readOnly) return setNotice(NOT_CHANGED_DURING_IMPORT);
    try {
      const result = await client.updateCell({ index: row.index, column, value });
      patchRow(result.row);
      // The rows that shared the value (a duplicate ULN, MIS ID or email) are marked again with it, in place.
      if (result.others === null) reload();
      else for (const other of result.others) patchRow(other);
      history.record([{ index: row.index, column, before: row.cells[column] ?? '' }], 'edit');
      onCounts(result.counts);
      onEdited(result.alike);
      setNotice(null);
    } catch (caught) {
      setNotice({ color: 'red', title: 'The cell could not be saved', text: caught instanceof Error ? caught.message : String(caught) });
    }
  }
  return { notice, setNotice, save };
}

interface ReviewGridProps {
  filter: RowFilter;
  /** Each column's value filter (with the filter: rows that pass them all); empty for none. */
  where: readonly ShownColumnFilter[];
  /** The value filters changed: from a column's values list, or the right-click menu's "Show only rows with this value". */
  onWhere(where: readonly ShownColumnFilter[]): void;
  /** The column the rows are sorted by (Sort A to Z in its values list), or null: the file's order. */
  sort: ShownSort | null;
  /** A sort asked for from a column's values list. */
  onSort(column: number, descending: boolean): void;
  /** How many rows the grid lists (null while they are counted). */
  onListed?(total: number | null): void;
  columns: GridColumn[];
  reloadKey: number;
  onCounts(counts: CountsView): void;
  jumpTo: JumpTarget | null;
  onActiveCell(cell: ActiveCellView | null): void;
  onEdited(alike: AlikeCellsView | null): void;
  height: string;
  /** The first page of all rows, already asked for (see useRowPages). */
  firstPage?: Promise<RowsPage> | null;
  /** Review's changes to cells, to take back (the grid records its edits and pastes; Ctrl+Z asks `onUndo`). */
  history: EditHistory;
  onUndo(): void;
  /** Ctrl+Y or Ctrl+Shift+Z: make the last change taken back again. */
  onRedo(): void;
  /** Ctrl+F on the grid. */
  onFind(): void;
  /** Ctrl+H on the grid: Find with a box to replace with. */
  onReplace(): void;
  /** Ctrl+G on the grid: to the box that goes to a row. */
  onGoTo(): void;
  /** An import holds the app: cells are shown, selected and copied, but every change is refused, saying why. */
  readOnly: boolean;
}

/**
 * The review grid: every row of the file, virtualised (only the rows on screen are in
 * the DOM, and only their pages are fetched), cells with errors and warnings
 * highlighted. Arrow keys, Enter (down) and Tab (right) move, F2 or a double-click
 * edits; Enter saves and moves down (Tab right), as in Excel, inside a selection through
 * its cells, and the row is validated again at once. Ctrl+C and
 * Ctrl+V copy and paste, a block copied from a spreadsheet too, Ctrl+X cuts; Shift with a
 * move selects a block to copy, cut, empty, fill or paste over (a row's number or a
 * column's header the whole of it, Ctrl+A everything); Ctrl with an arrow goes to the edge
 * of the data, as in Excel; Ctrl+Z takes the last change back; a right-click, the menu key
 * or Shift+F10 opens the cell's menu (see ./grid-menu). The active cell is told
 * to the parent (whose bar under the grid says why a cell is red, without hovering),
 * and a jump brings a cell into view, however far down or right it is.
 */
export function ReviewGrid({ filter, where: shownWhere, onWhere, sort: shownSort, onSort, onListed, columns, reloadKey, onCounts, jumpTo, onActiveCell, onEdited, height, firstPage, history, onUndo, onRedo, onFind, onReplace, onGoTo, readOnly }: ReviewGridProps) {
  const { client } = useBridge();
  const where = useMemo(() => asAsked(shownWhere), [shownWhere]);
  const asked = useMemo(() => sortAsked(shownSort), [shownSort]);
  const { total, rowAt, patchRow, reload, version, error } = useRowPages(client, filter, where, asked, firstPage);
  useEffect(() => onListed?.(total), [total, onListed]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState(false);
  /** The column whose values are listed (its header's ▾, or Alt+Down); null when none is. */
  const [valuesOf, setValuesOf] = useState<number | null>(null);
  const [typed, setTyped] = useState<string | null>(null);
  const first = useRef(true);
  /** A change asked for while the file cannot be changed: said above the grid instead (see `readOnly`). */
  function refuse() {
    setNotice(NOT_CHANGED_DURING_IMPORT);
  }
  const changing = <A extends unknown[]>(change: (...args: A) => void) => (...args: A) => (readOnly ? refuse() : change(...args));
  // An import started while a cell was open: the cell closes, its text not saved.
  useEffect(() => {
    if (readOnly) setEditing(false);
  }, [readOnly]);

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

  const widest = useCallback((column: number) => client.widestCells({ filter, where, sort: asked, column }).then((found) => found.rows), [client, filter, where, asked]);
  const { widths, resize, fit } = useColumnWidths(columns.length, scrollRef, widest);
  const frozenCount = useFrozenColumns(columns, widths, scrollRef);
  const { active, activate, selectWhole, selectAll, drag, selection, advance, onKeyDown } = useGridCursor({
    total,
    columnCount: columns.length,
    widths,
    frozen: frozenCount,
    scrollRef,
    virtualizer,
    jumpTo,
    editing,
    undo: changing(onUndo),
    redo: changing(onRedo),
    find: onFind,
    replace: changing(onReplace),
    goTo: onGoTo,
    cancel: () => forgetCut(),
    menu: () => menu.openFromKeyboard(),
    values: (column) => setValuesOf(column),
    fill: changing((direction) => fillCells(direction)),
    dataEdge: (direction, from) => {
      if (direction === 'up' || direction === 'down') return client.findDataEdge({ filter, where, sort: asked, column: from.column, position: from.position, direction }).then((edge) => edge.position);
      const row = rowAt(from.position);
      if (!row) throw new Error('the row is not on hand');
      return dataEdge(columns.length, from.column, direction === 'right' ? 1 : -1, (column) => row.cells[column] ?? '');
    },
    clear: changing(() => clearCells()),
    startEditing: changing((text) => {
      setTyped(text ?? null);
      setEditing(true);
    }),
  });

  // The active cell's row, once its page is in: the parent says what is wrong with it.
  const activeRow = total ? rowAt(active.position) : undefined;
  useEffect(() => {
    onActiveCell(activeRow ? { row: activeRow, column: active.column } : null);
  }, [activeRow, active.column, version, onActiveCell]);

  // Where the mouse button was pressed on a cell, while it is held: a drag from there selects.
  const pressedAt = useRef<ActiveCell | null>(null);
  useEffect(() => {
    const released = () => (pressedAt.current = null);
    window.addEventListener('mouseup', released);
    return () => window.removeEventListener('mouseup', released);
  }, []);

  const template = `${ROWNUM_WIDTH}px ${widths.map((w) => `${w}px`).join(' ')}`;
  const width = ROWNUM_WIDTH + widths.reduce((sum, w) => sum + w, 0);
  const frozen = frozenLefts(frozenCount, widths);

  // A cell changed (typed, pasted, emptied) after cells were cut: the cut is forgotten, as in Excel.
  const { notice, setNotice, save } = useCellSave({
    client,
    history,
    patchRow,
    reload,
    onCounts,
    readOnly,
    onEdited: (alike) => {
      forgetCut();
      onEdited(alike);
    },
  });
  // Everything shown again (a change taken back, a name resolved): a word about the last paste or save no longer holds.
  // That a change is not made while an import runs still holds (Review's names check ending after it was said cleared it).
  useEffect(() => setNotice((shown) => (shown === NOT_CHANGED_DURING_IMPORT ? shown : null)), [reloadKey, setNotice]);
  useEffect(() => {
    if (!readOnly) setNotice((shown) => (shown === NOT_CHANGED_DURING_IMPORT ? null : shown)); // the import has ended: no longer so
  }, [readOnly, setNotice]);
  /** Saves the cell being edited; Enter or Tab then moves on (down, or right; inside a selection through its cells), as in Excel. */
  async function commit(value: string, step?: EditorStep) {
    setEditing(false);
    const row = rowAt(active.position);
    scrollRef.current?.focus();
    if (step) advance(step.rows, step.columns);
    if (row) await save(row, active.column, value);
  }
  const { onCopy, onCut, onPaste, fromMenu, clearSelection, fillCells, cutRange, forgetCut } = useGridClipboard({
    client,
    filter,
    where,
    sort: asked,
    total,
    columnCount: columns.length,
    active,
    selection,
    editing,
    rowAt,
    saveCell: save,
    onPasted: (changes, counts, what) => {
      if (what !== 'move') forgetCut();
      history.record(changes, what);
      onCounts(counts);
      onEdited(null);
      reload();
    },
    onNotice: setNotice,
  });

  // Everything shown again (a change taken back, a name resolved): cells cut before are not moved after.
  useEffect(() => forgetCut(), [reloadKey, forgetCut]);
  const menu = useGridMenu({ selection, editing, active, activate, gridRef: scrollRef });

  if (error || !total) return <GridPlaceholder error={error} total={total} filter={filter} where={where} />;

  const stopEditing = () => {
    setEditing(false);
    scrollRef.current?.focus();
  };

  /** A column's values closed: the keyboard back on the grid. */
  function closeValues() {
    setValuesOf(null);
    scrollRef.current?.focus();
  }

  /** The right-click menu's filter: the active cell's value in its column, as the file has it, with the other columns' filters. */
  function filterByValue() {
    const row = rowAt(active.position);
    const { column } = active;
    if (row) onWhere(withColumnFilter(shownWhere, column, { column, values: [row.cells[column] ?? ''], header: columns[column]?.header ?? '' }));
  }
  const activeFiltered = shownWhere.some((each) => each.column === active.column);

  /** Delete, or Clear contents: the selection emptied, or the active cell. */
  function clearCells() {
    if (selection) return clearSelection(selection);
    const row = rowAt(active.position);
    if (row) void save(row, active.column, '');
  }

  return (
    <>
      <GridMenu at={menu.at} onClose={() => {
          menu.close();
          scrollRef.current?.focus();
        }} actions={{
          ...fromMenu,
          cut: changing(fromMenu.cut),
          paste: changing(fromMenu.paste),
          clear: changing(clearCells),
          fill: changing(fillCells),
          filterByValue,
          anyValueHere: activeFiltered ? () => onWhere(withColumnFilter(shownWhere, active.column, null)) : null,
          showAllRows: shownWhere.length > (activeFiltered ? 1 : 0) ? () => onWhere([]) : null,
        }} />
      {notice && (
        <Alert color={notice.color} title={notice.title} mb="xs" withCloseButton onClose={() => setNotice(null)} data-testid="grid-notice">
          {notice.text}
        </Alert>
      )}
      <div
        ref={scrollRef}
        className="grid-scroll"
        style={{ height, minHeight: 260 }}
        tabIndex={0}
        role="grid"
        aria-label="Rows of the file. Arrow keys move (with Shift, select), Enter moves down, F2 edits a cell, typing replaces it, Ctrl+V pastes cells copied from a spreadsheet, Shift+F10 opens the cell's menu."
        aria-rowcount={total + 1}
        aria-colcount={columns.length + 1}
        onKeyDown={onKeyDown}
        onCopy={onCopy}
        onCut={changing(onCut)}
        onPaste={changing(onPaste)}
        onContextMenu={menu.open}
        data-testid="review-grid"
      >
        <GridHeader
          columns={columns}
          template={template}
          width={width}
          widths={widths}
          frozen={frozen}
          selected={selection && { left: selection.left, right: selection.right }}
          onResize={resize}
          onFit={(column) => void fit(column)}
          onSelectColumn={(column, extend) => selectWhole('columns', { position: active.position, column }, extend)}
          onSelectAll={selectAll}
          values={(column) => (
            <ColumnValues
              column={column}
              header={columns[column]?.header ?? ''}
              filter={filter}
              where={where}
              sorted={shownSort !== null && shownSort.column === column ? (shownSort.descending ? 'descending' : 'ascending') : null}
              onSort={(descending) => {
                closeValues();
                onSort(column, descending);
              }}
              opened={valuesOf === column}
              onOpen={() => setValuesOf(column)}
              onClose={closeValues}
              onApply={(filter) => {
                closeValues();
                onWhere(withColumnFilter(shownWhere, column, filter && { ...filter, header: columns[column]?.header ?? '' }));
              }}
            />
          )}
        />
        <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <GridRow
              key={item.key}
              position={item.index}
              start={item.start}
              row={rowAt(item.index)}
              columnCount={columns.length}
              template={template}
              width={width}
              frozen={frozen}
              activeColumn={active.position === item.index ? active.column : null}
              selected={rangeOnRow(selection, item.index)}
              cut={cutRange}
              editing={editing}
              typed={typed}
              onActivate={(column, extend) => activate({ position: item.index, column }, extend)}
              onSelectRow={(extend) => selectWhole('rows', { position: item.index, column: active.column }, extend)}
              onPress={(column) => (pressedAt.current = { position: item.index, column })}
              onDragOver={(column) => pressedAt.current && !editing && drag(pressedAt.current, { position: item.index, column })}
              onEdit={(column) => {
                activate({ position: item.index, column });
                if (readOnly) return refuse();
                setTyped(null);
                setEditing(true);
              }}
              onCommit={commit}
              onCancel={stopEditing}
            />
          ))}
        </div>
      </div>
    </>
  );
}
