import { AppError } from '../../shared/app-error';
import type { ServiceHandlers } from '../../shared/contract';
import type { UndoFieldView, UndoPlanView } from '../../shared/contract-workbook-types';
import { createUndoRun, laterRunsNote, planUndo, readRun, shownUndoValue, unfinishedUndoOf, type Connection, type RunInfo, type TaskProgress, type UndoField, type UndoPlan } from '../import';
import { connectionForRun, windowFor } from './run-connection';
import { environmentIdOf, environmentOption } from './environment-options';
import { isRunActive, startingOneRun, type ServiceContext } from './service-context';
import { taskEvent, taskWaits } from './task-waits';

/**
 * "Undo this run" in History: the plan first (what is put back, archived, left as it
 * is, and what the centre must remove in OneFile), read from OneFile now and writing
 * nothing; then the undo, planned afresh and put in a run folder of its own, which
 * History's resume starts and the Import screen follows like any run. A live OneFile
 * needs the organisation confirmed.
 */

type UndoHandlers = Pick<ServiceHandlers, 'planUndo' | 'startUndo'>;

/** Entries shown per list; the undo report holds them all. */
const LISTED = 200;

const fieldView = (field: UndoField): UndoFieldView => ({ label: field.label, runSet: shownUndoValue(field, 'runSet'), before: shownUndoValue(field, 'before'), now: shownUndoValue(field, 'now') });

export function undoPlanView(plan: UndoPlan, run: RunInfo, unfinishedUndo: string | null): UndoPlanView {
  const environment = environmentOption(environmentIdOf(run.environment.name));
  const kept = plan.remove.filter((entry) => !entry.learnerArchived);
  return {
    runId: run.runId,
    fileName: run.file.name,
    organisation: { id: run.organisation.id, name: run.organisation.name ?? `Organisation ${run.organisation.id}` },
    environment: environment.label,
    live: environment.live,
    restore: {
      users: plan.restore.length,
      fields: plan.restore.reduce((n, user) => n + user.fields.length, 0),
      list: plan.restore.slice(0, LISTED).map((user) => ({ userId: user.userId, name: user.name, row: user.row, fields: user.fields.map(fieldView) })),
    },
    archive: { users: plan.archive.length, list: plan.archive.slice(0, LISTED).map(({ userId, name, row }) => ({ userId, name, row })), importedAgain: laterRunsNote(plan) },
    left: {
      count: plan.left.length,
      list: plan.left.slice(0, LISTED).map((entry) => ({ userId: entry.userId, name: entry.name, row: entry.row, field: entry.field ? fieldView(entry.field) : null, reason: entry.reason })),
    },
    remove: {
      count: kept.length,
      onArchivedLearners: plan.remove.length - kept.length,
      list: kept.slice(0, LISTED).map((entry) => ({ row: entry.row, learnerId: entry.learnerId, learner: entry.learnerName, what: entry.what, ids: entry.ids })),
    },
    already: plan.already,
    calls: { reads: plan.reads, writes: plan.restore.length + plan.archive.length },
    nothingToUndo: plan.restore.length === 0 && plan.archive.length === 0,
    unfinishedUndo,
  };
}

export function createUndoHandlers(context: ServiceContext, resume: (runId: string) => ReturnType<ServiceHandlers['resumeFromHistory']>): UndoHandlers {
  const { options, hub } = context;

  /** A connection to the run's OneFile: the app's own when it is that one, else one opened for this (and closed after). */
  async function withRunConnection<T>(run: RunInfo, work: (connection: Connection) => Promise<T>): Promise<T> {
    const { connection, shared } = await connectionForRun(context, run, 'undo');
    try {
      return await work(connection);
    } finally {
      if (!shared) await connection.close();
    }
  }

  /**
   * The undo planned from what OneFile holds now. Asked from History's dialog (`waitForOneFile`),
   * a silent OneFile is waited out there, said and stoppable (see ./task-waits), as an export
   * is; planned again to start the undo, it ends at once, saying so (the dialog's plan has
   * just read OneFile).
   */
  async function plan(runId: string, waitForOneFile = false): Promise<{ run: RunInfo; plan: UndoPlan | null; unfinished: string | null }> {
    const run = readRun(options.dataDir, runId);
    const unfinished = run.undo ? null : (unfinishedUndoOf(options.dataDir, runId)?.runId ?? null);
    const title = `Planning the undo of ${run.file.name}`;
    const read = (onProgress: (progress: TaskProgress) => void) =>
      withRunConnection(run, async (connection) => planUndo({ dataDir: options.dataDir, runId, client: connection.client, onProgress }));
    const made = waitForOneFile ? await taskWaits(context).run('undo-plan', title, read) : await read((progress) => hub.emit('progress', taskEvent('undo-plan', title, progress)));
    return { run, plan: made, unfinished };
  }

  return {
    async planUndo(input) {
      if (isRunActive(context)) throw new AppError('run-active', 'An import is running: undo a run when it has finished.');
      const planned = await plan(input.runId, true);
      return undoPlanView(planned.plan!, planned.run, planned.unfinished);
    },

    async startUndo(input) {
      // Made here, started by `resume` once this start is over (a second Start meanwhile is told an undo is starting).
      const runId = await startingOneRun(context, 'An import is running: undo a run when it has finished.', async () => {
        const run = readRun(options.dataDir, input.runId);
        // Asked before anything else, so nothing is read from or written to a live OneFile unconfirmed.
        if (environmentOption(environmentIdOf(run.environment.name)).live && input.confirmLiveOrganisationId !== run.organisation.id) {
          throw new AppError('not-confirmed', `Undoing a run in live OneFile needs the organisation confirmed: ${run.organisation.name ?? run.organisation.id}.`);
        }
        const unfinished = run.undo ? null : unfinishedUndoOf(options.dataDir, input.runId);
        if (unfinished) return unfinished.runId;
        const planned = await plan(input.runId);
        const undo = planned.plan!;
        if (undo.restore.length === 0 && undo.archive.length === 0) {
          throw new AppError('run-refused', 'Nothing to undo: OneFile already holds what it held before the run (or what was changed in it since), so nothing would be put back or archived.');
        }
        return (await createUndoRun({ dataDir: options.dataDir, plan: undo, windowMs: windowFor(context) })).runId;
      });
      return resume(runId);
    },
  };
}
