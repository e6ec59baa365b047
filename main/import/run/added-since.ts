import { downloadDirectory, type DirectoryClient } from '../directory/download';
import type { DirectoryNeeds } from '../directory/needs';
import type { DirectoryUser } from '../directory/types';
import { madeKeyHashes } from '../journal/assignment-ledger';
import type { JournalReplay } from '../journal/journal';
import type { ImportPlan } from '../plan/types';

/** Learners only: what a stopped run's creations are checked against. */
const LEARNERS_ONLY: DirectoryNeeds = { staffRoles: [], staffRecords: [], classrooms: false, placements: false, standards: false, units: false, templates: false };

/** A learner a stopped run was still to create that OneFile now holds, made by someone else. */
export interface AddedSince {
  row: number;
  name: string;
  userId: number;
}

/**
 * The learners a stopped run was still to create (no try sent: one sent and unanswered is
 * checked in OneFile by the runner, as always) that OneFile has gained since the run's plan
 * read it, by hand or by another program: a learner in OneFile now, not made by this run,
 * with one of the same keys (MIS ID, ULN, NI number, email, compared as the plan compares
 * them). Resuming would create each a second time. Reads the organisation's learners
 * (a page per few hundred), and only when some creation is still to be sent.
 *
 * What the search rows carry decides what can be compared: where they carry no email or
 * ULN, a learner added with only those in common is not seen here.
 */
export async function learnersAddedSince(client: DirectoryClient, organisationId: number, plan: ImportPlan, replay: JournalReplay): Promise<AddedSince[]> {
  const pending = plan.rows.flatMap((row) =>
    row.operations.filter((op) => op.kind === 'create-user' && !replay.operations.has(op.id)).map((op) => ({ row: row.row, fields: 'fields' in op ? op.fields : {} })),
  );
  if (pending.length === 0) return [];
  const directory = await downloadDirectory(client, organisationId, { needs: LEARNERS_ONLY });
  const madeByTheRun = new Set(replay.createdUserByRow.values());
  const learnerByKey = new Map<string, DirectoryUser>();
  for (const learner of directory.learners) {
    if (madeByTheRun.has(learner.id)) continue;
    const keys = { MISID: learner.misid ?? undefined, ULN: learner.uln ?? undefined, Email: learner.email ?? undefined, NINO: learner.record.NINO ?? undefined };
    for (const hash of madeKeyHashes(keys)) learnerByKey.set(hash, learner);
  }
  const added: AddedSince[] = [];
  for (const { row, fields } of pending) {
    const found = madeKeyHashes(fields).map((hash) => learnerByKey.get(hash)).find((learner) => learner !== undefined);
    if (found) added.push({ row, name: `${found.firstName} ${found.lastName}`.trim(), userId: found.id });
  }
  return added;
}

/** Why a stopped run is not resumed: OneFile gained learners it was still to create. */
export function addedSinceMessage(runId: string, fileName: string, added: readonly AddedSince[]): string {
  const shown = added.slice(0, 3).map((a) => `row ${a.row}, ${a.name} (OneFile ID ${a.userId})`);
  const more = added.length > 3 ? ` and ${added.length - 3} more` : '';
  return (
    `Run ${runId} is not resumed: since its plan read OneFile, OneFile has gained ${added.length === 1 ? 'a learner' : `${added.length} learners`} it was still to create ` +
    `(${shown.join('; ')}${more}), added by hand or by another program, and carrying it on would create ${added.length === 1 ? 'that learner' : 'them'} a second time. ` +
    `Import ${fileName} again instead: the new plan finds them, and nothing run ${runId} made is made twice.`
  );
}
