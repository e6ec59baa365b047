import type { GridRowView } from '../../../shared/contract-types';
import { Cell, Editor, type EditorStep } from './grid-cell';
import { edgesInRange, ROW_HEIGHT, type CellRange } from './grid-geometry';

export interface GridRowProps {
  position: number;
  start: number;
  /** Undefined while its page is being fetched. */
  row: GridRowView | undefined;
  columnCount: number;
  template: string;
  width: number;
  /** Where each frozen column stays across (`frozenLefts`); none for the others. */
  frozen: ReadonlyArray<number | undefined>;
  /** The active cell's column when it is on this row. */
  activeColumn: number | null;
  /** The columns selected on this row, when the selection takes it in. */
  selected: { left: number; right: number } | null;
  /** The block cut (Ctrl+X) and not pasted yet, if there is one. */
  cut: CellRange | null;
  editing: boolean;
  /** What was typed on the cell to start editing it, replacing its text; null to edit its text. */
  typed: string | null;
  /** A cell clicked; with Shift, the selection runs to it. */
  onActivate(column: number, extend: boolean): void;
  /** The row's number clicked: the whole row selected (with Shift, the rows from where the selection started). */
  onSelectRow(extend: boolean): void;
  /** The mouse pressed on a cell, then dragged over another: the selection from one to the other. */
  onPress(column: number): void;
  onDragOver(column: number): void;
  onEdit(column: number): void;
  onCommit(value: string, step?: EditorStep): void;
  onCancel(): void;
}

/** One row of the file on screen: its number, then its cells, the active one editable. */
export function GridRow({ position, start, row, columnCount, template, width, frozen, activeColumn, selected, cut, editing, typed, onActivate, onSelectRow, onPress, onDragOver, onEdit, onCommit, onCancel }: GridRowProps) {
  return (
    <div
      className="grid-row"
      role="row"
      aria-rowindex={position + 2}
      data-status={row?.status}
      style={{ gridTemplateColumns: template, width, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      <div className="grid-cell grid-rownum" role="rowheader" data-selected={selected !== null} onClick={(event) => onSelectRow(event.shiftKey)}>
        {row?.row ?? ''}
      </div>
      {row
        ? Array.from({ length: columnCount }, (_, column) => {
            const isActive = activeColumn === column;
            if (isActive && editing) {
              return (
                <div key={column} className="grid-cell" data-frozen={frozen[column] !== undefined || undefined} style={{ padding: 0, left: frozen[column] }}>
                  <Editor initial={typed ?? row.cells[column] ?? ''} onCommit={onCommit} onCancel={onCancel} />
                </div>
              );
            }
            return (
              <Cell
                key={column}
                row={row}
                column={column}
                frozenLeft={frozen[column]}
                active={isActive}
                selected={selected !== null && column >= selected.left && column <= selected.right}
                cutEdges={edgesInRange(cut, position, column)}
                edited={row.edited?.includes(column) ?? false}
                onActivate={(extend) => onActivate(column, extend)}
                onPress={() => onPress(column)}
                onDragOver={() => onDragOver(column)}
                onEdit={() => onEdit(column)}
              />
            );
          })
        : null}
    </div>
  );
}

