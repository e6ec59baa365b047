import { forwardRef, useEffect, useState } from 'react';
import { Group, Text, TextInput } from '@mantine/core';
import type { FoundCellView } from '../../../shared/contract-review-types';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';
import { formatCount } from '../counts';

/**
 * "Find in the file", as Excel's Find Next: Enter goes to the next cell (after the active
 * one, wrapping to the top) whose text holds what is typed, in any case, however far
 * down the file it is, Shift+Enter to the one before; Escape goes back to the grid. Says where the cell stands among
 * all that hold the text.
 */
export const FindInFile = forwardRef<
  HTMLInputElement,
  { from: { index: number; column: number } | null; onFound(cell: NonNullable<FoundCellView['cell']>): void; onLeave(): void }
>(function FindInFile({ from, onFound, onLeave }, ref) {
  const { client } = useBridge();
  const [text, setText] = useState('');
  const [found, setFound] = useState<FoundCellView | null>(null);
  // The next search goes on from the cell last found, until the user makes another cell active.
  const [last, setLast] = useState<{ index: number; column: number } | null>(null);
  useEffect(() => {
    setLast((previous) => (previous && from && (from.index !== previous.index || from.column !== previous.column) ? null : previous));
  }, [from?.index, from?.column]); // eslint-disable-line react-hooks/exhaustive-deps
  const find = useAction(async (backwards: boolean) => {
    const after = last ?? from;
    const result = await client.findInFile({ text, ...(after ? { after } : {}), ...(backwards ? { backwards } : {}) });
    setFound(result);
    if (result.cell) {
      setLast({ index: result.cell.index, column: result.cell.column });
      onFound(result.cell);
    }
  });
  return (
    <Group gap="xs" wrap="nowrap">
      <TextInput
        ref={ref}
        size="xs"
        w={220}
        placeholder="Find in the file (Ctrl+F)"
        aria-label="Find in the file"
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setFound(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && text.trim() !== '') void find.run(event.shiftKey);
          if (event.key === 'Escape') onLeave();
        }}
      />
      {(found || find.error) && (
        <Text size="xs" c={find.error || found?.total === 0 ? 'red' : 'dimmed'} data-testid="find-result">
          {find.error ?? (found!.total === 0 ? 'Not in the file' : `${formatCount(found!.ordinal)} of ${formatCount(found!.total)}`)}
        </Text>
      )}
    </Group>
  );
});
