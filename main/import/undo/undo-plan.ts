import { AppError } from '../../../shared/app-error';
import { fieldLabelOf } from '../../../shared/fields';
import type { OneFileClient } from '../../onefile';
import { readJournal, replayJournal, type ChangeImage, type JournalRecord } from '../journal/journal';
import { effectiveState, readRun, readRunPlan, runPaths, type RunInfo } from '../journal/run-store';
import type { Operation } from '../plan/types';
import { comparable, DATE_FIELDS } from '../plan/user';
import { calendarDayOf } from '../../onefile/dates';
import { dayAndTime, laterRunsAboutUsers } from '../run/later-writes';
import { verifyOutcome } from '../run/verify';
import { notAsMade } from '../run/created-user-check';
import { MOST_SINGLE_READS, readCurrentUsers, type CurrentRecord } from './current-users';
import { leftOver, type MadeByRun, type RemoveEntry } from './left-over';
import { undoPlanProgress, type UndoPlanProgress } from './undo-progress';
import type { TaskProgress } from '../export/progress';

/**
 * What undoing a run would do, worked out before anything is written: the fields it
 * changed on existing users, written back as they were before it, unless someone has
 * changed them in OneFile since (then they are left, and said); the users it created,
 * archived; and what OneFile's API cannot take away (learning aims, unit summaries,
 * staff assignments, classes and placements), listed with their IDs for the centre to
 * remove in OneFile. The before-image comes from the journal (written with each change),
 * else from the run's plan. Worked out from what OneFile holds now, so planning an undo
 * of a run already undone finds nothing to do.
 */

export type FieldValue = string | number | boolean | null;

export interface UndoField {
  field: string;
  label: string;
  /** As OneFile had it before the run. */
  before: FieldValue;
  /** As the run set it. */
  runSet: FieldValue;
  /** As OneFile has it now. */
  now: FieldValue;
}

export interface UndoUser {
  userId: number;
  name: string;
  role: number;
  /** The undone run's spreadsheet row. */
  row: number;
}

export interface UndoPlan {
  target: { runId: string; fileName: string; organisation: { id: number; name?: string }; environment: { name: string; baseUrl: string } };
  /** Users whose fields are written back (only the fields OneFile still holds as the run set them). */
  restore: Array<UndoUser & { fields: UndoField[] }>;
  /** Users the run created, to archive. */
  archive: UndoUser[];
  /** What is left as it is, and why: a field changed in OneFile since, a user no longer there. */
  left: Array<UndoUser & { field?: UndoField; reason: string }>;
  /** Already as before the run: fields, and created users already archived (an undo done before). */
  already: { fields: number; users: number };
  /** What the API cannot remove: for the centre to remove in OneFile. */
  remove: RemoveEntry[];
  /**
   * Later imports that wrote about users this undo archives (matched them, changed them,
   * gave them a programme): archiving the users takes that away too. Earliest first.
   */
  laterRuns: Array<{ runId: string; fileName: string; at: string; userIds: number[] }>;
  /** Calls made to plan the undo (reads). */
  reads: number;
}

/** One of a field's values as a person reads it: a date as its calendar day (not "2000-01-01T00:00:00.000Z"), nothing as "(empty)". */
export function shownUndoValue(field: UndoField, which: 'before' | 'runSet' | 'now'): string {
  const value = field[which];
  if (value === null || value === '') return '(empty)';
  return (DATE_FIELDS.has(field.field) && calendarDayOf(value)) || String(value);
}

/** The words for a OneFile user field. */
export function fieldLabel(field: string): string {
  const ids: Record<string, string> = { DefaultAssessorID: 'Assessor', ClassroomID: 'Class', PlacementID: 'Placement', DefaultEmployerID: 'Employer contact' };
  if (ids[field]) return ids[field];
  return fieldLabelOf(field);
}

