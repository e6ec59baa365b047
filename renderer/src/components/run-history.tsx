import { Alert, Badge, Button, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import type { RunHistoryView, RunKind } from '../../../shared/contract-types';
import { formatCount, formatDateTime, plural } from '../format';
import { importCountsInWords, stateBadge } from '../run-words';
import { ReportsMenu } from './reports-menu';
import { UndoRunAction } from './undo-run-action';

/**
 * History: every past run, newest first, with where it went, its state, what it did
 * (an undo in its own words: fields put back, users archived), and what can be done
 * with it now: resume an unfinished one, undo an import, have its reports.
 */

const STATE_COLOR: Record<string, string> = {
  running: 'indigo',
  paused: 'yellow',
  cancelled: 'gray',
  interrupted: 'orange',
  failed: 'red',
};

/** What the run did, in words: an import's rows created, updated, unchanged, failed and skipped (see `importCountsInWords`); an undo's fields put back, users archived and failures. */
function RunCounts({ run }: { run: RunHistoryView }) {
  const { counts } = run;
  return (
    <>
      {run.kind === 'undo' ? (
        <span data-testid="undo-history-counts">
          {plural(counts.total, 'row')}: {plural(run.undoCounts?.fieldsPutBack ?? 0, 'field')} put back, {plural(run.undoCounts?.archived ?? 0, 'user')} archived,{' '}
          {formatCount(counts.failed)} failed
        </span>
      ) : (
        <span data-testid="import-history-counts">{importCountsInWords(counts)}</span>
      )}
      {counts.pending > 0 && (
        <Text span size="xs" c="dimmed">
          {' '}
          · {formatCount(counts.pending)} not finished
        </Text>
      )}
    </>
  );
}

interface HistoryRowProps {
  run: RunHistoryView;
  runs: readonly RunHistoryView[];
  runActive: boolean;
  resuming: boolean;
  onResume(runId: string): void;
  onUndoStarted(): void;
}

function HistoryRow({ run, runs, runActive, resuming, onResume, onUndoStarted }: HistoryRowProps) {
  // A completed run with rows failed or skipped is not green: it says how many (see stateBadge).
  const badge = stateBadge(run.state, run.counts, STATE_COLOR[run.state] ?? 'gray');
  return (
    <Table.Tr data-run-id={run.runId}>
      <Table.Td>{formatDateTime(run.startedAt)}</Table.Td>
      <Table.Td>{run.fileName}</Table.Td>
      <Table.Td>
        {run.environment}
        {run.organisation ? ` · ${run.organisation.name}` : ''}
      </Table.Td>
      <Table.Td>
        <Badge color={badge.colour} variant="light" style={{ overflow: 'visible' }} miw="max-content" data-testid="run-state-badge">
          {badge.label}
        </Badge>
      </Table.Td>
      <Table.Td>
        <RunCounts run={run} />
      </Table.Td>
      <Table.Td>
        <Group gap={6} justify="flex-end" wrap="nowrap">
          {run.resumable && (
            <Button size="compact-sm" onClick={() => onResume(run.runId)} loading={resuming} disabled={runActive}>
              Resume
            </Button>
          )}
          {run.superseded && (
            <Tooltip label={run.superseded} multiline w={380} withArrow>
              <Text size="xs" c="dimmed" data-testid="superseded" style={{ cursor: 'help', whiteSpace: 'nowrap' }}>
                Not resumable: a later run changed OneFile
              </Text>
            </Tooltip>
          )}
          <UndoRunAction run={run} runs={runs} runActive={runActive} onStarted={onUndoStarted} />
          <ReportsMenu run={run} />
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export interface RunHistoryProps {
  runs: readonly RunHistoryView[] | null;
  /** A run is shown above (Results): History is a smaller heading under it. */
  underResults: boolean;
  runActive: boolean;
  loading: boolean;
  loadError: string | null;
  /** Why the run last asked to resume (an import or an undo) could not be. */
  resumeError: { message: string; kind: RunKind } | null;
  resuming: boolean;
  onReload(): void;
  onResume(runId: string): void;
  onUndoStarted(): void;
}

export function RunHistory({ runs, underResults, loading, loadError, resumeError, onReload, ...row }: RunHistoryProps) {
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size={underResults ? 'h4' : 'h3'}>
          History
        </Title>
        <Button variant="subtle" size="compact-sm" onClick={onReload} loading={loading}>
          Refresh
        </Button>
      </Group>
      {loadError && (
        <Alert color="red" title="The history could not be read">
          {loadError}
        </Alert>
      )}
      {resumeError && (
        <Alert color="red" title={resumeError.kind === 'undo' ? 'The undo could not be carried on' : 'The import could not be resumed'}>
          {resumeError.message}
        </Alert>
      )}
      {runs && runs.length === 0 && (
        <Text c="dimmed" size="sm">
          No imports yet. Past imports appear here with their reports; an unfinished one can be resumed from where it stopped.
        </Text>
      )}
      {runs && runs.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table fz="sm" highlightOnHover aria-label="Past imports" data-testid="history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th>Where</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>What it did</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((run) => (
                <HistoryRow key={run.runId} run={run} runs={runs} {...row} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
