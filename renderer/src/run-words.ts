import type { RunKind } from '../../shared/contract-types';

/**
 * A run told in its own words. An undo is a run like an import (the same screens follow
 * it), but a user who pressed "Undo this run" must never read "Import finished" or see
 * the users it archived counted as "Updated": each screen takes its words from here.
 */
export interface RunWords {
  /** "import" or "undo", inside a sentence. */
  noun: string;
  /** "Import" or "Undo", at the start of one. */
  Noun: string;
  /** The title while it runs. */
  doing: string;
  /** Cancelling it: what the user is told stays done, and the button that keeps it going. */
  cancelled: string;
  keepGoing: string;
}

const WORDS: Record<RunKind, RunWords> = {
  import: {
    noun: 'import',
    Noun: 'Import',
    doing: 'Importing…',
    cancelled: 'Rows already imported stay in OneFile; you can resume the rest later from History.',
    keepGoing: 'Keep importing',
  },
  undo: {
    noun: 'undo',
    Noun: 'Undo',
    doing: 'Undoing…',
    cancelled: 'What it has put back and archived stays so; you can carry on the rest later from History.',
    keepGoing: 'Keep undoing',
  },
};

export function runWords(kind: RunKind): RunWords {
  return WORDS[kind];
}

/** A finished (or stopped) run's state in its words: "Import finished", "Undo cancelled", "Undo stopped". */
export function endedTitle(kind: RunKind, state: string): string {
  const { Noun } = runWords(kind);
  return `${Noun} ${state === 'completed' ? 'finished' : state === 'cancelled' ? 'cancelled' : 'stopped'}`;
}
