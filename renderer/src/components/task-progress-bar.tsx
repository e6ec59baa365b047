import type { ReactNode } from 'react';
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { TaskProgressEvent } from '../../../shared/contract-types';
import { formatCount, formatDuration, formatMinutes } from '../format';
import { useMillisecondsSince } from './use-time-since';

/**
 * A task's progress while it reads OneFile (an export, a template, an undo's plan, an
 * import's plan): a bar, what it is reading, the calls made and the time left once it
 * can be told, and (`onStop`) Stop, which ends it at once: nothing is written until a
 * task has read everything. Before the first event it says what happens first. While
 * OneFile does not answer, it says since when and when the task looks again, Stop beside it.
 */
export function TaskProgressBar({
  progress,
  label,
  waiting,
  testId,
  onStop,
  stopping = false,
}: {
  progress: TaskProgressEvent | null;
  label: string;
  waiting: string;
  testId: string;
  onStop?: () => void;
  stopping?: boolean;
}) {
  return (
    <Stack gap={4} data-testid={testId}>
      <Progress value={(progress?.value ?? 0) * 100} animated aria-label={`${label}: progress`} />
      <Text size="sm">{progress?.description ?? waiting}</Text>
      <Text size="xs" c="dimmed">
        {formatCount(progress?.calls ?? 0)} calls so far
        {progress?.etaMs != null && progress.etaMs > 0 ? ` · about ${formatDuration(progress.etaMs)} left` : ''}
      </Text>
      {progress?.unanswered ? (
        <OneFileSilent unanswered={progress.unanswered} onStop={onStop} stopping={stopping} />
      ) : (
        onStop && (
          <Group>
            <Button size="xs" variant="default" onClick={onStop} loading={stopping} data-testid={`${testId}-stop`}>
              Stop
            </Button>
          </Group>
        )
      )}
    </Stack>
  );
}

/**
 * How a task that waits for a silent OneFile ended without its result: grey "Stopped"
 * where the person pressed Stop (`stopped`), otherwise red with `failedTitle`.
 */
export function TaskEndAlert({ stopped, failedTitle, testId, children }: { stopped: boolean; failedTitle: string; testId: string; children: ReactNode }) {
  return (
    <Alert color={stopped ? 'gray' : 'red'} title={stopped ? 'Stopped' : failedTitle} data-testid={testId}>
      {children}
    </Alert>
  );
}

/** OneFile stopped answering while a task read it: the task waits and tries again by itself, from the start. */
export function OneFileSilent({ unanswered, onStop, stopping }: { unanswered: NonNullable<TaskProgressEvent['unanswered']>; onStop?: () => void; stopping: boolean }) {
  const sinceEvent = useMillisecondsSince(unanswered, true);
  const left = Math.max(0, unanswered.nextLookInMs - sinceEvent);
  const since = new Date(unanswered.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <Alert color="yellow" variant="light" title="OneFile is not answering" data-testid="task-onefile-unanswered" mt="xs">
      <Stack gap="xs">
        <Text size="sm">
          OneFile stopped answering at {since} (no connection, time-outs, server errors or a maintenance page). This only reads, so it waits and
          starts again by itself, <b data-testid="task-next-look">{left > 0 ? `next try in ${Math.ceil(left / 1000)} s` : 'trying now'}</b>. If OneFile stays
          silent for {formatMinutes(unanswered.giveUpAfterMs)} in all it stops, and nothing is written.
        </Text>
        {onStop && (
          <Group>
            <Button size="xs" variant="default" onClick={onStop} loading={stopping}>
              Stop
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
