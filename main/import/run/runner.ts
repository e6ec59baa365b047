import { AppError } from '../../../shared/app-error';
import { setMaxListeners } from 'node:events';
import type { JournalReplay, JournalWriter } from '../journal/journal';
import { priorState } from '../journal/damage';
import type { ImportPlan, RowPlan } from '../plan/types';
import { resolveUser, subjectOf, type RunnerClient } from './perform';
import { createProgressTracker, type ProgressEvent, type ProgressTotals, type ProgressTracker, type ProgressTrackerOptions, type RunnerState } from './progress';
import { RunGate, RunStopped } from './gate';
import type { RowOutcome, RowResult } from './row-result';
import { RowsInFlight, type RowsInFlightSetting } from './rows-in-flight';
import { executeOperation, type OperationContext, type RetryOptions } from './operation';
import { PlaceCreations, type PlaceOutcome } from './place-creations';
import type { OperationFailure } from '../journal/journal';

/**
 * Runs an import plan against OneFile. Several rows are in flight at once so the API's
 * latency is hidden (by default as many as OneFile's measured latency calls for, see
 * `rows-in-flight.ts`); each row's operations run strictly in order; every call goes
 * through the client's one rate limiter. The journal records each write before and
 * after it is sent, and a resumed run skips what the journal
 * says is done and checks in OneFile what it cannot be sure of (with a damaged
 * journal, everything it does not prove done: journal/damage.ts). Pause lets calls
 * already sent finish, withdraws those still waiting for the rate limit (nothing goes
 * out after the user asked) and starts no new ones; cancel does the same and then
 * stops, leaving the run resumable.
 */

export interface RunnerOptions {
  runId: string;
  plan: ImportPlan;
  client: RunnerClient;
  journal: JournalWriter;
  /** What earlier sessions of this run recorded: given when resuming. */
  replay?: JournalReplay;
  /** Rows in flight at once: a number, or `auto` (the default) to cover OneFile's measured latency. */
  concurrency?: RowsInFlightSetting;
  /** Run the valid rows of a plan that has blocked rows (they are reported as skipped). */
  skipInvalid?: boolean;
  retry?: Partial<RetryOptions>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  onEvent?: (event: ProgressEvent) => void;
  /** ETA estimator, rate window, event interval and clock for the progress events. */
  progress?: Pick<ProgressTrackerOptions, 'estimateMs' | 'windowMs' | 'intervalMs' | 'clock'>;
}

export type RunEndState = 'completed' | 'cancelled' | 'failed';

export interface RunOutcome {
  runId: string;
  state: RunEndState;
  results: RowResult[];
  /** Calls this session made (checks included). */
  calls: number;
  durationMs: number;
  /** Why a failed run stopped. */
  message?: string;
}

export interface Runner {
  run(): Promise<RunOutcome>;
  pause(): void;
  resume(): void;
  cancel(): void;
  state(): RunnerState;
  totals(): ProgressTotals;
}

/** Refusal to start: nothing was sent. */
export class RunRefusedError extends AppError {
  constructor(message: string, code: 'run-refused' | 'plan-stale' = 'run-refused') {
    super(code, message);
    this.name = 'RunRefusedError';
  }
}

const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 2_000, maxDelayMs: 30_000 };
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const OUTCOME_OF: Record<RowPlan['action'], RowOutcome> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  blocked: 'skipped',
  skipped: 'skipped',
};

