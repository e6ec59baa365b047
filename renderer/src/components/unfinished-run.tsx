import { useState } from 'react';
import { Alert, Button, Group, Text } from '@mantine/core';
import type { RunHistoryView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { formatCount } from '../format';
import { runWords } from '../run-words';

/** Said once per window: a run the user chose to leave is not offered again until the app starts again. */
const LEFT_KEY = 'onefile-left-run';

function leftRun(): string | null {
  try {
    return window.sessionStorage.getItem(LEFT_KEY);
  } catch {
    return null;
  }
}

/**
 * A run that stopped part-way (paused, or its app closed or killed mid-run) is where a
 * returning user is brought: "a run is paused: resume or leave it", with its true
 * counts. Resuming goes to its progress; leaving it keeps it in History.
 */
export function UnfinishedRun({ onResumed }: { onResumed(): void }) {
  const { client } = useBridge();
  const { state, refresh } = useSession();
  const [left, setLeft] = useState(leftRun);
  const resume = useAction(async (run: RunHistoryView) => {
    await client.resumeFromHistory({ runId: run.runId });
    await refresh();
    onResumed();
  });
  const run = state?.unfinishedRun ?? null;
  if (!run || left === run.runId || state?.run) return null;
  const done = run.counts.total - run.counts.pending;
  const paused = run.state === 'paused';
  const { noun } = runWords(run.kind);
  const leave = () => {
    try {
      window.sessionStorage.setItem(LEFT_KEY, run.runId);
    } catch {
      // Private windows may refuse storage: it is left for this page only.
    }
    setLeft(run.runId);
  };
  return (
    <Alert
      color={run.live ? 'red' : 'yellow'}
      title={`An ${noun} ${paused ? 'is paused' : 'stopped part-way'}: resume it or leave it`}
      mb="md"
      data-testid="unfinished-run"
    >
      <Text size="sm">
        {run.fileName} {run.kind === 'undo' ? 'in' : 'into'} {run.organisation?.name ?? 'an organisation'} ({run.environment}
        {run.live ? ', Live' : ''}): {formatCount(done)} of {formatCount(run.counts.total)} rows done (
        {run.kind === 'undo'
          ? `${formatCount(run.undoCounts?.fieldsPutBack ?? 0)} fields put back, ${formatCount(run.undoCounts?.archived ?? 0)} users archived`
          : `${formatCount(run.counts.created)} created, ${formatCount(run.counts.updated)} updated`}
        , {formatCount(run.counts.failed)} failed), {formatCount(run.counts.pending)} still to do. Resuming carries on where it stopped;{' '}
        {run.kind === 'undo' ? 'nothing is done twice.' : 'nothing is created twice.'}
      </Text>
      {resume.error && (
        <Text size="sm" c="red" mt={6}>
          {resume.error}
        </Text>
      )}
      <Group gap="xs" mt="sm">
        <Button size="xs" color={run.live ? 'red' : undefined} onClick={() => resume.run(run)} loading={resume.busy}>
          Resume the {noun}
        </Button>
        <Button size="xs" variant="default" onClick={leave}>
          Leave it (it stays in History)
        </Button>
      </Group>
    </Alert>
  );
}
