import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Menu, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReportFormat, ReportKind, RunHistoryView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { downloadBase64, formatCount, formatDateTime } from '../format';
import { UndoRunAction } from '../components/undo-run-action';

const STATE_COLOR: Record<string, string> = {
  completed: 'teal',
  running: 'indigo',
  paused: 'yellow',
  cancelled: 'gray',
  interrupted: 'orange',
  failed: 'red',
};

function useExport() {
  const { client } = useBridge();
  return useAction(async (runId: string, kind: ReportKind, format: ReportFormat) => {
    const report = await client.exportReport({ runId, kind, format });
    if (report.contentBase64) downloadBase64(report.fileName, report.mimeType, report.contentBase64);
    return report;
  });
}

function ExportMenu({ run, label }: { run: RunHistoryView; label?: string }) {
  const exporter = useExport();
  const { client } = useBridge();
  const { state } = useSession();
  const open = useAction(async (kind: ReportKind) => client.openReport({ runId: run.runId, kind, format: 'xlsx' }));
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="compact-sm" variant="default" loading={exporter.busy}>
          {label ?? 'Reports'}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Results (every row)</Menu.Label>
        <Menu.Item disabled={!run.reports.results} onClick={() => exporter.run(run.runId, 'results', 'xlsx')}>
          Results as Excel (.xlsx)
        </Menu.Item>
        <Menu.Item disabled={!run.reports.results} onClick={() => exporter.run(run.runId, 'results', 'csv')}>
          Results as CSV
        </Menu.Item>
        <Menu.Label>Errors (rows to fix)</Menu.Label>
        <Menu.Item disabled={!run.reports.errors} onClick={() => exporter.run(run.runId, 'errors', 'xlsx')}>
          Errors as Excel (.xlsx)
        </Menu.Item>
        <Menu.Item disabled={!run.reports.errors} onClick={() => exporter.run(run.runId, 'errors', 'csv')}>
          Errors as CSV
        </Menu.Item>
        {state?.capabilities.openInApp && (
          <Menu.Item disabled={!run.reports.errors} onClick={() => open.run('errors')}>
            Open errors in Excel
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={value > 0 ? color : undefined}>
        {formatCount(value)}
      </Text>
    </Card>
  );
}

/** Step 7: what happened, the reports to hand on, and every past run (unfinished ones can be resumed, any import undone). */
export function ResultsStep({
  onResumed,
  onNewFile,
  runActive,
  onShowRun,
}: {
  onResumed(): void;
  onNewFile(): void;
  runActive: boolean;
  onShowRun(): void;
}) {
  const { client } = useBridge();
  const { state, refresh, lastRunState } = useSession();
  const [runs, setRuns] = useState<RunHistoryView[] | null>(null);
  const load = useAction(async () => setRuns(await client.listRuns()));
  const exporter = useExport();
  const resume = useAction(async (runId: string) => {
    await client.resumeFromHistory({ runId });
    await refresh();
    onResumed();
  });
  const loadRuns = load.run;
  const reload = useCallback(() => void loadRuns(), [loadRuns]);
  useEffect(reload, [client, lastRunState?.state, reload]);
  // While a run goes on, its counts (read from its journal) are read again every few seconds.
  useEffect(() => {
    if (!runActive) return;
    const timer = setInterval(reload, 3_000);
    return () => clearInterval(timer);
  }, [runActive, reload]);

  const current = runs?.find((r) => r.runId === state?.run?.runId) ?? null;

  return (
    <Stack gap="lg">
      {current && (
        <Stack gap="sm">
          <Group justify="space-between" align="flex-end">
            <div>
              <Title order={2} size="h3">
                Results
              </Title>
              <Text size="sm" c="dimmed">
                {current.fileName} · {current.organisation?.name ?? ''} · {formatDateTime(current.startedAt)}
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
          <SimpleGrid cols={{ base: 3, md: 5 + (current.counts.pending > 0 ? 1 : 0) + (current.counts.linked ? 1 : 0) }}>
            <Count label="Created" value={current.counts.created} color="teal" />
            <Count label="Updated" value={current.counts.updated} color="indigo" />
            {current.counts.linked ? <Count label="Linked (MIS ID set)" value={current.counts.linked} color="grape" /> : null}
            <Count label="Unchanged" value={current.counts.unchanged} />
            <Count label="Failed" value={current.counts.failed} color="red" />
            <Count label="Skipped" value={current.counts.skipped} color="yellow.8" />
            {current.counts.pending > 0 && <Count label="Still to do" value={current.counts.pending} color="orange" />}
          </SimpleGrid>
          <Card withBorder padding="md">
            <Stack gap="xs">
              <Text fw={600}>Reports</Text>
              <Text size="sm" c="dimmed">
                The results list every row with what was done and its OneFile IDs. The errors file holds only the rows that failed or
                were skipped, with all your columns untouched plus the reason: fix it in Excel and load it here again as it is.
              </Text>
              <Group gap="xs">
                <Button disabled={!current.reports.results} onClick={() => exporter.run(current.runId, 'results', 'xlsx')} loading={exporter.busy}>
                  Export results (.xlsx)
                </Button>
                <Button variant="default" disabled={!current.reports.results} onClick={() => exporter.run(current.runId, 'results', 'csv')}>
                  Results as CSV
                </Button>
                <Button
                  color="red"
                  variant="light"
                  disabled={!current.reports.errors}
                  onClick={() => exporter.run(current.runId, 'errors', 'xlsx')}
                >
                  Export errors (.xlsx)
                </Button>
                <Button variant="default" disabled={!current.reports.errors} onClick={() => exporter.run(current.runId, 'errors', 'csv')}>
                  Errors as CSV
                </Button>
              </Group>
              {current.counts.pending > 0 ? (
                <Text size="sm" c="orange.8">
                  The import has not finished: {formatCount(current.counts.pending)} of {formatCount(current.counts.total)} rows are still to do.{' '}
                  {runActive ? 'It is running.' : 'Resume it below to finish them.'}
                </Text>
              ) : (
                !current.reports.errors &&
                current.counts.failed + current.counts.skipped === 0 && (
                  <Text size="sm" c="teal">
                    Every row went in: there is no errors report.
                  </Text>
                )
              )}
              {exporter.error && (
                <Alert color="red" title="The report could not be exported">
                  {exporter.error}
                </Alert>
              )}
              {exporter.busy === false && !exporter.error && null}
            </Stack>
          </Card>
        </Stack>
      )}
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size={current ? 'h4' : 'h3'}>
            History
          </Title>
          <Button variant="subtle" size="compact-sm" onClick={reload} loading={load.busy}>
            Refresh
          </Button>
        </Group>
        {load.error && (
          <Alert color="red" title="The history could not be read">
            {load.error}
          </Alert>
        )}
        {resume.error && (
          <Alert color="red" title="The import could not be resumed">
            {resume.error}
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
                  <Table.Th>Rows (created / updated / failed)</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.map((run) => (
                  <Table.Tr key={run.runId} data-run-id={run.runId}>
                    <Table.Td>{formatDateTime(run.startedAt)}</Table.Td>
                    <Table.Td>{run.fileName}</Table.Td>
                    <Table.Td>
                      {run.environment}
                      {run.organisation ? ` · ${run.organisation.name}` : ''}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATE_COLOR[run.state] ?? 'gray'} variant="light" style={{ overflow: 'visible' }} miw="max-content">
                        {run.state}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {formatCount(run.counts.total)} ({formatCount(run.counts.created)} / {formatCount(run.counts.updated)} /{' '}
                      {formatCount(run.counts.failed)})
                      {run.counts.pending > 0 && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          · {formatCount(run.counts.pending)} not finished
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        {run.resumable && (
                          <Button size="compact-sm" onClick={() => resume.run(run.runId)} loading={resume.busy} disabled={runActive}>
                            Resume
                          </Button>
                        )}
                        <UndoRunAction run={run} runs={runs} runActive={runActive} onStarted={onResumed} />
                        <ExportMenu run={run} />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Stack>
  );
}
