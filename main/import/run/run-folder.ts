import type { OutageTiming } from './outage';
import type { RowsInFlightSetting } from './rows-in-flight';
import * as path from 'node:path';
import { forgetCachedDirectory } from '../directory/cache';
import { readJournal, replayJournal, type JournalReplay } from '../journal/journal';
import { claimRun } from './claim-run';
import { journalDamageWarning, operationsToCheck } from '../journal/damage';
import type { ImportPlan } from '../plan/types';
import { estimateDurationMs } from '../plan/summary';
import type { ProgressEvent, RunnerState } from './progress';
import { writeReports, type ReportFiles } from '../report/report';
import { copyReports } from '../report/report-folder';
import type { RowResult } from './row-result';
import type { RunnerClient } from './perform';
import type { RetryOptions } from './operation';
import { RateLimitNote, runMessage } from './rate-limit-note';
import { asInDoubt, creationsInDoubt, rememberStaffAssignments } from './stopped-runs';
import { runningAbout, sameOneFile, runningAboutMessage, stalePlanMessage, subjectsOf, subjectsOfRun, supersededRunMessage, supersedingWrite, writeSince } from './later-writes';
import {
  createRun,
  effectiveState,
  readRun,
  readRunPlan,
  readRunSource,
  runPaths,
  updateRun,
  type RunCounts,
  type RunInfo,
  type RunState,
} from '../journal/run-store';
import { planTooOld, planTooOldMessage } from './plan-age';
import { addedSinceMessage, learnersAddedSince, type LearnersReading } from './added-since';
import { claimStart } from './start-lock';
import { resumeRefusedByRecord } from './resume-refusal';
import { createRunner, RunRefusedError, type RunOutcome, type Runner } from './runner';
import { directoryCache, type Connection, type EnvironmentDescription } from '../environment/connection';
import type { Mapping } from '../../../shared/mapping';
import { pointAtColumns } from './failure-columns';
import type { Table } from '../../../shared/table';
import type { FileIssue } from '../../../shared/validate';

/**
 * A run of a plan, in its run folder: claim the run, open its journal, run, write the
 * reports, and keep run.json's state and counts current all the while (so `runs`
 * shows a run in progress, and one whose process died as interrupted). Used for a new
 * run (`startRun`, from a prepared session) and to carry on an earlier one
 * (`resumeRun`, from nothing but the run folder and the token).
 */

export interface RunSettings {
  /** Rows in flight: a number, or `auto` to match OneFile's latency. */
  concurrency?: RowsInFlightSetting;
  /** Also write the reports here (named after the file and the run). */
  reportDir?: string;
  onEvent?: (event: ProgressEvent) => void;
  retry?: Partial<RetryOptions>;
  /** How long to wait for a OneFile that stopped answering (outage.ts; tests shorten it). */
  outage?: Partial<OutageTiming>;
  /** Time left for this many remaining calls; by default `estimateDurationMs` at the run's settings (the app passes one that reads its limiter's window). */
  estimateMs?: (remainingCalls: number) => number;
  /** The clock a plan's age is judged by (see ./plan-age); the system's by default. Journals keep the system's time whatever it is. */
  planAgeClock?: () => Date;
}

export interface StartRunOptions extends RunSettings {
  dataDir: string;
  /** The file, its rows, mapping and plan, and the connection to send on: plain data the face prepared. */
  data: RunData;
}

/**
 * What a new run is made from. The CLI's prepared session is one (session.ts); the
 * app's service builds one from the open file and the plan it showed.
 */
export interface RunData {
  file: { name: string; path: string; sha256: string; sheet?: string; format?: Table['source']['format'] };
  table: Table;
  mapping: Mapping;
  /** File problems that stop the import (a required column missing, US dates). */
  blockingFileIssues: FileIssue[];
  organisation: { id: number; name: string };
  environment: EnvironmentDescription;
  plan: ImportPlan;
  connection: Connection;
  budgetPerMinute: number;
  windowMs: number;
  concurrency: RowsInFlightSetting;
  skipInvalid: boolean;
}

export interface ResumeRunOptions extends RunSettings {
  dataDir: string;
  runId: string;
  /** A connection to the run's OneFile (main/connection's `connectForRun`, or the app's own when it is that one). */
  connection: Connection;
  /** Close the connection when the run ends (the CLI's own); the app keeps its connection open. */
  closeConnection?: boolean;
  /** Override the rate window recorded with the run (tests). */
  windowMs?: number;
}

