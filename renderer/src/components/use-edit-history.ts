import { useCallback, useMemo, useRef, useState } from 'react';
import type { ServiceClient } from '../../../shared/contract';
import type { CountsView } from '../../../shared/contract-types';
import { plural } from '../counts';

/** One cell changed in Review: where, and its text before. */
export interface CellChange {
  index: number;
  column: number;
  before: string;
}

/** The most changes kept to take back, one per edit, paste or "fix all". */
const MOST_KEPT = 100;

/** What a change was, in words, for the note that it was taken back. */
export function changeWords(changes: readonly CellChange[], what: 'edit' | 'paste' | 'fix-all'): string {
  if (what === 'edit') return 'the cell edited';
  if (what === 'paste') return `the paste (${plural(changes.length, 'cell')})`;
  return `“fix all like this” (${plural(changes.length, 'cell')})`;
}

/**
 * Review's changes to the file's cells, to take back with Ctrl+Z or the Undo button, the
 * last first: an edit, a block pasted, a "fix all like this". Each is put back as one
 * paste of the cells' texts before. (Which cells differ from the file, and are marked as
 * edited, the rows say: `GridRowView.edited`.)
 */
export function useEditHistory(client: ServiceClient) {
  const done = useRef<Array<{ changes: CellChange[]; words: string }>>([]);
  const [canUndo, setCanUndo] = useState(false);
  /** An undo on its way: the next waits for it (two changes to one cell are put back in order), so Ctrl+Z held down takes one at a time. */
  const undoing = useRef(false);

  const record = useCallback(
    (changes: CellChange[], what: 'edit' | 'paste' | 'fix-all') => {
      if (changes.length === 0) return;
      done.current.push({ changes, words: changeWords(changes, what) });
      if (done.current.length > MOST_KEPT) done.current.shift();
      setCanUndo(true);
    },
    [],
  );

  /** Puts the last change's cells back as they were; what was undone, in words, and the counts after (null: nothing to undo). */
  const undo = useCallback(async (): Promise<{ words: string; counts: CountsView } | null> => {
    if (undoing.current) return null;
    const last = done.current.pop();
    setCanUndo(done.current.length > 0);
    if (!last) return null;
    undoing.current = true;
    try {
      const result = await client.pasteCells({ cells: last.changes.map(({ index, column, before }) => ({ index, column, value: before })) });
      return { words: last.words, counts: result.counts };
    } catch (caught) {
      // Not put back: it stays the last change, to try again.
      done.current.push(last);
      setCanUndo(true);
      throw caught;
    } finally {
      undoing.current = false;
    }
  }, [client]);

  return useMemo(() => ({ canUndo, record, undo }), [canUndo, record, undo]);
}

export type EditHistory = ReturnType<typeof useEditHistory>;
