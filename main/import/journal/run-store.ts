import { AppError } from '../../../shared/app-error';
import * as fs from 'node:fs';
import type { RowsInFlightSetting } from '../run/rows-in-flight';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ImportPlan } from '../plan/types';
import type { Table } from '../../../shared/table';
import { ensurePrivateFolder, writePrivateFileSync } from '../../private-files';

/**
 * Run folders. Every import run gets an ID and a folder under the data folder:
 *
 *   <data>/runs/<runId>/run.json       what, where, how, state, counts (never a token)
 *                       plan.json      the plan that was shown, executed as is on resume
 *                       source.json    the spreadsheet's cells, for the errors report
 *                       journal.jsonl  every operation before and after it is sent
 *                       reports/       results and errors, XLSX and CSV
 *
 * The folders hold learners' personal data, so they are created readable by the user
 * only. Writes of run.json go through a temporary file and a rename, so a kill never
 * leaves half a file.
 */

import { RESUMABLE_RUN_STATES, type RunState } from '../../../shared/run-states';

export type { RunState } from '../../../shared/run-states';

/** States from which `resume` can carry on: all but completed (a failed run stopped on an error, e.g. a full disk). */
export const RESUMABLE_STATES: ReadonlySet<string> = RESUMABLE_RUN_STATES;

export interface RunCounts {
  rows: number;
  created: number;
  updated: number;
  /** Learners OneFile had without the row's MIS ID, given it (not among `updated`). Absent in runs from before links. */
  linked?: number;
  unchanged: number;
  /** Later rows about a person an earlier row imported (RowPlan.joinedTo). Absent when none, and in older runs. */
  joined?: number;
  failed: number;
  skipped: number;
  /** Rows not finished yet (a paused, cancelled or interrupted run). */
  pending: number;
  /** OneFile calls the run has made so far. */
  calls: number;
}

export interface ReportPaths {
  results: { xlsx: string; csv: string };
  /** Absent when no row failed or was skipped. */
  errors?: { xlsx: string; csv: string };
}

export interface RunInfo {
  runId: string;
  version: 1;
  /** `format` `ilr`: an ILR XML file, whose rows are its learners (the errors report cannot go back into it). */
  file: { name: string; path?: string; sha256: string; sheet?: string; format?: 'csv' | 'xlsx' | 'ilr' };
  /** The column mapping used (as the mapper describes it). */
  mapping: unknown;
  /** Environment name (`sandbox`, `live`, ...) or `custom`, and its base URL. Never a token. */
  environment: { name: string; baseUrl: string };
  organisation: { id: number; name?: string };
  budgetPerMinute: number;
  /** The rate window, when not OneFile's minute (tests). */
  windowMs?: number;
  /** Rows in flight: a number, or `auto`. */
  concurrency: RowsInFlightSetting;
  skipInvalid: boolean;
  state: RunState;
  counts: RunCounts;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** The process running it, so a listing can tell a run that died from one in progress. */
  process?: { pid: number; hostname: string };
  reports?: ReportPaths;
  /** Why the run failed or stopped, in words for the user. */
  message?: string;
  /**
   * Set on an undo run (main/import/undo): the run it undoes (an undo is never undone in
   * turn), and its undo report (`undo.xlsx`: what it puts back, archives, leaves, and what
   * the centre must remove in OneFile), recorded once written. Apart from `reports`,
   * which the run's end rewrites with its results and errors.
   */
  undo?: { of: string; report?: string };
  /** The undo runs started for this run: it is not resumed after one (that would do again what was undone). */
  undoneBy?: string[];
}

export type NewRunInfo = Omit<RunInfo, 'runId' | 'version' | 'state' | 'counts' | 'createdAt' | 'updatedAt'>;

