import { ActionIcon, Button, Group, Text } from '@mantine/core';
import { columnFilterWords, withColumnFilter } from '../../../shared/value-filter';
import { plural } from '../format';
import type { ShownColumnFilter } from './review-grid';

/**
 * Says which rows Review shows by their cells' values (each column's filter, chosen from
 * a cell's right-click menu, as Excel's "Filter by Selected Cell's Value", or from the
 * column's values under its header's ▾), each with a × to take it off, and gives every
 * row back.
 */
export function ValueFilterChip({ where, listed, onChange }: { where: readonly ShownColumnFilter[]; listed: number | null; onChange(where: ShownColumnFilter[]): void }) {
  const said = where.map((filter) => `${filter.header || 'the column'} ${columnFilterWords(filter)}`).join(' and ');
  const lead = listed === null ? 'Rows where' : `${plural(listed, 'row')} where`;
  return (
    <Group gap={6} wrap="nowrap" role="group" aria-label={`${lead} ${said}`} data-testid="value-filter" style={{ minWidth: 0 }}>
      <Text size="sm" span style={{ whiteSpace: 'nowrap' }}>
        {lead}
      </Text>
      {where.map((filter, at) => {
        const name = filter.header || 'the column';
        const words = columnFilterWords(filter);
        return (
          <Group key={filter.column} gap={2} wrap="nowrap" style={{ minWidth: 0 }} data-testid="column-filter">
            {at > 0 && (
              <Text size="sm" span mr={4}>
                and
              </Text>
            )}
            <Text size="sm" truncate="end" maw={360} title={`${name} ${words}`}>
              <b>{name}</b> {words}
            </Text>
            <ActionIcon size="xs" variant="subtle" color="gray" aria-label={`Take off the filter on ${name}`} title={`Take off the filter on ${name}`} onClick={() => onChange(withColumnFilter(where, filter.column, null))}>
              ×
            </ActionIcon>
          </Group>
        );
      })}
      <Button size="compact-xs" variant="light" onClick={() => onChange([])}>
        Show every row
      </Button>
    </Group>
  );
}
