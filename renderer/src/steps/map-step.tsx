import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Popover, Select, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import type { MappingView, ProfileView } from '../../../shared/contract-types';
import type { FieldKey } from '../../../shared/fields';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { EveryRowValues } from '../components/every-row-values';

const NOT_IMPORTED = '__none__';

function ConfidenceBadge({ confidence, reason, mapped }: { confidence: number; reason: string; mapped: boolean }) {
  const [color, label] = !mapped
    ? ['gray', 'Not imported']
    : confidence >= 0.9
      ? ['teal', 'Sure']
      : confidence >= 0.6
        ? ['yellow', 'Check']
        : ['orange', 'Guess'];
  return (
    <Tooltip label={reason} multiline w={280} withArrow>
      <Badge color={color} variant="light" tabIndex={0} aria-label={`${label}: ${reason}`}>
        {label}
        {mapped ? ` · ${Math.round(confidence * 100)}%` : ''}
      </Badge>
    </Tooltip>
  );
}

function ProfileControls({ mapping, onChange }: { mapping: MappingView; onChange(mapping: MappingView): void }) {
  const { client } = useBridge();
  const [profiles, setProfiles] = useState<ProfileView[]>([]);
  const [name, setName] = useState('');
  const [saveOpen, setSaveOpen] = useState(false);
  useEffect(() => {
    void client.listProfiles().then(setProfiles);
  }, [client]);
  const save = useAction(async () => {
    const saved = await client.saveProfile({ name });
    setProfiles((previous) => [saved, ...previous.filter((p) => p.name !== saved.name)]);
    setSaveOpen(false);
    onChange(await client.getMapping());
  });
  const load = useAction(async (profile: string) => onChange(await client.loadProfile({ name: profile })));
  return (
    <Group gap="xs" align="flex-end">
      {mapping.profile && (
        <Badge variant="light" color="indigo" size="lg">
          Profile: {mapping.profile.name}
          {mapping.profile.automatic ? ' (applied automatically)' : ''}
        </Badge>
      )}
      {profiles.length > 0 && (
        <Select
          placeholder="Load a profile"
          aria-label="Load a saved mapping profile"
          data={profiles.map((p) => ({ value: p.name, label: p.matchesFile ? `${p.name} (these columns)` : p.name }))}
          value={null}
          onChange={(value) => value && load.run(value)}
          w={240}
        />
      )}
      <Popover opened={saveOpen} onChange={setSaveOpen} position="bottom-end" withArrow trapFocus>
        <Popover.Target>
          <Button variant="default" onClick={() => setSaveOpen((o) => !o)}>
            Save as profile…
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs" w={260}>
            <TextInput
              label="Profile name"
              description="Used automatically next time a file has these columns."
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              placeholder="Weekly MIS export"
              data-autofocus
            />
            {save.error && (
              <Text size="xs" c="red">
                {save.error}
              </Text>
            )}
            <Button onClick={() => save.run()} loading={save.busy} disabled={name.trim() === ''}>
              Save
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {load.error && (
        <Text size="sm" c="red">
          {load.error}
        </Text>
      )}
    </Group>
  );
}

/** Step 3: every column, its sample values, the field it goes to and how sure the guess is. */
export function MapStep({ onDone, onBack }: { onDone(): void; onBack(): void }) {
  const { client } = useBridge();
  const { state } = useSession();
  const [mapping, setMapping] = useState<MappingView | null>(null);
  const initial = useAction(async () => setMapping(await client.getMapping()));
  const change = useAction(async (column: number, field: FieldKey | null) => {
    setMapping(await client.setColumnField({ column, field }));
  });
  useEffect(() => {
    void initial.run();
  }, [client, state?.file?.version]);

  const fieldOptions = useMemo(
    () => [
      { value: NOT_IMPORTED, label: '— Not imported —' },
      ...(mapping?.fields ?? []).map((f) => ({ value: f.key, label: f.required ? `${f.label} (required)` : f.label })),
    ],
    [mapping?.fields],
  );

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
        <ProfileControls mapping={mapping} onChange={setMapping} />
      </Group>
      {mapping.missingRequired.length > 0 && (
        <Alert color="red" title="Required fields with no column">
          {mapping.missingRequired.map((m) => m.label).join(', ')}: map a column to each, or give one value for every row below; otherwise every
          row will be blocked.
        </Alert>
      )}
      <EveryRowValues mapping={mapping} onChange={setMapping} />
      {mapping.conflicts.map((conflict) => {
        const [kept, ...others] = conflict.columns.map((i) => mapping.columns[i]).filter(Boolean);
        if (!kept) return null;
        return (
          <Alert key={conflict.field} color="yellow" title={`More than one column looks like ${conflict.label}`}>
            Column {kept.letter} “{kept.header}” is used for {conflict.label};{' '}
            {others.map((c) => `${c.letter} “${c.header}”`).join(' and ')} {others.length === 1 ? 'is' : 'are'} not imported. Change the
            mapping below if that is the wrong way round.
          </Alert>
        );
      })}
      {change.error && (
        <Alert color="red" title="Could not change the mapping">
          {change.error}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" highlightOnHover aria-label="Column mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={220}>Column in your file</Table.Th>
              <Table.Th>Sample values</Table.Th>
              <Table.Th w={260}>Goes to OneFile field</Table.Th>
              <Table.Th w={140}>Confidence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mapping.columns.map((column) => (
              <Table.Tr key={column.index}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Badge variant="outline" color="gray" size="sm" w={34}>
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
                  <Select
                    aria-label={`Field for column ${column.letter} ${column.header}`}
                    data={fieldOptions}
                    value={column.field ?? NOT_IMPORTED}
                    onChange={(value) => change.run(column.index, !value || value === NOT_IMPORTED ? null : (value as FieldKey))}
                    searchable
                    allowDeselect={false}
                    size="sm"
                  />
                </Table.Td>
                <Table.Td>
                  <ConfidenceBadge confidence={column.confidence} reason={column.reason} mapped={column.field !== null} />
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
        <Button onClick={onDone}>
          Continue to review
        </Button>
      </Group>
    </Stack>
  );
}
