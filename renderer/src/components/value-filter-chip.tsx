import { Button, Group, Text } from '@mantine/core';
import { plural } from '../format';
import type { ShownValueFilter } from './review-grid';

/**
 * Says that Review shows only the rows with one value in a column (chosen from a cell's
 * right-click menu, as Excel's "Filter by Selected Cell's Value", or from the column's
 * values under its header's ▾), and gives every row back.
 */
export function ValueFilterChip({ where, listed, onClear }: { where: ShownValueFilter; listed: number | null; onClear(): void }) {
  const value = where.value.trim();
  return (
    <Group gap={6} wrap="nowrap" data-testid="value-filter" style={{ minWidth: 0 }}>
      <Text size="sm" truncate="end" maw={420} title={value}>
        Only rows where <b>{where.header || 'the column'}</b> {value === '' ? 'is empty' : <>is “{value}”</>}
        {listed !== null && <>: {plural(listed, 'row')}</>}
      </Text>
      <Button size="compact-xs" variant="light" onClick={onClear}>
        Show every row
      </Button>
    </Group>
  );
}