export function createRunner(options: RunnerOptions): Runner {
  const { plan, runId } = options;
  const replay: JournalReplay = options.replay ?? { operations: new Map(), createdUserByRow: new Map() };
  const { limiter, latencyMs } = options.client;
  const rowsInFlight = new RowsInFlight(options.concurrency, limiter && latencyMs ? { limit: limiter, latencyMs } : undefined);
  const gate = new RunGate();
  /** Aborted by pause and cancel: calls still waiting for the rate limit are withdrawn, not sent. */
  let sending = sendingWhile();
  const now = options.now ?? (() => new Date());
  let state: RunnerState = 'running';
  let inFlight = 0;
  let calls = 0;
  let fatal: unknown;
  let remainingCalls = 0;
  for (const row of plan.rows) {
    for (const op of row.operations) if (priorState(replay, op, row.row)?.state !== 'done') remainingCalls++;
  }
  const places = new PlaceCreations(plan.creations, replay);
  remainingCalls += places.remaining();
  const tracker: ProgressTracker = createProgressTracker({
    ...options.progress,
    runId,
    rows: plan.rows.map((row) => ({ row: row.row, name: row.name, status: 'pending' })),
    onEvent: options.onEvent ?? (() => {}),
  });
  tracker.setRemainingCalls(remainingCalls);

  /** Something the run cannot go on after (a journal that cannot be written, a bug): nothing more is sent. */
  function stopForGood(error: unknown): void {
    fatal ??= error;
    gate.fail();
    sending.abort();
  }

  function setState(next: RunnerState): void {
    state = next;
    tracker.setState(next);
  }

  const context: OperationContext = {
    runId,
    organisationId: plan.organisationId,
    client: options.client,
    gate,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    sleep: options.sleep ?? realSleep,
    now,
    append(record) {
      if (gate.stopped === 'fatal') throw new RunStopped('fatal');
      try {
        options.journal.append(record);
      } catch (error) {
        stopForGood(error);
        throw new RunStopped('fatal');
      }
    },
    callStarted() {
      inFlight++;
    },
    sendSignal: () => sending.signal,
    callEnded() {
      inFlight--;
      calls++;
      tracker.callMade();
      if (inFlight === 0 && state === 'pausing') setState('paused');
    },
  };

  /**
   * Runs one row's operations in order, filling in `result` as it goes: a row stopped
   * by a cancel keeps what it already got (the learner's ID, its learning aims).
   */
  async function runRow(rowPlan: RowPlan, result: RowResult, context: OperationContext): Promise<RowResult> {
    if (rowPlan.action === 'blocked' || rowPlan.action === 'skipped') {
      const errors = rowPlan.problems.filter((p) => p.severity === 'error');
      const shown = errors.length > 0 ? errors : rowPlan.problems;
      result.action = 'skipped';
      result.userId = rowPlan.matched?.userId;
      result.message = shown.map((p) => p.message).join(' ') || 'Skipped.';
      result.failure = {
        step: errors.length > 0 ? 'Checks before import' : 'Skipped',
        columns: [...new Set(shown.flatMap((p) => (p.column ? [p.column] : [])))],
      };
      tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status: 'skipped', action: 'skipped', message: result.message });
      return result;
    }
    let createdUserId = replay.createdUserByRow.get(rowPlan.row);
    result.userId = rowPlan.matched?.userId ?? createdUserId;
    /** Damaged journal only: set once this session created the row's learner, so nothing can have been sent to it before and its later operations need no check. */
    let createdNow = false;
    const priorOf = (op: RowPlan['operations'][number]) => (createdNow ? undefined : priorState(replay, op, rowPlan.row));
    for (const [position, op] of rowPlan.operations.entries()) {
      const prior = priorOf(op);
      let outcome;
      if (prior?.state === 'done') {
        outcome = { ok: true as const, result: prior.result ?? {} };
      } else {
        tracker.rowChanged({
          row: rowPlan.row,
          name: rowPlan.name,
          status: 'running',
          operation: { id: op.id, kind: op.kind, description: op.description },
        });
        const subject = subjectOf(op);
        const userId = subject ? userIdOrUndefined(subject, createdUserId) : undefined;
        // A class or placement the row names that this run creates: made once, before the first row that needs it.
        const filled = await places.fill(op, context, () => tracker.setRemainingCalls(--remainingCalls));
        outcome = filled.ok ? await executeOperation(context, rowPlan.row, filled.op, prior, userId, createdUserId) : placeFailed(filled);
        tracker.setRemainingCalls(--remainingCalls);
      }
      if (!outcome.ok) {
        const left = rowPlan.operations.slice(position + 1).filter((o) => priorOf(o)?.state !== 'done').length;
        remainingCalls -= left;
        tracker.setRemainingCalls(remainingCalls);
        result.action = 'failed';
        result.message = failureMessage(rowPlan, op.description, outcome.failure.message, createdUserId, position);
        result.failure = { step: op.description, operationId: op.id, operationKind: op.kind, columns: [], error: outcome.failure };
        tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status: 'failed', action: 'failed', message: result.message });
        return result;
      }
      const produced = outcome.result;
      if (op.kind === 'create-user' && produced.userId !== undefined) {
        createdNow = Boolean(replay.damagedLines?.length) && prior?.state !== 'done' && produced.verified !== true;
        createdUserId = produced.userId;
        result.userId = produced.userId;
      }
      result.learningAimIds.push(...(produced.learningAimIds ?? []));
      result.unitSummaryIds.push(...(produced.unitSummaryIds ?? []));
    }
    result.action = rowPlan.link && rowPlan.action === 'update' ? 'linked' : OUTCOME_OF[rowPlan.action];
    // Per row, what was done: the operations' own words ("Update Gemma Hall: class → Business Admin L3").
    if (rowPlan.operations.length > 0) result.message = `Done: ${rowPlan.operations.map((op) => op.description).join('; ')}.`;
    tracker.rowChanged({ row: rowPlan.row, name: rowPlan.name, status: 'done', action: result.action });
    return result;
  }

  async function run(): Promise<RunOutcome> {
    const started = Date.now();
    const blocked = plan.rows.filter((row) => row.action === 'blocked');
    if (blocked.length > 0 && !options.skipInvalid) {
      throw new RunRefusedError(
        `${blocked.length} row${blocked.length === 1 ? ' has' : 's have'} problems that stop ${blocked.length === 1 ? 'it' : 'them'} being imported ` +
          `(first: row ${blocked[0].row}). Fix them, or choose to skip invalid rows and import the rest.`,
      );
    }
    const results: RowResult[] = plan.rows.map((row) => ({
      row: row.row,
      index: row.index,
      name: row.name,
      action: 'pending',
      learningAimIds: [],
      unitSummaryIds: [],
    }));
    let next = 0;
    const workers = new Set<Promise<void>>();
    /** Rows in flight now: counted down as a worker stops, so the next one deciding sees it at once. */
    let active = 0;
    /** One row in flight: takes the next row until none is left, or until fewer rows in flight are wanted. */
    const worker = async () => {
      let answeredAt: number | undefined;
      const own: OperationContext = {
        ...context,
        callStarted() {
          if (answeredAt !== undefined) rowsInFlight.recordTimeBetweenCalls(Date.now() - answeredAt);
          context.callStarted();
        },
        callEnded(struggling) {
          answeredAt = Date.now();
          rowsInFlight.recordCall(struggling);
          context.callEnded(struggling);
          addRowsInFlight();
        },
      };
      try {
        // A worker stops only while more are active than wanted, so at least the fewest keep going.
        while (next < plan.rows.length && !gate.stopped && active <= rowsInFlight.target()) {
          const position = next++;
          try {
            await runRow(plan.rows[position], results[position], own);
          } catch (error) {
            if (!(error instanceof RunStopped)) stopForGood(error);
            return;
          }
        }
      } finally {
        active--;
      }
    };
    const addRowsInFlight = () => {
      // Not while paused: a row taken now would show as working with nothing sent.
      while (state === 'running' && active < rowsInFlight.target() && next < plan.rows.length && !gate.stopped) {
        active++;
        const started = worker().finally(() => workers.delete(started));
        workers.add(started);
      }
    };
    addRowsInFlight();
    while (workers.size > 0) await Promise.all([...workers]);
    const end: RunEndState = fatal !== undefined ? 'failed' : gate.stopped === 'cancelled' ? 'cancelled' : 'completed';
    tracker.finish(end);
    state = end;
    return {
      runId,
      state: end,
      results,
      calls,
      durationMs: Date.now() - started,
      message: fatal === undefined ? undefined : `The run stopped: ${fatal instanceof Error ? fatal.message : String(fatal)}`,
    };
  }

  return {
    run,
    pause() {
      if (state !== 'running') return;
      gate.pause();
      sending.abort();
      setState(inFlight === 0 ? 'paused' : 'pausing');
    },
    resume() {
      if (state !== 'paused' && state !== 'pausing') return;
      sending = sendingWhile();
      gate.resume();
      setState('running');
    },
    cancel() {
      if (state === 'completed' || state === 'cancelled' || state === 'failed') return;
      gate.cancel();
      sending.abort();
      setState('cancelling');
    },
    state: () => state,
    totals: () => tracker.totals(),
  };
}

