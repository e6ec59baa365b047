import { Card, Group, Table, Text } from '@mantine/core';
import type { PlanView } from '../../../shared/contract-types';
import { planCallsText } from '../counts';
import { formatCount, formatEstimate, plural } from '../format';

/** The plan's calls, adding up: what reading the organisation and the matched learners took, and what the run will send. */
export function PlanCalls({ plan }: { plan: PlanView }) {
  const { calls } = plan;
  return (
    <Card withBorder padding="md">
      <Group gap="xl" align="flex-start">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Assignments
          </Text>
          <Text size="sm">
            {plural(plan.assignments.templates, 'framework template')}, {plural(plan.assignments.standards, 'standard')},{' '}
            {plural(plan.assignments.units, 'unit')}, {plural(plan.assignments.staff, 'staff assignment')}
          </Text>
        </div>
        <div data-testid="plan-calls">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            API calls
          </Text>
          <Text size="sm">{planCallsText(calls)}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Time
          </Text>
          <Text size="sm" data-testid="plan-time">
            {formatEstimate(plan.etaMs)} at {plan.budgetPerMinute} calls a minute
          </Text>
        </div>
      </Group>
    </Card>
  );
}

/** Each learner the import updates, with every field that changes: what OneFile has now, and what the file says. */
export function PlanUpdates({ plan }: { plan: PlanView }) {
  if (plan.updates.length === 0) return null;
  return (
    <Card withBorder padding="md" data-testid="plan-updates">
      <Text fw={600} mb={6}>
        {plural(plan.update, 'learner')} to update: what changes
      </Text>
      <Table.ScrollContainer minWidth={560} maxHeight={260}>
        <Table fz="sm" striped aria-label="Fields each update changes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>Row</Table.Th>
              <Table.Th w={180}>Name</Table.Th>
              <Table.Th w={140}>Field</Table.Th>
              <Table.Th>In OneFile now</Table.Th>
              <Table.Th>Will be</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.updates.flatMap((update) =>
              update.changes.map((change, i) => (
                <Table.Tr key={`${update.row}:${change.field}`} data-row={update.row}>
                  <Table.Td>{i === 0 ? update.row : ''}</Table.Td>
                  <Table.Td>{i === 0 ? update.name : ''}</Table.Td>
                  <Table.Td>{change.label}</Table.Td>
                  <Table.Td c="dimmed">{change.from}</Table.Td>
                  <Table.Td fw={600}>{change.to}</Table.Td>
                </Table.Tr>
              )),
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {plan.update > plan.updates.length && (
        <Text size="xs" c="dimmed" mt={4}>
          The first {formatCount(plan.updates.length)} of {formatCount(plan.update)} are shown; the results report lists every row.
        </Text>
      )}
    </Card>
  );
}
