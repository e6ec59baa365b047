import { isRunActive, isRunEnded } from '../../shared/run-states';
import { AppError } from '../../shared/app-error';
import type { EnvironmentId, OrganisationView, RunStateName, RunTotalsView, RunView } from '../../shared/contract-types';
import { undoRunCounts, type ProgressEvent as EngineProgress, type FinishedRun, type RunHandle } from '../import';
import type { EventHub } from './event-hub';
import { describeOutcome, describeUndoOutcome, emptyTotals, rowProgressView, totalsView } from './run-views';
import { rateLimitWait, type PacedClient } from './run-pace';
import { readDiskRefusal } from '../../shared/disk-refusal';

/**
 * One run as the view follows it: the engine's progress events (already coalesced
 * to at most ten a second by its tracker) passed on as the contract's `progress`,
 * a `run-state` event whenever the state changes, and a notification when it ends.
 * The latest totals are kept, so a view that (re)connects mid-run sees them at once.
 *
 * Progress never looks frozen: while the run is active a heartbeat sends the totals
 * once a second even when no row changes (Elapsed moves, the time left is worked out
 * again from the limiter), saying when the run waits for OneFile's allowance and for
 * how long.
 */

/** How often the view hears from a run whose rows are not changing. */
export const HEARTBEAT_MS = 1_000;

export interface RunMeta {
  fileName: string;
  organisation: OrganisationView;
  environment: EnvironmentId;
  live: boolean;
  rows: number;
  /** Something the user must know before the run goes on (a resumed run's damaged journal): the run's message until it ends, and a notice. */
  warning?: string;
  /** Set when the run is an undo: the run it undoes. It is told as an undo, not an import. */
  undoOf?: string;
  /** What each done row did, where the engine's "Updated" would mislead (an undo's: ./run-views undoDoneSteps). */
  doneSteps?: ReadonlyMap<number, string>;
  /** The open file's version (`ServiceContext.fileVersion`) when the run was started from its plan; absent for a run resumed from History or an undo. */
  fileVersion?: number;
}

/** What the notification at a run's end says: an undo in its own words, counting what it put back and archived. */
function endNotice(meta: RunMeta, handle: RunHandle, finished: FinishedRun): { title: string; message: string } {
  const { state } = finished.outcome;
  const noun = meta.undoOf ? 'Undo' : 'Import';
  const title = `${noun} ${state === 'completed' ? 'finished' : state === 'cancelled' ? 'cancelled' : 'stopped'}`;
  const counts = finished.run.counts;
  if (!meta.undoOf) return { title, message: describeOutcome(counts) };
  const done = new Set(finished.outcome.results.filter((result) => result.action === 'updated').map((result) => result.row));
  return { title, message: describeUndoOutcome(undoRunCounts(handle.plan, (row) => done.has(row.row)), counts) };
}

export interface RunTracker {
  readonly runId: string;
  onEvent(event: EngineProgress): void;
  /** Follows the handle until the run ends; `onEnd` runs after the final events. */
  attach(handle: RunHandle, onEnd: (finished: FinishedRun | null) => void): void;
  handle(): RunHandle;
  /** Reads the runner's state now (after pause, resume or cancel) rather than waiting for its next event. */
  syncState(): void;
  view(): RunView;
  isActive(): boolean;
}