/** One listener a call waiting for the rate limit, as many as there are rows in flight: no cap to warn about. */
function sendingWhile(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

function userIdOrUndefined(ref: Parameters<typeof resolveUser>[0], createdUserId: number | undefined): number | undefined {
  try {
    return resolveUser(ref, createdUserId);
  } catch {
    return undefined;
  }
}

/** A row whose class or placement could not be created fails on that, naming it; nothing of the row is sent. */
function placeFailed(failed: Extract<PlaceOutcome, { ok: false }>): { ok: false; failure: OperationFailure } {
  const { operation, failure } = failed;
  const what = operation.kind === 'create-classroom' ? 'class' : 'placement';
  return { ok: false, failure: { ...failure, message: `The ${what} "${operation.name}" could not be created in OneFile: ${failure.message}` } };
}

function failureMessage(rowPlan: RowPlan, step: string, error: string, createdUserId: number | undefined, position: number): string {
  const who = rowPlan.role === 1 ? 'learner' : 'user';
  const created = rowPlan.operations.slice(0, position).some((op) => op.kind === 'create-user');
  if (created && createdUserId !== undefined) {
    return (
      `The ${who} was created in OneFile (ID ${createdUserId}), but "${step}" failed: ${error} ` +
      `Fix the row and import it again: the ${who} will be matched, not created twice.`
    );
  }
  return `"${step}" failed: ${error}`;
}
