import { Alert, Button, Group, Text } from '@mantine/core';
import type { AlikeCellsView, ReplaceResultView } from '../../../shared/contract-review-types';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';
import { plural } from '../format';

/** After a cell is fixed: the other cells of its column that said the same and have the same problem, changed in one step. */
export function FixAll({ alike, header, onDone, onDismiss }: { alike: AlikeCellsView; header: string; onDone(result: ReplaceResultView): void; onDismiss(): void }) {
  const { client } = useBridge();
  const replace = useAction(async () => {
    onDone(await client.replaceInColumn({ column: alike.column, from: alike.from, to: alike.to }));
  });
  return (
    <Alert color="indigo" variant="light" withCloseButton onClose={onDismiss} title="Fix all like this?" data-testid="fix-all">
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          {plural(alike.rows, 'more cell')} in {header} {alike.rows === 1 ? 'says' : 'say'} “{alike.from}”.
        </Text>
        <Button size="xs" onClick={() => replace.run()} loading={replace.busy}>
          Change {alike.rows === 1 ? 'it' : 'them all'} to “{alike.to}”
        </Button>
      </Group>
      {replace.error && (
        <Text size="sm" c="red">
          {replace.error}
        </Text>
      )}
    </Alert>
  );
}
