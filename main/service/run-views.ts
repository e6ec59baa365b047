import type {
  EnvironmentId,
  PlanView,
  RowRunState,
  RunHistoryView,
  RunRowView,
  RunStateName,
  RunTotalsView,
} from '../../shared/contract-types';
import type { ImportPlan } from '../import/plan-types';
import type { ProgressTotals, RowProgress, RunnerState } from '../import/progress';
import { RESUMABLE_STATES, type RunInfo } from '../import/run-store';
import { ENVIRONMENT_OPTIONS } from './environment-options';

/** The engine's plans, progress and run records, shaped for the screens. */

const BLOCKED_ROWS_SHOWN = 50;

const ENVIRONMENT_LABELS: Record<string, string> = Object.fromEntries(ENVIRONMENT_OPTIONS.map((e) => [e.id, e.label]));

export function planView(
  plan: ImportPlan,
  context: { organisation: { id: number; name: string }; environment: EnvironmentId; live: boolean; skipInvalid: boolean },
): PlanView {
  const { summary } = plan;
  const notImported = plan.rows.filter((row) => row.action === 'blocked' || row.action === 'skipped');
  return {
    ...context,
    rows: summary.rows,
    create: summary.create,
    update: summary.update,
    unchanged: summary.unchanged,
    blocked: summary.blocked,
    skipped: summary.skipped,
    assignments: summary.assignments,
    calls: { directory: summary.calls.directory, reads: summary.calls.reads, writes: summary.calls.writes, total: summary.calls.total },
    etaMs: summary.etaMs,
    budgetPerMinute: summary.budgetPerMinute,
    blockedRows: notImported.slice(0, BLOCKED_ROWS_SHOWN).map((row) => ({
      row: row.row,
      name: row.name,
      reason: row.problems.find((p) => p.severity === 'error')?.message ?? 'The row has an error.',
    })),
    needsSkipInvalid: summary.blocked > 0,
    notes: summary.notes ?? [],
  };
}

export function totalsView(totals: ProgressTotals): RunTotalsView {
  return {
    total: totals.rows,
    done: totals.done,
    failed: totals.failed,
    skipped: totals.skipped,
    calls: totals.calls,
    callsPerMinute: totals.callsPerMinute,
    etaMs: totals.etaMs,
    elapsedMs: totals.elapsedMs,
  };
}

export function emptyTotals(rows: number): RunTotalsView {
  return { total: rows, done: 0, failed: 0, skipped: 0, calls: 0, callsPerMinute: 0, etaMs: null, elapsedMs: 0 };
}

export function rowProgressView(row: RowProgress): RunRowView {
  const state: RowRunState = row.status;
  return {
    row: row.row,
    name: row.name,
    state,
    step: row.operation?.description ?? (row.action ? row.action.charAt(0).toUpperCase() + row.action.slice(1) : null),
    message: row.message ?? null,
  };
}

export function runnerStateName(state: RunnerState): RunStateName {
  return state;
}

export function historyView(run: RunInfo, activeRunId: string | null): RunHistoryView {
  return {
    runId: run.runId,
    fileName: run.file.name,
    startedAt: run.startedAt ?? run.createdAt,
    finishedAt: run.finishedAt ?? null,
    state: run.state,
    environment: ENVIRONMENT_LABELS[run.environment.name] ?? run.environment.baseUrl,
    organisation: run.organisation ? { id: run.organisation.id, name: run.organisation.name ?? `Organisation ${run.organisation.id}` } : null,
    counts: {
      total: run.counts.rows,
      created: run.counts.created,
      updated: run.counts.updated,
      unchanged: run.counts.unchanged,
      failed: run.counts.failed,
      skipped: run.counts.skipped,
      pending: run.counts.pending,
    },
    resumable: RESUMABLE_STATES.has(run.state) && run.runId !== activeRunId,
    reports: { results: run.reports?.results !== undefined, errors: run.reports?.errors !== undefined },
  };
}

/** A one-line account of a finished run, for the notification. */
export function describeOutcome(counts: RunInfo['counts']): string {
  const parts = [
    `${counts.created} created`,
    `${counts.updated} updated`,
    `${counts.unchanged} unchanged`,
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
    ...(counts.skipped > 0 ? [`${counts.skipped} skipped`] : []),
  ];
  return `${parts.join(', ')}.`;
}
