import { Fragment, type ReactNode } from 'react';
import { Alert, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { UndoPlanView } from '../../../shared/contract-types';
import { formatCount, plural } from '../format';
import { StatCard } from './stat-card';

/**
 * What undoing a run would do, before anything is written: per user, each field put
 * back with its value now and before the run; the users the run created, to archive;
 * what is left as it is and why (changed in OneFile since); and what OneFile's API
 * cannot take away (learning aims, unit summaries, staff assignments), with the IDs
 * the centre needs to remove them in OneFile. The lists hold the first entries only.
 */

/** A titled list: its table, and how many more there are than it shows. */
function Section({ title, testId, shown, total, minWidth = 620, children }: { title: string; testId: string; shown: number; total: number; minWidth?: number; children: ReactNode }) {
  return (
    <Stack gap={4} data-testid={testId}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <Table.ScrollContainer minWidth={minWidth} maxHeight={220}>
        {children}
      </Table.ScrollContainer>
      {total > shown && (
        <Text size="xs" c="dimmed">
          The first {formatCount(shown)} of {formatCount(total)} are shown.
        </Text>
      )}
    </Stack>
  );
}

const who = (user: { name: string; userId: number }) => `${user.name} (${user.userId})`;

function PutBack({ plan }: { plan: UndoPlanView }) {
  if (plan.restore.users === 0) return null;
  const shown = plan.restore.list.reduce((n, user) => n + user.fields.length, 0);
  return (
    <Section title={`Put back: ${plural(plan.restore.fields, 'field')} of ${plural(plan.restore.users, 'user')}`} testId="undo-put-back" shown={shown} total={plan.restore.fields}>
      <Table fz="sm" striped aria-label="Fields put back">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Row</Table.Th>
            <Table.Th>Name (OneFile ID)</Table.Th>
            <Table.Th>Field</Table.Th>
            <Table.Th>Now (as the run set it)</Table.Th>
            <Table.Th>Put back to (before the run)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.restore.list.flatMap((user) =>
            user.fields.map((field) => (
              <Table.Tr key={`${user.userId}-${field.label}`}>
                <Table.Td>{user.row}</Table.Td>
                <Table.Td>{who(user)}</Table.Td>
                <Table.Td>{field.label}</Table.Td>
                <Table.Td>{field.now}</Table.Td>
                <Table.Td fw={600}>{field.before}</Table.Td>
              </Table.Tr>
            )),
          )}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

function Archive({ plan }: { plan: UndoPlanView }) {
  if (plan.archive.users === 0) return null;
  return (
    <Section title={`Archive: ${plural(plan.archive.users, 'user')} the run created`} testId="undo-archive" shown={plan.archive.list.length} total={plan.archive.users}>
      {plan.archive.importedAgain && (
        <Alert color="orange" variant="light" mb="xs" data-testid="undo-imported-again">
          {plan.archive.importedAgain}
        </Alert>
      )}
      <Table fz="sm" striped aria-label="Users archived">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Row</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>OneFile ID</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.archive.list.map((user) => (
            <Table.Tr key={user.userId}>
              <Table.Td>{user.row || ''}</Table.Td>
              <Table.Td>{user.name}</Table.Td>
              <Table.Td>{user.userId}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

/** Each entry on two lines: the field's values, then why it is left (a reason is a sentence: it gets the table's width). */
function Left({ plan }: { plan: UndoPlanView }) {
  if (plan.left.count === 0) return null;
  const line = { borderBottom: '1px solid var(--mantine-color-default-border)' };
  return (
    <Section title={`Left as they are: ${formatCount(plan.left.count)}`} testId="undo-left" shown={plan.left.list.length} total={plan.left.count}>
      <Table fz="sm" withRowBorders={false} aria-label="Left as they are">
        <Table.Thead>
          <Table.Tr style={line}>
            <Table.Th w={50}>Row</Table.Th>
            <Table.Th>Name (OneFile ID)</Table.Th>
            <Table.Th>Field</Table.Th>
            <Table.Th>Before the run</Table.Th>
            <Table.Th>The run set</Table.Th>
            <Table.Th>Now in OneFile</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.left.list.map((entry, index) => (
            <Fragment key={index}>
              <Table.Tr>
                <Table.Td>{entry.row || ''}</Table.Td>
                <Table.Td>{who(entry)}</Table.Td>
                <Table.Td>{entry.field?.label ?? ''}</Table.Td>
                <Table.Td>{entry.field?.before ?? ''}</Table.Td>
                <Table.Td>{entry.field?.runSet ?? ''}</Table.Td>
                <Table.Td fw={600}>{entry.field?.now ?? ''}</Table.Td>
              </Table.Tr>
              <Table.Tr style={line} data-testid="undo-left-reason">
                <Table.Td />
                <Table.Td colSpan={5} pt={0}>
                  <Text size="xs" c="orange.9">
                    {entry.reason}
                  </Text>
                </Table.Td>
              </Table.Tr>
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

function RemoveInOneFile({ plan }: { plan: UndoPlanView }) {
  if (plan.remove.count === 0 && plan.remove.onArchivedLearners === 0) return null;
  return (
    <Section title={`For the centre to remove in OneFile (the API cannot): ${formatCount(plan.remove.count)}`} testId="undo-remove" shown={plan.remove.list.length} total={plan.remove.count}>
      <Table fz="sm" striped aria-label="To remove in OneFile">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Row</Table.Th>
            <Table.Th>Learner</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>OneFile IDs</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.remove.list.map((entry, index) => (
            <Table.Tr key={index}>
              <Table.Td>{entry.row || ''}</Table.Td>
              <Table.Td>{entry.learnerId ? `${entry.learner} (${entry.learnerId})` : entry.learner}</Table.Td>
              <Table.Td>{entry.what}</Table.Td>
              <Table.Td>{entry.ids}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {plan.remove.onArchivedLearners > 0 && (
        <Text size="xs" c="dimmed">
          {plural(plan.remove.onArchivedLearners, 'more belongs', 'more belong')} to learners the undo archives: archived with them, not listed.
        </Text>
      )}
    </Section>
  );
}

/** What the undo writes, what planning it read, and what is already as before the run. */
function Calls({ plan }: { plan: UndoPlanView }) {
  const already = plan.already.fields + plan.already.users;
  const read = `reading what OneFile holds now took ${plural(plan.calls.reads, 'call')}`;
  return (
    <Text size="sm" data-testid="undo-calls">
      {plan.nothingToUndo
        ? `Nothing is written: ${read}.`
        : `The undo makes ${plural(plan.calls.writes, 'write')} to OneFile (${plural(plan.restore.users, 'update')}, ${plural(plan.archive.users, 'archive')}); ${read}.`}
      {already > 0 ? ` Already as before the run, so left alone: ${plural(plan.already.fields, 'field')}, ${plural(plan.already.users, 'archived user')}.` : ''}
    </Text>
  );
}

/** The plan's figures and lists, and the writes the undo will make. */
export function UndoPlanDetails({ plan }: { plan: UndoPlanView }) {
  return (
    <Stack gap="md" data-testid="undo-plan">
      {!plan.nothingToUndo && (
        <SimpleGrid cols={4}>
          <StatCard size="sm" label="Put back" value={plan.restore.fields} color="indigo" hint={`${plan.restore.fields === 1 ? 'field' : 'fields'} of ${plural(plan.restore.users, 'user')}`} />
          <StatCard size="sm" label="Archive" value={plan.archive.users} color="red" hint={`${plan.archive.users === 1 ? 'user' : 'users'} the run created`} />
          <StatCard size="sm" label="Left as they are" value={plan.left.count} color="orange" hint="changed in OneFile since, or gone" />
          <StatCard size="sm" label="Remove in OneFile" value={plan.remove.count} color="grape" hint="by the centre, by hand" />
        </SimpleGrid>
      )}
      <PutBack plan={plan} />
      <Archive plan={plan} />
      <Left plan={plan} />
      <RemoveInOneFile plan={plan} />
      <Calls plan={plan} />
    </Stack>
  );
}
