import { Alert, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { PlanView } from '../../../shared/contract-types';
import { StatCard } from './stat-card';

/** The Plan screen's figures, notes and the rows it will not import: what the dry run found, at a glance. */

/** Rows by what the import does to them. */
export function PlanCounts({ plan }: { plan: PlanView }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 4 + (plan.link ? 1 : 0) + (plan.joined ? 1 : 0) }}>
      <StatCard label="Create" value={plan.create} color="teal" hint="new learners and staff" />
      <StatCard label="Update" value={plan.update} color="indigo" hint="already in OneFile, fields changed" />
      {plan.link ? <StatCard label="Link (set MIS ID)" value={plan.link} color="grape" hint="in OneFile without this MIS ID, found by ULN, NI number or email" /> : null}
      <StatCard label="Unchanged" value={plan.unchanged} hint="already in OneFile as in the file" />
      {plan.joined ? <StatCard label="With an earlier row" value={plan.joined} hint="the same person again (a row per standard): imported once, all their standards" /> : null}
      <StatCard label="Not imported" value={plan.blocked + plan.skipped} color="red" hint="rows with errors (see below)" />
    </SimpleGrid>
  );
}

/** What the importer learned about this OneFile that changes how it imports (paging, calls it lacks). */
export function PlanNotes({ plan }: { plan: PlanView }) {
  if (plan.notes.length === 0) return null;
  return (
    <Alert color="blue" variant="light" title="About this OneFile">
      <Stack gap={6}>
        {plan.notes.map((note) => (
          <Text key={note.code} size="sm">
            {note.message}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/** What is worth a look on the rows that are imported (a learner OneFile may have under the same name, a cell's warning): before anything is written. */
export function PlanWarnings({ plan }: { plan: PlanView }) {
  if (plan.warnings.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" title="Worth checking before you import" data-testid="plan-warnings">
      <Text size="sm" mb={6}>
        These rows are imported as planned; correct the file and check again if any of this is wrong.
      </Text>
      <Stack gap={6}>
        {plan.warnings.map((warning) => (
          <Text key={`${warning.where}:${warning.problem}`} size="sm">
            <Text span fw={600}>
              {warning.where}
            </Text>
            : {warning.problem} ({warning.rows})
          </Text>
        ))}
        {plan.moreWarnings > 0 && (
          <Text size="sm" c="dimmed">
            and {plan.moreWarnings} more (the results report lists every row’s)
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/** The rows the import leaves out, each with why. */
export function BlockedRows({ plan }: { plan: PlanView }) {
  if (plan.blockedRows.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={600} maxHeight={240}>
      <Table fz="sm" striped aria-label="Rows that will not be imported">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>Row</Table.Th>
            <Table.Th w={220}>Name</Table.Th>
            <Table.Th>Why</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.blockedRows.map((row) => (
            <Table.Tr key={row.row}>
              <Table.Td>{row.row}</Table.Td>
              <Table.Td>{row.name}</Table.Td>
              <Table.Td>{row.reason}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