export interface FinishedRun {
  run: RunInfo;
  outcome: RunOutcome;
  /** The reports in the run folder. */
  reports: ReportFiles;
  /** The copies in `reportDir`, when one was given. */
  copies?: ReportFiles;
  /** Why the copies could not be written to `reportDir` (the run's own reports are in `reports`). */
  copyProblem?: string;
}

export interface RunHandle {
  runId: string;
  /** Pause, resume, cancel; the live totals. */
  runner: Runner;
  finished: Promise<FinishedRun>;
  /** The plan being run (a resumed run's, from its folder). */
  plan: ImportPlan;
  environment: EnvironmentDescription;
  /**
   * Set when a resumed run's journal has damaged lines: which, and what the resume does
   * about them (checks in OneFile first). The CLI and the app show it before the run.
   */
  journalWarning?: string;
}

/** The finished rows' outcomes added to the counts the run started with (a resumed run's earlier ones). */
function doneCounts(before: RunCounts, doneRows: ReadonlyMap<number, string>): Pick<RunCounts, 'created' | 'updated' | 'linked' | 'unchanged' | 'joined'> {
  const counts = { created: before.created, updated: before.updated, linked: before.linked ?? 0, unchanged: before.unchanged, joined: before.joined ?? 0 };
  for (const action of doneRows.values()) if (action in counts) counts[action as keyof typeof counts]++;
  // `joined` only where there are such rows, as the run's final counts have it.
  const { joined, ...rest } = counts;
  return joined > 0 || before.joined !== undefined ? counts : rest;
}

/** Counts of rows by outcome, for run.json and the summary line. */
export function countResults(results: RowResult[], calls: number): RunCounts {
  const counts: RunCounts = { rows: results.length, created: 0, updated: 0, linked: 0, unchanged: 0, failed: 0, skipped: 0, pending: 0, calls };
  for (const result of results) counts[result.action] = (counts[result.action] ?? 0) + 1;
  return counts;
}

const STATE_OF: Record<RunnerState, RunState> = {
  running: 'running',
  pausing: 'running',
  paused: 'paused',
  cancelling: 'running',
  cancelled: 'cancelled',
  completed: 'completed',
  failed: 'failed',
};

interface ExecuteInputs extends RunSettings {
  dataDir: string;
  run: RunInfo;
  plan: ImportPlan;
  table: Table;
  client: RunnerClient;
  replay?: JournalReplay;
  latencyMs?: number;
  environment: EnvironmentDescription;
  /** Called once the run is over (the connection of a resumed run closes here). */
  afterRun?: () => Promise<void>;
  /** A run resumed long after its plan read OneFile: when it read it (runner.ts). */
  planReadLongAgo?: string;
  /** The learners read before resuming such a run (added-since.ts). */
  learnersRead?: LearnersReading;
}

