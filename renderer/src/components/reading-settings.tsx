import { useEffect, useState } from 'react';
import { Alert, Anchor, Card, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { ROLE_KEYS, ROLE_LABELS, type RoleKey } from '../../../shared/fields';
import type { DateOrderProofCell, ImportSettingsView } from '../../../shared/import-settings';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';

/** A date cell that proves an order, as the note quotes it: "23/04/2001 (Date of Birth, row 5)". */
function proofText(cell: DateOrderProofCell): string {
  return `${cell.text} (${cell.header}, row ${cell.row})`;
}

/** "Day first, as UK files are", or why the order in use was chosen, quoting the cell that proves it. */
function orderNote(settings: ImportSettingsView): string {
  if (settings.dateOrderChosen) return settings.dateOrder === 'mdy' ? 'You chose month first.' : 'You chose day first.';
  const { dayFirst, monthFirst } = settings.dateOrderProof;
  if (settings.dateOrderDetected === 'mdy' && monthFirst) return `The file settles it: ${proofText(monthFirst)} can only be month first, so every date is read month first.`;
  if (settings.dateOrderDetected === 'dmy' && dayFirst) return `The file settles it: ${proofText(dayFirst)} can only be day first.`;
  if (settings.dateOrderDetected === 'mixed' && dayFirst && monthFirst) {
    return `Some dates can only be day first, as ${proofText(dayFirst)}, and some only month first, as ${proofText(monthFirst)}: fix them in the file, or choose how to read them.`;
  }
  return 'Day first, as UK files are: nothing in the file says otherwise (every date reads either way). Check the dates in Review.';
}

/**
 * How the open file is read: its dates day first or month first (followed from the
 * file unless the user chooses), and the role of rows without a Role value. Changing
 * either reads every row again; Review then shows each date as it was read. Shown, not
 * offered, while an import holds the app (`readOnly`).
 */
export function ReadingSettings({ onChanged, readOnly = false }: { onChanged?(): void; readOnly?: boolean }) {
  const { client } = useBridge();
  const { state } = useSession();
  const [settings, setSettings] = useState<ImportSettingsView | null>(null);
  useEffect(() => {
    void client.getImportSettings().then(setSettings);
  }, [client, state?.file?.version]);
  const change = useAction(async (input: { dateOrder?: 'dmy' | 'mdy' | 'auto'; defaultRole?: RoleKey }) => {
    setSettings(await client.setImportSettings(input));
    onChanged?.();
  });
  if (!settings) return null;
  return (
    <Card withBorder padding="sm" data-testid="reading-settings">
      <Stack gap={6}>
        <Group gap="lg" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={600} id="date-order-label">
              Dates in this file
            </Text>
            <SegmentedControl
              aria-labelledby="date-order-label"
              value={settings.dateOrder}
              onChange={(value) => change.run({ dateOrder: value as 'dmy' | 'mdy' })}
              data={[
                { value: 'dmy', label: 'Day first (31/01/2000)' },
                { value: 'mdy', label: 'Month first (01/31/2000)' },
              ]}
              disabled={change.busy || readOnly}
            />
          </Stack>
          <Select
            label="Rows with no Role are"
            data={ROLE_KEYS.map((key) => ({ value: key, label: ROLE_LABELS[key].charAt(0).toUpperCase() + ROLE_LABELS[key].slice(1) + 's' }))}
            value={settings.defaultRole}
            onChange={(value) => value && change.run({ defaultRole: value as RoleKey })}
            allowDeselect={false}
            w={200}
            disabled={change.busy || readOnly}
          />
        </Group>
        <Text size="xs" c="dimmed" data-testid="date-order-note">
          {orderNote(settings)}{' '}
          {settings.dateOrderChosen && !readOnly && (
            <Anchor component="button" type="button" size="xs" onClick={() => change.run({ dateOrder: 'auto' })}>
              Follow the file instead
            </Anchor>
          )}
        </Text>
        {change.error && (
          <Alert color="red" title="The file could not be read that way">
            {change.error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
