import { useEffect, useState } from 'react';
import { Badge, Button, Group, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import type { MappingView, ProfileView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';

/**
 * The mapping profile in use, the saved ones to load, and "Save as profile…" (used by itself
 * next time a file has these columns). While an import holds the app (`readOnly`) none is
 * loaded over the mapping; the mapping may still be saved.
 */
export function ProfileControls({ mapping, onChange, readOnly }: { mapping: MappingView; onChange(mapping: MappingView): void; readOnly: boolean }) {
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
          disabled={readOnly}
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
