import { Alert, List, Text } from '@mantine/core';
import type { PlanView } from '../../../shared/contract-types';
import { plural } from '../format';

/** The classes and placements ticked in Review: created in OneFile first, once, before the rows that name them. */
export function PlanCreations({ plan }: { plan: PlanView }) {
  const creations = plan.creations ?? [];
  if (creations.length === 0) return null;
  return (
    <Alert color="teal" variant="light" title="Created in OneFile first (you ticked them in Review)" data-testid="plan-creations">
      <List size="sm" spacing={2}>
        {creations.map((creation) => (
          <List.Item key={`${creation.kind}:${creation.name}`}>
            {creation.kind === 'classroom' ? 'Class' : 'Placement'} “{creation.name}”: {plural(creation.rows, 'row')} {creation.rows === 1 ? 'waits' : 'wait'} for it
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt={6}>
        Each is created once, even if the import is stopped and resumed.
      </Text>
    </Alert>
  );
}
