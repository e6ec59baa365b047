import { Button, Group, Text } from '@mantine/core';
import type { CountsView } from '../../../shared/contract-types';
import { formatCount } from '../format';
import type { EditHistory } from './use-edit-history';
import { SaveFixes } from './save-fixes';

/** Review's bars above and below the grid: Undo and Redo with the file saved with its fixes, and Back and on to the plan. */

/**
 * Takes back the last change to the file's cells (as Ctrl+Z on the grid does), or makes the
 * last one taken back again (Ctrl+Y), and says what it did; beside them, the file with the
 * cells changed, to keep or send back.
 */
export function UndoEdit({ history, busy, done, error, onUndo, onRedo, editedCells, readOnly }: {
  history: EditHistory;
  busy: boolean;
  done: string | null;
  error: string | null;
  onUndo(): void;
  onRedo(): void;
  editedCells: number;
  /** An import holds the app: nothing is taken back or made again. */
  readOnly: boolean;
}) {
  return (
    <Group gap="xs" wrap="nowrap">
      {editedCells > 0 && <SaveFixes editedCells={editedCells} />}
      {error ? (
        <Text size="xs" c="red">
          {error}
        </Text>
      ) : (
        done && (
          <Text size="xs" c="dimmed" data-testid="undone">
            {done}
          </Text>
        )
      )}
      <Button variant="default" size="xs" onClick={onUndo} disabled={!history.canUndo || readOnly} loading={busy} title="Ctrl+Z">
        Undo
      </Button>
      <Button variant="default" size="xs" onClick={onRedo} disabled={!history.canRedo || busy || readOnly} title="Ctrl+Y">
        Redo
      </Button>
    </Group>
  );
}

/** Back, and on to the plan, with how many rows still have errors; not on while an import holds the app (Review says so above the rows). */
export function ReviewFooter({ counts, onBack, onDone, importUnderWay }: { counts: CountsView | null; onBack(): void; onDone(): void; importUnderWay: boolean }) {
  return (
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
        <Button onClick={onDone} disabled={importUnderWay}>
          Continue to plan
        </Button>
      </Group>
    </Group>
  );
}

