import { Command, Option } from 'commander';
import { connectForRun } from '../connection/connect';
import { checkReportFolder, createUndoRun, defaultDataDir, isRunId, planUndo, readRun, resumeRun, unfinishedUndoOf, type Connection, type FinishedRun, type RunHandle, type UndoPlan } from '../import';
import { EXIT, knownFailure } from './exit-codes';
import { followRun, processRunIo, type RunIo } from './follow-run';
import { askOnTerminal } from './import-command';
import { positiveInteger } from './number-options';
import { carryOnJson, runPlace, type RunStopped } from './run-output';
import { undoPlanText } from './undo-output';

/**
 * `onefile-import undo <runId>`: takes back what an import run did. The plan comes
 * first (what is put back, archived, left as it is, and what to remove in OneFile by
 * hand); a live OneFile asks for confirmation. The undo is a run of its own: journalled,
 * resumable (run the command again, or `resume`, after a stop), with its reports and
 * an undo report. Undoing twice changes nothing; an undo is never undone.
 */

export interface UndoOptions {
  dataDir?: string;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
  reportDir?: string;
  rateWindowMs?: number;
}

export interface UndoIo extends RunIo {
  env: NodeJS.ProcessEnv;
  ask: ((question: string) => Promise<string | null>) | null;
}

const processUndoIo: UndoIo = {
  ...processRunIo,
  env: process.env,
  ask: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : null,
};

async function confirmLive(plan: UndoPlan, io: UndoIo): Promise<boolean> {
  const organisation = plan.target.organisation;
  const what =
    `You are about to undo run ${plan.target.runId} in LIVE OneFile, organisation ${organisation.id} "${organisation.name ?? ''}": ` +
    `put back ${plan.restore.reduce((n, u) => n + u.fields.length, 0)} fields of ${plan.restore.length} users and archive ${plan.archive.length} users.`;
  if (!io.ask) {
    io.err(`${what}\nRefusing to undo in live OneFile without confirmation: no terminal to ask on. Add --yes to confirm.\n`);
    return false;
  }
  const answer = await io.ask(`${what}\nType yes to go ahead: `);
  if (answer?.trim().toLowerCase() === 'yes') return true;
  io.err('Not confirmed: nothing was changed.\n');
  return false;
}

/**
 * Follows the undo run to its end; with --json prints the run's summary with the undo's
 * own counts, and for an undo not finished (stopped by a signal) what stopped it and the
 * command that finishes it, as `import --json` says them.
 */
async function follow(handle: RunHandle, io: UndoIo, options: UndoOptions, plan: UndoPlan | null): Promise<number> {
  const place = runPlace(options);
  const undoJson = (finished: FinishedRun, stopped: RunStopped) => {
    const { run, outcome } = finished;
    // Where the undo recorded its report when it wrote it (main/import/undo/undo-run.ts).
    const undoReport = run.undo?.report;
    return {
      runId: run.runId,
      undoOf: run.undo?.of,
      state: run.state,
      ...(plan ? { restored: plan.restore.length, archived: plan.archive.length, left: plan.left.length, remove: plan.remove.length } : {}),
      failed: run.counts.failed,
      pending: run.counts.pending,
      calls: outcome.calls,
      ...carryOnJson(run, stopped, 'user'),
      reports: { ...finished.reports, ...(undoReport ? { undo: undoReport } : {}) },
    };
  };
  const code = await followRun(handle, io, options.json ?? false, { place, jsonLine: undoJson });
  const undoReport = (await handle.finished).run.undo?.report;
  if (!options.json && undoReport) io.out(`Undo report (put back, archived, left as they are, to remove in OneFile): ${undoReport}\n`);
  return code;
}

