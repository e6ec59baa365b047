import { AppError } from '../../../shared/app-error';
import { setMaxListeners } from 'node:events';
import type { JournalReplay, JournalWriter } from '../journal/journal';
import { priorState } from '../journal/damage';
import type { ImportPlan } from '../plan/types';
import type { RunnerClient } from './perform';
import { createProgressTracker, type ProgressEvent, type ProgressTotals, type ProgressTracker, type ProgressTrackerOptions, type RunnerState } from './progress';
import { RunGate, RunStopped } from './gate';
import type { RowResult } from './row-result';
import { RowsInFlight, type RowsInFlightSetting } from './rows-in-flight';
import type { OperationContext, RetryOptions } from './operation';
import { PlaceCreations } from './place-creations';
import { TemplateCheck } from './template-check';
import { UpdateCheck } from './update-check';
import { SearchLagWatch } from './search-lag';
import { KeptFieldsCheck } from './kept-fields';
import { CreatedUserCheck } from './created-user-check';
import { LearnerEmailTrial } from './learner-email';
import { LearnersAddedDuringRun } from './added-during';
import type { LearnersReading } from './added-since';
import { OneFileOutage, OUTAGE_TIMING, type OutageTiming } from './outage';
import { CallsLeft, followRowsJoined, runRow, type RowRun } from './run-row';
import { readDiskRefusal } from '../../../shared/disk-refusal';

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
  /** Pauses between looks at a learner's learning aims after a template assign (default TEMPLATE_LOOKS_MS; tests shorten them). */
  templateLooksMs?: readonly number[];
  /** Pauses between looks for a record a check's search did not show (default SEARCH_LOOKS_MS, verify.ts; tests shorten them). */
  searchLooksMs?: readonly number[];
  /** How long to wait for a OneFile that stopped answering mid-run (default OUTAGE_TIMING, outage.ts; tests shorten it). */
  outage?: Partial<OutageTiming>;
  /** A run resumed long after its plan read OneFile: when it read it (a learner's programme is looked at before it is added to; operation.ts). */
  planReadLongAgo?: string;
  /** The organisation's learners read just before (a resumed run's check, added-since.ts): creations go on from this reading, not the plan's. */
  learnersRead?: LearnersReading;
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

