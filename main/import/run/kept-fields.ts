import { isOneFileError, type OneFileClient, type OneFileUser, type UserWrite } from '../../onefile';
import { calendarDayOf } from '../../onefile/dates';
import type { FieldNotKept } from '../journal/journal';
import { DATE_FIELDS, ID_FIELDS as PLANNED_ID_FIELDS } from '../plan/user';

/**
 * Did OneFile keep what it was sent? A `POST User` answers 200 and a `POST User/{id}`
 * 204 whether or not every field was stored: a OneFile that takes a placement only by
 * `AssignPlacement`, reads a date it cannot parse as none, or holds a MIS ID fixed once
 * set would leave learners without them under rows reported done, week after week.
 *
 * So each write's fields are compared with what OneFile then holds:
 * - a create, with its answer (the new user [seen]: no call); a field the answer does
 *   not show is read back (`GET User/{id}`) until this OneFile has been seen keeping it;
 * - an update, with the learner as read after it (the update check's read, or one of its
 *   own) until this OneFile has been seen keeping each field it sends.
 * What a read shows kept is remembered with the environment's findings, so an import
 * into a known OneFile reads nothing more. A field not kept fails the row after its
 * other steps, naming the field: the learner is never created twice for it, and the
 * next import, finding the field still differing, sends it again as an update.
 *
 * Not caught: a create answer echoing what was sent rather than what was stored (the
 * answer is trusted where it shows a field).
 */

export type KeptFieldsClient = Partial<Pick<OneFileClient, 'getUser' | 'userFieldsKept' | 'userFieldsSeenKept'>>;

type Sent = Record<string, unknown>;

/** The user fields holding another record's ID (the plan's, and the learner's status). */
const ID_FIELDS: ReadonlySet<string> = new Set([...PLANNED_ID_FIELDS, 'LearnerStatusID']);
/** Sent as the organisation and role of a create: never checked (a user found in the organisation under that role has them). */
const NOT_COMPARED: ReadonlySet<string> = new Set(['OrganisationID', 'Role']);

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
/** Text as OneFile may store it: case and spacing aside (a NI number without its spaces, an email in lower case). */
const looseText = (value: unknown) => String(value).toLowerCase().replace(/\s+/g, '');

/** Letters and digits only, lower case: what a cut-short text still shares with what was sent. */
const lettersOf = (value: unknown) => String(value).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Whether `held` (what OneFile has after the write) is what was sent. Dates compare as
 * calendar days, IDs as numbers. A text held otherwise counts as not kept only when
 * OneFile holds nothing, still what it held before (an update), or the start of what was
 * sent, cut short (a OneFile holding at most so many characters cuts the rest silently:
 * an address losing its postcode): it may store text in its own form (a phone number
 * reformatted, a full stop dropped), and a false alarm would fail a good row.
 */
export function heldAsSent(field: string, sent: unknown, held: unknown, before?: unknown): boolean {
  if (isEmpty(sent)) return isEmpty(held);
  if (isEmpty(held)) return false;
  if (DATE_FIELDS.has(field)) return calendarDayOf(String(sent)) === calendarDayOf(String(held));
  if (ID_FIELDS.has(field)) return Number(sent) === Number(held);
  if (looseText(sent) === looseText(held)) return true;
  const [sentLetters, heldLetters] = [lettersOf(sent), lettersOf(held)];
  if (heldLetters.length < sentLetters.length && sentLetters.startsWith(heldLetters)) return false;
  return isEmpty(before) ? true : looseText(held) !== looseText(before);
}

/** The fields of `sent` that `held` shows otherwise; fields `held` does not carry are left out (not known). */
export function fieldsNotKept(sent: Sent, held: Record<string, unknown>, before: Sent = {}): FieldNotKept[] {
  const notKept: FieldNotKept[] = [];
  for (const [field, value] of Object.entries(sent)) {
    if (NOT_COMPARED.has(field) || !(field in held)) continue;
    if (!heldAsSent(field, value, held[field], before[field])) notKept.push({ field, sent: shownValue(value), held: shownValue(held[field]) });
  }
  return notKept;
}

