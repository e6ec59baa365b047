import { downloadDirectory, type DirectoryClient } from '../directory/download';
import type { DirectoryNeeds } from '../directory/needs';
import type { DirectoryUser } from '../directory/types';
import { madeKeyHashes } from '../journal/assignment-ledger';
import { MATCH_KEYS, userKeyValue } from '../plan/match-learner';
import type { JournalReplay } from '../journal/journal';
import type { ImportPlan } from '../plan/types';

/** Learners only: what a stopped run's creations are checked against. */
const LEARNERS_ONLY: DirectoryNeeds = { staffRoles: [], staffRecords: [], classrooms: false, placements: false, standards: false, units: false, templates: false };

/** What reading the learners takes of a client: its user searches (the rest of a directory's are not called). */
export type LearnersClient = Pick<DirectoryClient, 'searchUsers'> & Partial<DirectoryClient>;

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
export async function learnersAddedSince(
  client: DirectoryClient,
  organisationId: number,
  plan: ImportPlan,
  replay: JournalReplay,
  now: () => number = Date.now,
): Promise<{ added: AddedSince[]; reading?: LearnersReading }> {
  const pending = plan.rows.flatMap((row) =>
    row.operations.filter((op) => op.kind === 'create-user' && !replay.operations.has(op.id)).map((op) => ({ row: row.row, fields: 'fields' in op ? op.fields : {} })),
  );
  if (pending.length === 0) return { added: [] };
  const at = now();
  const { learnerByKey } = await learnersByKey(client, organisationId, new Set(replay.createdUserByRow.values()));
  const added: AddedSince[] = [];
  for (const { row, fields } of pending) {
    const found = learnerWithKeysOf(learnerByKey, fields);
    if (found) added.push({ row, name: `${found.firstName} ${found.lastName}`.trim(), userId: found.id });
  }
  return { added, reading: { at, learnerByKey } };
}

/** The organisation's learners by key, and when the reading began (ms since the epoch): the resumed run goes on from it (added-during.ts). */
export interface LearnersReading {
  at: number;
  learnerByKey: Map<string, DirectoryUser>;
}

/** A reading of the organisation's learners by key, and the calls it took. */
export interface LearnersByKey {
  learnerByKey: Map<string, DirectoryUser>;
  calls: number;
}

/** The organisation's learners now, by each key they carry (MIS ID, ULN, NI number, email, as the plan compares them), less those this run made. */
export async function learnersByKey(client: LearnersClient, organisationId: number, madeByTheRun: ReadonlySet<number>): Promise<LearnersByKey> {
  // Learners only: no search but the user searches is made.
  const directory = await downloadDirectory(client as DirectoryClient, organisationId, { needs: LEARNERS_ONLY });
  const learnerByKey = new Map<string, DirectoryUser>();
  for (const learner of directory.learners) {
    if (madeByTheRun.has(learner.id)) continue;
    const keys = Object.fromEntries(MATCH_KEYS.map((key) => [key, userKeyValue(learner, key) ?? undefined]));
    for (const hash of madeKeyHashes(keys)) learnerByKey.set(hash, learner);
  }
  return { learnerByKey, calls: directory.calls };
}

/** The learner among these who has one of the keys a creation would send, if any. */
export function learnerWithKeysOf(learnerByKey: ReadonlyMap<string, DirectoryUser>, fields: Readonly<Record<string, unknown>>): DirectoryUser | undefined {
  return madeKeyHashes(fields)
    .map((hash) => learnerByKey.get(hash))
    .find((learner) => learner !== undefined);
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
