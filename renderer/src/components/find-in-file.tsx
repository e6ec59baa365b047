import { forwardRef, useEffect, useRef, useState } from 'react';
import { Button, Group, Text, TextInput } from '@mantine/core';
import type { FoundCellView, PasteResultView } from '../../../shared/contract-review-types';
import type { RowSort } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';
import { formatCount, plural } from '../counts';

/**
 * "Find in the file", as Excel's Find Next: Enter goes to the next cell (after the active
 * one, in the rows' order as sorted, wrapping to the top) whose text holds what is typed, in any case, however far
 * down the file it is, Shift+Enter to the one before; Escape goes back to the grid. Says where the cell stands among
 * all that hold the text. With Replace (Ctrl+H), as Excel's Replace All: the text replaced
 * in every cell of the file holding it, in one change (Ctrl+Z takes it back).
 */
export const FindInFile = forwardRef<
  HTMLInputElement,
  {
    from: { index: number; column: number } | null;
    /** The column the grid's rows are sorted by, if any: Find goes on in that order. */
    sort: RowSort | null;
    onFound(cell: NonNullable<FoundCellView['cell']>): void;
    onLeave(): void;
    /** Whether the box to replace with is open (Ctrl+H, or the Replace button). */
    replacing: boolean;
    /** Whether Replace is offered (not while an import holds the app: the file is not changed then). */
    canReplace: boolean;
    onReplacing(open: boolean): void;
    /** Replace all done: the cells changed, with their text before, and the counts after. */
    onReplaced(result: PasteResultView): void;
  }
>(function FindInFile({ from, sort, onFound, onLeave, replacing, onReplacing, canReplace, onReplaced }, ref) {
  const { client } = useBridge();
  const [text, setText] = useState('');
  const [replacement, setReplacement] = useState('');
  const [found, setFound] = useState<FoundCellView | null>(null);
  const [replaced, setReplaced] = useState<number | null>(null);
  const replaceBox = useRef<HTMLInputElement>(null);
  // Opened by Ctrl+H: the box to replace with takes the keyboard, or Find's own while it is empty.
  useEffect(() => {
    if (replacing) (text.trim() === '' && ref && 'current' in ref ? ref.current : replaceBox.current)?.focus();
  }, [replacing]); // eslint-disable-line react-hooks/exhaustive-deps
  // The next search goes on from the cell last found, until the user makes another cell active.
  const [last, setLast] = useState<{ index: number; column: number } | null>(null);
  useEffect(() => {
    setLast((previous) => (previous && from && (from.index !== previous.index || from.column !== previous.column) ? null : previous));
  }, [from?.index, from?.column]); // eslint-disable-line react-hooks/exhaustive-deps
  const find = useAction(async (backwards: boolean) => {
    const after = last ?? from;
    const result = await client.findInFile({ text, ...(after ? { after } : {}), ...(backwards ? { backwards } : {}), ...(sort ? { sort } : {}) });
    setFound(result);
    if (result.cell) {
      setLast({ index: result.cell.index, column: result.cell.column });
      onFound(result.cell);
    }
  });
  const replaceAll = useAction(async () => {
    const result = await client.replaceInFile({ text, replacement });
    setReplaced(result.changed.length);
    setFound(null);
    if (result.changed.length > 0) onReplaced(result);
  });
  const said = replaceAll.error ?? find.error;
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
          setReplaced(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && text.trim() !== '') void find.run(event.shiftKey);
          if (event.key === 'Escape') onLeave();
          if (event.key.toLowerCase() === 'h' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onReplacing(true);
            replaceBox.current?.focus();
          }
        }}
      />
      {replacing ? (
        <>
          <TextInput
            ref={replaceBox}
            size="xs"
            w={160}
            placeholder="Replace with"
            aria-label="Replace with"
            value={replacement}
            onChange={(event) => {
              setReplacement(event.currentTarget.value);
              setReplaced(null);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                onReplacing(false);
                onLeave();
              }
            }}
          />
          <Button size="xs" variant="default" disabled={text.trim() === ''} loading={replaceAll.busy} onClick={() => void replaceAll.run()}>
            Replace all
          </Button>
        </>
      ) : (
        canReplace && (
          <Button size="xs" variant="subtle" onClick={() => onReplacing(true)} title="Ctrl+H">
            Replace…
          </Button>
        )
      )}
      {(found || replaced !== null || said) && (
        <Text size="xs" c={said || found?.total === 0 || replaced === 0 ? 'red' : 'dimmed'} data-testid="find-result" maw={260}>
          {said ??
            (replaced !== null
              ? replaced === 0
                ? 'Not in the file'
                : `Replaced in ${plural(replaced, 'cell')}`
              : found!.total === 0
                ? 'Not in the file'
                : `${formatCount(found!.ordinal)} of ${formatCount(found!.total)}`)}
        </Text>
      )}
    </Group>
  );
});
