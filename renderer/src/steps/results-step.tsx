import { useCallback, useEffect, useState } from 'react';
import { Stack } from '@mantine/core';
import type { RunHistoryView, RunKind } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { RunSummary } from '../components/run-summary';
import { RunHistory } from '../components/run-history';

/**
 * Step 7: what happened, the reports to hand on, and every past run (unfinished ones
 * can be resumed, any import undone). The run the app made or followed last is shown
 * on top (../components/run-summary), History under it (../components/run-history).
 */
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
  const [resumedKind, setResumedKind] = useState<RunKind>('import');
  const resume = useAction(async (runId: string) => {
    setResumedKind(runs?.find((run) => run.runId === runId)?.kind ?? 'import');
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
      {current && <RunSummary run={current} runActive={runActive} onShowRun={onShowRun} onNewFile={onNewFile} />}
      <RunHistory
        runs={runs}
        underResults={current !== null}
        runActive={runActive}
        loading={load.busy}
        loadError={load.error}
        resumeError={resume.error === null ? null : { message: resume.error, kind: resumedKind }}
        resuming={resume.busy}
        onReload={reload}
        onResume={(runId) => void resume.run(runId)}
        onUndoStarted={onResumed}
      />
    </Stack>
  );
}
