import { isOneFileError, type OneFileClient, type OneFileUser } from '../../onefile';
import type { OperationFailure } from '../journal/journal';
import { aRoleOf, ROLE_IDS } from '../../../shared/fields';
import type { ImportPlan } from '../plan/types';

/**
 * `POST User` answers 200 with the new user [seen]. A OneFile holding an email (or a MIS ID)
 * to one user, as one using the email as a login would, may create "or else return": answer
 * a create whose email another user has with **that** user, making nothing [assume: it
 * refuses, or makes a second]. Played with the sandbox (`uniqueUserFields: Email`,
 * `uniqueUserCreate: existing`) before this was handled: a learner given their assessor's
 * email was reported "The learner was created in OneFile (ID ...)" with the assessor's ID,
 * a learner given the email of another organisation's learner likewise; the rows' next
 * steps were sent for those users (OneFile refused the standard for an assessor, and for
 * the other organisation; a OneFile that did not would have given it them); and **an undo
 * of the import archived the assessor and the other organisation's learner** as users it
 * had made.
 *
 * So a create's answer is checked before anything is done with it: a user this import knew
 * before it (a learner the plan matched, a member of staff the file names), one it made for
 * another row, one of another organisation or another role, or one named otherwise than
 * sent (letters compared, case, accents and punctuation aside), is not the new user. The
 * row fails saying who OneFile answered with and which of the row's values they share;
 * nothing more is sent for it, the user is not recorded as made (an undo leaves them), and
 * nothing is written to them. An answer of only an ID is checked against the users known,
 * and read back where its ID does not show it new (`afterCreate`).
 */
export class CreatedUserCheck {
  /** Users in OneFile before this import: matched by the plan, or named by it (staff, a learner's assessor or employer). */
  private readonly before = new Set<number>();
  /** Users this run made, and for which row. */
  private readonly madeFor = new Map<number, number>();
  /** The highest user ID known to be in OneFile: a new user's ID is higher where OneFile numbers users in turn. */
  private newest: number;
  /** The run's first read-back of an answer of only an ID, while under way. */
  private firstReading: Promise<void> | null = null;

  constructor(plan: Pick<ImportPlan, 'rows' | 'newestUserId'>, madeBefore: Iterable<[row: number, userId: number]> = []) {
    this.newest = plan.newestUserId ?? 0;
    for (const row of plan.rows) {
      if (row.matched) this.before.add(row.matched.userId);
      for (const op of row.operations) {
        if (op.kind === 'assign-staff') this.before.add(op.staffUserId);
        if (op.kind === 'update-user' || op.kind === 'create-user') {
          const fields = (op.kind === 'create-user' ? op.fields : op.changes) as Record<string, unknown>;
          for (const field of ['DefaultAssessorID', 'DefaultEmployerID']) if (typeof fields[field] === 'number') this.before.add(fields[field]);
        }
      }
    }
    for (const [row, userId] of madeBefore) this.madeFor.set(userId, row);
    for (const id of [...this.before, ...this.madeFor.keys()]) this.newest = Math.max(this.newest, id);
  }

  /**
   * `check`, and where the answer was only an ID, that user read back first (one call) and
   * checked while this run has made no user yet, and after when the ID is no higher than one
   * known to be in OneFile (a OneFile numbering users in turn gives a new one a higher ID, and
   * a user made elsewhere before this run a lower one than this run's first): about one read a
   * run. A read that fails leaves the answer taken as new, as before: the create is done
   * whatever the read met, and must not be sent again. The user as read (else as answered)
   * comes back with the verdict, for the check of what OneFile kept (no second read).
   */
  async afterCreate(
    row: number,
    sent: Record<string, unknown>,
    answer: OneFileUser,
    organisationId: number,
    client: Partial<Pick<OneFileClient, 'getUser'>>,
    read: <T>(send: () => Promise<T>) => Promise<T>,
  ): Promise<{ failure?: OperationFailure; user: OneFileUser }> {
    const bare = answer.FirstName === undefined && answer.LastName === undefined && answer.OrganisationID === undefined;
    // The run's first read-back under way: answers meanwhile wait for what it proves (OneFile numbering in turn, it is one read a run).
    while (bare && this.firstReading) await this.firstReading;
    let user = answer;
    const unproven = this.madeFor.size === 0 || answer.ID <= this.newest;
    if (bare && unproven && !this.before.has(answer.ID) && !this.madeFor.has(answer.ID) && client.getUser) {
      let done = () => {};
      if (this.madeFor.size === 0) this.firstReading = new Promise<void>((resolve) => (done = resolve));
      try {
        user = await read(() => client.getUser!(answer.ID));
      } catch (error) {
        if (!isOneFileError(error)) throw error;
      } finally {
        this.firstReading = null;
        done();
      }
    }
    const failure = this.check(row, sent, user, organisationId);
    if (!failure) this.newest = Math.max(this.newest, answer.ID);
    return failure ? { failure, user } : { user };
  }

