import type { Operation, PlanSummary, RowPlan } from './types';
import { ROLE } from './types';
import { mostRowsInFlight, type RowsInFlightSetting } from '../run/rows-in-flight';

/**
 * The plan's totals and an honest ETA, shown before anything is written (the dry run
 * stops here). The ETA formula is shared with the live progress display.
 */

export interface PaceOptions {
  /** Calls allowed per rate window (OneFile: 100 a minute). */
  budgetPerMinute: number;
  /** The rate window. Default 60 000 ms (tests shorten it). */
  windowMs?: number;
  /** Rows in flight at once: a number, or `auto` (the default: up to MOST_ROWS_IN_FLIGHT, as latency needs). */
  concurrency?: RowsInFlightSetting;
  /** Typical time for one call to be answered (as measured so far). Default 0. */
  latencyMs?: number;
}

/**
 * How long `calls` calls take: whichever is slower of the rate limit and the latency.
 * The limiter counts a call from sending until a window after its answer, so at the
 * limit each budget of calls takes a window plus a latency; and rows in flight, one
 * call each at a time, make at most rows / latency calls a millisecond.
 */
export function estimateDurationMs(calls: number, pace: PaceOptions): number {
  if (!(calls > 0)) return 0;
  const windowMs = pace.windowMs ?? 60_000;
  const budget = Math.max(1, pace.budgetPerMinute);
  const rows = mostRowsInFlight(pace.concurrency);
  const latency = Math.max(0, pace.latencyMs ?? 0);
  return Math.round(Math.max((calls / budget) * (windowMs + latency), (calls * latency) / rows));
}

/** "under a minute", "about 1 minute", "about 14 minutes", "about 2 h 05 min". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return 'under a minute';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  return `about ${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export interface SummaryInputs {
  rows: RowPlan[];
  /** Calls spent downloading the directory for this run (0 when it came from the cache). */
  directoryCalls: number;
  /** Calls spent while planning: matched learners' details and programmes. */
  planningCalls: number;
  /** Classes and placements the run creates first (one write each). */
  creations?: number;
  /** The calls of the look before each of them is created (create-missing.ts, `placeLookCalls`); one each when not given. */
  creationLooks?: number;
  /**
   * Which learners' learning aims the run looks at after a template (run/template-check.ts):
   * the first one's, in a OneFile not yet seen giving one; each one's, in a OneFile that
   * makes them in the background; none, in one that makes them at once.
   */
  templateLooks?: 'first' | 'each';
  /**
   * Which learners the run reads around their update (run/update-check.ts): the first
   * one, before and after, in a OneFile not yet seen updating; each one, before, in a
   * OneFile whose updates clear the fields they are not sent; none where they keep them.
   */
  updateReads?: 'first' | 'each';
  /** The user fields an update is known to keep here: an update carrying another is read after (run/kept-fields.ts). Absent: not counted. */
  keptOnUpdate?: readonly string[];
  pace: PaceOptions;
}

/** Why rows are blocked, by problem code, with one example message each. */
export function blockedReasons(rows: RowPlan[]): NonNullable<PlanSummary['blockedReasons']> {
  const byCode = new Map<string, { code: string; rows: number; message: string }>();
  for (const row of rows) {
    if (row.action !== 'blocked' && row.action !== 'skipped') continue;
    const codes = new Set<string>();
    for (const problem of row.problems) {
      if (problem.severity !== 'error' || codes.has(problem.code)) continue;
      codes.add(problem.code);
      const entry = byCode.get(problem.code);
      if (entry) entry.rows += 1;
      else byCode.set(problem.code, { code: problem.code, rows: 1, message: problem.message });
    }
  }
  return [...byCode.values()].sort((a, b) => b.rows - a.rows || a.code.localeCompare(b.code));
}

/** The looks after a template that a OneFile known this way asks for (SummaryInputs.templateLooks). */
export function templateLooksOf(known: 'at-once' | 'in-background' | undefined): SummaryInputs['templateLooks'] {
  return known === undefined ? 'first' : known === 'in-background' ? 'each' : undefined;
}

