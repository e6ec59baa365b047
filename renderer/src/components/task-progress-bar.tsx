import { Progress, Stack, Text } from '@mantine/core';
import type { TaskProgressEvent } from '../../../shared/contract-types';
import { formatCount, formatDuration } from '../format';

/**
 * A task's progress while it reads OneFile (an export, a template, an undo's plan): a
 * bar, what it is reading, the calls made and the time left once it can be told.
 * Before the first event it says what happens first.
 */
export function TaskProgressBar({ progress, label, waiting, testId }: { progress: TaskProgressEvent | null; label: string; waiting: string; testId: string }) {
  return (
    <Stack gap={4} data-testid={testId}>
      <Progress value={(progress?.value ?? 0) * 100} animated aria-label={`${label}: progress`} />
      <Text size="sm">{progress?.description ?? waiting}</Text>
      <Text size="xs" c="dimmed">
        {formatCount(progress?.calls ?? 0)} calls so far
        {progress?.etaMs != null && progress.etaMs > 0 ? ` · about ${formatDuration(progress.etaMs)} left` : ''}
      </Text>
    </Stack>
  );
}
