import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { columnLetter, type Table } from '../../../shared/table';
import { DEFAULT_BUDGET_PER_MINUTE } from '../../../shared/defaults';
import { acquireRunLock, createRun, listRuns, readRun, RESUMABLE_STATES, runPaths, updateRun, type RunInfo } from '../journal/run-store';
import { estimateDurationMs } from '../plan/summary';
import type { ImportPlan, Operation, RowPlan } from '../plan/types';
import { writeUndoReport } from './undo-report';
import type { FieldValue, UndoPlan } from './undo-plan';

/**
 * An undo is itself a run: its plan (one row per user: write fields back, archive)
 * goes into a run folder of its own, with a journal, results and errors reports, and
 * it is carried on like any run after a stop or a kill (`resume`), nothing sent twice.
 * The run folder says which run it undoes, so it is never undone in turn, and the
 * undone run says it was undone, so it is never resumed (that would redo it).
 */

/** An undo of this run that stopped part-way (or was planned and never started): carry that one on rather than start another. */
export function unfinishedUndoOf(dataDir: string, targetRunId: string): RunInfo | null {
  return listRuns(dataDir).find((run) => run.undo?.of === targetRunId && RESUMABLE_STATES.has(run.state)) ?? null;
}

/** What an undo run has done: users whose fields it put back (and how many fields), users it archived. */
export interface UndoRunCounts {
  putBack: number;
  fieldsPutBack: number;
  archived: number;
}

/**
 * The undo's own counts, from its plan (one row per user, one operation each) and which
 * rows are done: its run record counts every row as an update, which a user cannot read.
 */
export function undoRunCounts(plan: ImportPlan, done: (row: RowPlan) => boolean): UndoRunCounts {
  const counts: UndoRunCounts = { putBack: 0, fieldsPutBack: 0, archived: 0 };
  for (const row of plan.rows.filter(done)) {
    for (const operation of row.operations) {
      if (operation.kind === 'archive-user') counts.archived += 1;
      if (operation.kind === 'restore-user') {
        counts.putBack += 1;
        counts.fieldsPutBack += Object.keys(operation.values).length;
      }
    }
  }
  return counts;
}

const HEADERS = ['OneFile ID', 'Name', 'Undo', 'Fields', 'Put back to', 'The run had set'];

function shown(value: FieldValue): string {
  return value === null || value === '' ? '(empty)' : String(value);
}

/** The undo plan as rows and operations for the runner, and as the table its reports show. */
export function undoRunPlan(plan: UndoPlan, budgetPerMinute: number): { plan: ImportPlan; table: Table } {
  const rows: RowPlan[] = [];
  const cells: string[][] = [];
  const add = (user: { userId: number; name: string; role: number }, operation: Operation, what: string, fields: string, back: string, runSet: string) => {
    const index = rows.length;
    const row = index + 2;
    const id = `${row}:${operation.kind}:${user.userId}`;
    rows.push({ row, index, role: user.role as RowPlan['role'], action: 'update', name: `${user.name} (OneFile ID ${user.userId})`, operations: [{ ...operation, id }], problems: [] });
    cells.push([String(user.userId), user.name, what, fields, back, runSet]);
  };
  for (const user of plan.restore) {
    const values = Object.fromEntries(user.fields.map((f) => [f.field, f.before]));
    const expected = Object.fromEntries(user.fields.map((f) => [f.field, f.runSet]));
    const labels = user.fields.map((f) => f.label).join(', ');
    add(
      user,
      { id: '', kind: 'restore-user', description: `Put back ${labels} of ${user.name}`, user: { existing: user.userId }, values, expected },
      'put back',
      labels,
      user.fields.map((f) => `${f.label}: ${shown(f.before)}`).join('; '),
      user.fields.map((f) => `${f.label}: ${shown(f.runSet)}`).join('; '),
    );
  }
  for (const user of plan.archive) {
    add(user, { id: '', kind: 'archive-user', description: `Archive ${user.name} (created by the run)`, user: { existing: user.userId } }, 'archive', '', '', 'created the user');
  }
  const writes = rows.length;
  const table: Table = {
    source: { file: `undo-${plan.target.runId}`, format: 'xlsx', sheet: 'Undo', headerRow: 1 },
    headers: HEADERS,
    columns: HEADERS.map((_, index) => columnLetter(index)),
    rows: cells.map((row, index) => ({ row: index + 2, cells: row })),
  };
  const importPlan: ImportPlan = {
    organisationId: plan.target.organisation.id,
    rows,
    summary: {
      rows: rows.length,
      create: 0,
      update: rows.length,
      unchanged: 0,
      blocked: 0,
      skipped: 0,
      assignments: { templates: 0, standards: 0, units: 0, staff: 0 },
      calls: { directory: 0, planning: plan.reads, reads: 0, writes, total: plan.reads + writes },
      etaMs: estimateDurationMs(writes, { budgetPerMinute }),
      budgetPerMinute,
    },
  };
  return { plan: importPlan, table };
}

export interface CreateUndoRunOptions {
  dataDir: string;
  plan: UndoPlan;
  budgetPerMinute?: number;
  windowMs?: number;
}

/**
 * Puts the undo in a run folder (state `planned`, nothing sent yet), writes its undo
 * report, and marks the undone run. The undone run is claimed while this happens, so
 * it cannot be resumed at the same moment. Start it with `resumeRun`.
 */
export async function createUndoRun(options: CreateUndoRunOptions): Promise<RunInfo> {
  const { dataDir, plan } = options;
  const target = readRun(dataDir, plan.target.runId);
  const release = acquireRunLock(dataDir, target.runId);
  try {
    const budgetPerMinute = options.budgetPerMinute ?? target.budgetPerMinute ?? DEFAULT_BUDGET_PER_MINUTE;
    const { plan: runPlan, table } = undoRunPlan(plan, budgetPerMinute);
    const sha256 = createHash('sha256').update(JSON.stringify(runPlan)).digest('hex');
    const run = createRun(
      dataDir,
      {
        file: { name: `Undo of ${target.file.name} (run ${target.runId})`, sha256, format: 'xlsx' },
        mapping: { columns: [] },
        environment: target.environment,
        organisation: target.organisation,
        budgetPerMinute,
        ...(options.windowMs ?? target.windowMs ? { windowMs: options.windowMs ?? target.windowMs } : {}),
        concurrency: 'auto',
        skipInvalid: false,
        undo: { of: target.runId },
      },
      runPlan,
      table,
    );
    const report = path.join(runPaths(dataDir, run.runId).reports, 'undo.xlsx');
    await writeUndoReport(report, plan);
    const recorded = updateRun(dataDir, run.runId, { undo: { of: target.runId, report } });
    updateRun(dataDir, target.runId, { undoneBy: [...(target.undoneBy ?? []), run.runId] });
    return recorded;
  } finally {
    release();
  }
}
