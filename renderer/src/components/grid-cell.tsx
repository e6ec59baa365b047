import { memo, useEffect, useRef, useState } from 'react';
import { Tooltip } from '@mantine/core';
import type { GridRowView } from '../../../shared/contract-types';

/**
 * One cell of the review grid: the file's text, and beside it what the importer made of
 * it (a date as read, "3 Jan 2000"; a whole name's first and last name; the OneFile
 * record chosen for a name); errors and warnings coloured, their reason on hover and in
 * the bar under the grid.
 */

export function cellIssues(row: GridRowView, column: number) {
  return row.issues.filter((issue) => issue.column === column);
}

export function cellNote(row: GridRowView, column: number): { kind: 'read' | 'chosen'; text: string } | null {
  const chosen = row.chosen?.filter((c) => c.column === column) ?? [];
  if (chosen.length > 0) return { kind: 'chosen', text: chosen.map((c) => c.name).join('; ') };
  const read = row.readAs?.find((r) => r.column === column);
  return read ? { kind: 'read', text: read.text } : null;
}

export const Cell = memo(function Cell({
  row,
  column,
  frozenLeft,
  active,
  selected,
  cutEdges,
  edited,
  onActivate,
  onEdit,
  onPress,
  onDragOver,
}: {
  row: GridRowView;
  column: number;
  /** A frozen column's place across (it stays there as the grid scrolls); undefined for the others. */
  frozenLeft?: number;
  active: boolean;
  /** In the block selected (Shift with a move or a click). */
  selected: boolean;
  /** In the block cut (Ctrl+X, not pasted yet): the sides of it on the block's edge ('top left'), drawn dashed as in Excel. */
  cutEdges?: string;
  edited: boolean;
  /** Clicked: with Shift held, the selection runs to it. */
  onActivate(extend: boolean): void;
  /** The mouse button pressed on it: where a drag would start. */
  onPress(): void;
  /** Entered with the button held: the selection runs from where it was pressed to it. */
  onDragOver(): void;
  onEdit(): void;
}) {
  const [hovered, setHovered] = useState(false);
  const issues = cellIssues(row, column);
  const severity = issues.some((i) => i.severity === 'error') ? 'error' : issues.length > 0 ? 'warning' : undefined;
  const value = row.cells[column] ?? '';
  const note = cellNote(row, column);
  return (
    <div
      className="grid-cell"
      role="gridcell"
      aria-selected={active || selected}
      aria-invalid={severity === 'error' || undefined}
      aria-description={issues.length > 0 ? issues.map((i) => i.message).join(' ') : undefined}
      data-severity={severity}
      data-active={active}
      data-selected={selected || undefined}
      data-cut={cutEdges}
      data-edited={edited}
      data-row={row.row}
      data-column={column}
      data-frozen={frozenLeft === undefined ? undefined : true}
      style={frozenLeft === undefined ? undefined : { left: frozenLeft }}
      title={note ? `${value} → ${note.text}` : undefined}
      onClick={(event) => onActivate(event.shiftKey)}
      onDoubleClick={onEdit}
      // Dragged over with the button held from another cell: the selection runs to it, as in Excel.
      onMouseDown={(event) => event.button === 0 && !event.shiftKey && onPress()}
      onMouseEnter={(event) => {
        if (event.buttons === 1) onDragOver();
        if (severity) setHovered(true);
      }}
      onMouseLeave={severity ? () => setHovered(false) : undefined}
    >
      <span>{value}</span>
      {note && (
        <span className="grid-note" data-note={note.kind}>
          {note.kind === 'chosen' ? `→ ${note.text}` : note.text}
        </span>
      )}
      {severity && hovered && <IssueTooltip label={issues.map((i) => i.message).join('\n')} severity={severity} />}
    </div>
  );
});

/**
 * A cell's reasons on hover, made only while the pointer is over the cell: a tooltip
 * made for every cell with a problem took about a third of the time a first page of
 * rows took to render. It anchors on a layer over the whole cell, so it sits where a
 * tooltip on the cell itself would.
 *
 * A key pressed puts it away (a move, a column's values opened with Alt+Down, typing
 * into a cell): it would otherwise stay over what the key brought up until the mouse
 * moved. The mouse brings it back by coming to the cell again.
 */
function IssueTooltip({ label, severity }: { label: string; severity: 'error' | 'warning' }) {
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setOpened(true), 150);
    const putAway = () => {
      clearTimeout(timer);
      setOpened(false);
    };
    window.addEventListener('keydown', putAway, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', putAway, true);
    };
  }, []);
  return (
    <Tooltip label={label} opened={opened} multiline w={320} withArrow color={severity === 'error' ? 'red' : 'yellow.8'} style={{ whiteSpace: 'pre-line' }}>
      <span className="grid-cell-anchor" aria-hidden />
    </Tooltip>
  );
}

/** Where the active cell goes after an edit is saved by a key: Enter down (Shift+Enter up), Tab right (Shift+Tab left). */
export interface EditorStep {
  rows: number;
  columns: number;
}

export function Editor({ initial, onCommit, onCancel }: { initial: string; onCommit(value: string, step?: EditorStep): void; onCancel(): void }) {
  const [value, setValue] = useState(initial);
  // The caret after the text, as Excel's F2 leaves it (and after a character typed to replace it).
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.setSelectionRange(initial.length, initial.length), [initial]);
  // Enter saves and unmounts the editor, which may also blur it: save once only.
  const done = useRef(false);
  const finish = (save: boolean, step?: EditorStep) => {
    if (done.current) return;
    done.current = true;
    if (save) onCommit(value, step);
    else onCancel();
  };
  return (
    <input
      ref={input}
      className="grid-editor"
      aria-label="Edit cell"
      autoFocus
      value={value}
      onChange={(e) => setValue(e.currentTarget.value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(true, { rows: e.shiftKey ? -1 : 1, columns: 0 });
        if (e.key === 'Tab') {
          e.preventDefault();
          finish(true, { rows: 0, columns: e.shiftKey ? -1 : 1 });
        }
        if (e.key === 'Escape') finish(false);
      }}
      onBlur={() => finish(true)}
    />
  );
}