/** The latest before-image the journal holds for each operation. */
function imagesOf(records: readonly JournalRecord[]): Map<string, ChangeImage> {
  const images = new Map<string, ChangeImage>();
  for (const record of records) {
    if ((record.type === 'intent' || record.type === 'done') && record.image) images.set(record.operationId, record.image);
  }
  return images;
}

/** The run to undo, checked: not an undo itself, not running somewhere now. */
export function undoableRun(dataDir: string, runId: string): RunInfo {
  const run = readRun(dataDir, runId);
  if (run.undo) {
    throw new AppError(
      'run-refused',
      `Run ${runId} was itself an undo (of run ${run.undo.of}), so it cannot be undone: undoing it would make again the changes it took back. ` +
        `To have them again, import the file of run ${run.undo.of} again.`,
    );
  }
  if (effectiveState(run) === 'running') {
    throw new AppError('run-locked', `Run ${runId} is still running: stop it (or let it finish), then undo it.`);
  }
  return run;
}

interface Touched {
  restore: Map<number, UndoUser & { image: ChangeImage }>;
  archive: Map<number, UndoUser>;
  /** What each create to archive sent: a user OneFile holds otherwise is not the one the run made. */
  madeAs: Map<number, Record<string, unknown>>;
  left: UndoPlan['left'];
  operations: MadeByRun[];
  reads: number;
}

/** What the run did, from its plan and journal: users it changed or created, and everything else it made. */
async function whatTheRunDid(
  client: Pick<OneFileClient, 'searchUsers' | 'searchLearningAims' | 'searchUnitSummaries' | 'searchClassrooms' | 'searchPlacements'>,
  dataDir: string,
  run: RunInfo,
  progress: UndoPlanProgress,
): Promise<Touched> {
  const plan = readRunPlan(dataDir, run.runId);
  const journal = readJournal(runPaths(dataDir, run.runId).journal);
  const replay = replayJournal(journal.records, journal.damagedLines);
  const images = imagesOf(journal.records);
  const touched: Touched = { restore: new Map(), archive: new Map(), madeAs: new Map(), left: [], operations: [], reads: 0 };
  const creations = ((plan as { creations?: Operation[] }).creations ?? []).map((op) => ({ row: null, op }));
  for (const { row, op } of [...plan.rows.flatMap((r) => r.operations.map((op) => ({ row: r, op }))), ...creations]) {
    const state = replay.operations.get(op.id);
    if (!state || state.state === 'failed') continue;
    const user: UndoUser = { userId: 0, name: row?.name ?? '', role: row?.role ?? 1, row: row?.row ?? 0 };
    const createdHere = row ? replay.createdUserByRow.get(row.row) : undefined;
    if (op.kind === 'create-user') {
      let userId = state.state === 'done' ? state.result?.userId : undefined;
      if (userId === undefined) {
        // Sent, answer never recorded: OneFile says whether the user exists (nothing is guessed).
        progress.phase('Asking OneFile whether a user the run was creating exists', 1);
        const check = await verifyOutcome(client, op, {
          organisationId: run.organisation.id,
          onCall: () => {
            touched.reads += 1;
            progress.call();
          },
        });
        if (check.happened === 'cannot-tell') touched.left.push({ ...user, reason: `The run may have created this user; OneFile cannot say which (${check.reason}). Check in OneFile.` });
        if (check.happened !== true) continue;
        userId = check.result.userId;
      }
      if (userId !== undefined) {
        touched.archive.set(userId, { ...user, userId });
        touched.madeAs.set(userId, { ...op.fields, Role: op.role });
      }
      continue;
    }
    if (op.kind === 'update-user') {
      if (!('existing' in op.user)) continue;
      const image = images.get(op.id) ?? { before: op.before, after: op.changes };
      const earlier = touched.restore.get(op.user.existing);
      touched.restore.set(op.user.existing, { ...user, userId: op.user.existing, image: earlier ? { before: { ...image.before, ...earlier.image.before }, after: { ...image.after, ...earlier.image.after } } : image });
      continue;
    }
    if (state.state !== 'done') continue;
    // Found in OneFile already (an assignment refused as there, a template's standards given otherwise): not this run's to take away.
    if (state.result?.alreadyAssigned !== undefined || state.result?.givenOtherwise) continue;
    const learner = 'learner' in op ? ('existing' in op.learner ? op.learner.existing : (createdHere ?? null)) : null;
    touched.operations.push({ row, op, userId: learner, result: state.result });
  }
  return touched;
}