/**
 * The OS's per-user data folder for the importer: `~/.local/share/onefile-importer`
 * (or `$XDG_DATA_HOME`), `%APPDATA%\onefile-importer`, `~/Library/Application Support/onefile-importer`.
 *
 * On Windows file modes do not protect anything, so the folder must be inside the
 * user's profile, which only the user can read: an `%APPDATA%` redirected outside it
 * (a network share, another disk) is not used; `<profile>\AppData\Roaming` is.
 *
 * A home that is not a full path (`HOME=` set but empty, as a scheduler or a shell
 * script may leave it) would put the data under whatever folder the command started
 * in, a different one each week: the account's own home folder is used instead, and a
 * relative `$XDG_DATA_HOME` is ignored, as the XDG rules say.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
  accountHome: () => string = () => os.userInfo().homedir,
): string {
  const name = 'onefile-importer';
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const userHome = paths.isAbsolute(home) ? home : accountHome();
  if (!paths.isAbsolute(userHome)) throw new NoHomeFolder();
  if (platform === 'win32') {
    const appData = env.APPDATA && isInside(userHome, env.APPDATA) ? env.APPDATA : path.win32.join(userHome, 'AppData', 'Roaming');
    return path.win32.join(appData, name);
  }
  if (platform === 'darwin') return path.posix.join(userHome, 'Library', 'Application Support', name);
  const xdg = env.XDG_DATA_HOME && path.posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.posix.join(userHome, '.local', 'share');
  return path.posix.join(xdg, name);
}

/** No full path for the user's home folder, neither from HOME nor from the account: the data folder must be given. */
export class NoHomeFolder extends Error {
  constructor() {
    super("there is no home folder to keep the importer's data in (HOME is not a full path, and the account names none).");
    this.name = 'NoHomeFolder';
  }
}

/** True when `folder` is `home` or inside it (Windows paths, any case). */
function isInside(home: string, folder: string): boolean {
  const relative = path.win32.relative(home.toLowerCase(), folder.toLowerCase());
  return !relative.startsWith('..') && !path.win32.isAbsolute(relative);
}

const RUN_ID = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;

/** A run ID: the UTC time to the millisecond (so IDs sort by start) and 6 random hex digits. */
export function newRunId(now: Date = new Date(), random: (bytes: number) => Buffer = randomBytes): string {
  const stamp = now.toISOString().replace(/[-:.]/g, ''); // 20250102T030405678Z
  return `${stamp}-${random(3).toString('hex')}`;
}

/** True for a well-formed run ID (also keeps a typed ID from reaching outside the runs folder). */
export function isRunId(text: string): boolean {
  return RUN_ID.test(text);
}

export interface RunPaths {
  folder: string;
  runJson: string;
  planJson: string;
  sourceJson: string;
  journal: string;
  reports: string;
}

export function runsDir(dataDir: string): string {
  return path.join(dataDir, 'runs');
}

export function runPaths(dataDir: string, runId: string): RunPaths {
  if (!isRunId(runId)) throw new AppError('run-not-found', `"${runId.slice(0, 60)}" is not a run ID (they look like 20250102T030405678Z-a1b2c3).`);
  const folder = path.join(runsDir(dataDir), runId);
  return {
    folder,
    runJson: path.join(folder, 'run.json'),
    planJson: path.join(folder, 'plan.json'),
    sourceJson: path.join(folder, 'source.json'),
    journal: path.join(folder, 'journal.jsonl'),
    reports: path.join(folder, 'reports'),
  };
}

