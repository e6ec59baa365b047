import type {
RowRunState,
RunHistoryView,
RunRowView,RunTotalsView,
UndoCountsView
} from '../../shared/contract-types';
import { RESUMABLE_STATES, type ImportPlan, type ProgressTotals, type RowProgress, type RunInfo } from '../import';
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
    ...(totals.unanswered ? { waiting: { reason: 'onefile-unanswered', resumesInMs: totals.unanswered.nextLookInMs, since: totals.unanswered.since, giveUpAfterMs: totals.unanswered.giveUpAfterMs } } : {}),
  };
}

export function emptyTotals(rows: number): RunTotalsView {
  return { total: rows, done: 0, failed: 0, skipped: 0, calls: 0, callsPerMinute: 0, etaMs: null, elapsedMs: 0 };
}

/**
 * `doneSteps`: what a done row did, by row number, where the engine's outcome would
 * mislead (an undo's rows are all "updated" to it: they put back or archive).
 */
export function rowProgressView(row: RowProgress, doneSteps?: ReadonlyMap<number, string>): RunRowView {
  const state: RowRunState = row.status;
  const done = row.status === 'done' ? doneSteps?.get(row.row) : undefined;
  return {
    row: row.row,
    name: row.name,
    state,
    step: row.operation?.description ?? done ?? (row.action ? row.action.charAt(0).toUpperCase() + row.action.slice(1) : null),
    message: row.message ?? null,
  };
}

/** An undo's rows, each in the words of what it did once done: "Put back" or "Archived". */
export function undoDoneSteps(plan: ImportPlan): ReadonlyMap<number, string> {
  return new Map(plan.rows.map((row) => [row.row, row.operations.some((op) => op.kind === 'archive-user') ? 'Archived' : 'Put back']));
}

/** `undoCounts`: for an undo run, what it put back and archived (./run-history counts them from its journal). */
export function historyView(run: RunInfo, activeRunId: string | null, undoCounts?: UndoCountsView, superseded?: string): RunHistoryView {
  return {
    runId: run.runId,
    kind: run.undo ? 'undo' : 'import',
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
      ...(run.counts.joined ? { joined: run.counts.joined } : {}),
      failed: run.counts.failed,
      skipped: run.counts.skipped,
      pending: run.counts.pending,
    },
    // A run that was undone is never carried on: that would make again what the undo took back.
    // Nor one another run changed the organisation after: its plan no longer tells what OneFile holds.
    resumable: RESUMABLE_STATES.has(run.state) && run.runId !== activeRunId && !run.undoneBy?.length && superseded === undefined,
    reports: { results: run.reports?.results !== undefined, errors: run.reports?.errors !== undefined, undo: run.undo?.report !== undefined },
    ...(run.undo ? { undoOf: run.undo.of } : {}),
    ...(run.undo && undoCounts ? { undoCounts } : {}),
    ...(run.undoneBy?.length ? { undoneBy: run.undoneBy.at(-1) } : {}),
    ...(superseded !== undefined ? { superseded } : {}),
  };
}

/** A one-line account of a finished run, for the notification. */
export function describeOutcome(counts: RunInfo['counts']): string {
  const parts = [
    `${counts.created} created`,
    `${counts.updated} updated`,
    ...(counts.linked ? [`${counts.linked} linked`] : []),
    `${counts.unchanged} unchanged`,
    ...(counts.joined ? [`${counts.joined} with an earlier row`] : []),
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
    ...(counts.skipped > 0 ? [`${counts.skipped} skipped`] : []),
  ];
  return `${parts.join(', ')}.`;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** A one-line account of a finished undo, in its own words: what it put back and archived, what failed. */
export function describeUndoOutcome(undo: UndoCountsView, counts: Pick<RunInfo['counts'], 'failed' | 'pending'>): string {
  const parts = [
    `put back ${plural(undo.fieldsPutBack, 'field', 'fields')} of ${plural(undo.putBack, 'user', 'users')}`,
    `archived ${plural(undo.archived, 'user', 'users')}`,
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
    ...(counts.pending > 0 ? [`${counts.pending} still to do`] : []),
  ];
  const text = parts.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
