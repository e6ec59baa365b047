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

/** A run's rows that did not go in: those failed, and those skipped (an import's rows with errors left out). */
interface NotDone {
  failed: number;
  skipped: number;
}

/** "2 failed", "2 failed, 1 skipped", "1 skipped": what did not go in, counted; empty where everything did. */
function notDoneCounted({ failed, skipped }: NotDone): string {
  return [...(failed > 0 ? [`${formatCount(failed)} failed`] : []), ...(skipped > 0 ? [`${formatCount(skipped)} skipped`] : [])].join(', ');
}

/**
 * A run's state on its badge (the Import screen's and History's). A completed run is
 * "Finished", green only where every row went in: one with rows failed or skipped says
 * how many, in orange ("Finished: 2 failed"), so a glance does not read it as all done.
 * Any other state is its own word in `otherColour`.
 */
export function stateBadge(state: string, notDone: NotDone, otherColour: string): { label: string; colour: string } {
  if (state !== 'completed') return { label: state, colour: otherColour };
  const counted = notDoneCounted(notDone);
  return counted ? { label: `Finished: ${counted}`, colour: 'orange' } : { label: 'Finished', colour: 'teal' };
}

/**
 * What a finished run with rows failed or skipped tells the user, and where those rows
 * are: the errors file (`errorsAt` says where it is had, for a screen other than Results).
 * Null where every row went in.
 */
export function notDoneWords(kind: RunKind, notDone: NotDone, errorsAt = ''): { title: string; body: string } | null {
  const { failed, skipped } = notDone;
  if (failed + skipped === 0) return null;
  if (kind === 'undo') {
    if (failed === 0) return null;
    return {
      title: `${plural(failed, 'user')} could not be put back or archived`,
      body: `They are as the undone run left them. The errors file${errorsAt} holds them with the reason for each.`,
    };
  }
  const title = [
    ...(failed > 0 ? [`${plural(failed, 'row')} failed`] : []),
    ...(skipped > 0 ? [`${plural(skipped, 'row')} ${skipped === 1 ? 'was' : 'were'} skipped`] : []),
  ].join(' and ');
  return {
    title,
    body: `${failed + skipped === 1 ? 'It is' : 'They are'} not in OneFile. The errors file${errorsAt} holds ${failed + skipped === 1 ? 'it' : 'them'} with all your columns and the reason for each: fix ${failed + skipped === 1 ? 'it' : 'them'} in Excel and load that file here again.`,
  };
}
