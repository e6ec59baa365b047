import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { RunHistoryView, UndoPlanView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { plural } from '../format';
import { useTaskProgress, useTaskStop } from './use-task-progress';
import { TaskEndAlert, TaskProgressBar } from './task-progress-bar';
import { UndoPlanDetails } from './undo-plan-details';
import { LiveConfirmation } from './live-confirmation';

/**
 * "Undo this run" from History: the plan first, read from OneFile now and writing
 * nothing (its progress shown while it is read), then the undo, a run of its own that
 * the Import screen follows like any run. On Live the organisation is confirmed first,
 * as an import into Live is. An undo of this run that stopped part-way is carried on.
 */

/** Undo in Live: the organisation named and confirmed, as an import into Live asks. */
function UndoLiveConfirmation({ plan, opened, onClose, onConfirm, busy }: { plan: UndoPlanView; opened: boolean; onClose(): void; onConfirm(): void; busy: boolean }) {
  return (
    <LiveConfirmation title="Undo in Live?" organisation={plan.organisation} confirmLabel={`Undo in ${plan.organisation.name}`} opened={opened} onClose={onClose} onConfirm={onConfirm} busy={busy}>
      It will put back {plural(plan.restore.fields, 'field')} of {plural(plan.restore.users, 'user')} and archive {plural(plan.archive.users, 'user')} the run created (
      {plural(plan.calls.writes, 'API call')}).
    </LiveConfirmation>
  );
}

/** What the plan says before the lists: nothing to undo, or an undo to carry on. */
function PlanNotice({ plan }: { plan: UndoPlanView }) {
  if (plan.unfinishedUndo) {
    return (
      <Alert color="yellow" title="An undo of this run stopped part-way" data-testid="undo-unfinished">
        Run {plan.unfinishedUndo} began undoing this run and did not finish. Carry it on: it does what it has left, and nothing twice. What it still has to do:
      </Alert>
    );
  }
  if (plan.nothingToUndo) {
    return (
      <Alert color="teal" title="Nothing to undo" data-testid="undo-nothing">
        OneFile already holds what it held before this run (or what was changed in it since): nothing would be put back or archived, so there is nothing to
        start.
      </Alert>
    );
  }
  return null;
}

function startLabel(plan: UndoPlanView | null): string {
  if (plan?.unfinishedUndo) return 'Carry on the undo';
  return plan?.live ? 'Undo in Live…' : 'Undo';
}

export function UndoDialog({ run, runActive, onClose, onStarted }: { run: RunHistoryView; runActive: boolean; onClose(): void; onStarted(): void }) {
  const { client } = useBridge();
  const { refresh } = useSession();
  const [plan, setPlan] = useState<UndoPlanView | null>(null);
  const [confirming, setConfirming] = useState(false);
  const stopping = useTaskStop('undo-plan');
  const planning = useAction(async () => {
    stopping.begin();
    setPlan(await client.planUndo({ runId: run.runId }));
  });
  const start = useAction(async () => {
    if (!plan) return;
    await client.startUndo(plan.live ? { runId: run.runId, confirmLiveOrganisationId: plan.organisation.id } : { runId: run.runId });
    await refresh();
    onStarted();
  });
  const progress = useTaskProgress('undo-plan', planning.busy);
  const planNow = planning.run;
  useEffect(() => {
    void planNow();
  }, [client, run.runId, planNow]);
  const canStart = plan !== null && (plan.unfinishedUndo !== null || !plan.nothingToUndo) && !runActive;
  const busy = planning.busy || start.busy;

  return (
    <Modal opened onClose={busy ? () => {} : onClose} title={plan?.unfinishedUndo ? 'Carry on the undo' : 'Undo this run'} size="80rem" closeOnClickOutside={!busy}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {run.fileName} · {run.organisation?.name ?? ''} · {run.environment} · run {run.runId}
        </Text>
        {run.live && (
          <Alert color="red" variant="light">
            This run was made in OneFile Live: undoing it changes real learners.
          </Alert>
        )}
        {planning.busy && (
          <TaskProgressBar
            progress={progress}
            label="Planning the undo"
            waiting="Contacting OneFile…"
            testId="undo-planning"
            stopping={stopping.stopped}
            onStop={stopping.stop}
          />
        )}
        {planning.error && (
          <TaskEndAlert stopped={stopping.stopped} failedTitle="The undo could not be planned" testId="undo-plan-error">
            {planning.error}
          </TaskEndAlert>
        )}
        {plan && !planning.busy && (
          <>
            <PlanNotice plan={plan} />
            <UndoPlanDetails plan={plan} />
          </>
        )}
        {start.error && (
          <Alert color="red" title="The undo could not be started">
            {start.error}
          </Alert>
        )}
        {runActive && plan && (
          <Text size="sm" c="orange.8">
            An import is running: undo this run when it has finished.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Close
          </Button>
          {planning.error && (
            <Button variant="default" onClick={() => void planning.run()}>
              Plan again
            </Button>
          )}
          <Button color="red" disabled={!canStart || planning.busy} loading={start.busy} onClick={() => (plan?.live ? setConfirming(true) : void start.run())}>
            {startLabel(plan)}
          </Button>
        </Group>
      </Stack>
      {plan?.live && <UndoLiveConfirmation plan={plan} opened={confirming} onClose={() => setConfirming(false)} onConfirm={() => void start.run()} busy={start.busy} />}
    </Modal>
  );
}