export function createRunner(options: RunnerOptions): Runner {
  const { plan, runId } = options;
  const replay: JournalReplay = options.replay ?? { operations: new Map(), createdUserByRow: new Map() };
  const { limiter, latencyMs } = options.client;
  const rowsInFlight = new RowsInFlight(options.concurrency, limiter && latencyMs ? { limit: limiter, latencyMs } : undefined);
  const gate = new RunGate();
  /** Aborted by pause and cancel: calls still waiting for the rate limit are withdrawn, not sent. */
  let sending = sendingWhile();
  let state: RunnerState = 'running';
  let inFlight = 0;
  let calls = 0;
  let fatal: unknown;
  const places = new PlaceCreations(plan.creations, replay);
  const outage = new OneFileOutage({ ...OUTAGE_TIMING, ...options.outage });
  const tracker: ProgressTracker = createProgressTracker({
    ...options.progress,
    unanswered: () => outage.view(),
    runId,
    rows: plan.rows.map((row) => ({ row: row.row, name: row.name, status: 'pending' })),
    onEvent: options.onEvent ?? (() => {}),
  });
  const rowRun: RowRun = {
    replay,
    tracker,
    places,
    callsLeft: new CallsLeft(callsToMake(plan, replay) + places.remaining(), tracker),
    ...(plan.columns ? { columns: plan.columns } : {}),
  };

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
    templateCheck: new TemplateCheck(options.client, options.sleep ?? realSleep, options.templateLooksMs),
    updateCheck: new UpdateCheck(options.client),
    keptFields: new KeptFieldsCheck(options.client),
    createdUsers: new CreatedUserCheck(plan, options.replay?.createdUserByRow ?? []),
    searchLag: new SearchLagWatch(options.client, options.searchLooksMs),
    learnerEmailTrial: new LearnerEmailTrial(options.client),
    addedDuringRun: new LearnersAddedDuringRun(
      options.client,
      plan.organisationId,
      options.learnersRead ?? plan,
      options.replay?.createdUserByRow.values() ?? [],
      options.now ?? (() => new Date()),
    ),
    ...(options.planReadLongAgo ? { planReadLongAgo: options.planReadLongAgo } : {}),
    outage,
    now: options.now ?? (() => new Date()),
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
    callsMade(count) {
      for (let i = 0; i < count; i++) {
        calls++;
        tracker.callMade();
      }
    },
    callEnded() {
      inFlight--;
      calls++;
      tracker.callMade();
      if (inFlight === 0 && state === 'pausing') setState('paused');
    },
  };

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
    // Each started row's result, for the later rows about the same person (`joinRow`).
    const settled = new Map<number, Promise<RowResult>>();
    rowRun.rowSettled = (row) => settled.get(row);
    await runRowsInFlight({
      count: plan.rows.length,
      rowsInFlight,
      gate,
      context,
      running: () => state === 'running',
      runOne: async (position, own) => {
        const running = runRow(plan.rows[position], results[position], own, rowRun);
        settled.set(plan.rows[position].row, running);
        await running;
      },
      stopForGood,
    });
    followRowsJoined(plan.rows, results, tracker);
    const end: RunEndState = fatal !== undefined ? 'failed' : gate.stopped === 'cancelled' ? 'cancelled' : 'completed';
    tracker.finish(end);
    state = end;
    return {
      runId,
      state: end,
      results,
      calls,
      durationMs: Date.now() - started,
      message: fatal === undefined ? undefined : stoppedMessage(fatal),
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

/** The calls the plan's rows still need: every operation the journal does not record as done. */
function callsToMake(plan: ImportPlan, replay: JournalReplay): number {
  let count = 0;
  for (const row of plan.rows) {
    for (const op of row.operations) if (priorState(replay, op, row.row)?.state !== 'done') count++;
  }
  return count;
}

interface RowsInFlightRun {
  count: number;
  rowsInFlight: RowsInFlight;
  gate: RunGate;
  context: OperationContext;
  /** False while paused: a row taken then would show as working with nothing sent. */
  running(): boolean;
  runOne(position: number, context: OperationContext): Promise<void>;
  stopForGood(error: unknown): void;
}

/**
 * Runs the rows, as many at once as `rowsInFlight` wants: each worker takes the next
 * row until none is left, or until fewer rows in flight are wanted; a call answered
 * may start another worker. Resolves when every worker has stopped.
 */
async function runRowsInFlight(run: RowsInFlightRun): Promise<void> {
  const { rowsInFlight, gate, context } = run;
  let next = 0;
  const workers = new Set<Promise<void>>();
  /** Rows in flight now: counted down as a worker stops, so the next one deciding sees it at once. */
  let active = 0;
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
      while (next < run.count && !gate.stopped && active <= rowsInFlight.target()) {
        const position = next++;
        try {
          await run.runOne(position, own);
        } catch (error) {
          if (!(error instanceof RunStopped)) run.stopForGood(error);
          return;
        }
      }
    } finally {
      active--;
    }
  };
  const addRowsInFlight = () => {
    while (run.running() && active < rowsInFlight.target() && next < run.count && !gate.stopped) {
      active++;
      const started = worker().finally(() => workers.delete(started));
      workers.add(started);
    }
  };
  addRowsInFlight();
  while (workers.size > 0) await Promise.all([...workers]);
}

/** One listener a call waiting for the rate limit, as many as there are rows in flight: no cap to warn about. */
function sendingWhile(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Why a run stopped for good, in words: a disk refusing the journal says what to do about it. */
function stoppedMessage(fatal: unknown): string {
  const disk = readDiskRefusal(fatal);
  if (disk) {
    const remedy = { full: 'Free some space on that disk', unavailable: 'Reconnect it', locked: 'Close the program that has it open', 'read-only': 'Make the data folder writable', 'no-permission': 'Make the data folder writable' }[disk.kind];
    return `The run stopped: ${disk.problem} Nothing more was sent. ${remedy}, then resume the run: nothing is created twice.`;
  }
  return `The run stopped: ${fatal instanceof Error ? fatal.message : String(fatal)}`;
}
