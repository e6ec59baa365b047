import { useState } from 'react';
import { Button, Text } from '@mantine/core';
import type { RunHistoryView } from '../../../shared/contract-types';
import { UndoDialog } from './undo-dialog';

/**
 * History's "Undo this run" for one run: the button that opens the undo's plan, or
 * "Carry on the undo" when an undo of it stopped part-way, or "Undo again" once it was
 * undone (the plan is read from OneFile now, so it finds what is left or was put back
 * since, and says plainly when there is nothing). A run that was itself an undo says it
 * cannot be undone (that would make again what it took back); a run never started has
 * nothing to undo.
 */
export function UndoRunAction({ run, runs, runActive, onStarted }: { run: RunHistoryView; runs: readonly RunHistoryView[]; runActive: boolean; onStarted(): void }) {
  const [open, setOpen] = useState(false);
  if (run.undoOf) {
    return (
      <Text size="xs" c="dimmed" title={`This run undid run ${run.undoOf}. To have its changes again, import that file again.`}>
        An undo: cannot be undone
      </Text>
    );
  }
  if (run.state === 'planned') return null;
  const undo = run.undoneBy ? runs.find((r) => r.runId === run.undoneBy) : undefined;
  const carryOn = undo?.resumable === true;
  return (
    <>
      {undo && !carryOn && (
        <Text size="xs" c="dimmed">
          Undone
        </Text>
      )}
      <Button
        size="compact-sm"
        variant="light"
        color="red"
        onClick={() => setOpen(true)}
        disabled={runActive}
        title={undo && !carryOn ? 'Reads OneFile now and undoes only what the undo left or what was changed back since' : undefined}
      >
        {carryOn ? 'Carry on the undo' : undo ? 'Undo again' : 'Undo this run'}
      </Button>
      {open && <UndoDialog run={run} runActive={runActive} onClose={() => setOpen(false)} onStarted={onStarted} />}
    </>
  );
}
