import { isOneFileError, type OneFileClient, type OneFileUser, type UserFields, type UserUpdatesReading } from '../../onefile';
import { calendarDayOf } from '../../onefile/dates';
import { WRITABLE_USER_FIELDS } from '../../onefile/user-fields';

/**
 * A learner is updated by `POST User/{id}` with only the fields that changed: OneFile
 * "updates only the fields sent" [seen]. Were that false here (a server binding the
 * body to a whole user clears every field it leaves out), each update would wipe the
 * learner's dates, MIS ID, ULN, NI number and addresses, silently, a thousand learners a
 * week.
 *
 * So until an import has seen it for this OneFile, the first update is made between two
 * reads of that learner (`GET User/{id}`): a field it was not sent that had a value and
 * has none after shows a whole-record update. Then the learner is sent back everything
 * read before, with the changes (a whole-record update restores them), and every later
 * update of the run, and of later imports (the environment remembers `userUpdates`),
 * sends the whole record the same way: read first, then sent whole. Updates answered
 * meanwhile wait for that first one. Seen keeping them, no update is read around again.
 */

/** The fields an update may carry, as the importer sends them. */
const WRITABLE_FIELDS = WRITABLE_USER_FIELDS satisfies readonly (keyof UserFields)[];

const DATE_FIELDS: ReadonlySet<string> = new Set(['DOB', 'StartOn', 'PlannedEndDate']);

export type UpdateCheckClient = Pick<OneFileClient, 'updateUser'> & Partial<Pick<OneFileClient, 'getUser' | 'userUpdates' | 'userUpdatesSeen'>>;

const hasValue = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The fields the update was not sent that had a value before it and have none (or another) after. */
export function fieldsLost(before: OneFileUser, after: OneFileUser, changes: Partial<UserFields>): string[] {
  const was = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  return WRITABLE_FIELDS.filter((field) => !(field in changes) && hasValue(was[field]) && was[field] !== now[field]);
}

/** Everything `before` holds of the writable fields, with the changes laid over it: an update that leaves nothing out. */
export function wholeRecord(before: OneFileUser, changes: Partial<UserFields>): Partial<UserFields> {
  const was = before as Record<string, unknown>;
  const record: Record<string, unknown> = {};
  for (const field of WRITABLE_FIELDS) {
    const value = was[field];
    if (!hasValue(value)) continue;
    // Dates come back in the answer's form (an instant, /Date(ms)/...): sent as the calendar day they are.
    record[field] = DATE_FIELDS.has(field) ? (calendarDayOf(value) ?? value) : value;
  }
  return { ...(record as Partial<UserFields>), ...changes };
}

export class UpdateCheck {
  /** What this run has seen of this OneFile; before any look, what its findings say. */
  private seen: UserUpdatesReading | undefined;
  /** The first update, under way between its reads: other updates wait for it. */
  private pending: Promise<void> | null = null;
  /** Each learner as read before an update not yet done: a try after a lost answer starts from this, not from what that answer may have wiped. */
  private readonly before = new Map<number, OneFileUser>();

  constructor(private readonly client: UpdateCheckClient) {}

  /** How this OneFile is known to update, or undefined while not yet seen. */
  reading(): UserUpdatesReading | undefined {
    return this.seen ?? this.client.userUpdates?.();
  }

  /**
   * Sends the learner's changes as this OneFile needs them; `call` runs each client call in
   * the run's turn. Returns the learner as read after the update, when it was (the first one).
   */
  async update(userId: number, changes: Partial<UserFields>, call: <T>(send: () => Promise<T>) => Promise<T>): Promise<OneFileUser | undefined> {
    const { client } = this;
    const getUser = client.getUser;
    while (this.pending) await this.pending;
    const reading = this.reading();
    if (reading === 'fields-sent' || !getUser) {
      await call(() => client.updateUser(userId, changes));
      return undefined;
    }
    const readBefore = async () => {
      const known = this.before.get(userId);
      if (known) return known;
      const read = await call(() => getUser(userId));
      this.before.set(userId, read);
      return read;
    };
    if (reading === 'whole-record') {
      const before = await readBefore();
      await call(() => client.updateUser(userId, wholeRecord(before, changes)));
      this.before.delete(userId);
      return undefined;
    }
    let done = () => {};
    this.pending = new Promise<void>((resolve) => (done = resolve));
    try {
      let before: OneFileUser;
      try {
        before = await readBefore();
      } catch (error) {
        // A OneFile that does not offer GET User/{id} cannot be checked: the update goes as it is, as before.
        if (!isOneFileError(error) || error.kind !== 'unsupported') throw error;
        await call(() => client.updateUser(userId, changes));
        return undefined;
      }
      await call(() => client.updateUser(userId, changes));
      const after = await call(() => getUser(userId));
      const lost = fieldsLost(before, after, changes);
      this.seen = lost.length === 0 ? 'fields-sent' : 'whole-record';
      client.userUpdatesSeen?.(this.seen);
      // What the update cleared is put back: the whole record, as read before, with the changes.
      if (lost.length > 0) await call(() => client.updateUser(userId, wholeRecord(before, changes)));
      this.before.delete(userId);
      return after;
    } finally {
      this.pending = null;
      done();
    }
  }
}
