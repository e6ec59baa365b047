import { Command, Option } from 'commander';
import { EXIT, knownFailure } from './exit-codes';
import { checkReportFolder, defaultDataDir, isRunId, readRun, resumeRefusedByRecord, resumeRun, untilOneFileAnswers, type OutageTiming, type RowsInFlightSetting } from '../import';
import { estimateAtLimiterMs } from '../service/run-pace';
import { followRun, processRunIo, sayWaitingBeforeRun, type RunIo } from './follow-run';
import { alreadyCompleteJson, alreadyCompleteText, exitCodeFor, runPlace } from './run-output';
import { connectForRun } from '../connection/connect';
import { positiveInteger, rowsInFlightOption } from './number-options';

/**
 * `onefile-import resume <runId>`: carries on a run that was stopped, paused,
 * cancelled or killed, from its run folder: the same plan, nothing done twice (what
 * the journal cannot vouch for is checked in OneFile first; a journal with damaged
 * lines is said so, and then everything it does not prove done is checked).
 */

export interface ResumeOptions {
  dataDir?: string;
  concurrency?: RowsInFlightSetting;
  reportDir?: string;
  json?: boolean;
  /** Only the final line and the problems, as `import --quiet` (a scheduled job's resume). */
  quiet?: boolean;
  rateWindowMs?: number;
  /** Hidden: shorter waits for a OneFile not answering (before and during the run), for tests. */
  outageTiming?: OutageTiming;
}

export async function runResume(
  runId: string,
  options: ResumeOptions,
  /** `now`: the clock the plan's age is judged by (the system's by default). */
  io: RunIo & { env: NodeJS.ProcessEnv; now?: () => Date } = { ...processRunIo, env: process.env },
): Promise<number> {
  if (!isRunId(runId)) {
    const reason = `"${runId}" is not a run ID: run "onefile-import runs" to list them.`;
    io.err(`${reason}\n`);
    if (options.json) io.out(`${JSON.stringify({ runId, state: 'not-resumed', reason })}\n`);
    return 2;
  }
  const folderProblem = options.reportDir === undefined ? undefined : checkReportFolder(options.reportDir);
  if (folderProblem) {
    io.err(`${folderProblem}\n`);
    if (options.json) io.out(`${JSON.stringify({ runId, state: 'not-resumed', reason: folderProblem })}\n`);
    return 2;
  }
  let handle;
  const dataDir = options.dataDir ?? defaultDataDir();
  try {
    // A run already complete with every row in has nothing to carry on: said as it is, without a token or a call.
    const run = readRun(dataDir, runId);
    if (run.state === 'completed' && exitCodeFor(run) === EXIT.ok) {
      if (options.json) io.out(`${JSON.stringify(alreadyCompleteJson(run))}\n`);
      else io.out(`${alreadyCompleteText(run, options.quiet).join('\n')}\n`);
      return EXIT.ok;
    }
    // Finished with rows to fix, or undone since: said from the run's record, without a token or a call.
    const refused = resumeRefusedByRecord(run);
    if (refused) throw refused;
    // OneFile silent before the run goes on (the run stopped for it, and a script resumes it): waited for as an import does.
    handle = await untilOneFileAnswers(
      async () => {
        const connection = await connectForRun(dataDir, runId, { customerToken: io.env.ONEFILE_CUSTOMER_TOKEN || undefined, windowMs: options.rateWindowMs });
        try {
          return await resumeRun({
            dataDir,
            runId,
            connection,
            closeConnection: true,
            concurrency: options.concurrency,
            reportDir: options.reportDir,
            windowMs: options.rateWindowMs,
            estimateMs: (calls) => estimateAtLimiterMs(connection.client, calls, options.concurrency),
            ...(io.now ? { planAgeClock: io.now } : {}),
            ...(options.outageTiming ? { outage: options.outageTiming } : {}),
          });
        } catch (error) {
          await connection.close();
          throw error;
        }
      },
      { timing: options.outageTiming, onWaiting: sayWaitingBeforeRun(io.err), giveUpWords: { outcome: 'the run was not resumed', next: 'resume it again' } },
    );
  } catch (error) {
    const known = knownFailure(error);
    if (!known) throw error;
    io.err(`${known.message}\n`);
    // With --json, standard output says it too: a script keeping only that has the reason.
    if (options.json) io.out(`${JSON.stringify({ runId, state: 'not-resumed', reason: known.message })}\n`);
    return known.exitCode;
  }
  if (!options.json && !options.quiet) io.err(`Resuming run ${runId} (${handle.environment.name}).\n`);
  // Said even with --json (on stderr): a damaged journal is worth knowing about in a script's log too.
  if (handle.journalWarning) io.err(`Warning: ${handle.journalWarning}\n`);
  return followRun(handle, options.quiet ? { ...io, barStream: null } : io, options.json ?? false, { quiet: options.quiet, place: runPlace(options), pace: handle.connection.client });
}

export function registerResumeCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('resume')
    .description('Carry on an import run that was stopped, cancelled or interrupted, without doing anything twice.')
    .argument('<runId>', 'the run to carry on (see "onefile-import runs")')
    .option('--data-dir <dir>', 'where the runs live (default: the user data folder)')
    .option('--concurrency <n|auto>', 'rows in flight at once (default: as the run was started)', rowsInFlightOption)
    .option('--report-dir <dir>', 'also write the results and errors reports to this folder')
    .option('--json', 'print one JSON line at the end: {runId, state, created, updated, unchanged, failed, skipped, calls, durationMs, message, resume? (a run not complete), reports}, or {runId, state: "not-resumed", reason}')
    .option('--quiet', 'print only the final line and the problems, as import --quiet (for scheduled runs)')
    .addOption(new Option('--rate-window-ms <ms>', 'rate window length (tests)').argParser(positiveInteger('the window')).hideHelp())
    .addHelpText(
      'after',
      `
The token is read from ONEFILE_CUSTOMER_TOKEN, as for import (a built-in sandbox run
needs none). Exit codes as for import: 0 every row in (a run already complete with every
row in is said so, nothing to resume), 1 some not, 2 could not resume.`,
    )
    .action(async (runId: string, options: ResumeOptions) => {
      setExitCode(await runResume(runId, options));
    });
}
