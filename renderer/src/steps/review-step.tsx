import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Grid, Group, Progress, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { CountsView, RowFilter, UnresolvedView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { formatCount } from '../format';
import { ReviewGrid, type GridColumn } from '../components/review-grid';
import { UnresolvedPanel } from '../components/unresolved-panel';

/** Step 4: every row, errors highlighted, cells editable, unknown names resolved once per value. */
export function ReviewStep({ onDone, onBack }: { onDone(): void; onBack(): void }) {
  const { client } = useBridge();
  const { state, directoryProgress } = useSession();
  const [columns, setColumns] = useState<GridColumn[] | null>(null);
  const [counts, setCounts] = useState<CountsView | null>(null);
  const [unresolved, setUnresolved] = useState<UnresolvedView[]>([]);
  const [filter, setFilter] = useState<RowFilter>('all');
  const [reloadKey, setReloadKey] = useState(0);

  const check = useAction(async (refresh: boolean) => {
    setCounts(await client.checkReferences({ refresh }));
    setUnresolved(await client.listUnresolved());
    setReloadKey((k) => k + 1);
  });

  useEffect(() => {
    let left = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void client.getMapping().then((mapping) => {
      if (left) return;
      const labels = new Map(mapping.fields.map((f) => [f.key, f.label]));
      setColumns(mapping.columns.map((c) => ({ header: c.header, fieldLabel: c.field ? (labels.get(c.field) ?? c.field) : null })));
      void client.getCounts().then(setCounts);
      // The first page of rows goes first; checking names against OneFile (a download and a
      // pass over every row) follows, so a big file shows its rows at once.
      timer = setTimeout(() => void check.run(false), 100);
    });
    return () => {
      left = true;
      clearTimeout(timer);
    };
  }, [client]);

  const afterResolve = useCallback(async () => {
    setCounts(await client.getCounts());
    setUnresolved(await client.listUnresolved());
    setReloadKey((k) => k + 1);
  }, [client]);

  const onCounts = useCallback(
    (next: CountsView) => {
      setCounts(next);
      if (next.unresolvedValues !== unresolved.length) void client.listUnresolved().then(setUnresolved);
    },
    [client, unresolved.length],
  );

  const loadingDirectory = check.busy || state?.directory.status === 'loading';
  const filterData = counts
    ? [
        { value: 'all', label: `All rows ${formatCount(counts.rows)}` },
        { value: 'errors', label: `Errors ${formatCount(counts.withErrors)}` },
        { value: 'warnings', label: `Warnings ${formatCount(counts.withWarnings)}` },
        { value: 'unresolved', label: `Unresolved ${formatCount(counts.unresolvedRows)}` },
        { value: 'valid', label: `Ready ${formatCount(counts.valid)}` },
      ]
    : [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} size="h3">
            Review the rows
          </Title>
          <Text size="sm" c="dimmed">
            Cells in red stop a row; yellow ones are worth a look. Hover a cell for the reason; double-click or press Enter to fix it.
          </Text>
        </div>
        <Button variant="default" size="xs" onClick={() => check.run(true)} loading={check.busy}>
          Check names against OneFile again
        </Button>
      </Group>
      {loadingDirectory && (
        <Stack gap={4}>
          <Text size="sm">{directoryProgress?.description ?? 'Reading the organisation’s classes, placements, staff and programmes from OneFile…'}</Text>
          <Progress value={(directoryProgress?.value ?? 0) * 100} animated aria-label="Reading the organisation from OneFile" />
        </Stack>
      )}
      {check.error && (
        <Alert color="red" title="Names could not be checked against OneFile">
          {check.error}
        </Alert>
      )}
      {counts && (
        <SegmentedControl
          value={filter}
          onChange={(value) => setFilter(value as RowFilter)}
          data={filterData}
          aria-label="Which rows to show"
          style={{ alignSelf: 'flex-start' }}
        />
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: unresolved.length > 0 ? 8 : 12 }}>
          {columns && <ReviewGrid filter={filter} columns={columns} reloadKey={reloadKey} onCounts={onCounts} />}
        </Grid.Col>
        {unresolved.length > 0 && (
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <UnresolvedPanel items={unresolved} onResolved={afterResolve} />
          </Grid.Col>
        )}
      </Grid>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Back
        </Button>
        <Group gap="sm">
          {counts && counts.withErrors > 0 && (
            <Text size="sm" c="dimmed">
              {counts.withErrors === 1 ? '1 row still has an error: fix it' : `${formatCount(counts.withErrors)} rows still have errors: fix them`}, or skip on the next screen.
            </Text>
          )}
          <Button onClick={onDone}>Continue to plan</Button>
        </Group>
      </Group>
    </Stack>
  );
}
