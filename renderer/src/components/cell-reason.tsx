import { Anchor, Group, Paper, Text } from '@mantine/core';
import type { GridColumn, ActiveCellView } from './review-grid';
import { cellIssues } from './grid-cell';

/**
 * The bar under the grid: the active cell's row and column, what is wrong with it in
 * full (no hovering needed), the date as it was read, and the OneFile record chosen
 * for it with the way to take the choice back.
 */
export function CellReason({ cell, columns, onUndoChoice, readOnly }: { cell: ActiveCellView | null; columns: GridColumn[]; onUndoChoice(field: string, value: string): void; readOnly: boolean }) {
  if (!cell) return null;
  const { row, column } = cell;
  const issues = cellIssues(row, column);
  const rowIssues = row.issues.filter((i) => i.column === null);
  const read = row.readAs?.find((r) => r.column === column);
  const chosen = row.chosen?.filter((c) => c.column === column) ?? [];
  const header = columns[column]?.header || `Column ${column + 1}`;
  return (
    <Paper withBorder p="xs" data-testid="cell-reason" aria-live="polite">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          Row {row.row} · {header}
        </Text>
        <Text size="sm" c="dimmed">
          “{row.cells[column] ?? ''}”
        </Text>
        {read && (
          <Text size="sm" data-testid="read-as">
            read as <b>{read.text}</b>
          </Text>
        )}
        {chosen.map((c) => (
          <Text size="sm" key={`${c.field}:${c.value}`} data-testid="chosen">
            OneFile: <b>{c.name}</b> (your choice){' '}
            {!readOnly && (
              <Anchor component="button" type="button" size="sm" onClick={() => onUndoChoice(c.field, c.value)}>
                Undo
              </Anchor>
            )}
          </Text>
        ))}
      </Group>
      {[...issues, ...rowIssues].map((issue, i) => (
        <Text key={i} size="sm" c={issue.severity === 'error' ? 'red' : 'yellow.8'} data-testid="cell-problem">
          {issue.message}
        </Text>
      ))}
      {issues.length === 0 && rowIssues.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing wrong with this cell.{readOnly ? '' : ' Double-click it or press Enter to change it.'}
        </Text>
      )}
    </Paper>
  );
}
