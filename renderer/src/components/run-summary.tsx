import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { RunHistoryView } from '../../../shared/contract-types';
import { formatCount, formatDateTime, plural } from '../format';
import { notDoneWords, runWords } from '../run-words';
import { useExportReport } from './reports-menu';

/**
 * Results' top half: what the run just made did, counted in its own words (an import's
 * created and updated rows; an undo's fields put back and users archived), and its
 * reports to hand on.
 */

function Count({ label, value, color, caption }: { label: string; value: number; color?: string; caption?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={value > 0 ? color : undefined}>
        {formatCount(value)}
      </Text>
      {caption && (
        <Text size="xs" c="dimmed">
          {caption}
        </Text>
      )}
    </Card>
  );
}

function ImportCounts({ counts }: { counts: RunHistoryView['counts'] }) {
  return (
    <SimpleGrid cols={{ base: 3, md: 5 + (counts.pending > 0 ? 1 : 0) + (counts.linked ? 1 : 0) + (counts.joined ? 1 : 0) }}>
      <Count label="Created" value={counts.created} color="teal" />
      <Count label="Updated" value={counts.updated} color="indigo" />
      {counts.linked ? <Count label="Linked (MIS ID set)" value={counts.linked} color="grape" /> : null}
      <Count label="Unchanged" value={counts.unchanged} />
      {counts.joined ? <Count label="With an earlier row" value={counts.joined} caption="the same person: their standards added" /> : null}
      <Count label="Failed" value={counts.failed} color="red" />
      <Count label="Skipped" value={counts.skipped} color="yellow.8" />
      {counts.pending > 0 && <Count label="Still to do" value={counts.pending} color="orange" />}
    </SimpleGrid>
  );
}

/** An undo's counts: its rows are users, each put back or archived; none is created, updated or skipped. */
function UndoCounts({ run }: { run: RunHistoryView }) {
  const undone = run.undoCounts ?? { putBack: 0, fieldsPutBack: 0, archived: 0 };
  return (
    <SimpleGrid cols={{ base: 3, md: 3 + (run.counts.pending > 0 ? 1 : 0) }} data-testid="undo-counts">
      <Count label="Put back" value={undone.fieldsPutBack} color="teal" caption={`${undone.fieldsPutBack === 1 ? 'field' : 'fields'} of ${plural(undone.putBack, 'user')}`} />
      <Count label="Archived" value={undone.archived} color="indigo" caption="users the undone run created" />
      <Count label="Failed" value={run.counts.failed} color="red" />
      {run.counts.pending > 0 && <Count label="Still to do" value={run.counts.pending} color="orange" caption="users" />}
    </SimpleGrid>
  );
}

/** The reports of the run: an undo's undo report first, then results and errors. */
function RunReports({ run, runActive }: { run: RunHistoryView; runActive: boolean }) {
  const exporter = useExportReport();
  const undo = run.kind === 'undo';
  const words = runWords(run.kind);
  const notDone = notDoneWords(run.kind, run.counts);
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Text fw={600}>Reports</Text>
        <Text size="sm" c="dimmed">
          {undo
            ? 'The undo report lists every field put back and every user archived, what was left as it is and why, and what the centre must remove in OneFile itself (learning aims, unit summaries, staff assignments), with their IDs. The results list every user with what was done; the errors file holds those the undo could not put back or archive.'
            : 'The results list every row with what was done and its OneFile IDs. The errors file holds only the rows that failed or were skipped, with all your columns untouched plus the reason: fix it in Excel and load it here again as it is.'}
        </Text>
        <Group gap="xs">
          {undo && (
            <Button disabled={!run.reports.undo} onClick={() => exporter.run(run.runId, 'undo', 'xlsx')} loading={exporter.busy}>
              Undo report (.xlsx)
            </Button>
          )}
          <Button
            variant={undo ? 'default' : 'filled'}
            disabled={!run.reports.results}
            onClick={() => exporter.run(run.runId, 'results', 'xlsx')}
            loading={!undo && exporter.busy}
          >
            Export results (.xlsx)
          </Button>
          <Button variant="default" disabled={!run.reports.results} onClick={() => exporter.run(run.runId, 'results', 'csv')}>
            Results as CSV
          </Button>
          <Button color="red" variant="light" disabled={!run.reports.errors} onClick={() => exporter.run(run.runId, 'errors', 'xlsx')}>
            Export errors (.xlsx)
          </Button>
          <Button variant="default" disabled={!run.reports.errors} onClick={() => exporter.run(run.runId, 'errors', 'csv')}>
            Errors as CSV
          </Button>
        </Group>
        {run.counts.pending > 0 ? (
          <Text size="sm" c="orange.8">
            The {words.noun} has not finished: {formatCount(run.counts.pending)} of {formatCount(run.counts.total)} rows are still to do.{' '}
            {runActive ? 'It is running.' : 'Resume it below to finish them.'}
          </Text>
        ) : notDone ? (
          <Text size="sm" c="orange.8" data-testid="results-not-all-in">
            {notDone.title}: {notDone.body.charAt(0).toLowerCase()}
            {notDone.body.slice(1)}
          </Text>
        ) : (
          !run.reports.errors && (
            <Text size="sm" c="teal">
              {undo ? 'Every user was put back or archived' : 'Every row went in'}: there is no errors report.
            </Text>
          )
        )}
        {exporter.error && (
          <Alert color="red" title="The report could not be exported">
            {exporter.error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** The run the user has just made (or followed): what it is, its counts and its reports. */
export function RunSummary({ run, runActive, onShowRun, onNewFile }: { run: RunHistoryView; runActive: boolean; onShowRun(): void; onNewFile(): void }) {
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} size="h3">
            {run.kind === 'undo' ? 'Undo results' : 'Results'}
          </Title>
          <Text size="sm" c="dimmed">
            {run.fileName} · {run.organisation?.name ?? ''} · {formatDateTime(run.startedAt)}
          </Text>
        </div>
        <Group gap="xs">
          {runActive && (
            <Button variant="default" onClick={onShowRun}>
              Back to progress
            </Button>
          )}
          <Button variant="default" onClick={onNewFile}>
            Import another file
          </Button>
        </Group>
      </Group>
      {run.kind === 'undo' ? <UndoCounts run={run} /> : <ImportCounts counts={run.counts} />}
      <RunReports run={run} runActive={runActive} />
    </Stack>
  );
}
