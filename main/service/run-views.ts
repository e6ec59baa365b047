import type {
RowRunState,
RunHistoryView,
RunRowView,RunTotalsView
} from '../../shared/contract-types';
import { RESUMABLE_STATES, type ProgressTotals, type RowProgress, type RunInfo } from '../import';
import { ENVIRONMENT_OPTIONS } from './environment-options';

/** The engine's progress and run records, shaped for the screens (the plan: ./plan-view). */

const ENVIRONMENT_LABELS: Record<string, string> = Object.fromEntries(ENVIRONMENT_OPTIONS.map((e) => [e.id, e.label]));

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

export function historyView(run: RunInfo, activeRunId: string | null): RunHistoryView {
  return {
    runId: run.runId,
    fileName: run.file.name,
    startedAt: run.startedAt ?? run.createdAt,
    finishedAt: run.finishedAt ?? null,
    state: run.state,
    environment: ENVIRONMENT_LABELS[run.environment.name] ?? run.environment.baseUrl,
    live: ENVIRONMENT_OPTIONS.some((e) => e.id === run.environment.name && e.live),
    organisation: run.organisation ? { id: run.organisation.id, name: run.organisation.name ?? `Organisation ${run.organisation.id}` } : null,
    counts: {
      total: run.counts.rows,
      created: run.counts.created,
      updated: run.counts.updated,
      ...(run.counts.linked ? { linked: run.counts.linked } : {}),
      unchanged: run.counts.unchanged,
      failed: run.counts.failed,
      skipped: run.counts.skipped,
      pending: run.counts.pending,
    },
    // A run that was undone is never carried on: that would make again what the undo took back.
    resumable: RESUMABLE_STATES.has(run.state) && run.runId !== activeRunId && !run.undoneBy?.length,
    reports: { results: run.reports?.results !== undefined, errors: run.reports?.errors !== undefined },
    ...(run.undo ? { undoOf: run.undo.of } : {}),
    ...(run.undoneBy?.length ? { undoneBy: run.undoneBy.at(-1) } : {}),
  };
}

/** A one-line account of a finished run, for the notification. */
export function describeOutcome(counts: RunInfo['counts']): string {
  const parts = [
    `${counts.created} created`,
    `${counts.updated} updated`,
    ...(counts.linked ? [`${counts.linked} linked`] : []),
    `${counts.unchanged} unchanged`,
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
    ...(counts.skipped > 0 ? [`${counts.skipped} skipped`] : []),
  ];
  return `${parts.join(', ')}.`;
}
