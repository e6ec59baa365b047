import * as fs from 'node:fs';
import * as path from 'node:path';
import { writePrivateFileSync } from '../../private-files';
import { madeKeyHashes } from '../journal/assignment-ledger';
import { readJournal, replayJournal } from '../journal/journal';
import type { ImportPlan } from '../plan/types';
import { RESUMABLE_RUN_STATES } from '../../../shared/run-states';
import { listRuns, readRunPlan, runPaths, type RunInfo } from '../journal/run-store';

/**
 * A plan is made from what OneFile held when its directory was read. Another run that
 * writes about the same learners afterwards makes it out of date: the learners it made
 * were new to the plan, so running it would create them again, and give their standards
 * and units a second time. The common way here: an import killed part-way (the machine
 * restarted, the weekly job was stopped), the file imported again next time, and the
 * first run resumed from History after that. So a run whose plan read OneFile before
 * another run wrote about any of its learners (or classes and placements it creates) is
 * never started or resumed, nor while another is importing some of them; the file is
 * imported again instead, whose plan reads OneFile as it is now. Runs about other
 * learners (two cohorts at once, sharing the token's budget) go on side by side.
 */

export interface LaterWrite {
  /** The run that wrote. */
  run: RunInfo;
  /** When it sent its first write after the plan read OneFile (ISO). */
  at: string;
}

export interface RunTarget {
  /** The run itself, left out of the search (a resumed run's own writes do not count). */
  runId?: string;
  environment: { name: string; baseUrl: string };
  organisationId: number;
}

/** A run's OneFile (its name and address), or a connection's (which also says whether it is the built-in sandbox). */
type OneFileAt = RunTarget['environment'] & { builtInSandbox?: boolean };

/**
 * Whether two runs, or a run and a connection, write to the same OneFile: the built-in
 * sandbox by what it is (its address changes each start), any other by address.
 */
export function sameOneFile(a: OneFileAt, b: OneFileAt): boolean {
  const builtIn = (at: OneFileAt) => at.builtInSandbox ?? at.name === 'sandbox';
  if (builtIn(a) || builtIn(b)) return builtIn(a) && builtIn(b);
  return a.baseUrl.replace(/\/+$/, '').toLowerCase() === b.baseUrl.replace(/\/+$/, '').toLowerCase();
}

/** Whom a plan's writes are about: the keys of the users it creates, the OneFile IDs of the users it changes, the classes and placements it creates. */
export interface PlanSubjects {
  keys: Set<string>;
  users: Set<number>;
  places: Set<string>;
}

/** The subjects of a plan's operations (of those named in `only`, when given: what a run has sent). */
export function subjectsOf(plan: ImportPlan, only?: ReadonlySet<string>): PlanSubjects {
  const subjects: PlanSubjects = { keys: new Set(), users: new Set(), places: new Set() };
  for (const row of plan.rows) {
    const sent = row.operations.filter((op) => !only || only.has(op.id));
    if (sent.length === 0) continue;
    // A row's later steps are about the user its create makes: that user's keys stand for it.
    const create = row.operations.find((op) => op.kind === 'create-user');
    if (create) for (const hash of madeKeyHashes(create.fields)) subjects.keys.add(hash);
    if (row.matched) subjects.users.add(row.matched.userId);
    for (const op of sent) {
      const ref = 'user' in op ? op.user : 'learner' in op ? op.learner : undefined;
      if (ref && 'existing' in ref) subjects.users.add(ref.existing);
    }
  }
  for (const op of plan.creations ?? []) if (!only || only.has(op.id)) subjects.places.add(`${op.kind}:${op.name.trim().toLowerCase()}`);
  return subjects;
}

/**
 * The subjects of a run: its plan's (of the operations in `only`, when given), and the
 * OneFile IDs of the users it has created, so that a run that made a learner and one that
 * changes that learner by its ID are seen to be about the same person.
 */
export function subjectsOfRun(dataDir: string, runId: string, only?: ReadonlySet<string>): PlanSubjects {
  const subjects = subjectsOf(readRunPlan(dataDir, runId), only);
  const { records, damagedLines } = readJournal(runPaths(dataDir, runId).journal);
  for (const userId of replayJournal(records, damagedLines).createdUserByRow.values()) subjects.users.add(userId);
  return subjects;
}

function overlap(a: PlanSubjects, b: PlanSubjects): boolean {
  const any = <T>(x: Set<T>, y: Set<T>) => [...x].some((item) => y.has(item));
  return any(a.keys, b.keys) || any(a.users, b.users) || any(a.places, b.places);
}

