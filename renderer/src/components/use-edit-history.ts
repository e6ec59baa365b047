import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ServiceClient } from '../../../shared/contract';
import type { CountsView } from '../../../shared/contract-types';
import { changeWords, type CellChange, type ChangeKind } from './change-words';

/** The most changes kept to take back, one per edit, paste or "fix all". */
const MOST_KEPT = 100;

/** A change kept to take back or to make again: its cells with their texts before, and what it was in words. */
interface KeptChange {
  changes: CellChange[];
  words: string;
}

/**
 * Review's changes to the file's cells, to take back with Ctrl+Z or the Undo button, the
 * last first: an edit, a block pasted, a "fix all like this"; and to make again with
 * Ctrl+Y (or Ctrl+Shift+Z) or Redo, as Excel does, until another change is made. Either is
 * one paste of the cells' texts kept: taking a change back keeps the texts it replaced,
 * to make it again. (Which cells differ from the file, and are marked as edited, the rows
 * say: `GridRowView.edited`.) Kept by the window, not by Review, so a change can be taken
 * back after a look at the plan; forgotten when another file is opened or the file is read
 * again (`fileVersion`), whose cells these are not.
 */
export function useEditHistory(client: ServiceClient, fileVersion: number | undefined) {
  const done = useRef<KeptChange[]>([]);
  const undone = useRef<KeptChange[]>([]);
  const [can, setCan] = useState({ undo: false, redo: false });
  /**
   * The undos and redos asked for, one after another: each press of Ctrl+Z takes one change
   * back, as in Excel, however quickly they come (two changes to one cell go back in order).
   */
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  /** Counts the steps that failed: a step asked for before a failure is not taken (the user sees the failure first). */
  const failures = useRef(0);
  const settle = useCallback(() => setCan({ undo: done.current.length > 0, redo: undone.current.length > 0 }), []);

  useEffect(() => {
    done.current = [];
    undone.current = [];
    settle();
  }, [fileVersion, settle]);

  const record = useCallback(
    (changes: CellChange[], what: ChangeKind) => {
      if (changes.length === 0) return;
      done.current.push({ changes, words: changeWords(changes, what) });
      if (done.current.length > MOST_KEPT) done.current.shift();
      // A new change: what was taken back is not made again over it.
      undone.current = [];
      settle();
    },
    [settle],
  );

  /** Pastes the texts of `from`'s last change, keeping what they replaced on `to`; what it was, in words, and the counts after (null: none). */
  const stepNow = useCallback(
    async (from: { current: KeptChange[] }, to: { current: KeptChange[] }): Promise<{ words: string; counts: CountsView } | null> => {
      const last = from.current.pop();
      settle();
      if (!last) return null;
      try {
        const result = await client.pasteCells({ cells: last.changes.map(({ index, column, before }) => ({ index, column, value: before })) });
        if (result.changed.length > 0) to.current.push({ changes: result.changed, words: last.words });
        return { words: last.words, counts: result.counts };
      } catch (caught) {
        // Not done: it stays where it was, to try again.
        from.current.push(last);
        failures.current += 1;
        throw caught;
      } finally {
        settle();
      }
    },
    [client, settle],
  );

  /** `stepNow` once the steps asked for before it are done. */
  const step = useCallback(
    (from: { current: KeptChange[] }, to: { current: KeptChange[] }): Promise<{ words: string; counts: CountsView } | null> => {
      const failuresWhenAsked = failures.current;
      const taken = queue.current.then(() => (failures.current === failuresWhenAsked ? stepNow(from, to) : null));
      queue.current = taken.catch(() => undefined);
      return taken;
    },
    [stepNow],
  );

  /** Puts the last change's cells back as they were. */
  const undo = useCallback(() => step(done, undone), [step]);
  /** Makes the last change taken back again. */
  const redo = useCallback(() => step(undone, done), [step]);

  return useMemo(() => ({ canUndo: can.undo, canRedo: can.redo, record, undo, redo }), [can, record, undo, redo]);
}

export type EditHistory = ReturnType<typeof useEditHistory>;
