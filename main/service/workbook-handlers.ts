import { AppError } from '../../shared/app-error';
import type { ServiceHandlers } from '../../shared/contract';
import { fieldLabelOf } from '../../shared/fields';
import type { TaskProgressEvent } from '../../shared/contract-workbook-types';
import { exportFromOneFile, templateFromOneFile, untilOneFileAnswers, type TaskProgress } from '../import';
import { handOverMade } from './hand-over';
import { engineConnection, isRunActive, type ServiceContext } from './service-context';

/**
 * "Export from OneFile" and "Download a template" on the Connect screen: the same
 * workbooks as `onefile-import export` and `template`, made on the app's connection,
 * their progress told as `task` events. The workbook is written to a private folder in
 * the data folder, then saved where the user chooses (desktop) or handed to the window
 * to download (browser mode), and deleted: it names learners.
 */

type WorkbookHandlers = Pick<ServiceHandlers, 'exportFromOneFile' | 'downloadTemplate' | 'stopTask'>;

type WorkbookTask = 'export' | 'template';

/** What giving up, or being stopped, means for each workbook, and what to do then (as the CLI says it). */
const GIVE_UP_WORDS: Record<WorkbookTask, { outcome: string; next: string }> = {
  export: { outcome: 'the export was not written', next: 'export again' },
  template: { outcome: 'the template was not written', next: 'ask for it again' },
};

/** A wait the person can cut short: done early (rejected) when `signal` aborts. */
function waitUnlessStopped(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** The progress as the window's `task` event. */
export function taskEvent(task: TaskProgressEvent['task'], title: string, progress: TaskProgress): TaskProgressEvent {
  return { kind: 'task', task, value: progress.value, title, description: progress.description, calls: progress.calls, etaMs: progress.etaMs };
}

/** The organisation asked for, which must be one the connection opens. */
function organisationOf(context: ServiceContext, organisationId: number): { id: number; name: string } {
  const connection = context.connection;
  if (!connection) throw new AppError('not-connected', 'Connect to OneFile first.');
  const organisation = connection.organisations.find((o) => o.id === organisationId);
  if (!organisation) throw new AppError('bad-choice', `Organisation ${organisationId} is not one this connection opens: choose one of the organisations listed.`);
  if (isRunActive(context)) throw new AppError('run-active', 'An import is running: export when it has finished, so it keeps the whole rate limit.');
  return organisation;
}

export function createWorkbookHandlers(context: ServiceContext): WorkbookHandlers {
  const { options, hub } = context;

  const today = () => context.now().toISOString().slice(0, 10);

  /** The workbook tasks under way, each with the way to stop it. */
  const stoppers = new Map<WorkbookTask, AbortController>();

  /**
   * Makes a workbook, told as `task` events, waiting out a OneFile that stops answering as
   * the CLI's export does (see `untilOneFileAnswers`): the task only reads and writes its
   * file once it has everything, so each try starts again from the beginning. While it
   * waits the events say since when and when it looks again, and the person may stop it.
   */
  async function whileOneFileAnswers<T>(task: WorkbookTask, title: string, make: (onProgress: (progress: TaskProgress) => void) => Promise<T>): Promise<T> {
    const stopper = new AbortController();
    stoppers.set(task, stopper);
    let latest = taskEvent(task, title, { value: 0, calls: 0, etaMs: null, description: 'Signing in to OneFile…', phase: 'reading' });
    const tell = (progress: TaskProgress) => {
      latest = taskEvent(task, title, progress);
      hub.emit('progress', latest);
    };
    try {
      return await untilOneFileAnswers(() => make(tell), {
        timing: options.outageTiming,
        sleep: (ms) => waitUnlessStopped(ms, stopper.signal),
        giveUpWords: GIVE_UP_WORDS[task],
        onWaiting: (waiting) => {
          const { unanswered: _, ...answered } = latest;
          hub.emit('progress', waiting ? { ...answered, description: 'Waiting for OneFile to answer', etaMs: null, unanswered: waiting } : answered);
        },
      });
    } catch (error) {
      if (stopper.signal.aborted) throw new AppError('stopped', `Stopped: ${GIVE_UP_WORDS[task].outcome}. Nothing in OneFile was changed.`);
      throw error;
    } finally {
      if (stoppers.get(task) === stopper) stoppers.delete(task);
    }
  }

  return {
    async exportFromOneFile(input) {
      const organisation = organisationOf(context, input.organisationId);
      const connection = await engineConnection(context);
      return handOverMade(options, `onefile-export-${organisation.id}-${today()}.xlsx`, async (file) => {
        const result = await whileOneFileAnswers('export', `Exporting ${organisation.name} from OneFile`, (onProgress) =>
          exportFromOneFile({
            connection,
            organisationId: organisation.id,
            dataDir: options.dataDir,
            file,
            includeArchived: input.includeArchived,
            withAims: input.withAims,
            now: context.now,
            onProgress,
          }),
        );
        return { organisation: result.organisation, contents: result.sheets.map((s) => ({ name: s.name, count: s.rows })), calls: result.calls };
      });
    },

    async downloadTemplate(input) {
      const organisation = organisationOf(context, input.organisationId);
      const connection = await engineConnection(context);
      return handOverMade(options, `onefile-template-${organisation.id}.xlsx`, async (file) => {
        const result = await whileOneFileAnswers('template', `Reading ${organisation.name}'s lists from OneFile`, (onProgress) =>
          templateFromOneFile({ connection, organisationId: organisation.id, dataDir: options.dataDir, file, now: context.now, onProgress }),
        );
        const lists = Object.entries(result.lists).map(([field, count]) => ({ name: fieldLabelOf(field), count: count ?? 0 }));
        return { organisation: result.organisation, contents: lists, calls: result.calls };
      });
    },

    async stopTask(input) {
      const stopper = stoppers.get(input.task);
      stopper?.abort(new AppError('stopped', 'Stopped.'));
      return { stopped: stopper !== undefined };
    },
  };
}