/**
 * The earliest write another run of the same OneFile and organisation sent after `since`
 * about any of `subjects` (a user the plan creates or changes, a class or placement it
 * creates), or null. A write is an intent in its journal that was not withdrawn before it
 * was sent; journals not touched since `since` are not read. Another run importing other
 * learners meanwhile (two cohorts, two windows) leaves the plan as true as it was.
 */
export function writeSince(dataDir: string, target: RunTarget, since: string, subjects: PlanSubjects, runs: readonly RunInfo[] = listRuns(dataDir)): LaterWrite | null {
  let earliest: LaterWrite | null = null;
  for (const { run, at, theirs } of runsWritingSince(dataDir, target, since, runs)) {
    // A run whose plan cannot be read: what it wrote is unknown, so it may be anyone.
    if (theirs && !overlap(subjects, theirs)) continue;
    if (!earliest || at < earliest.at) earliest = { run, at };
  }
  return earliest;
}

/**
 * The other runs of the same OneFile and organisation that sent writes after `since`: when
 * each first did, and whom those writes were about (null for a run whose plan cannot be read).
 */
function* runsWritingSince(dataDir: string, target: RunTarget, since: string, runs: readonly RunInfo[]): Generator<{ run: RunInfo; at: string; theirs: PlanSubjects | null }> {
  const after = Date.parse(since);
  if (Number.isNaN(after)) return;
  for (const { run, journal } of journalsTouchedSince(dataDir, target, after, runs)) {
    const written = writesAfter(journal, after);
    if (written.size === 0) continue;
    let theirs: PlanSubjects | null;
    try {
      theirs = subjectsOfRun(dataDir, run.runId, new Set(written.keys()));
    } catch {
      theirs = null;
    }
    yield { run, at: [...written.values()].sort()[0], theirs };
  }
}

/** A later run that wrote about some of a run's users: which, and when it first wrote after the moment asked about. */
export interface LaterRunAbout {
  run: RunInfo;
  at: string;
  userIds: number[];
}

/**
 * The other imports of the same OneFile and organisation that wrote about any of `userIds`
 * after `since` (matched one of them and sent it a change or an assignment), earliest
 * first: what undoing a run that created those users takes away from them too. Undo runs
 * are not among them.
 */