/** The reads around updates that a OneFile known this way asks for (SummaryInputs.updateReads). */
export function updateReadsOf(known: 'fields-sent' | 'whole-record' | undefined): SummaryInputs['updateReads'] {
  return known === undefined ? 'first' : known === 'whole-record' ? 'each' : undefined;
}

/**
 * The reads after updates that send a field not yet seen kept here (run/kept-fields.ts),
 * beyond the update check's: the first such update's fields are then known (the first
 * update of a OneFile not yet seen updating is read after anyway).
 */
function keptReadsCounter(updateReads: SummaryInputs['updateReads'], kept: readonly string[] | undefined) {
  const known = new Set(kept);
  let readAnyway = updateReads === 'first';
  let reads = 0;
  return {
    /** Counts an update, in the plan's order. */
    update(op: Extract<Operation, { kind: 'update-user' }>): void {
      if (!kept) return;
      const fields = Object.keys(op.changes);
      if (!readAnyway && fields.some((field) => !known.has(field))) reads += 1;
      readAnyway = false;
      for (const field of fields) known.add(field);
    },
    get reads(): number {
      return reads;
    },
  };
}

export function summarisePlan(inputs: SummaryInputs): PlanSummary {
  const { rows, pace } = inputs;
  const count = (action: RowPlan['action']) => rows.filter((r) => r.action === action).length;
  const assignments = { templates: 0, standards: 0, units: 0, staff: 0 };
  const byRole = { learners: { create: 0, update: 0, unchanged: 0 }, staff: { create: 0, update: 0, unchanged: 0 } };
  let writes = inputs.creations ?? 0;
  let updates = 0;
  let link = 0;
  const keptReads = keptReadsCounter(inputs.updateReads, inputs.keptOnUpdate);
  for (const row of rows) {
    if (row.action === 'update' && row.link) link += 1;
    const group = row.role === ROLE.Learner ? byRole.learners : byRole.staff;
    if (row.action === 'create' || row.action === 'update' || row.action === 'unchanged') group[row.action] += 1;
    for (const op of row.operations) {
      writes += 1;
      if (op.kind === 'update-user') {
        updates += 1;
        keptReads.update(op);
      } else if (op.kind === 'assign-template') assignments.templates += 1;
      else if (op.kind === 'assign-standard') assignments.standards += 1;
      else if (op.kind === 'assign-unit') assignments.units += 1;
      else if (op.kind === 'assign-staff') assignments.staff += 1;
    }
  }
  // The plan has already read what the run needs (the `planning` calls), so a run
  // without incidents reads nothing more, but for the looks at learners' learning aims
  // after a template (run/template-check.ts): at least one each where they come in the
  // background (more if they are slow), one in all where this OneFile is not yet known;
  // and the reads of a learner around an update (run/update-check.ts). Checks after an
  // unknown outcome are extra.
  const looks = { first: Math.min(1, assignments.templates), each: assignments.templates };
  const around = { first: Math.min(2, 2 * updates), each: updates };
  // And a look before each class or placement is created: one made meanwhile is used.
  const reads =
    (inputs.templateLooks ? looks[inputs.templateLooks] : 0) +
    (inputs.updateReads ? around[inputs.updateReads] : 0) +
    keptReads.reads +
    (inputs.creationLooks ?? inputs.creations ?? 0);
  const runCalls = reads + writes;
  return {
    rows: rows.length,
    create: count('create'),
    update: count('update') - link,
    link,
    unchanged: count('unchanged'),
    ...(count('joined') > 0 ? { joined: count('joined') } : {}),
    blocked: count('blocked'),
    skipped: count('skipped'),
    assignments,
    calls: {
      directory: inputs.directoryCalls,
      planning: inputs.planningCalls,
      reads,
      writes,
      total: inputs.directoryCalls + inputs.planningCalls + runCalls,
    },
    etaMs: estimateDurationMs(runCalls, pace),
    budgetPerMinute: pace.budgetPerMinute,
    byRole,
    blockedReasons: blockedReasons(rows),
    warnings: rows.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'warning').length, 0),
  };
}
