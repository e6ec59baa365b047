import type { RunHistoryView, RunKind } from '../../shared/contract-types';
import { formatCount, plural } from './counts';

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

/**
 * What an import did with its rows, in words that add up to its rows: created, updated and
 * failed always, and linked (given their MIS ID), unchanged, imported with an earlier row
 * about the same person, and skipped where there are any, as the command line's `runs` says them.
 */
export function importCountsInWords(counts: RunHistoryView['counts']): string {
  const parts = [`${formatCount(counts.created)} created`, `${formatCount(counts.updated)} updated`];
  if (counts.linked) parts.push(`${formatCount(counts.linked)} linked`);
  if (counts.unchanged) parts.push(`${formatCount(counts.unchanged)} unchanged`);
  if (counts.joined) parts.push(`${formatCount(counts.joined)} with an earlier row`);
  parts.push(`${formatCount(counts.failed)} failed`);
  if (counts.skipped) parts.push(`${formatCount(counts.skipped)} skipped`);
  return `${plural(counts.total, 'row')}: ${parts.join(', ')}`;
}