export function createRunTracker(runId: string, meta: RunMeta, hub: EventHub, pace?: PacedClient): RunTracker {
  let handle: RunHandle | null = null;
  let state: RunStateName = 'running';
  let totals: RunTotalsView = emptyTotals(meta.rows);
  let message: string | null = meta.warning ?? null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;

  // OneFile not answering says more than the allowance: it is why nothing goes.
  const withWait = (next: RunTotalsView): RunTotalsView => ({
    ...next,
    waiting: state !== 'running' ? null : next.waiting?.reason === 'onefile-unanswered' ? next.waiting : pace ? rateLimitWait(pace) : null,
  });
  const emitProgress = (rows: EngineProgress['rows']) => {
    const finished = totals.done + totals.failed + totals.skipped;
    hub.emit('progress', {
      kind: 'run',
      runId,
      value: totals.total > 0 ? finished / totals.total : 0,
      title: meta.undoOf ? `Undoing run ${meta.undoOf}` : `Importing ${meta.fileName}`,
      description: `${finished} of ${totals.total} rows`,
      totals,
      rows: rows.map((row) => rowProgressView(row, meta.doneSteps)),
    });
  };
  const beat = () => {
    if (!handle || !isRunActive(state)) return;
    totals = withWait(totalsView(handle.runner.totals()));
    emitProgress([]);
  };
  const stopHeartbeat = () => {
    if (heartbeat !== null) clearInterval(heartbeat);
    heartbeat = null;
  };

  const emitState = () => hub.emit('run-state', { runId, state, totals, message });
  const setState = (next: RunStateName) => {
    if (next === state) return;
    state = next;
    emitState();
  };

  const tracker: RunTracker = {
    runId,
    onEvent(event) {
      totals = withWait(totalsView(event.totals));
      emitProgress(event.rows);
      // The final state is announced once the reports are written (see attach).
      if (event.type === 'progress') setState(event.state);
    },
    attach(runHandle, onEnd) {
      handle = runHandle;
      emitState();
      heartbeat = setInterval(beat, HEARTBEAT_MS);
      heartbeat.unref?.();
      if (meta.warning) hub.emit('notification', { level: 'warning', title: 'The run\'s journal was damaged', message: meta.warning });
      runHandle.finished.then(
        (finished) => {
          stopHeartbeat();
          totals = { ...totals, waiting: null };
          state = finished.outcome.state;
          message = finished.run.message ?? finished.outcome.message ?? meta.warning ?? null;
          emitState();
          const counts = finished.run.counts;
          hub.emit('notification', {
            level: state === 'completed' ? (counts.failed + counts.skipped > 0 ? 'warning' : 'success') : state === 'cancelled' ? 'info' : 'error',
            ...endNotice(meta, runHandle, finished),
          });
          onEnd(finished);
        },
        (error: unknown) => {
          stopHeartbeat();
          state = 'failed';
          message = stoppedWords(error);
          emitState();
          hub.emit('notification', { level: 'error', title: meta.undoOf ? 'Undo stopped' : 'Import stopped', message });
          onEnd(null);
        },
      );
    },
    handle() {
      if (!handle) throw new AppError('run-active', `The ${meta.undoOf ? 'undo' : 'import'} is still starting; try again in a moment.`);
      return handle;
    },
    syncState() {
      if (handle && isRunActive(state)) setState(handle.runner.state());
    },
    view: () => ({
      runId,
      kind: meta.undoOf ? 'undo' : 'import',
      ...(meta.undoOf ? { undoOf: meta.undoOf } : {}),
      state,
      active: isRunActive(state),
      ended: isRunEnded(state),
      fileName: meta.fileName,
      organisation: meta.organisation,
      environment: meta.environment,
      live: meta.live,
      totals,
      message,
      ...(meta.fileVersion !== undefined ? { fileVersion: meta.fileVersion } : {}),
    }),
    isActive: () => isRunActive(state),
  };
  return tracker;
}

/** Why a run ended without finishing its record, in words: a disk refusing it says what to do about it. */
function stoppedWords(error: unknown): string {
  const disk = readDiskRefusal(error);
  if (!disk) return error instanceof Error ? error.message : String(error);
  const remedy = {
    full: 'Free some space on that disk',
    unavailable: 'Reconnect it (or give the importer a data folder on this computer)',
    locked: 'Close the program that has it open',
    'read-only': 'Give the importer a data folder you can write to',
    'no-permission': 'Give the importer a data folder you can write to',
  }[disk.kind];
  return `${disk.problem} ${remedy}, then resume the import from History: nothing is created twice.`;
}
