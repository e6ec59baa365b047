import { Alert, Button, Group, Text } from '@mantine/core';

/** What the import holds, as each screen that would change it says so. */
const HELD = {
  rows: {
    look: 'the rows, not change them',
    takes: 'It takes the rows as they were when it started. Names are not checked against OneFile again meanwhile: OneFile’s calls a minute are kept for the import.',
    after: 'you can fix the rows it could not import here.',
  },
  mapping: {
    look: 'the mapping, not change it',
    takes: 'It imports the columns as they were mapped when it started.',
    after: 'you can change the mapping here.',
  },
  file: {
    look: 'the file, not read it another way or open another',
    takes: 'It imports the rows as they were read when it started.',
    after: 'you can open the next file here.',
  },
} as const;

/**
 * While an import is running or paused, Load, Map and Review show the file as the import takes it
 * and change nothing until the import has ended (a paused one is resumed or cancelled first),
 * nor does Review read OneFile's names again: said above them, with the way to the import.
 * Main refuses such a change anyway.
 */
export function ImportUnderWay({ held, paused, onShowImport, testId }: { held: keyof typeof HELD; paused: boolean; onShowImport(): void; testId: string }) {
  const words = HELD[held];
  return (
    <Alert color="blue" title={`An import is ${paused ? 'paused' : 'running'}: you can look at ${words.look}`} data-testid={testId}>
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Text size="sm">
          {words.takes} Once it has finished{paused ? ' (or you have cancelled it)' : ''}, {words.after}
        </Text>
        <Button size="xs" variant="light" onClick={onShowImport} style={{ flexShrink: 0 }}>
          Go to the import
        </Button>
      </Group>
    </Alert>
  );
}