  /**
   * The row's failure when `answer` to the create of `row` (sent `sent`, into `organisationId`)
   * is not a new user; undefined when it is, and then it is remembered as made for that row.
   */
  check(row: number, sent: Record<string, unknown>, answer: OneFileUser, organisationId: number): OperationFailure | undefined {
    const madeForRow = this.madeFor.get(answer.ID);
    const reasons: string[] = [];
    if (this.before.has(answer.ID)) reasons.push('in OneFile before this import');
    if (madeForRow !== undefined && madeForRow !== row) reasons.push(`made by this import for row ${madeForRow}`);
    reasons.push(...notAsMade(sent, answer, organisationId));
    if (reasons.length === 0) {
      this.madeFor.set(answer.ID, row);
      return undefined;
    }
    // Read back after an answer of only its ID was taken as new: not made after all.
    if (madeForRow === row) this.madeFor.delete(answer.ID);
    const shared = SHARED_KEYS.filter(([field]) => sameKey(answer[field], sent[field]));
    const made = sent.Role === ROLE_IDS.learner ? 'learner' : 'user';
    const key = shared.length > 0 ? shared[0][1] : undefined;
    const keyWithArticle = shared.length > 0 ? `${shared[0][2]} ${shared[0][1]}` : undefined;
    const them = name(answer) ?? 'them';
    return {
      kind: 'validation',
      ...(shared.length > 0 ? { field: shared[0][0] } : {}),
      message:
        `OneFile answered the creation of this ${made} with user ${answer.ID}${name(answer) ? ` (${name(answer)})` : ''}, who is not new: ${reasons.join('; ')}. ` +
        (key
          ? `They have this row's ${shared.map(([, words]) => words).join(' and ')}: a OneFile holding ${keyWithArticle} to one user gives back the user who has it, making none. `
          : 'OneFile made no new user, most likely giving back one who has a value of this row it holds to one user. ') +
        `Nothing more was sent for this row, nothing was written to ${them}, and an undo of this import leaves them as they are. ` +
        `Find them in OneFile: if they are this ${made}, bring them into this organisation as a ${made} and import the row again (they will be matched, not made); ` +
        `if not, give the row the ${made}'s own ${key ?? 'email address'} and import it again.`,
    };
  }
}

/**
 * How a user OneFile holds differs from the one a create sent (`sent`) would have made in
 * `organisationId`: another organisation, another role, another name (each only where the
 * record shows it). Empty when nothing shown differs.
 */
export function notAsMade(sent: Record<string, unknown>, held: Record<string, unknown>, organisationId: number): string[] {
  const reasons: string[] = [];
  if (held.OrganisationID != null && Number(held.OrganisationID) !== organisationId) reasons.push(`of organisation ${String(held.OrganisationID)}, not ${organisationId}`);
  if (held.Role != null && sent.Role != null && Number(held.Role) !== Number(sent.Role)) reasons.push(`${aRoleOf(Number(held.Role))}, not ${aRoleOf(Number(sent.Role))}`);
  const named = ['FirstName', 'LastName'].every((field) => held[field] == null || sameLetters(held[field], sent[field]));
  if (!named) reasons.push(`not named ${[sent.FirstName, sent.LastName].filter((part) => part != null).join(' ')}`);
  return reasons;
}

/** The keys a OneFile may hold to one user, with their words. */
const SHARED_KEYS: ReadonlyArray<readonly [field: string, words: string, article: string]> = [
  ['Email', 'email address', 'an'],
  ['MISID', 'MIS ID', 'a'],
  ['ULN', 'ULN', 'a'],
  ['NINO', 'NI number', 'an'],
];

function name(answer: OneFileUser): string | undefined {
  return [answer.FirstName, answer.LastName].filter(Boolean).join(' ') || undefined;
}

/** Letters and digits only, lower case, accents aside: a name as any OneFile may hold it. */
function lettersOf(value: unknown): string {
  return String(value ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The same name, letters compared; one held cut short (a OneFile holding so many characters) is the same, kept-fields.ts says so. */
function sameLetters(held: unknown, sent: unknown): boolean {
  if (sent == null) return true;
  const [a, b] = [lettersOf(held), lettersOf(sent)];
  return a === b || (a.length >= Math.min(3, b.length) && a.length < b.length && b.startsWith(a));
}

/** The same key value (case and spaces aside); an empty one is never shared. */
function sameKey(held: unknown, sent: unknown): boolean {
  const [a, b] = [held, sent].map((value) => String(value ?? '').toLowerCase().replace(/\s+/g, ''));
  return a !== '' && a === b;
}
