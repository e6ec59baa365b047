import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Modal, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { RowRunState, RunRowView, RunTotalsView, RunView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { formatCount, formatDuration, formatMinutes } from '../format';
import { endedTitle, notDoneWords, runWords, stateBadge } from '../run-words';
import { useMillisecondsSince } from '../components/use-time-since';

const ROW_STATE: Record<RowRunState, { label: string; color: string }> = {
  pending: { label: 'Waiting', color: 'gray' },
  running: { label: 'Working', color: 'indigo' },
  done: { label: 'Done', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  skipped: { label: 'Skipped', color: 'yellow' },
};

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={650} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </div>
  );
}

/** Said while no call can go until OneFile's per-minute allowance frees: why the figures stand still, and until when. */
function RateLimitWait({ totals, sinceMs }: { totals: RunTotalsView; sinceMs: number }) {
  if (!totals.waiting) return null;
  const left = Math.max(0, totals.waiting.resumesInMs - sinceMs);
  if (totals.waiting.reason === 'onefile-unanswered') {
    const since = new Date(totals.waiting.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return (
      <Alert color="yellow" variant="light" title="OneFile is not answering" data-testid="onefile-unanswered">
        OneFile stopped answering at {since} (no connection, time-outs, server errors or a maintenance page). The import waits and looks
        again by itself, <b data-testid="onefile-next-look">{left > 0 ? `next look in ${Math.ceil(left / 1000)} s` : 'looking now'}</b>, and carries on when
        OneFile answers; no row is failed for it. If OneFile stays silent for {formatMinutes(totals.waiting.giveUpAfterMs)} in all the import stops, and you can carry on with it later.
      </Alert>
    );
  }
  return (
    <Alert color="blue" variant="light" title="Waiting for OneFile's allowance" data-testid="rate-limit-wait">
      OneFile allows a set number of calls a minute, and this minute&apos;s are used: the importer waits for them to free before the next call,{' '}
      <b data-testid="rate-limit-countdown">next call in {Math.ceil(left / 1000)} s</b>. Nothing is wrong; the import carries on by itself.
    </Alert>
  );
}

/** The run's state in words (an import's or an undo's), for the screen's title. */
function runTitle(run: RunView): string {
  if (run.ended) return endedTitle(run.kind, run.state);
  if (run.state === 'paused') return `${runWords(run.kind).Noun} paused`;
  if (run.state === 'pausing') return 'Pausing: finishing the rows in progress…';
  if (run.state === 'cancelling') return 'Cancelling: finishing the call in progress…';
  return runWords(run.kind).doing;
}

/** The latest rows and what each is doing; a row caught working by a pause or a stop, or waiting for a silent OneFile, says so. */
function RunRows({ run, recentRows, waitingForOneFile }: { run: RunView; recentRows: RunRowView[]; waitingForOneFile: boolean }) {
  return (
    <Table.ScrollContainer minWidth={640} maxHeight="calc(100vh - 520px)">
      <Table fz="sm" stickyHeader aria-label={`Rows of the ${runWords(run.kind).noun}, latest first`} data-testid="run-rows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>Row</Table.Th>
            <Table.Th w={220}>Name</Table.Th>
            <Table.Th w={210}>State</Table.Th>
            <Table.Th>Step or message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {recentRows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text size="sm" c="dimmed">
                  Rows appear here as they are {run.kind === 'undo' ? 'undone' : 'imported'}.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {recentRows.map((row) => (
            <Table.Tr key={row.row}>
              <Table.Td>{row.row}</Table.Td>
              <Table.Td>{row.name}</Table.Td>
              <Table.Td>
                {row.state === 'running' && !['running', 'pausing', 'cancelling'].includes(run.state) ? (
                  <Badge color="yellow" variant="light">
                    {run.state === 'paused' ? 'Paused' : 'Stopped'}
                  </Badge>
                ) : row.state === 'running' && waitingForOneFile ? (
                  <Badge color="yellow" variant="light">
                    Waiting for OneFile
                  </Badge>
                ) : (
                  <Badge color={ROW_STATE[row.state].color} variant="light">
                    {ROW_STATE[row.state].label}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td c={row.state === 'failed' ? 'red' : undefined}>{row.message ?? row.step ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CancelConfirmation({ run, opened, onClose, onConfirm, busy }: { run: RunView; opened: boolean; onClose(): void; onConfirm(): void; busy: boolean }) {
  const words = runWords(run.kind);
  return (
    <Modal opened={opened} onClose={onClose} title={`Cancel the ${words.noun}?`} centered>
      <Stack gap="sm">
        <Text size="sm">
          The call in progress finishes, then the {words.noun} stops. {words.cancelled}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {words.keepGoing}
          </Button>
          <Button color="red" onClick={onConfirm} loading={busy}>
            Cancel the {words.noun}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * The screen's title (the run's state, in an import's or an undo's words), what it is
 * (the file, or the run undone, and where), and its controls.
 */
function RunHeading({
  run,
  busy,
  onControl,
  onCancel,
  onFinished,
}: {
  run: RunView;
  busy: boolean;
  onControl(what: 'pause' | 'resume'): void;
  onCancel(): void;
  onFinished(): void;
}) {
  const { ended } = run;
  const paused = run.state === 'paused' || run.state === 'pausing';
  return (
    <Group justify="space-between" align="flex-end">
      <div>
        <Title order={2} size="h3">
          {runTitle(run)}
        </Title>
        <Text size="sm" c="dimmed">
          {run.fileName} {run.kind === 'undo' ? 'in' : 'into'} {run.organisation.name}
          {run.live ? ' (Live)' : ''} · run {run.runId}
        </Text>
      </div>
      <Group gap="xs">
        {!ended && !paused && (
          <Button variant="default" onClick={() => onControl('pause')} loading={busy} disabled={run.state === 'cancelling'}>
            Pause
          </Button>
        )}
        {!ended && paused && (
          <Button onClick={() => onControl('resume')} loading={busy} disabled={run.state === 'pausing'}>
            Resume
          </Button>
        )}
        {!ended && (
          <Button variant="light" color="red" onClick={onCancel} disabled={run.state === 'cancelling'}>
            Cancel
          </Button>
        )}
        {ended && <Button onClick={onFinished}>See results and reports</Button>}
      </Group>
    </Group>
  );
}

/** Step 6: the run, live: progress, pace, time left, each row's state; pause, resume, cancel. */
export function ImportStep({ onFinished }: { onFinished(): void }) {
  const { client } = useBridge();
  const { state, runProgress, recentRows, refresh } = useSession();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const control = useAction(async (what: 'pause' | 'resume' | 'cancel') => {
    if (what === 'pause') await client.pauseRun();
    if (what === 'resume') await client.resumeRun();
    if (what === 'cancel') await client.cancelRun();
    setConfirmCancel(false);
    await refresh();
  });
  const run = state?.run;
  const sinceFigures = useMillisecondsSince(runProgress ?? run?.totals, run?.state === 'running');
  if (!run) {
    return (
      <Alert color="gray" title="No import is running">
        Plan an import first, or resume an unfinished one from History.
      </Alert>
    );
  }
  const progress = runProgress && runProgress.runId === run.runId ? runProgress : null;
  const totals: RunTotalsView = progress?.totals ?? run.totals;
  const finishedRows = totals.done + totals.failed + totals.skipped;
  const value = totals.total > 0 ? (finishedRows / totals.total) * 100 : 0;
  const ended = run.ended;
  const paused = run.state === 'paused' || run.state === 'pausing';
  const sinceMs = sinceFigures;
  const elapsedMs = totals.elapsedMs + (run.state === 'running' ? sinceMs : 0);
  const badge = stateBadge(run.state, totals, run.state === 'running' ? 'indigo' : paused ? 'yellow' : 'red');
  // Said once the run is over (completed, or stopped with rows failed): what did not go in, and where it is.
  const notDone = ended ? notDoneWords(run.kind, totals, ' (See results and reports, then Export errors)') : null;
  const etaMs = totals.etaMs === null ? null : Math.max(0, totals.etaMs - (run.state === 'running' ? sinceMs : 0));

  return (
    <Stack gap="md">
      <RunHeading
        run={run}
        busy={control.busy}
        onControl={(what) => control.run(what)}
        onCancel={() => setConfirmCancel(true)}
        onFinished={onFinished}
      />
      <Card withBorder padding="lg">
        <Stack gap="md">
          <Group justify="space-between">
            <Text fw={600} aria-live="polite">
              {formatCount(finishedRows)} of {formatCount(totals.total)} rows · {Math.floor(value)}%
            </Text>
            <Badge color={badge.colour} variant="light" size="lg" data-testid="run-state-badge">
              {badge.label}
            </Badge>
          </Group>
          <Progress.Root size="xl" aria-label={`${runWords(run.kind).Noun} progress`}>
            <Progress.Section value={totals.total > 0 ? (totals.done / totals.total) * 100 : 0} color="teal" animated={run.state === 'running'} />
            <Progress.Section value={totals.total > 0 ? (totals.failed / totals.total) * 100 : 0} color="red" />
            <Progress.Section value={totals.total > 0 ? (totals.skipped / totals.total) * 100 : 0} color="yellow" />
          </Progress.Root>
          <SimpleGrid cols={{ base: 3, md: 6 }}>
            <Figure label="Done" value={formatCount(totals.done)} />
            <Figure label="Failed" value={formatCount(totals.failed)} />
            <Figure label="Skipped" value={formatCount(totals.skipped)} />
            <Figure label="Calls a minute" value={formatCount(Math.round(totals.callsPerMinute))} />
            <Figure label="Time left" value={ended ? '–' : totals.waiting?.reason === 'onefile-unanswered' ? 'unknown' : etaMs === null ? 'estimating…' : formatDuration(etaMs)} />
            <Figure label="Elapsed" value={formatDuration(elapsedMs)} testId="elapsed" />
          </SimpleGrid>
          {!ended && <RateLimitWait totals={totals} sinceMs={sinceMs} />}
          {notDone && (
            <Alert color="orange" variant="light" title={notDone.title} data-testid="run-not-all-in">
              {notDone.body}
            </Alert>
          )}
          {run.message && (
            <Alert color={badge.colour === 'teal' ? 'teal' : 'yellow'} variant="light">
              {run.message}
            </Alert>
          )}
        </Stack>
      </Card>
      {control.error && (
        <Alert color="red" title="That did not work">
          {control.error}
        </Alert>
      )}
      <Title order={3} size="h5">
        Rows, latest first
      </Title>
      <RunRows run={run} recentRows={recentRows} waitingForOneFile={totals.waiting?.reason === 'onefile-unanswered' && !run.ended} />
      <CancelConfirmation run={run} opened={confirmCancel} onClose={() => setConfirmCancel(false)} onConfirm={() => control.run('cancel')} busy={control.busy} />
    </Stack>
  );
}
