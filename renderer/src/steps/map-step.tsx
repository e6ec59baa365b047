import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { MappedColumnView, MappingView } from '../../../shared/contract-types';
import type { FieldKey } from '../../../shared/fields';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { EveryRowValues } from '../components/every-row-values';
import { FieldPicker, type FieldChoice } from '../components/field-picker';
import { ProfileControls } from '../components/profile-controls';
import { ReadingSettings } from '../components/reading-settings';
import { ReadNotices } from '../components/read-notices';
import { ImportUnderWay } from '../components/import-under-way';
import { openReviewEarly } from '../review-prefetch';

/**
 * How sure the mapping is, with the reason in words beside it (not only on hover, and no
 * extra Tab stop): it falls when the column's values do not read as the field.
 */
function Confidence({ column }: { column: MappedColumnView }) {
  const mapped = column.field !== null;
  const [color, label] = !mapped
    ? ['gray', 'Not imported']
    : column.confidence >= 0.9
      ? ['teal', 'Sure']
      : column.confidence >= 0.6
        ? ['yellow', 'Check']
        : ['orange', 'Guess'];
  return (
    <Stack gap={2}>
      <Badge color={color} variant="light" style={{ alignSelf: 'flex-start' }}>
        {label}
        {mapped ? ` · ${Math.round(column.confidence * 100)}%` : ''}
      </Badge>
      <Text size="xs" c="dimmed" lineClamp={2} title={column.reason}>
        {column.reason}
      </Text>
    </Stack>
  );
}

function Conflicts({ mapping }: { mapping: MappingView }) {
  return mapping.conflicts.map((conflict) => {
    const columns = conflict.columns.map((i) => mapping.columns[i]).filter(Boolean);
    const kept = columns.slice(0, conflict.used);
    const others = columns.slice(conflict.used);
    if (kept.length === 0) return null;
    const named = (list: typeof columns) => list.map((c) => `${c.letter} “${c.header}”`).join(' and ');
    const title = conflict.used > 1 ? `A column of whole names beside ${conflict.usedFor}` : `More than one column looks like ${conflict.label}`;
    return (
      <Alert key={conflict.field} color="yellow" title={title}>
        {kept.length === 1 ? 'Column' : 'Columns'} {named(kept)} {kept.length === 1 ? 'is' : 'are'} used for {conflict.usedFor}; {named(others)}{' '}
        {others.length === 1 ? 'is' : 'are'} not imported. Change the mapping below if that is the wrong way round.
      </Alert>
    );
  });
}

/**
 * Required fields no column holds. With a column that finds users already in OneFile
 * (MIS ID, ULN, NI number, email), rows about them go ahead without these fields and only
 * a new user's row is blocked, as the plan does it (shared/missing-columns); without one,
 * every row would create, and every row is blocked.
 */
function MissingRequired({ mapping }: { mapping: MappingView }) {
  if (mapping.missingRequired.length === 0) return null;
  const labels = mapping.missingRequired.map((m) => m.label).join(', ');
  const { onlyForNew, who } = mapping.missingFor;
  const them = mapping.missingRequired.length === 1 ? 'it' : 'them';
  if (!onlyForNew) {
    return (
      <Alert color="red" title="Required fields with no column">
        {labels}: map a column to each, or give one value for every row below; otherwise every row will be blocked.
      </Alert>
    );
  }
  return (
    <Alert color="yellow" title={`Needed to create new ${who}`}>
      {labels}: no column holds {them}. Rows about {who} already in OneFile (found by MIS ID, ULN, NI number or email) go ahead
      without {them}; a row about a new one is blocked. To create new {who}, map a column to each or give one value for
      every row below.
    </Alert>
  );
}

/**
 * Step 3: every column, its sample values, the field it goes to and how sure the guess is; how
 * the file's dates and roles are read. Not changed while an import holds the app (`onShowImport` leads to it).
 */
export function MapStep({ onDone, onBack, onShowImport }: { onDone(): void; onBack(): void; onShowImport(): void }) {
  const { client } = useBridge();
  const { state } = useSession();
  const importUnderWay = state?.run?.active === true;
  const [mapping, setMapping] = useState<MappingView | null>(null);
  const initial = useAction(async () => setMapping(await client.getMapping()));
  const change = useAction(async (column: number, choice: FieldChoice) => {
    setMapping(await client.setColumnField({ column, field: choice.field as FieldKey | null, swap: choice.swap }));
  });
  useEffect(() => {
    void initial.run();
  }, [client, state?.file?.version]);

  if (!mapping) {
    return initial.error ? (
      <Alert color="red" title="The mapping could not be made">
        {initial.error} Go back to Load and check the file.
      </Alert>
    ) : null;
  }
  const mapped = mapping.columns.filter((c) => c.field).length;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} size="h3">
            Map the columns
          </Title>
          <Text size="sm" c="dimmed">
            {mapped} of {mapping.columns.length} columns will be imported. Check the ones marked “Check” or “Guess”.
          </Text>
        </div>
        <ProfileControls mapping={mapping} onChange={setMapping} readOnly={importUnderWay} />
      </Group>
      {importUnderWay && <ImportUnderWay held="mapping" paused={state?.run?.state === 'paused'} onShowImport={onShowImport} testId="map-read-only" />}
      <ReadNotices file={state?.file} onOpenLoad={onBack} />
      <ReadingSettings onChanged={() => void initial.run()} readOnly={importUnderWay} />
      <MissingRequired mapping={mapping} />
      <EveryRowValues mapping={mapping} onChange={setMapping} readOnly={importUnderWay} />
      <Conflicts mapping={mapping} />
      {change.error && (
        <Alert color="red" title="Could not change the mapping">
          {change.error}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" highlightOnHover aria-label="Column mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={200}>Column in your file</Table.Th>
              <Table.Th>Sample values</Table.Th>
              <Table.Th w={250}>Goes to OneFile field</Table.Th>
              <Table.Th w={230}>Confidence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mapping.columns.map((column) => (
              <Table.Tr key={column.index} data-column={column.letter}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Badge variant="outline" color="gray" size="sm" w={34} style={{ flexShrink: 0 }}>
                      {column.letter}
                    </Badge>
                    <Text fw={600} size="sm" truncate>
                      {column.header || '(no header)'}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" lineClamp={1}>
                    {column.samples.length > 0 ? column.samples.slice(0, 3).join(' · ') : '(empty)'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {/* Never disabled while a change is saved (a disabled button drops the keyboard focus): only while an import holds the app. */}
                  <FieldPicker mapping={mapping} column={column} onChoose={(choice) => change.run(column.index, choice)} disabled={importUnderWay} />
                </Table.Td>
                <Table.Td>
                  <Confidence column={column} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Back
        </Button>
        {/* While an import holds the app the way on is the import's (as Load's and Review's Continue): Review is reached by its step to look. */}
        <Button
          disabled={importUnderWay}
          onClick={() => {
            openReviewEarly(client);
            onDone();
          }}
        >
          Continue to review
        </Button>
      </Group>
    </Stack>
  );
}
