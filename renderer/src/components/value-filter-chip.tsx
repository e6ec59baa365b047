import { ActionIcon, Button, Group, Text } from '@mantine/core';
import { columnFilterWords, withColumnFilter } from '../../../shared/value-filter';
import { plural } from '../format';
import type { ShownColumnFilter, ShownSort } from './review-grid';
import { sortWords as sortLevelsWords } from './listed-rows';

/** The way a sort goes, in words (and the sorts before it, which order each value's rows). */
const sortWords = (sort: ShownSort) => `sorted by ${sortLevelsWords(sort)}`;

/**
 * Says which rows Review shows by their cells' values (each column's filter, chosen from
 * a cell's right-click menu, as Excel's "Filter by Selected Cell's Value", or from the
 * column's values under its header's ▾), each with a × to take it off, and the column
 * they are sorted by, with a × to put them back in the file's order; and gives every row
 * back ("Show every row", the sort kept).
 */
export function ValueFilterChip({
  where,
  sort,
  listed,
  onChange,
}: {
  where: readonly ShownColumnFilter[];
  sort: ShownSort | null;
  listed: number | null;
  onChange(next: { where?: readonly ShownColumnFilter[]; sort?: null }): void;
}) {
  // Each filter's column and words, once: for the group's label and for what it shows.
  const filters = where.map((filter) => ({ filter, name: filter.header || 'the column', words: columnFilterWords(filter) }));
  const said = filters.map(({ name, words }) => `${name} ${words}`).join(' and ');
  const lead = where.length === 0 ? (listed === null ? 'Rows' : `${plural(listed, 'row')}`) : listed === null ? 'Rows where' : `${plural(listed, 'row')} where`;
  return (
    <Group gap={6} wrap="nowrap" role="group" aria-label={[where.length > 0 ? `${lead} ${said}` : lead, ...(sort ? [sortWords(sort)] : [])].join(', ')} data-testid="value-filter" style={{ minWidth: 0 }}>
      <Text size="sm" span style={{ whiteSpace: 'nowrap' }}>
        {lead}
      </Text>
      {filters.map(({ filter, name, words }, at) => (
        <Group key={filter.column} gap={2} wrap="nowrap" style={{ minWidth: 0 }} data-testid="column-filter">
          {at > 0 && (
            <Text size="sm" span mr={4}>
              and
            </Text>
          )}
          <Text size="sm" truncate="end" maw={360} title={`${name} ${words}`}>
            <b>{name}</b> {words}
          </Text>
          <ActionIcon size="xs" variant="subtle" color="gray" aria-label={`Take off the filter on ${name}`} title={`Take off the filter on ${name}`} onClick={() => onChange({ where: withColumnFilter(where, filter.column, null) })}>
            ×
          </ActionIcon>
        </Group>
      ))}
      {sort && (
        <Group gap={2} wrap="nowrap" data-testid="row-sort">
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {where.length > 0 ? ', ' : ''}
            {sortWords(sort)}
          </Text>
          <ActionIcon size="xs" variant="subtle" color="gray" aria-label="Back to the file's order" title="Back to the file's order" onClick={() => onChange({ sort: null })}>
            ×
          </ActionIcon>
        </Group>
      )}
      {where.length > 0 && (
        <Button size="compact-xs" variant="light" onClick={() => onChange({ where: [] })}>
          Show every row
        </Button>
      )}
    </Group>
  );
}