function execute(inputs: ExecuteInputs): RunHandle {
  const { dataDir, run, plan } = inputs;
  const paths = runPaths(dataDir, run.runId);
  const concurrency = inputs.concurrency ?? run.concurrency;
  const callsBefore = run.counts.calls;
  const windowMs = run.windowMs ?? 60_000;
  let lastSaved = 0;
  let savedState: RunState = 'running';
  /** What each row this process finished did (created, updated...): run.json counts them as the run goes, so a run killed or stopped by a full disk does not say "created 0". */
  const doneRows = new Map<number, string>();

  const { journal, letGo } = claimRun(dataDir, run, concurrency);

  const rateLimit = new RateLimitNote(inputs.client.limiter);
  const runner = createRunner({
    runId: run.runId,
    plan,
    client: inputs.client,
    journal,
    replay: inputs.replay,
    concurrency,
    skipInvalid: run.skipInvalid,
    retry: inputs.retry,
    outage: inputs.outage,
    ...(inputs.planReadLongAgo ? { planReadLongAgo: inputs.planReadLongAgo } : {}),
    ...(inputs.learnersRead ? { learnersRead: inputs.learnersRead } : {}),
    progress: {
      windowMs,
      estimateMs:
        inputs.estimateMs ??
        ((calls) =>
          estimateDurationMs(calls, { budgetPerMinute: run.budgetPerMinute, windowMs, concurrency, latencyMs: inputs.client.latencyMs?.() ?? inputs.latencyMs })),
    },
    onEvent(event) {
      const state = STATE_OF[event.state];
      const now = Date.now();
      for (const row of event.rows) if (row.status === 'done' && row.action) doneRows.set(row.row, row.action);
      // Keep run.json current without rewriting it ten times a second.
      if (event.type === 'progress' && (state !== savedState || now - lastSaved > 1_000)) {
        savedState = state;
        lastSaved = now;
        const { totals } = event;
        updateRun(dataDir, run.runId, {
          state,
          counts: { ...run.counts, ...doneCounts(run.counts, doneRows), failed: totals.failed, skipped: totals.skipped, pending: totals.pending + totals.running, calls: callsBefore + totals.calls },
        });
      }
      inputs.onEvent?.(event);
    },
  });

  const finished = (async (): Promise<FinishedRun> => {
    try {
      const outcome = await runner.run();
      const counts = countResults(outcome.results, callsBefore + outcome.calls);
      const results = pointAtColumns(outcome.results, run.mapping as Mapping | undefined, inputs.table);
      const mapping = run.mapping as Mapping | undefined;
      const reports = await writeReports({ dir: paths.reports, table: inputs.table, results, mapping });
      const finalRun = updateRun(dataDir, run.runId, {
        state: outcome.state,
        counts,
        finishedAt: new Date().toISOString(),
        process: undefined,
        reports,
        message: runMessage(outcome.message, rateLimit.sentence()),
      });
      // The run is recorded as it ended before the copies are made: a folder that will not take them loses no outcome.
      const copied = inputs.reportDir ? await copyReports(inputs.reportDir, `${path.parse(run.file.name).name}-${run.runId}`, reports, { table: inputs.table, results, mapping }) : {};
      return { run: finalRun, outcome: { ...outcome, results }, reports, ...copied };
    } catch (error) {
      const refused = error instanceof RunRefusedError;
      updateRun(dataDir, run.runId, {
        state: refused ? 'planned' : 'failed',
        process: undefined,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      journal.close();
      rememberStaffAssignments(dataDir, inputs.environment, run.organisation.id, plan, paths.journal);
      letGo();
      await inputs.afterRun?.();
    }
  })();
  return { runId: run.runId, runner, finished, plan, environment: inputs.environment };
}

/** Starts a new run of a prepared plan. Refuses (nothing written) while rows or the file are blocked. */
export async function startRun(options: StartRunOptions): Promise<RunHandle> {
  const { data: session, dataDir } = options;
  if (session.blockingFileIssues.length > 0) {
    throw new RunRefusedError(session.blockingFileIssues.map((issue) => issue.message).join(' '));
  }
  const blocked = session.plan.rows.filter((row) => row.action === 'blocked');
  if (blocked.length > 0) {
    throw new RunRefusedError(
      `${blocked.length} row${blocked.length === 1 ? ' has' : 's have'} errors (first: row ${blocked[0].row}). ` +
        'Fix them and import again, or skip the invalid rows and import the rest.',
    );
  }
  // What others added to OneFile since the plan read it is seen only by reading it again.
  const now = options.planAgeClock?.() ?? new Date();
  if (planTooOld(session.plan, now)) throw new RunRefusedError(planTooOldMessage(session.plan, now), 'plan-stale');
  // From the checks until the run says it is running, no other run starts (see ./start-lock).
  const release = await claimStart(dataDir);
  try {
    return startClaimed(options, session);
  } finally {
    release();
  }
}

/** `startRun` once the data folder's start lock is held: the checks against other runs, then the run (no await: the lock is held throughout). */
function startClaimed(options: StartRunOptions, session: RunData): RunHandle {
  const { dataDir } = options;
  const readAt = session.plan.readOneFileAt;
  const target = { environment: session.environment, organisationId: session.organisation.id };
  const subjects = subjectsOf(session.plan);
  const later = readAt ? writeSince(dataDir, target, readAt, subjects) : null;
  if (later && readAt) throw new RunRefusedError(stalePlanMessage(later, readAt));
  const running = runningAbout(dataDir, target, subjects);
  if (running) throw new RunRefusedError(runningAboutMessage(running));
  // Users another run may have made a moment ago, unseen by a search that trails its writes: looked for before they are created.
  const replay = asInDoubt(session.plan, creationsInDoubt(dataDir, target));
  const concurrency = options.concurrency ?? session.concurrency;
  const run = createRun(
    dataDir,
    {
      file: session.file,
      mapping: session.mapping,
      environment: { name: session.environment.name, baseUrl: session.environment.baseUrl },
      organisation: session.organisation,
      budgetPerMinute: session.budgetPerMinute,
      windowMs: session.windowMs === 60_000 ? undefined : session.windowMs,
      concurrency,
      skipInvalid: session.skipInvalid,
    },
    session.plan,
    session.table,
  );
  const cache = directoryCache(dataDir, session.environment);
  return execute({
    ...options,
    concurrency,
    dataDir,
    run,
    plan: session.plan,
    table: session.table,
    client: session.connection.client,
    ...(replay ? { replay } : {}),
    environment: session.environment,
    // The run changed OneFile: a cached directory no longer tells the truth.
    afterRun: () => forgetCachedDirectory(cache, session.organisation.id),
  });
}

/**
 * Carries on a run from its folder: the same plan, the journal's record of what is
 * done, OneFile checked for anything in doubt, on a connection to the run's OneFile
 * that the face hands in (the CLI opens one; the app uses its own when it is the same).
 */
export async function resumeRun(options: ResumeRunOptions): Promise<RunHandle & { connection: Connection }> {
  const { dataDir, runId } = options;
  const run = readRun(dataDir, runId);
  const state = effectiveState(run);
  const refused = resumeRefusedByRecord(run, state);
  if (refused) throw refused;
  const plan = readRunPlan(dataDir, runId);
  const later = supersedingWrite(dataDir, { ...run, state });
  if (later) throw new RunRefusedError(supersededRunMessage(runId, run.file.name, later));
  const runningNow = () => (run.undo ? null : runningAbout(dataDir, { runId, environment: run.environment, organisationId: run.organisation.id }, subjectsOfRun(dataDir, runId)));
  const running = runningNow();
  if (running) throw new RunRefusedError(runningAboutMessage(running));
  const table = readRunSource(dataDir, runId);
  const journal = readJournal(runPaths(dataDir, runId).journal);
  const replay = replayJournal(journal.records, journal.damagedLines);
  const journalWarning = journal.damagedLines.length > 0 ? journalDamageWarning(journal.damagedLines, operationsToCheck(replay, plan.rows)) : undefined;
  const { connection } = options;
  if (!sameOneFile(run.environment, connection.environment)) {
    const builtIn = run.environment.name === 'sandbox';
    throw new RunRefusedError(
      `Run ${runId} imports into ${builtIn ? 'the built-in sandbox' : run.environment.baseUrl}, but this connection is to ${connection.environment.builtInSandbox ? 'the built-in sandbox' : connection.environment.baseUrl}: connect to the run's OneFile to resume it.`,
    );
  }
  // A plan read long ago cannot know whom others added to OneFile since: the learners it was still to create are looked for first.
  const now = options.planAgeClock?.() ?? new Date();
  const readLongAgo = !run.undo && planTooOld(plan, now);
  let learnersRead: LearnersReading | undefined;
  if (readLongAgo) {
    const { added, reading } = await learnersAddedSince(connection.client, run.organisation.id, plan, replay);
    if (added.length > 0) throw new RunRefusedError(addedSinceMessage(runId, run.file.name, added));
    learnersRead = reading;
  }
  const closeAfter = options.closeConnection ?? false;
  // Looked at again under the start lock (another run may have started meanwhile), until this one says it is running.
  const release = await claimStart(dataDir);
  try {
    const startedMeanwhile = runningNow();
    if (startedMeanwhile) throw new RunRefusedError(runningAboutMessage(startedMeanwhile));
    const cache = directoryCache(dataDir, connection.environment);
    const handle = execute({
      ...options,
      dataDir,
      run: options.windowMs ? { ...run, windowMs: options.windowMs } : run,
      plan,
      table,
      client: connection.client,
      replay,
      environment: connection.environment,
      // Others may have given its learners programmes meanwhile: each is looked at before it is added to (operation.ts).
      ...(readLongAgo && plan.readOneFileAt ? { planReadLongAgo: plan.readOneFileAt } : {}),
      // The learners just read: the run's creations go on from this reading, not the plan's (added-during.ts).
      ...(learnersRead ? { learnersRead } : {}),
      afterRun: async () => {
        await forgetCachedDirectory(cache, run.organisation.id);
        if (closeAfter) await connection.close();
      },
    });
    return { ...handle, connection, ...(journalWarning ? { journalWarning } : {}) };
  } finally {
    // Not started (thrown): the caller still holds its connection and closes it.
    release();
  }
}