function shownValue(value: unknown): string | number | null {
  if (isEmpty(value)) return null;
  return typeof value === 'number' ? value : String(value);
}

export class KeptFieldsCheck {
  /** A read-back under way: other writes wait for what it learns rather than read the same again. */
  private pending: Promise<void> | null = null;

  constructor(private readonly client: KeptFieldsClient) {}

  /**
   * After `POST User` answered `answer`: the fields it did not keep. `call` runs a client call
   * in the run's turn; `onRead` hears of the user as read back, where it was (an answer of
   * only an ID), before anything is compared; `readAlready` is that user read by another check.
   */
  async afterCreate(
    userId: number,
    sent: Sent,
    answer: OneFileUser,
    call: <T>(read: () => Promise<T>) => Promise<T>,
    onRead?: (held: OneFileUser) => void,
    /** The user as already read after the answer (created-user-check.ts), taken for the read back. */
    readAlready?: OneFileUser,
  ): Promise<FieldNotKept[]> {
    const shown = answer as Record<string, unknown>;
    const fromAnswer = fieldsNotKept(sent, shown);
    const unshown = Object.keys(sent).filter((field) => !NOT_COMPARED.has(field) && !(field in shown));
    const fromRead = await this.readBack('create', userId, pick(sent, unshown), {}, readAlready, call, onRead);
    return [...fromAnswer, ...fromRead];
  }

  /**
   * After `POST User/{id}` with `changes` (`before`: what the plan read before it; `after`:
   * the learner as the update check read it after, when it did).
   */
  async afterUpdate(userId: number, changes: Sent, before: Sent, after: OneFileUser | undefined, call: <T>(read: () => Promise<T>) => Promise<T>): Promise<FieldNotKept[]> {
    return this.readBack('update', userId, changes, before, after, call);
  }

  /** The sent fields not yet seen kept by this write, read back (or taken from `after`) and compared. */
  private async readBack(
    write: UserWrite,
    userId: number,
    sent: Sent,
    before: Sent,
    after: OneFileUser | undefined,
    call: <T>(read: () => Promise<T>) => Promise<T>,
    onRead?: (held: OneFileUser) => void,
  ): Promise<FieldNotKept[]> {
    while (this.pending) await this.pending;
    // Worked out once the checks before have learned what they saw (they run one at a time).
    const kept = this.client.userFieldsKept?.(write) ?? [];
    const unseen = Object.keys(sent).filter((field) => !NOT_COMPARED.has(field) && !kept.includes(field));
    const getUser = this.client.getUser;
    if (unseen.length === 0 || (!after && !getUser)) return [];
    let done = () => {};
    this.pending = new Promise<void>((resolve) => (done = resolve));
    try {
      let held: Record<string, unknown>;
      try {
        held = (after ?? (await call(() => getUser!(userId)))) as Record<string, unknown>;
        if (!after) onRead?.(held as OneFileUser);
      } catch (error) {
        // The write is done whatever this read met: never let it look failed (it would be sent again).
        // Nothing is learned, so the next write carrying these fields is read back instead.
        if (isOneFileError(error)) return [];
        throw error;
      }
      const checked = pick(sent, unseen);
      const notKept = fieldsNotKept(checked, held, before);
      // Remembered: the fields it kept, and those a read does not show (they cannot be checked here: read for again, each write would cost a call).
      const settled = Object.keys(checked).filter((field) => !notKept.some((n) => n.field === field));
      this.client.userFieldsSeenKept?.(write, settled);
      return notKept;
    } finally {
      this.pending = null;
      done();
    }
  }
}

function pick(sent: Sent, fields: readonly string[]): Sent {
  return Object.fromEntries(fields.map((field) => [field, sent[field]]));
}
