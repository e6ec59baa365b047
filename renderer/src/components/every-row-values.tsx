import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import type { FieldKey } from '../../../shared/fields';
import type { MappingView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';

/**
 * One value for every row of a required field no column holds: an ILR has no assessor
 * or class, and OneFile cannot create a learner without them. The value is resolved
 * against OneFile like any cell (a name, MIS ID or OneFile ID) and saved with the
 * mapping profile. Shown, not offered, while an import holds the app (`readOnly`).
 */
export function EveryRowValues({ mapping, onChange, readOnly }: { mapping: MappingView; onChange(mapping: MappingView): void; readOnly: boolean }) {
  const { client } = useBridge();
  const fields = [
    ...mapping.everyRow.map((f) => ({ field: f.field, label: f.label, value: f.value })),
    ...mapping.missingRequired.filter((m) => !mapping.everyRow.some((f) => f.field === m.field)).map((m) => ({ field: m.field, label: m.label, value: '' })),
  ];
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const save = useAction(async (field: string, value: string | null) => {
    onChange(await client.setEveryRow({ field: field as FieldKey, value }));
    setDrafts(({ [field]: _saved, ...others }) => others);
  });
  if (fields.length === 0) return null;
  return (
    <Card withBorder padding="md" data-testid="every-row-values">
      <Stack gap="xs">
        <Text fw={600}>The same for every row</Text>
        <Text size="sm" c="dimmed">
          For a field your file has no column for, give one value for all its rows: a name, MIS ID or OneFile ID, checked against OneFile like any
          cell.
        </Text>
        {fields.map(({ field, label, value }) => (
          <Group key={field} align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              label={label}
              placeholder={value ? undefined : `${label} of every row`}
              value={drafts[field] ?? value}
              onChange={(event) => {
                const text = event.currentTarget.value;
                setDrafts((current) => ({ ...current, [field]: text }));
              }}
              w={360}
              disabled={readOnly}
            />
            <Button
              variant="light"
              disabled={readOnly || save.busy || !(drafts[field] ?? '').trim() || (drafts[field] ?? '').trim() === value}
              onClick={() => save.run(field, (drafts[field] ?? '').trim())}
            >
              Use for every row
            </Button>
            {value && !readOnly && (
              <Button variant="subtle" color="gray" disabled={save.busy} onClick={() => save.run(field, null)}>
                Clear
              </Button>
            )}
          </Group>
        ))}
        {save.error && (
          <Alert color="red" title="Could not set it">
            {save.error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
