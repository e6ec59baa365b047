import { UNFINISHED_RUN_STATES } from '../../shared/run-states';
import type { RunHistoryView } from '../../shared/contract-types';
import { readJournal, replayJournal, listRuns, readRunPlan, runPaths, supersededRunMessage, supersedingWrite, undoRunCounts, type ImportPlan, type RowPlan, type RunCounts, type RunInfo } from '../import';
import { historyView } from './run-views';

/**
 * The history of runs with their true counts. A run's run.json knows how many rows
 * are created, updated or unchanged only once the run has finished; while it runs, or
 * after it was paused, killed or its app closed, the journal is the truth: each row
 * whose every operation OneFile confirmed is done, one with a refused operation failed,
 * the rest still to do. So History and Results never say "Created 0" of a run that has
 * created 81 learners.
 */

/** States whose run.json counts are written whole (the run finished its round). */
const COUNTED_STATES: ReadonlySet<RunInfo['state']> = new Set(['completed', 'cancelled', 'failed', 'planned']);

const OUTCOME: Record<RowPlan['action'], 'created' | 'updated' | 'unchanged' | 'joined' | 'skipped'> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  joined: 'joined',
  blocked: 'skipped',
  skipped: 'skipped',
};

/** A run's plan and what its journal proves of each row: done (every operation confirmed), failed, or still to do. */
interface ProvenRows {
  plan: ImportPlan;
  stateOf(row: RowPlan): 'done' | 'failed' | 'pending';
}

function provenRows(dataDir: string, run: RunInfo): ProvenRows {
  const plan = readRunPlan(dataDir, run.runId);
  const journal = readJournal(runPaths(dataDir, run.runId).journal);
  const replay = replayJournal(journal.records, journal.damagedLines);
  const byRow = new Map(plan.rows.map((row) => [row.row, row]));
  const stateOf = (row: RowPlan): 'done' | 'failed' | 'pending' => {
    // A joined row sends nothing: it is as far as the row that imports its person.
    const leader = row.action === 'joined' ? byRow.get(row.joinedTo!) : undefined;
    if (leader) return stateOf(leader);
    const states = row.operations.map((op) => replay.operations.get(op.id)?.state);
    if (states.includes('failed')) return 'failed';
    return states.every((state) => state === 'done') ? 'done' : 'pending';
  };
  return { plan, stateOf };
}

/** The counts the journal proves, row by row against the run's plan. */
export function journalCounts(dataDir: string, run: RunInfo, proven: ProvenRows = provenRows(dataDir, run)): RunCounts {
  const counts: RunCounts = { rows: proven.plan.rows.length, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0, pending: 0, calls: run.counts.calls };
  for (const row of proven.plan.rows) {
    const state = proven.stateOf(row);
    if (state === 'failed') counts.failed += 1;
    else if (state === 'done') {
      if (row.link && row.action === 'update') counts.linked = (counts.linked ?? 0) + 1;
      else counts[OUTCOME[row.action]] = (counts[OUTCOME[row.action]] ?? 0) + 1;
    }
    else counts.pending += 1;
  }
  return counts;
}

/**
 * A run as History shows it, its counts from the journal when run.json cannot know them
 * yet. An undo's journal also says what it put back and archived, which its run.json
 * (every row an update) cannot.
 */
export function trueHistoryView(dataDir: string, run: RunInfo, activeRunId: string | null, runs: readonly RunInfo[] = listRuns(dataDir)): RunHistoryView {
  const counted = COUNTED_STATES.has(run.state);
  const superseded = supersededNote(dataDir, run, activeRunId, runs);
  if (counted && !run.undo) return historyView(run, activeRunId, undefined, superseded);
  let proven: ProvenRows;
  try {
    proven = provenRows(dataDir, run);
  } catch {
    // A run folder missing its plan cannot be counted from its journal: its own record it is.
    return historyView(run, activeRunId, undefined, superseded);
  }
  const counts = counted ? run.counts : journalCounts(dataDir, run, proven);
  const undone = run.undo ? undoRunCounts(proven.plan, (row) => proven.stateOf(row) === 'done') : undefined;
  return historyView({ ...run, counts }, activeRunId, undone, superseded);
}

/** Why a stopped import is not resumed: another run changed the organisation after its plan read OneFile (run/later-writes.ts). */
function supersededNote(dataDir: string, run: RunInfo, activeRunId: string | null, runs: readonly RunInfo[]): string | undefined {
  const later = run.runId === activeRunId ? null : supersedingWrite(dataDir, run, runs);
  return later ? supersededRunMessage(run.runId, run.file.name, later) : undefined;
}

export function runHistory(dataDir: string, activeRunId: string | null): RunHistoryView[] {
  const runs = listRuns(dataDir);
  return runs.map((run) => trueHistoryView(dataDir, run, activeRunId, runs));
}

/**
 * The newest run that stopped part-way and is not running here: where the app brings a user who comes back.
 * Not one another run changed the organisation after: it cannot be resumed (History says why).
 */
export function unfinishedRun(dataDir: string, activeRunId: string | null): RunHistoryView | null {
  const runs = listRuns(dataDir);
  for (const run of runs) {
    if (run.runId === activeRunId || !UNFINISHED_RUN_STATES.has(run.state) || run.undoneBy?.length) continue;
    const view = trueHistoryView(dataDir, run, activeRunId, runs);
    if (view.superseded === undefined) return view;
  }
  return null;
}
