import type { OneFileClient } from '../../onefile';
import { DIRECTORY_STEP_COUNT, type DirectoryProgress } from '../directory/download';
import { estimateLeft, type TaskProgress } from '../export/progress';
import type { MatchedUserReads } from './row';

/**
 * A plan's progress, for the app's Plan step and the command line's bar: a plan of a
 * weekly file whose learners OneFile already has reads each of them (their record where
 * the directory's row lacks a field, their learning aims and unit summaries where the
 * row names a standard or units), one call or two a learner at the rate limit: a
 * thousand learners take ten minutes or more, which a person should be told, with the
 * time left, rather than watch a spinner.
 *
 * Two steps: the organisation's directory (when it is read afresh: the kinds the file
 * needs, side by side) and the matched users' reads. The calls are the client's calls
 * sent since the plan began (sign-in and retries included, as the rate limit counts
 * them); the time left is the rate limit's and OneFile's pace for the calls left, the
 * reads' calls a user measured on the reads so far.
 */

/** The bar's share for the directory, when the plan reads it: the reads, when there are any, are most of a plan's calls. */
const DIRECTORY_SHARE = 0.2;

export interface PlanProgress {
  /** A page of the directory read (loadDirectory's `onProgress`). */
  directory(progress: DirectoryProgress): void;
  /** A matched user read (planImport's `onProgress`; told once with none read before the first). */
  reads(progress: MatchedUserReads): void;
  /**
   * The plan waits for a reading of the directory already under way (Review's check of the names) to end before it
   * reads its own or takes that one: `whose` says whose it is.
   */
  waitingForDirectory(whose: string): void;
}

/** How far a reading of the directory has gone, in words: the kind the latest page brought, its records so far, and the kinds read whole. */
export function directoryStepWords({ step, records, stepsDone }: Pick<DirectoryProgress, 'step' | 'records' | 'stepsDone'>): string {
  return `${records.toLocaleString('en-GB')} ${step} so far (${stepsDone} of ${DIRECTORY_STEP_COUNT} kinds done)`;
}

/**
 * A reading of the organisation's directory as a task's progress, on `share` of its bar (from 0): the kinds read
 * whole, the calls sent since this was made, and the time left, a floor (each kind still being read has at least
 * one more page). Review's check of the file's names is this reading alone; a plan's is its first step.
 */
export function directoryReadingProgress(
  client: Pick<OneFileClient, 'stats' | 'eta' | 'latencyMs'>,
  tell: (progress: TaskProgress) => void,
  share = 1,
): (progress: DirectoryProgress) => void {
  const sentAtStart = client.stats().sent;
  return ({ step, records, stepsDone }) =>
    tell({
      phase: 'reading',
      value: (stepsDone / DIRECTORY_STEP_COUNT) * share,
      calls: client.stats().sent - sentAtStart,
      etaMs: estimateLeft(client, DIRECTORY_STEP_COUNT - stepsDone, DIRECTORY_STEP_COUNT),
      description: `Reading the organisation's directory: ${directoryStepWords({ step, records, stepsDone })}`,
    });
}

export function planProgress(client: Pick<OneFileClient, 'stats' | 'eta' | 'latencyMs'>, tell: (progress: TaskProgress) => void): PlanProgress {
  const sentAtStart = client.stats().sent;
  /** Calls sent since the plan began, and of them those answered (the rest are in flight). */
  const calls = () => {
    const { sent, inFlight: unanswered } = client.stats();
    return { sent: sent - sentAtStart, answered: sent - sentAtStart - unanswered, unanswered };
  };
  /** The directory was read in this plan: it has its share of the bar. */
  let directoryShare = 0;
  /** Calls answered before the first user was read: the reads' own are the calls after. */
  let answeredBeforeReads: number | undefined;
  const directory = directoryReadingProgress(client, tell, DIRECTORY_SHARE);
  return {
    directory(progress) {
      directoryShare = DIRECTORY_SHARE;
      directory(progress);
    },
    waitingForDirectory(whose) {
      tell({ phase: 'reading', value: 0, calls: calls().sent, etaMs: null, description: `Waiting for ${whose} to finish reading the organisation from OneFile: the plan uses what it reads` });
    },
    reads({ reads, rowsToRead, inFlight }) {
      const made = calls();
      answeredBeforeReads ??= made.answered;
      // Calls a user takes, measured on those read so far (one until the first is read); the calls in flight are
      // for users not yet read, and are not left to make.
      const perUser = reads > 0 ? Math.max(1, (made.answered - answeredBeforeReads) / reads) : 1;
      const callsLeft = Math.max(0, Math.ceil((rowsToRead - reads) * perUser) - made.unanswered);
      tell({
        phase: 'reading',
        value: directoryShare + (1 - directoryShare) * (rowsToRead > 0 ? reads / rowsToRead : 1),
        calls: made.sent,
        etaMs: reads === rowsToRead ? 0 : estimateLeft(client, callsLeft, inFlight),
        description: `Reading the learners and staff the file matches in OneFile: ${reads.toLocaleString('en-GB')} of ${rowsToRead.toLocaleString('en-GB')}`,
        count: { done: reads, of: rowsToRead },
      });
    },
  };
}
