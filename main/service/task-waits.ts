import { setTimeout as wait } from 'node:timers/promises';
import { AppError } from '../../shared/app-error';
import type { TaskProgressEvent } from '../../shared/contract-workbook-types';
import { untilOneFileAnswers, type TaskProgress } from '../import';
import { isOneFileError, sendOnlyWhile } from '../onefile';
import type { ServiceContext } from './service-context';

/**
 * The window's tasks that only read OneFile (an export, a template, an undo's plan, an import's plan, Review's
 * check of the file's names), made so they wait out a OneFile that stops answering, as the CLI's export and template do
 * (see `untilOneFileAnswers`): nothing is written until the task has everything, so each
 * try starts again from the beginning, after 5 s doubling to a minute, 30 minutes in all.
 * While a task waits, its `task` events say since when and when it looks again, and the
 * person may stop it (`stop`).
 */

export type ReadingTask = TaskProgressEvent['task'];

/** What giving up, or being stopped, means for each task, and what to do then (as the CLI says it). */
const GIVE_UP_WORDS: Record<ReadingTask, { outcome: string; next: string }> = {
  export: { outcome: 'the export was not written', next: 'export again' },
  template: { outcome: 'the template was not written', next: 'ask for it again' },
  'undo-plan': { outcome: 'the undo was not planned', next: 'ask for the undo again' },
  plan: { outcome: 'the import was not planned', next: 'plan it again' },
  names: { outcome: "the file's names were not checked against OneFile", next: 'check them again' },
};

/** The progress as the window's `task` event. */
export function taskEvent(task: ReadingTask, title: string, progress: TaskProgress): TaskProgressEvent {
  return { kind: 'task', task, value: progress.value, title, description: progress.description, calls: progress.calls, etaMs: progress.etaMs };
}

export interface TaskWaits {
  /**
   * Does the task (`make`, told its progress and the signal of its stop), waiting out a silent OneFile as said
   * above. Its calls are sent only until it is stopped: one still waiting for the rate limit then is withdrawn.
   */
  run<T>(task: ReadingTask, title: string, make: (onProgress: (progress: TaskProgress) => void, stopped: AbortSignal) => Promise<T>): Promise<T>;
  /**
   * Stops the task, at once: where it waits for OneFile, and where a try is under way at its next call (the calls
   * waiting for the rate limit are withdrawn; one already sent is let finish). False when none is under way. A
   * task asked for again stops the one before in the same way.
   */
  stop(task: ReadingTask): boolean;
  /**
   * Stops the task where it waits for a silent OneFile, now or when it next would; while OneFile answers it goes on.
   * For a task whose result is still of use but not worth a wait (Review's check of names, once a plan is asked for,
   * which reads what it needs itself). False when none is under way.
   */
  stopWhenSilent(task: ReadingTask): boolean;
}

const waitsOf = new WeakMap<ServiceContext, TaskWaits>();

/** The service's reading tasks: one of each kind at a time, each with the way to stop it. */
export function taskWaits(context: ServiceContext): TaskWaits {
  let waits = waitsOf.get(context);
  if (!waits) {
    waits = createTaskWaits(context);
    waitsOf.set(context, waits);
  }
  return waits;
}

function createTaskWaits({ options, hub }: ServiceContext): TaskWaits {
  const stoppers = new Map<ReadingTask, AbortController>();
  /** The tasks waiting for a silent OneFile now, and those to stop when they do (see `stopWhenSilent`). */
  const silent = new Set<AbortController>();
  const stopWhenSilent = new Set<AbortController>();
  const stopped = () => new AppError('stopped', 'Stopped.');
  return {
    async run(task, title, make) {
      // One of each kind at a time: asked for again (a plan made again with another setting, or after the
      // person left the step and came back), the task stops the one before where it waits, as Stop does. Its
      // answer would be of no use, and it would go on trying for up to 30 minutes, out of reach of Stop.
      stoppers.get(task)?.abort(stopped());
      const stopper = new AbortController();
      stoppers.set(task, stopper);
      let latest = taskEvent(task, title, { value: 0, calls: 0, etaMs: null, description: 'Contacting OneFile…', phase: 'reading' });
      // Each try counts its own calls from none: the calls so far are told as those of every try.
      let callsBefore = 0;
      const tell = (progress: TaskProgress) => {
        latest = taskEvent(task, title, { ...progress, calls: callsBefore + progress.calls });
        hub.emit('progress', latest);
      };
      const words = GIVE_UP_WORDS[task];
      try {
        // Every call of every try is sent only while the task is wanted (see sendOnlyWhile): stopped, or asked for
        // again, a plan of a thousand matched learners does not go on reading them at the rate limit for minutes.
        return await untilOneFileAnswers(() => sendOnlyWhile(stopper.signal, () => make(tell, stopper.signal)), {
          timing: options.outageTiming,
          // A wait the person can cut short: it rejects (an AbortError whose cause is the stop) when Stop is pressed.
          sleep: (ms) => wait(ms, undefined, { signal: stopper.signal }),
          giveUpWords: words,
          onWaiting: (waiting) => {
            // A try went unanswered: the next starts its count where this one's stopped.
            if (waiting) callsBefore = latest.calls;
            if (waiting) silent.add(stopper);
            else silent.delete(stopper);
            if (waiting && stopWhenSilent.has(stopper)) stopper.abort(stopped());
            hub.emit('progress', waiting ? { ...latest, description: 'Waiting for OneFile to answer', etaMs: null, unanswered: waiting } : latest);
          },
        });
      } catch (error) {
        // Stopped where it waited, or a try under way ended by the stop: its calls withdrawn, or its result refused
        // (see `stoppedHere`). A try that fails for another reason says that reason.
        if (stopper.signal.aborted && endedByStop(error, stopper.signal)) throw new AppError('stopped', `Stopped: ${words.outcome}. Nothing in OneFile was changed.`);
        throw error;
      } finally {
        if (stoppers.get(task) === stopper) stoppers.delete(task);
        silent.delete(stopper);
        stopWhenSilent.delete(stopper);
      }
    },

    stop(task) {
      const stopper = stoppers.get(task);
      stopper?.abort(stopped());
      return stopper !== undefined;
    },

    stopWhenSilent(task) {
      const stopper = stoppers.get(task);
      if (!stopper) return false;
      if (silent.has(stopper)) stopper.abort(stopped());
      else stopWhenSilent.add(stopper);
      return true;
    },
  };
}

/** Whether a task's failure is its stop: the wait cut short, a call withdrawn, or `stoppedHere` thrown. */
function endedByStop(error: unknown, signal: AbortSignal): boolean {
  if ((error as Error | undefined)?.cause === signal.reason || error === signal.reason) return true;
  return isOneFileError(error) && error.kind === 'withdrawn';
}

/**
 * Throws where a task was stopped while its last calls were answered: its result (a plan) is not kept, since a
 * later one (or none) is what the person asked for.
 */
export function stoppedHere(stopped: AbortSignal): void {
  if (stopped.aborted) throw stopped.reason;
}
