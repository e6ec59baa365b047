import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Checkbox, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { PlanView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { downloadHandedOver, formatCount, formatEstimate, handedOverWords, plural } from '../format';
import { PlanSettings, type SettingsChange } from '../components/plan-settings';
import { PlanCalls, PlanUpdates } from '../components/plan-details';
import { PlanCreations } from '../components/plan-creations';
import { LiveConfirmation } from '../components/live-confirmation';
import { TaskEndAlert, TaskProgressBar } from '../components/task-progress-bar';
import { useStopWhenLeft, useTaskProgress, useTaskStop } from '../components/use-task-progress';
import { BlockedRows, PlanCounts, PlanNotes, PlanWarnings } from '../components/plan-summary';

function ImportLiveConfirmation({ plan, opened, onClose, onConfirm, busy }: { plan: PlanView; opened: boolean; onClose(): void; onConfirm(): void; busy: boolean }) {
  return (
    <LiveConfirmation title="Import into Live?" organisation={plan.organisation} confirmLabel={`Import into ${plan.organisation.name}`} opened={opened} onClose={onClose} onConfirm={onConfirm} busy={busy}>
      It will create {plural(plan.create, 'learner')}, update {formatCount(plan.update)}, and make{' '}
      {plural(plan.assignments.templates + plan.assignments.standards + plan.assignments.units + plan.assignments.staff, 'assignment')}{' '}
      ({plural(plan.calls.total, 'API call')}, {formatEstimate(plan.etaMs)}).
      {plan.blocked + plan.skipped > 0 ? ` ${plural(plan.blocked + plan.skipped, 'row')} will not be imported.` : ''}
    </LiveConfirmation>
  );
}

/** While the plan is being made (`progress`: how far it has read, and Stop), or why it could not be (`stopped`: Stop was pressed). */
function PlanWaiting({ error, stopped, progress, onBack, onRetry }: { error: string | null; stopped: boolean; progress: ReactNode; onBack(): void; onRetry(): void }) {
  return error ? (
    <Stack>
      <TaskEndAlert stopped={stopped} failedTitle="The import could not be planned" testId="plan-error">
        {error}
      </TaskEndAlert>
      <Group>
        <Button variant="default" onClick={onBack}>
          Back to review
        </Button>
        <Button onClick={onRetry}>Try again</Button>
      </Group>
    </Stack>
  ) : (
    <Stack gap="xs">
      <Group gap="sm">
        <Loader size="sm" />
        <Text>Working out what the import will do (nothing is written to OneFile)…</Text>
      </Group>
      {progress}
    </Stack>
  );
}

/** Step 5: the dry run. Nothing has been written yet; this is exactly what Import will do. */
export function PlanStep({ onStarted, onBack }: { onStarted(): void; onBack(): void }) {
  const { client } = useBridge();
  const { refresh } = useSession();
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // Where the plan's workbook went: every row and what the import does to it, to look over in Excel or send for sign-off.
  const [savedPlan, setSavedPlan] = useState<string | null>(null);
  const stopping = useTaskStop('plan');
  // Asked for again (the skip box ticked, a setting changed) while a plan is being made, the later plan is the
  // one shown: the service stops the one before where it waits for OneFile.
  const planning = useAction(
    async (skip: boolean) => {
      stopping.begin();
      return client.planImport({ skipInvalid: skip });
    },
    { latestOnly: true },
  );
  const askPlan = planning.run;
  const makePlan = useCallback(
    async (skip: boolean) => {
      const made = await askPlan(skip);
      if (!made) return;
      setPlan(made);
      // A plan made again is not the one saved before.
      setSavedPlan(null);
    },
    [askPlan],
  );
  // How far the plan has read (a weekly file of a thousand learners OneFile has takes minutes), with Stop; where
  // OneFile stops answering, the plan waits for it and says so (see OneFileSilent).
  const progress = useTaskProgress('plan', planning.busy);
  const reading = planning.busy && (
    <TaskProgressBar progress={progress} label="Planning the import" waiting="Contacting OneFile…" testId="plan-progress" onStop={stopping.stop} stopping={stopping.stopped} />
  );
  // A setting changes what the import does: plan again with it.
  const settle = useAction(async (change: SettingsChange) => {
    await client.setImportSettings(change);
    await makePlan(skipInvalid);
  });
  const savePlan = useAction(async () => {
    const file = await client.exportPlan();
    downloadHandedOver(file);
    setSavedPlan(handedOverWords(file));
  });
  const start = useAction(async () => {
    if (!plan) return;
    await client.startRun(plan.live ? { confirmLiveOrganisationId: plan.organisation.id } : {});
    await refresh();
    onStarted();
  });
  useEffect(() => {
    void makePlan(skipInvalid);
  }, [client, skipInvalid, makePlan]);
  // Left while a plan is being made (Back, or History): stopped. Coming back plans afresh.
  useStopWhenLeft('plan', planning.busy);

  if (!plan) return <PlanWaiting error={planning.error} stopped={stopping.stopped} progress={reading} onBack={onBack} onRetry={() => makePlan(skipInvalid)} />;
  const nothingToDo =
    plan.create + plan.update + (plan.link ?? 0) + (plan.creations?.length ?? 0) === 0 &&
    plan.assignments.templates + plan.assignments.standards + plan.assignments.units + plan.assignments.staff === 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2} size="h3">
            What the import will do
          </Title>
          <Text size="sm" c="dimmed">
            A dry run into {plan.organisation.name}: nothing has been written to OneFile yet.
          </Text>
        </div>
        <Stack gap={4} align="flex-end">
          <Button variant="default" onClick={() => void savePlan.run()} loading={savePlan.busy} disabled={planning.busy}>
            Save the plan (Excel)
          </Button>
          <Text size="xs" c="dimmed" data-testid="plan-saved">
            {savedPlan ?? 'Every row and what the import does to it'}
          </Text>
        </Stack>
      </Group>
      {savePlan.error && (
        <Alert color="red" title="The plan could not be saved" withCloseButton onClose={savePlan.clearError}>
          {savePlan.error}
        </Alert>
      )}
      <PlanCounts plan={plan} />
      <PlanWarnings plan={plan} />
      <PlanCreations plan={plan} />
      <PlanCalls plan={plan} />
      <PlanUpdates plan={plan} />
      {reading}
      {planning.error && (
        <TaskEndAlert stopped={stopping.stopped} failedTitle="The import could not be planned again" testId="plan-error">
          {planning.error} The plan shown is the one made before.
        </TaskEndAlert>
      )}
      <PlanSettings settings={plan.settings} onChange={(change) => void settle.run(change)} disabled={settle.busy || planning.busy} />
      {settle.error && (
        <Alert color="red" title="That setting could not be changed">
          {settle.error}
        </Alert>
      )}
      <PlanNotes plan={plan} />
      <Checkbox
        checked={skipInvalid}
        onChange={(e) => setSkipInvalid(e.currentTarget.checked)}
        label="Skip rows with errors and import the rest"
        description="Skipped rows go to the errors report with their original columns, ready to fix in Excel and import again."
      />
      {plan.needsSkipInvalid && (
        <Alert color="orange" title={`${plural(plan.blocked, 'row')} with errors`}>
          The import will not start while rows have errors. Fix them in Review, or tick “Skip rows with errors”.
        </Alert>
      )}
      <BlockedRows plan={plan} />
      {start.error && (
        <Alert color="red" title="The import did not start">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{start.error}</Text>
            <Button
              size="xs"
              variant="light"
              loading={planning.busy}
              onClick={() => {
                start.clearError();
                void makePlan(skipInvalid);
              }}
            >
              Plan again
            </Button>
          </Stack>
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Back to review
        </Button>
        <Button
          color={plan.live ? 'red' : undefined}
          disabled={plan.needsSkipInvalid || nothingToDo || planning.busy}
          loading={start.busy}
          onClick={() => (plan.live ? setConfirming(true) : start.run())}
        >
          {nothingToDo ? 'Nothing to import' : plan.live ? `Import into Live…` : 'Start import'}
        </Button>
      </Group>
      <ImportLiveConfirmation plan={plan} opened={confirming} onClose={() => setConfirming(false)} onConfirm={() => start.run()} busy={start.busy} />
    </Stack>
  );
}