/** 0600, through a temporary file, fsync and rename (see ../private-files). */
function writeJsonAtomic(file: string, value: unknown): void {
  writePrivateFileSync(file, JSON.stringify(value, null, 1));
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export function emptyCounts(rows = 0): RunCounts {
  return { rows, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0, pending: rows, calls: 0 };
}

/** Creates the run's folder with run.json (state `planned`), plan.json and source.json. */
export function createRun(
  dataDir: string,
  info: NewRunInfo,
  plan: ImportPlan,
  table: Table,
  now: Date = new Date(),
): RunInfo {
  const runId = newRunId(now);
  const paths = runPaths(dataDir, runId);
  ensurePrivateFolder(runsDir(dataDir));
  ensurePrivateFolder(paths.folder);
  ensurePrivateFolder(paths.reports);
  const stamp = now.toISOString();
  const run: RunInfo = {
    ...info,
    runId,
    version: 1,
    state: 'planned',
    counts: emptyCounts(plan.rows.length),
    createdAt: stamp,
    updatedAt: stamp,
  };
  writeJsonAtomic(paths.planJson, plan);
  writeJsonAtomic(paths.sourceJson, table);
  writeJsonAtomic(paths.runJson, run);
  return run;
}

export function readRun(dataDir: string, runId: string): RunInfo {
  const paths = runPaths(dataDir, runId);
  if (!fs.existsSync(paths.runJson)) throw new AppError('run-not-found', `There is no run ${runId} in ${runsDir(dataDir)}.`);
  return readJson<RunInfo>(paths.runJson);
}

/** Merges a change into run.json (always stamping updatedAt) and returns the new record. */
export function updateRun(dataDir: string, runId: string, change: Partial<Omit<RunInfo, 'runId' | 'version'>>, now: Date = new Date()): RunInfo {
  const run: RunInfo = { ...readRun(dataDir, runId), ...change, updatedAt: now.toISOString() };
  writeJsonAtomic(runPaths(dataDir, runId).runJson, run);
  return run;
}

export function readRunPlan(dataDir: string, runId: string): ImportPlan {
  return readJson<ImportPlan>(runPaths(dataDir, runId).planJson);
}

export function readRunSource(dataDir: string, runId: string): Table {
  return readJson<Table>(runPaths(dataDir, runId).sourceJson);
}

/** True when a process with this ID exists (EPERM: it exists but is someone else's). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The state to show for a run: one recorded as `running` whose process on this machine
 * is gone was interrupted (killed, crashed, machine switched off). A `paused` run stays
 * paused whatever became of its process: the user paused it, nothing was in flight, and
 * it waits for them to resume it.
 */
export function effectiveState(run: RunInfo, alive: (pid: number) => boolean = isProcessAlive, hostname = os.hostname()): RunState {
  if (run.state === 'running' && run.process && run.process.hostname === hostname) {
    if (!alive(run.process.pid)) return 'interrupted';
    // Recorded as running by this very process, which no longer holds it: it stopped without saying so (its record could not be written, the disk full).
    if (run.process.pid === process.pid && !claimedHere.has(run.runId)) return 'interrupted';
  }
  return run.state;
}

/** The runs this process holds the lock of (acquireRunLock), so running here now. */
const claimedHere = new Set<string>();

/** Every run in the data folder, newest first, with its effective state. Unreadable folders are skipped. */
export function listRuns(dataDir: string, alive: (pid: number) => boolean = isProcessAlive): RunInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(runsDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const runs: RunInfo[] = [];
  for (const name of names.filter(isRunId).sort().reverse()) {
    try {
      const run = readRun(dataDir, name);
      runs.push({ ...run, state: effectiveState(run, alive) });
    } catch {
      // A folder without a readable run.json (created and killed at once): not a run to list.
    }
  }
  return runs;
}

/**
 * Claims a run for this process, so two processes never run (or resume) the same run
 * at once: two runners on one journal could each send what the other is sending. The
 * lock file holds the owner's pid; a lock whose process on this machine is gone is
 * taken over. Returns the release function.
 */
export function acquireRunLock(dataDir: string, runId: string, alive: (pid: number) => boolean = isProcessAlive): () => void {
  const lock = path.join(runPaths(dataDir, runId).folder, 'lock');
  const owner = JSON.stringify({ pid: process.pid, hostname: os.hostname() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, owner, { flag: 'wx', mode: 0o600 });
      claimedHere.add(runId);
      return () => {
        claimedHere.delete(runId);
        fs.rmSync(lock, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; hostname?: string } = {};
      try {
        holder = JSON.parse(fs.readFileSync(lock, 'utf8'));
      } catch {
        // Half-written by a process killed at that instant: nobody holds it.
      }
      const held = typeof holder.pid === 'number' && (holder.hostname !== os.hostname() || alive(holder.pid));
      if (held) {
        throw new AppError('run-locked', 
          `Run ${runId} is in progress in another process (${holder.hostname === os.hostname() ? `process ${holder.pid}` : `on ${holder.hostname}`}). ` +
            'Wait for it to finish, or stop it, before resuming.',
        );
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new AppError('run-locked', `Could not claim run ${runId}: its lock file keeps reappearing.`);
}
