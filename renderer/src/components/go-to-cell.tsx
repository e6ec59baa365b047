import { forwardRef, useState } from 'react';
import { Group, Text, TextInput } from '@mantine/core';
import type { GoToCellView } from '../../../shared/contract-review-types';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';

/**
 * Go To (Ctrl+G), as Excel's: a row number as the file and the error report show it
 * (1234), or a cell (F1234); Enter brings it into view, active, and gives the grid the
 * keyboard. Says why where there is no such row or column. Escape goes back to the grid.
 */
export const GoToCell = forwardRef<HTMLInputElement, { onFound(cell: NonNullable<GoToCellView['cell']>): void; onLeave(): void }>(function GoToCell({ onFound, onLeave }, ref) {
  const { client } = useBridge();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const go = useAction(async () => {
    const result = await client.goToCell({ reference: text });
    setProblem(result.problem);
    if (result.cell) {
      setText('');
      onFound(result.cell);
    }
  });
  const said = go.error ?? problem;
  return (
    <Group gap="xs" wrap="nowrap">
      <TextInput
        ref={ref}
        size="xs"
        w={150}
        placeholder="Go to row (Ctrl+G)"
        aria-label="Go to a row or cell"
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setProblem(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && text.trim() !== '') void go.run();
          if (event.key === 'Escape') onLeave();
        }}
      />
      {said && (
        <Text size="xs" c="red" maw={260} data-testid="go-to-problem">
          {said}
        </Text>
      )}
    </Group>
  );
});
