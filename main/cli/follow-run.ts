import type { FinishedRun, OneFileUnanswered, ProgressEvent, RunHandle } from '../import';
import type { ProblemGroup } from '../../shared/problem-groups';
import type { FileIssue } from '../../shared/validate';
import { rateLimitWait, type PacedClient } from '../service/run-pace';
import { exitCodeFor, outcomeText, progressBar, quietOutcome, resumeCommand, summaryJson, type ProgressBar, type RunPlace, type RunStopped } from './run-output';

/**
 * Watching a run from the command line, for `import` and `resume` alike: a progress
 * bar on a terminal, Ctrl+C to stop cleanly (the call in flight finishes, the run is
 * left resumable; a second Ctrl+C quits at once, and the journal still knows where
 * it was), the outcome, and the exit code.
 */

export interface RunIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The terminal the bar is drawn on, or null for none. */
  barStream: NodeJS.WriteStream | null;
  /** Subscribes to Ctrl+C (and the other stops: the signal's name is handed over where there is one); returns the unsubscribe. */
  onInterrupt: (handler: (signal?: string) => void) => () => void;
  /** Quits the process at once (second Ctrl+C). */
  exitNow: (code: number) => void;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export const processRunIo: RunIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  barStream: process.stderr.isTTY ? process.stderr : null,
  // Ctrl+C, a stop asked by the system, and the terminal closed under the run (SIGHUP: its
  // window shut, an SSH connection dropped), which before ended the process where it stood.
  onInterrupt: (handler) => {
    for (const signal of STOP_SIGNALS) process.on(signal, handler);
    return () => {
      for (const signal of STOP_SIGNALS) process.off(signal, handler);
    };
  },
  exitNow: (code) => process.exit(code),
};

/** `--quiet` prints the final line and problems only; `problems` are the plan's (skipped rows), for --json. */
export interface FollowExtras {
  quiet?: boolean;
  problems?: ProblemGroup[];
  /** What was said about the file (rows or sheets left out, a header guessed): in --json too, for a script that reads nothing else. */
  fileIssues?: readonly FileIssue[];
  /** The data and report folders the run was given: the printed resume command names them. */
  place?: RunPlace;
  /** The run's OneFile client: the bar says when calls wait for its calls-a-minute allowance. */
  pace?: PacedClient;
  /** With --json, the line a command prints of its own in place of the import's (undo's counts), told how the run stopped. */
  jsonLine?: (finished: FinishedRun, stopped: RunStopped) => object;
}

export async function followRun(handle: RunHandle, io: RunIo, json: boolean, extras: FollowExtras = {}): Promise<number> {
  const bar = io.barStream ? progressBar(io.barStream) : null;
  // Said while the bar is drawn: under it, never over it.
  const sayDuringRun = (text: string) => (bar ? bar.say(text, io.err) : io.err(text));
  const resume = resumeCommand(handle.runId, extras.place);
  let interrupts = 0;
  let stoppedBy: string | undefined;
  const unsubscribe = io.onInterrupt((signal) => {
    interrupts++;
    if (interrupts === 1) {
      stoppedBy = signal;
      sayDuringRun(`\nStopping after the calls in flight... (Ctrl+C again to quit at once; resume with: ${resume})\n`);
      handle.runner.cancel();
    } else {
      // The terminal given back as it was: line wrap on, the cursor shown.
      bar?.finish();
      io.exitNow(130);
    }
  });
  const outage = extras.quiet ? null : sayOutages(handle, sayDuringRun);
  try {
    const finished = await handleFinished(handle, bar, extras.pace);
    const reports = finished.copies ?? finished.reports;
    const problems = extras.problems?.length ? { problems: extras.problems } : {};
    const fileIssues = extras.fileIssues?.length ? { fileIssues: extras.fileIssues } : {};
    const stopped: RunStopped = { place: extras.place, by: stoppedBy };
    if (json) io.out(`${JSON.stringify(extras.jsonLine ? extras.jsonLine(finished, stopped) : { ...summaryJson(finished, reports, stopped), ...problems, ...fileIssues })}\n`);
    else if (extras.quiet) io.out(`${quietOutcome(finished, reports, extras.place).join('\n')}\n`);
    else io.out(`${outcomeText(finished, reports, extras.place).join('\n')}\n`);
    // The run's outcome stands (its own reports were written); the folder asked for is said to have failed, even with --json or --quiet.
    if (finished.copyProblem) io.err(`Warning: ${finished.copyProblem}\n`);
    return exitCodeFor(finished.run);
  } finally {
    if (outage) clearInterval(outage);
    unsubscribe();
    bar?.finish();
  }
}

/**
 * Says on stderr when OneFile stops answering mid-run and when it answers again: a weekly
 * import's log shows why it took longer, and a person at the terminal that nothing is lost.
 */
function sayOutages(handle: RunHandle, say: (text: string) => void): ReturnType<typeof setInterval> {
  let since: number | null = null;
  const timer = setInterval(() => {
    const unanswered = handle.runner.totals().unanswered ?? null;
    if (unanswered && since === null) {
      since = unanswered.since;
      say(
        `\nOneFile stopped answering at ${clockTime(since)} (no connection, time-outs, server errors or a maintenance page). ` +
          'The import waits and looks again every so often; no row is failed for it, and it carries on by itself when OneFile answers.\n',
      );
    } else if (!unanswered && since !== null) {
      say(`${answersAgainAfter(since)}: the import carries on.\n`);
      since = null;
    }
  }, 500);
  timer.unref?.();
  return timer;
}

/** Says on stderr that OneFile is not answering before the run, when the next try goes, and when it answers. */
export function sayWaitingBeforeRun(say: (text: string) => void): (waiting: OneFileUnanswered | null) => void {
  let since: number | null = null;
  return (waiting) => {
    if (waiting === null) {
      if (since !== null) say(`${answersAgainAfter(since)}: carrying on.\n`);
      since = null;
      return;
    }
    const next = clockTime(Date.now() + waiting.nextLookInMs);
    if (since === null) {
      since = waiting.since;
      const minutes = Math.round(waiting.giveUpAfterMs / 60_000);
      say(
        `OneFile is not answering (since ${clockTime(since)}: no connection, time-outs, server errors or a maintenance page). Nothing has been written. ` +
          `Trying again at ${next}, and for up to ${minutes} minute${minutes === 1 ? '' : 's'} before giving up (Ctrl+C stops).\n`,
      );
    } else say(`Still no answer from OneFile; trying again at ${next}.\n`);
  };
}

/** The one wording of OneFile's return, before the run and during it. */
function answersAgainAfter(since: number): string {
  return `OneFile answers again after ${Math.max(1, Math.round((Date.now() - since) / 1000))} s`;
}

function clockTime(epochMs: number): string {
  return new Date(epochMs).toTimeString().slice(0, 8);
}

async function handleFinished(handle: RunHandle, bar: ProgressBar | null, pace: PacedClient | undefined) {
  if (!bar) return handle.finished;
  const { runner } = handle;
  const now = (): ProgressEvent => ({ type: 'progress', runId: handle.runId, state: runner.state(), rows: [], totals: runner.totals() });
  // The bar shows the runner's totals five times a second until the run ends, and says when calls wait for OneFile's allowance.
  const timer = setInterval(() => bar.onEvent(now(), runner.state() === 'running' && pace ? rateLimitWait(pace) : null), 200);
  try {
    const finished = await handle.finished;
    // Its last drawing is the run's end, and its line is ended before the outcome is written.
    clearInterval(timer);
    bar.finish(now());
    return finished;
  } finally {
    clearInterval(timer);
  }
}
