import { effectiveState, RESUMABLE_STATES, type RunInfo, type RunState } from '../journal/run-store';
import { RunRefusedError } from './runner';

/**
 * Why the run's own record says it cannot be resumed (finished, or undone since), or
 * undefined: asked before any connection, so a run with nothing to carry on is said so
 * without a token or a call (the command line asks it first; `resumeRun` asks again).
 */
export function resumeRefusedByRecord(run: RunInfo, state: RunState = effectiveState(run)): RunRefusedError | undefined {
  if (!RESUMABLE_STATES.has(state)) {
    const errors = run.reports?.errors?.xlsx;
    const retry = run.counts.failed + run.counts.skipped > 0 ? ` Import its errors report${errors ? ` (${errors})` : ''} to retry the rows that failed or were skipped.` : '';
    return new RunRefusedError(`Run ${run.runId} is ${state}: there is nothing to resume.${retry}`);
  }
  if (run.undoneBy?.length) {
    return new RunRefusedError(`Run ${run.runId} was undone (by run ${run.undoneBy.at(-1)}): resuming it would make again the changes the undo took back. Import the file again instead.`);
  }
  return undefined;
}
