import { assignmentLedger, type EnvironmentDescription } from '../environment/connection';
import { confirmedAssignments, readAssignmentLedger, recordAssignments } from '../journal/assignment-ledger';
import { readJournal, replayJournal } from '../journal/journal';
import { listRuns, readRunPlan, runPaths } from '../journal/run-store';
import { sameOneFile } from './later-writes';

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
  try {
    for (const run of listRuns(dataDir)) {
      if (run.state !== 'interrupted' || run.undo || run.organisation?.id !== organisationId || !sameOneFile(run.environment, here)) continue;
      const plan = readRunPlan(dataDir, run.runId);
      const journal = readJournal(runPaths(dataDir, run.runId).journal);
      recordAssignments(ledger, confirmedAssignments(plan, replayJournal(journal.records, journal.damagedLines)));
    }
  } catch {
    // Best effort, as at a run's end: without it a template is blocked or a learner read again, never made twice by this.
  }
  return readAssignmentLedger(ledger);
}
