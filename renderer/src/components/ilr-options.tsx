import { Alert, Stack, Switch, Text } from '@mantine/core';
import { describeIlrSummary } from '../../../shared/ilr';
import type { FileView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';

/**
 * The Load screen's words for an ILR file: how many learners were read and left out,
 * and the switch that reads the ended apprenticeships too. Replaces the sheet, header
 * row and encoding choices, which an ILR does not have. Shown, not offered, while an import
 * holds the app (`readOnly`).
 */
export function IlrOptions({ file, readOnly }: { file: FileView; readOnly: boolean }) {
  const { client } = useBridge();
  const { refresh } = useSession();
  const reread = useAction(async (includeEndedLearners: boolean) => {
    await client.setReadOptions({ includeEndedLearners });
    await refresh();
  });
  if (!file.ilr) return null;
  return (
    <Stack gap="sm" data-testid="ilr-options">
      <Alert color="blue" title={`ILR ${file.ilr.year ?? ''}`.trim()}>
        <Text size="sm">{describeIlrSummary(file.ilr)}</Text>
        <Text size="sm" c="dimmed" mt={4}>
          One row per learner, numbered by the learner’s place in the file. Only the fields the import needs are read: ethnicity, health, prior
          attainment and funding are never kept. An ILR has no assessor or class: give them on the next screen.
        </Text>
      </Alert>
      <Switch
        label="Include learners whose apprenticeship has ended, was withdrawn or is on a break"
        checked={file.ilr.includeEnded}
        onChange={(event) => reread.run(event.currentTarget.checked)}
        disabled={reread.busy || readOnly}
      />
      <Text size="xs" c="dimmed">
        An ILR file cannot be edited and imported again: rows with problems come back in an errors workbook, which you fix and import.
      </Text>
      {reread.error && (
        <Alert color="red" title="Could not read it that way">
          {reread.error}
        </Alert>
      )}
    </Stack>
  );
}
