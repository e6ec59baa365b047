import * as fs from 'node:fs';
import * as path from 'node:path';
import { writePrivateFileSync } from '../../private-files';
import { assignmentLedger, type EnvironmentDescription } from '../environment/connection';
import { confirmedAssignments, madeKeyHashes, readAssignmentLedger, recordAssignments } from '../journal/assignment-ledger';
import { readJournal, replayJournal, type JournalReplay, type OperationRecordState } from '../journal/journal';
import { listRuns, readRunPlan, runPaths } from '../journal/run-store';
import type { ImportPlan } from '../plan/types';
import { isRunningNow, journalsTouchedSince, sameOneFile, type RunTarget } from './later-writes';

/**
 * The ledger of what this importer made in an organisation (journal/assignment-ledger.ts),
 * with what runs that were killed part-way made. A run adds what OneFile confirmed to the
 * ledger when it ends, however it ends, but a run whose process died (a kill, a crash,
 * the machine switched off) never reaches its end; and once another run has written to
 * the organisation it cannot be resumed either (later-writes.ts). Without this, the next
 * import would not know the templates it gave (a learner with aims it cannot place would
 * be blocked, or, where aims come in the background, given the template again) nor find
 * the learners it made where a search trails its writes.
 */
export function ledgerWithStoppedRuns(dataDir: string, environment: EnvironmentDescription, organisationId: number): Set<string> {
  const ledger = assignmentLedger(dataDir, environment, organisationId);
  const here = { name: environment.builtInSandbox ? 'sandbox' : environment.name, baseUrl: environment.baseUrl };
  for (const run of listRuns(dataDir)) {
    if (run.state !== 'interrupted' || run.undo || run.organisation?.id !== organisationId || !sameOneFile(run.environment, here)) continue;
    try {
      const paths = runPaths(dataDir, run.runId);
      // Folded once for the journal as it stands: a large run is not read again at every plan.
      const marker = path.join(paths.folder, 'ledger-folded');
      const size = String(fs.statSync(paths.journal).size);
      if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === size) continue;
      const journal = readJournal(paths.journal);
      recordAssignments(ledger, confirmedAssignments(readRunPlan(dataDir, run.runId), replayJournal(journal.records, journal.damagedLines)));
      writePrivateFileSync(marker, size);
    } catch {
      // Best effort, run by run, as at a run's end: without it a template is blocked or a learner read again, never made twice by this.
    }
  }
  return readAssignmentLedger(ledger);
}

/** How far back a write left in doubt by another run is looked for: a search trails its writes by seconds, not hours. */
const IN_DOUBT_LOOKBACK_MS = 60 * 60_000;

/**
 * The creations of users that other runs of this OneFile and organisation sent in the last
 * hour and never heard the answer to (killed before it came, or the answer lost and never
 * settled), by the keys of the user they would make. Such a user may exist in OneFile while
 * a search trailing its writes does not show it yet, so a new plan's row that creates a
 * user by one of these keys is checked in OneFile before it is sent, as a resume checks its
 * own (`asInDoubt`). Runs running now are left to settle their own.
 */
export function creationsInDoubt(dataDir: string, target: RunTarget, now = Date.now()): Map<string, string> {
  const inDoubt = new Map<string, string>();
  for (const { run, journal } of journalsTouchedSince(dataDir, target, now - IN_DOUBT_LOOKBACK_MS, listRuns(dataDir))) {
    if (run.undo || isRunningNow(dataDir, run, now)) continue;
    try {
      const { records, damagedLines } = readJournal(journal);
      const replay = replayJournal(records, damagedLines);
      for (const row of readRunPlan(dataDir, run.runId).rows) {
        for (const op of row.operations) {
          if (op.kind !== 'create-user') continue;
          const state = replay.operations.get(op.id);
          const unsettled = state?.state === 'intent-only' || state?.state === 'unknown' || (state?.state === 'failed' && state.error?.kind === 'outcome-unknown');
          if (unsettled) for (const hash of madeKeyHashes(op.fields)) inDoubt.set(hash, run.runId);
        }
      }
    } catch {
      // Best effort, run by run: without it such a row is sent as before, checked only if its own answer is lost.
    }
  }
  return inDoubt;
}

/**
 * What a new run starts from for the rows whose user another run may have made
 * (`creationsInDoubt`): their creation is in doubt, so the runner looks for the user
 * before sending it (waiting for a trailing search as it does after a lost answer).
 */
export function asInDoubt(plan: ImportPlan, inDoubt: ReadonlyMap<string, string>): JournalReplay | undefined {
  if (inDoubt.size === 0) return undefined;
  const operations = new Map<string, OperationRecordState>();
  for (const row of plan.rows) {
    for (const op of row.operations) {
      if (op.kind !== 'create-user') continue;
      const run = madeKeyHashes(op.fields).map((hash) => inDoubt.get(hash)).find((id) => id !== undefined);
      if (!run) continue;
      operations.set(op.id, {
        state: 'unknown',
        row: row.row,
        kind: op.kind,
        error: { kind: 'outcome-unknown', message: `Run ${run} sent this user's creation and never heard whether OneFile made it: looked for before it is sent.` },
      });
    }
  }
  return operations.size > 0 ? { operations, createdUserByRow: new Map() } : undefined;
}

/**
 * Adds the staff assignments OneFile accepted in this run, and the users it created, to the
 * ledger, so the next plan does not send them again and finds those users even where a
 * search misses them. Best effort: without it assignments are only re-sent, and a user
 * missing from a search looks new as before.
 */
export function rememberStaffAssignments(dataDir: string, environment: EnvironmentDescription, organisationId: number, plan: ImportPlan, journalPath: string): void {
  try {
    const replay = replayJournal(readJournal(journalPath).records);
    recordAssignments(assignmentLedger(dataDir, environment, organisationId), confirmedAssignments(plan, replay));
  } catch {
    // The ledger saves calls; losing it costs re-sent assignments, never a duplicate.
  }
}
