import { Alert, Center, Loader, Text } from '@mantine/core';
import type { RowFilter, ValueFilter } from '../../../shared/contract-types';

/** What the grid shows instead of rows: why they could not be loaded, that they are loading, or that there are none. */
export function GridPlaceholder({ error, total, filter, where }: { error: string | null; total: number | null; filter: RowFilter; where: ValueFilter }) {
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
  return (
    <Center h={160}>
      <Text c="dimmed">
        {where.length > 0
          ? 'No rows pass the filters on the columns. Choose “Show every row” above to see the others.'
          : filter === 'all'
            ? 'The file has no rows.'
            : 'No rows match this filter. Choose “All rows” to see everything.'}
      </Text>
    </Center>
  );
}