export interface PlanUndoOptions {
  dataDir: string;
  runId: string;
  client: Pick<OneFileClient, 'getUser' | 'searchUsers' | 'searchLearningAims' | 'searchUnitSummaries' | 'searchClassrooms' | 'searchPlacements'> &
    Partial<Pick<OneFileClient, 'eta' | 'latencyMs'>>;
  /** Told after each call (the app's progress bar): planning reads OneFile before the person sees anything. */
  onProgress?: (progress: TaskProgress) => void;
}

/**
 * What archiving takes from later imports, in one sentence (the command line and the app
 * say the same), or null when no later import touched the users to archive.
 */
export function laterRunsNote(plan: Pick<UndoPlan, 'laterRuns' | 'archive'>): string | null {
  if (plan.laterRuns.length === 0) return null;
  const touched = new Set(plan.laterRuns.flatMap((later) => later.userIds)).size;
  const runs = plan.laterRuns.map((later) => `${later.fileName} (run ${later.runId}, from ${dayAndTime(later.at)}: ${later.userIds.length} of them)`);
  return (
    `${touched === plan.archive.length ? (touched === 1 ? 'The user' : `All ${touched} users`) : `${touched} of the ${plan.archive.length} users`} to archive ` +
    `${touched === 1 ? 'was' : 'were'} imported again since, by ${runs.join(' and ')}: archiving ${touched === 1 ? 'it' : 'them'} undoes what ` +
    `${plan.laterRuns.length === 1 ? 'that import' : 'those imports'} did for ${touched === 1 ? 'it' : 'them'} too.`
  );
}

/** Plans the undo of a run: reads what OneFile holds now for the users it touched. Writes nothing. */
export async function planUndo(options: PlanUndoOptions): Promise<UndoPlan> {
  const run = undoableRun(options.dataDir, options.runId);
  const progress = undoPlanProgress(options.client, options.onProgress);
  progress.phase("Reading the run's journal", 0);
  const touched = await whatTheRunDid(options.client, options.dataDir, run, progress);
  const wanted = [
    ...[...touched.restore.values()].map((u) => ({ userId: u.userId, role: u.role, fields: Object.keys(u.image.after) })),
    ...[...touched.archive.values()].filter((u) => !touched.restore.has(u.userId)).map((u) => ({ userId: u.userId, role: u.role, fields: [] })),
  ];
  let reads = touched.reads;
  const onCall = () => {
    reads += 1;
    progress.call();
  };
  const paged = wanted.length > MOST_SINGLE_READS;
  progress.phase(`Reading the ${wanted.length} users the run changed or created, as OneFile has them now`, paged ? new Set(wanted.map((w) => w.role)).size : wanted.length, paged);
  const current = await readCurrentUsers(options.client, run.organisation.id, wanted, onCall);
  const plan: UndoPlan = {
    target: { runId: run.runId, fileName: run.file.name, organisation: run.organisation, environment: run.environment },
    restore: [],
    archive: [],
    left: [...touched.left],
    already: { fields: 0, users: 0 },
    remove: [],
    laterRuns: [],
    reads: 0,
  };
  const archived = new Set(touched.archive.keys());
  await recoverTemplateAims(options.client, touched.operations, archived, onCall, progress);
  plan.remove = leftOver(touched.operations, archived);
  for (const [userId, user] of touched.archive) {
    const now = current.get(userId);
    const { userId: _id, ...who } = user;
    const otherwise = now ? notAsMade(touched.madeAs.get(userId) ?? {}, now, run.organisation.id) : [];
    if (now === null || now === undefined) plan.left.push({ ...who, userId, reason: 'OneFile no longer has this user.' });
    else if (otherwise.length > 0) plan.left.push({ ...who, userId, reason: notTheUserMade(otherwise) });
    else if (now.Archived === true) plan.already.users += 1;
    else plan.archive.push(user);
  }
  for (const [userId, user] of touched.restore) {
    if (touched.archive.has(userId)) continue;
    const now = current.get(userId);
    const { image, ...who } = user;
    if (!now) {
      plan.left.push({ ...who, reason: 'OneFile no longer has this user, so the fields the run changed cannot be put back.' });
      continue;
    }
    const fields = restoreFields(image, now);
    for (const field of fields.changedSince) plan.left.push({ ...who, field, reason: `${field.label} was changed in OneFile after the run: it is left as it is now.` });
    plan.already.fields += fields.alreadyBack;
    if (fields.restore.length > 0) plan.restore.push({ ...who, fields: fields.restore });
  }
  const target = { runId: run.runId, environment: run.environment, organisationId: run.organisation.id };
  plan.laterRuns = laterRunsAboutUsers(options.dataDir, target, run.createdAt, new Set(plan.archive.map((user) => user.userId))).map((later) => ({
    runId: later.run.runId,
    fileName: later.run.file.name,
    at: later.at,
    userIds: later.userIds,
  }));
  plan.reads = reads;
  progress.done();
  return plan;
}