export function laterRunsAboutUsers(dataDir: string, target: RunTarget, since: string, userIds: ReadonlySet<number>, runs: readonly RunInfo[] = listRuns(dataDir)): LaterRunAbout[] {
  if (userIds.size === 0) return [];
  const found: LaterRunAbout[] = [];
  for (const { run, at, theirs } of runsWritingSince(dataDir, target, since, runs)) {
    const users = theirs && !run.undo ? [...userIds].filter((id) => theirs.users.has(id)) : [];
    if (users.length > 0) found.push({ run, at, userIds: users });
  }
  return found.sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * Another run of the same OneFile and organisation running now (its process alive and its heartbeat recent) whose
 * plan is about some of `subjects`, or null. Two windows importing the same file at once
 * would both take its new learners for new: neither has written when the other starts.
 */
export function runningAbout(dataDir: string, target: RunTarget, subjects: PlanSubjects, runs: readonly RunInfo[] = listRuns(dataDir), now = Date.now()): RunInfo | null {
  for (const run of runs) {
    if (run.runId === target.runId || !isRunningNow(dataDir, run, now) || run.organisation?.id !== target.organisationId || !sameOneFile(run.environment, target.environment)) continue;
    let theirs: PlanSubjects;
    try {
      theirs = subjectsOfRun(dataDir, run.runId);
    } catch {
      theirs = subjects;
    }
    if (overlap(subjects, theirs)) return run;
  }
  return null;
}

/** How often a running run says it is (`beatWhileRunning`), and how long after its last beat it is taken to have stopped. */
const BEAT_MS = 10_000;
const STILL_RUNNING_MS = 6 * BEAT_MS;

const beatFile = (dataDir: string, runId: string) => path.join(runPaths(dataDir, runId).folder, 'heartbeat');

/** Touches the run's heartbeat now and every 10 s until stopped (the timer does not keep the process alive). */
export function beatWhileRunning(dataDir: string, runId: string): () => void {
  const beat = () => {
    try {
      writePrivateFileSync(beatFile(dataDir, runId), new Date().toISOString());
    } catch {
      // A beat missed: at worst another import of the same learners is not held back by this one.
    }
  };
  beat();
  const timer = setInterval(beat, BEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * A run running now: recorded as running by a process that is alive, and beating lately (a
 * process ID can be another program's after a restart).
 */
export function isRunningNow(dataDir: string, run: RunInfo, now = Date.now()): boolean {
  if (run.state !== 'running') return false;
  try {
    return fs.statSync(beatFile(dataDir, run.runId)).mtimeMs >= now - STILL_RUNNING_MS;
  } catch {
    return false;
  }
}

/** Why a run cannot start or go on now: another is importing some of the same learners. */
export function runningAboutMessage(run: RunInfo): string {
  return (
    `An import of ${run.file.name} (run ${run.runId}) is importing some of the same learners into this organisation right now, and both would take its new learners for new. ` +
    'Wait for it to finish, then import again. Nothing was sent.'
  );
}

/** The other runs of the same OneFile and organisation whose journal was written to after a moment (ms), with the journal's path. */
export function journalsTouchedSince(dataDir: string, target: RunTarget, after: number, runs: readonly RunInfo[]): Array<{ run: RunInfo; journal: string }> {
  const touched: Array<{ run: RunInfo; journal: string }> = [];
  for (const run of runs) {
    if (run.runId === target.runId || run.organisation?.id !== target.organisationId || !sameOneFile(run.environment, target.environment)) continue;
    const journal = runPaths(dataDir, run.runId).journal;
    try {
      if (fs.statSync(journal).mtimeMs > after) touched.push({ run, journal });
    } catch {
      // No journal: the run sent nothing.
    }
  }
  return touched;
}

/** The operations a journal sent after a moment, with when each was first sent. */
function writesAfter(journalPath: string, after: number): Map<string, string> {
  const intents = new Map<string, string>();
  for (const record of readJournal(journalPath).records) {
    if (record.type === 'intent' && Date.parse(record.at) > after && !intents.has(record.operationId)) intents.set(record.operationId, record.at);
    else if (record.type === 'withdrawn') intents.delete(record.operationId);
  }
  return intents;
}

/**
 * The later write that keeps a stopped import from being resumed, or null: none for a run
 * that is not resumable anyway (completed, undone, an undo), or no other run wrote since
 * its plan read OneFile (its creation, for plans that do not say) about its learners.
 */
export function supersedingWrite(dataDir: string, run: RunInfo, runs: readonly RunInfo[] = listRuns(dataDir)): LaterWrite | null {
  if (run.undo || !RESUMABLE_RUN_STATES.has(run.state) || run.undoneBy?.length) return null;
  const target = { runId: run.runId, environment: run.environment, organisationId: run.organisation.id };
  // A write between its plan and its start was refused at the start: without a journal touched since, nothing is read (History asks for every run).
  if (journalsTouchedSince(dataDir, target, Date.parse(run.createdAt) - 1_000, runs).length === 0) return null;
  let readAt: string;
  let subjects: PlanSubjects;
  try {
    readAt = readRunPlan(dataDir, run.runId).readOneFileAt ?? run.createdAt;
    subjects = subjectsOfRun(dataDir, run.runId);
  } catch {
    return null;
  }
  return writeSince(dataDir, target, readAt, subjects, runs);
}

/** A moment as a person reads it in a message: "1 Dec, 14:22". */
export const dayAndTime = (iso: string): string => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function describeRun(write: LaterWrite): string {
  const kind = write.run.undo ? 'an undo' : 'an import';
  return `${kind} of ${write.run.file.name} (run ${write.run.runId}) changed this organisation in OneFile at ${dayAndTime(write.at)}`;
}

/** Why a run that has not started cannot: another run wrote after its plan read OneFile. */
export function stalePlanMessage(write: LaterWrite, planReadAt: string): string {
  return (
    `This plan read OneFile at ${dayAndTime(planReadAt)}, and since then ${describeRun(write)}, so it could create again what that run made. ` +
    'Make the plan again: it reads what OneFile holds now. Nothing was sent.'
  );
}

/** Why a stopped run cannot be resumed: another run wrote after its plan read OneFile. */
export function supersededRunMessage(runId: string, fileName: string, write: LaterWrite): string {
  return (
    `Run ${runId} is not resumed: its plan read OneFile before ${describeRun(write)}, so carrying it on could create again what that run made. ` +
    `Import ${fileName} again instead: the new plan reads what OneFile holds now and does only what is still needed, and nothing run ${runId} made is made twice.`
  );
}