export async function runUndo(runId: string, options: UndoOptions, io: UndoIo = processUndoIo): Promise<number> {
  /** Exit as not started; with --json, standard output says why too (a script keeping only it has the reason). */
  const notStarted = (reason: string, exitCode: number = EXIT.couldNotStart) => {
    io.err(`${reason}\n`);
    if (options.json) io.out(`${JSON.stringify({ undoOf: runId, state: 'not-started', reason })}\n`);
    return exitCode;
  };
  if (!isRunId(runId)) return notStarted(`"${runId}" is not a run ID: run "onefile-import runs" to list them.`);
  const folderProblem = options.reportDir === undefined ? undefined : checkReportFolder(options.reportDir);
  if (folderProblem) return notStarted(folderProblem);
  const dataDir = options.dataDir ?? defaultDataDir();
  const token = io.env.ONEFILE_CUSTOMER_TOKEN || undefined;
  let connection: Connection | undefined;
  try {
    const target = readRun(dataDir, runId);
    const unfinished = target.undo ? null : unfinishedUndoOf(dataDir, runId);
    if (unfinished) {
      if (options.dryRun) {
        io.out(`An undo of run ${runId} (run ${unfinished.runId}) stopped part-way: run this command without --dry-run to carry it on.\n`);
        return EXIT.ok;
      }
      if (!options.json) io.err(`An undo of this run (run ${unfinished.runId}) stopped part-way: carrying it on; nothing is done twice.\n`);
      connection = await connectForRun(dataDir, unfinished, { customerToken: token, windowMs: options.rateWindowMs });
      const handle = await resumeRun({ dataDir, runId: unfinished.runId, connection, closeConnection: true, reportDir: options.reportDir, windowMs: options.rateWindowMs });
      connection = undefined;
      return await follow(handle, io, options, null);
    }
    connection = await connectForRun(dataDir, target, { customerToken: token, windowMs: options.rateWindowMs });
    const plan = await planUndo({ dataDir, runId, client: connection.client });
    const nothing = plan.restore.length === 0 && plan.archive.length === 0;
    if (options.json && (options.dryRun || nothing)) io.out(`${JSON.stringify({ dryRun: options.dryRun ?? false, nothingToUndo: nothing, plan })}\n`);
    else if (!options.json) io.out(`${undoPlanText(plan, connection.environment.name, options.dryRun ? 'dry-run' : nothing ? 'nothing-to-undo' : 'undo').join('\n')}\n`);
    if (options.dryRun) {
      if (!options.json) io.out('Dry run: nothing was changed in OneFile.\n');
      return EXIT.ok;
    }
    if (nothing) {
      if (!options.json) io.out('Nothing to put back or archive: OneFile already holds what it held before the run (or what was changed since, listed above). Nothing was sent.\n');
      return EXIT.ok;
    }
    if (target.environment.name === 'live' && !options.yes && !(await confirmLive(plan, io))) return notStarted('Not confirmed for live OneFile: nothing was changed.');
    const run = await createUndoRun({ dataDir, plan, windowMs: options.rateWindowMs });
    const handle = await resumeRun({ dataDir, runId: run.runId, connection, closeConnection: true, reportDir: options.reportDir, windowMs: options.rateWindowMs });
    connection = undefined;
    if (!options.json) io.err(`Undo run ${run.runId} started (Ctrl+C stops it cleanly; run the same command again to carry it on).\n`);
    return await follow(handle, io, options, plan);
  } catch (error) {
    const known = knownFailure(error);
    if (!known) throw error;
    return notStarted(known.message, known.exitCode);
  } finally {
    await connection?.close();
  }
}

export function registerUndoCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('undo')
    .description('Undo an import run: put back the fields it changed, archive the users it created; list what OneFile cannot remove.')
    .argument('<runId>', 'the run to undo (see "onefile-import runs")')
    .option('--dry-run', 'show what the undo would do and change nothing')
    .option('--json', 'print one JSON line: the plan (with --dry-run, or when there is nothing to undo), the undo run\'s outcome {runId, undoOf, state, restored, archived, left, remove, failed, pending, calls, message, resume? (an undo not finished: the command that finishes it), reports}, or {undoOf, state: "not-started", reason}')
    .option('--yes', 'do not ask for confirmation before undoing in live OneFile')
    .option('--report-dir <dir>', "also write the undo run's results and errors reports to this folder")
    .option('--data-dir <dir>', 'where the runs live (default: the user data folder)')
    .addOption(new Option('--rate-window-ms <ms>', 'rate window length (tests)').argParser(positiveInteger('the window')).hideHelp())
    .addHelpText(
      'after',
      `
What the run changed on existing users is written back as it was before the run
(recorded in its journal as each change was made), except a field someone has changed
in OneFile since: that is left and reported. Users the run created are archived
(POST User/{id}/Archive). Learning aims, unit summaries, staff assignments, classes and
placements cannot be removed through OneFile's API: they are listed with their IDs in
the undo report (undo.xlsx in the undo run's reports) for the centre to remove.
The undo is a run of its own: stopped or killed, run this command again (or resume it)
and it carries on without doing anything twice. Undoing again changes nothing. An
undo cannot itself be undone. --env live asks to confirm unless --yes.
The token is read from ONEFILE_CUSTOMER_TOKEN, as for import.
Exit codes: 0 undone (or nothing to undo); 1 some users could not be changed (see the
errors report); 2 could not start (no such run, an undo, refused, not confirmed).`,
    )
    .action(async (runId: string, options: UndoOptions) => setExitCode(await runUndo(runId, options)));
}