/**
 * A template's assign answers with nothing, so its learning aims were not recorded: for
 * a learner the undo keeps, they are read (one search each) so the centre gets their IDs.
 */
async function recoverTemplateAims(client: PlanUndoOptions['client'], made: MadeByRun[], archived: ReadonlySet<number>, onCall: () => void, progress: UndoPlanProgress): Promise<void> {
  const unrecorded = made.filter((item) => item.op.kind === 'assign-template' && item.userId !== null && !archived.has(item.userId) && !item.result?.learningAimIds?.length);
  if (unrecorded.length > 0) progress.phase(`Reading the learning aims of ${unrecorded.length} learners given a framework template`, unrecorded.length, true);
  for (const item of unrecorded) {
    const op = item.op;
    if (op.kind !== 'assign-template' || item.userId === null) continue;
    const aims = await client.searchLearningAims(item.userId, { onCall });
    const ids = aims.filter((aim) => aim.FrameworkTemplateID === op.templateId || op.standardIds.includes(aim.StandardID)).map((aim) => aim.ID);
    item.result = { ...item.result, learningAimIds: ids };
  }
}

/** Per field the run set: write it back (still as the run set it), already back, or changed since (left). */
function restoreFields(image: ChangeImage, now: CurrentRecord): { restore: UndoField[]; changedSince: UndoField[]; alreadyBack: number } {
  const result = { restore: [] as UndoField[], changedSince: [] as UndoField[], alreadyBack: 0 };
  for (const [field, runSet] of Object.entries(image.after)) {
    const before = image.before[field] ?? null;
    const value = now[field];
    const field_: UndoField = { field, label: fieldLabel(field), before, runSet, now: value === undefined ? null : (value as FieldValue) };
    if (comparable(field, value) === comparable(field, before)) result.alreadyBack += 1;
    else if (comparable(field, value) === comparable(field, runSet)) result.restore.push(field_);
    else result.changedSince.push(field_);
  }
  return result;
}

/** Why a user the run's journal says it made is left: OneFile holds them otherwise (created-user-check.ts). */
function notTheUserMade(otherwise: readonly string[]): string {
  const renamedOnly = otherwise.every((reason) => reason.startsWith('not named'));
  return (
    `OneFile holds this user otherwise than the run made them (${otherwise.join('; ')}): ` +
    (renamedOnly ? 'renamed in OneFile since, or ' : 'most likely ') +
    "a user OneFile already had and answered the run's creation with. They are left as they are: archive them in OneFile if the run made them."
  );
}
