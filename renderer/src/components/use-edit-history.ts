import { useCallback, useMemo, useRef, useState } from 'react';
import type { ServiceClient } from '../../../shared/contract';
import type { CountsView } from '../../../shared/contract-types';
import { plural } from '../counts';

/** One cell changed in Review: where, and its text before and after. */
export interface CellChange {
  index: number;
  column: number;
  before: string;
  after: string;
}

/** The most changes kept to take back, one per edit, paste or "fix all". */
const MOST_KEPT = 100;

const keyOf = (change: { index: number; column: number }) => `${change.index}:${change.column}`;

/** What a change was, in words, for the note that it was taken back. */
export function changeWords(changes: readonly CellChange[], what: 'edit' | 'paste' | 'fix-all'): string {
  if (what === 'edit') return 'the cell edited';
  if (what === 'paste') return `the paste (${plural(changes.length, 'cell')})`;
  return `“fix all like this” (${plural(changes.length, 'cell')})`;
}

/**
 * Review's changes to the file's cells, to take back with Ctrl+Z or the Undo button, the
 * last first: an edit, a block pasted, a "fix all like this". Each is put back as one
 * paste of the cells' texts before. A cell is marked as edited while its text differs
 * from the file's (a cell changed and put back is not).
 */
export function useEditHistory(client: ServiceClient) {
  const originals = useRef(new Map<string, string>());
  const done = useRef<Array<{ changes: CellChange[]; words: string }>>([]);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [canUndo, setCanUndo] = useState(false);
  /** An undo on its way: the next waits for it (two changes to one cell are put back in order), so Ctrl+Z held down takes one at a time. */
  const undoing = useRef(false);

  const mark = useCallback((changes: readonly CellChange[], text: (change: CellChange) => string) => {
    setEdited((previous) => {
      const next = new Set(previous);
      for (const change of changes) {
        if (text(change) === originals.current.get(keyOf(change))) next.delete(keyOf(change));
        else next.add(keyOf(change));
      }
      return next;
    });
  }, []);

  const record = useCallback(
    (changes: CellChange[], what: 'edit' | 'paste' | 'fix-all') => {
      if (changes.length === 0) return;
      for (const change of changes) if (!originals.current.has(keyOf(change))) originals.current.set(keyOf(change), change.before);
      mark(changes, (change) => change.after);
      done.current.push({ changes, words: changeWords(changes, what) });
      if (done.current.length > MOST_KEPT) done.current.shift();
      setCanUndo(true);
    },
    [mark],
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
      mark(last.changes, (change) => change.before);
      return { words: last.words, counts: result.counts };
    } catch (caught) {
      // Not put back: it stays the last change, to try again.
      done.current.push(last);
      setCanUndo(true);
      throw caught;
    } finally {
      undoing.current = false;
    }
  }, [client, mark]);

  return useMemo(() => ({ edited, canUndo, record, undo }), [edited, canUndo, record, undo]);
}

export type EditHistory = ReturnType<typeof useEditHistory>;
