import type { OperationKind } from '../plan/types';
import type { OneFileUnanswered } from './outage';

/**
 * Progress of a run, as the CLI's bar and the desktop app's list see it. Progress is
 * state, not a stream to collect: every event carries the totals and the rows that
 * changed since the last event, and events are coalesced so a consumer gets at most
 * ten a second however fast rows finish (the last change is always delivered, the
 * final event at once).
 */

export const ROW_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

/** The runner's own state, as a consumer shows it. */
export const RUNNER_STATES = ['running', 'pausing', 'paused', 'cancelling', 'cancelled', 'completed', 'failed'] as const;
export type RunnerState = (typeof RUNNER_STATES)[number];

export interface RowProgress {
  row: number;
  name: string;
  status: RowStatus;
  /** The operation being done (status `running`). */
  operation?: { id: string; kind: OperationKind; description: string };
  /** What happened, for a finished row (created / updated / unchanged / failed / skipped). */
  action?: string;
  /** Error or note, for a failed or skipped row. */
  message?: string;
}

export interface ProgressTotals {
  rows: number;
  done: number;
  failed: number;
  skipped: number;
  running: number;
  pending: number;
  /** OneFile calls made by this run so far (this process). */
  calls: number;
  /** Calls in the last rate window, scaled to a minute. */
  callsPerMinute: number;
  elapsedMs: number;
  /** Estimated time to finish; null before there is anything to estimate from. */
  etaMs: number | null;
  /** Set while OneFile does not answer and the run waits for it (outage.ts). */
  unanswered?: OneFileUnanswered | null;
}

export const PROGRESS_EVENT_TYPES = ['progress', 'finished'] as const;
export type ProgressEventType = (typeof PROGRESS_EVENT_TYPES)[number];

export type ProgressEvent =
  | { type: 'progress'; runId: string; state: RunnerState; rows: RowProgress[]; totals: ProgressTotals }
  | { type: 'finished'; runId: string; state: RunnerState; rows: RowProgress[]; totals: ProgressTotals };

export interface ProgressClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: ProgressClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ProgressTrackerOptions {
  runId: string;
  /** The rows of the run, with the status each starts in (done rows of a resumed run start done). */
  rows: RowProgress[];
  onEvent: (event: ProgressEvent) => void;
  /** Time left for this many remaining calls (plan/summary's estimateDurationMs at the run's settings). */
  estimateMs?: (remainingCalls: number) => number;
  /** The rate window (60 s in production, shorter in tests) used for calls per minute. */
  windowMs?: number;
  /** Minimum gap between two events; 100 ms = at most ten a second. */
  intervalMs?: number;
  clock?: ProgressClock;
  /** Whether the run waits for a OneFile that stopped answering. */
  unanswered?: () => OneFileUnanswered | null;
}

export interface ProgressTracker {
  rowChanged(update: RowProgress): void;
  callMade(): void;
  /** Calls the rest of the run still needs (writes of unfinished operations). */
  setRemainingCalls(calls: number): void;
  setState(state: RunnerState): void;
  /** Delivers everything pending and the final event, at once. */
  finish(state: RunnerState): void;
  totals(): ProgressTotals;
}

export function createProgressTracker(options: ProgressTrackerOptions): ProgressTracker {
  const clock = options.clock ?? systemClock;
  const intervalMs = options.intervalMs ?? 100;
  const windowMs = options.windowMs ?? 60_000;
  const startedAt = clock.now();
  const statusByRow = new Map<number, RowStatus>();
  const counts: Record<RowStatus, number> = { pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };
  for (const row of options.rows) {
    statusByRow.set(row.row, row.status);
    counts[row.status]++;
  }
  let state: RunnerState = 'running';
  let calls = 0;
  const callTimes: number[] = [];
  let remainingCalls: number | null = null;
  let changed = new Map<number, RowProgress>();
  let lastEmit = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let finished = false;

  function callsPerMinute(now: number): number {
    while (callTimes.length > 0 && callTimes[0] <= now - windowMs) callTimes.shift();
    return Math.round((callTimes.length * 60_000) / windowMs);
  }

  function totals(): ProgressTotals {
    const now = clock.now();
    const elapsedMs = now - startedAt;
    const unanswered = options.unanswered?.() ?? null;
    let etaMs: number | null = null;
    if (remainingCalls !== null) {
      if (options.estimateMs) etaMs = Math.round(options.estimateMs(remainingCalls));
      else if (calls > 0) etaMs = Math.round((remainingCalls * elapsedMs) / calls);
    }
    return {
      rows: statusByRow.size,
      ...counts,
      calls,
      callsPerMinute: callsPerMinute(now),
      elapsedMs,
      // While OneFile does not answer, nobody can say how long the rest will take.
      etaMs: unanswered ? null : etaMs,
      unanswered,
    };
  }

  function emit(type: ProgressEventType): void {
    timer = null;
    lastEmit = clock.now();
    const rows = [...changed.values()];
    changed = new Map();
    options.onEvent({ type, runId: options.runId, state, rows, totals: totals() } as ProgressEvent);
  }

  function schedule(): void {
    if (finished || timer !== null) return;
    const wait = lastEmit + intervalMs - clock.now();
    if (wait <= 0) emit('progress');
    else timer = clock.setTimeout(() => emit('progress'), wait);
  }

  return {
    rowChanged(update) {
      const before = statusByRow.get(update.row);
      if (before !== undefined) counts[before]--;
      counts[update.status]++;
      statusByRow.set(update.row, update.status);
      changed.set(update.row, update);
      schedule();
    },
    callMade() {
      calls++;
      callTimes.push(clock.now());
      schedule();
    },
    setRemainingCalls(value) {
      remainingCalls = value;
    },
    setState(next) {
      if (next === state) return;
      state = next;
      schedule();
    },
    finish(final) {
      if (finished) return;
      finished = true;
      state = final;
      if (timer !== null) clock.clearTimeout(timer);
      remainingCalls = final === 'completed' ? 0 : remainingCalls;
      emit('finished');
    },
    totals,
  };
}
