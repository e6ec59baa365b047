import type { DirectoryUser } from '../directory/types';
import type { OperationFailure } from '../journal/journal';
import { KEY_LABEL, MATCH_KEYS, matchKeyValue, userKeyValue } from '../plan/match-learner';
import { ROLE, type CreateUserOperation, type ImportPlan } from '../plan/types';
import { learnersByKey, learnerWithKeysOf, type LearnersByKey, type LearnersClient, type LearnersReading } from './added-since';
import { PLAN_FRESH_MS, planAgeMs } from './plan-age';

/**
 * A plan is started only within PLAN_FRESH_MS of reading OneFile (plan-age.ts), because a
 * learner added since by someone else (by hand, or by the MIS's own sync) is not in it,
 * and the plan's "create" would make them a second time. A run is longer than that: 1,000
 * learners at 100 calls a minute take 20 minutes, so the last creations went out on a
 * reading 20 minutes old. So within a run, a learner is created only on a reading of
 * OneFile's learners younger than PLAN_FRESH_MS: once the last reading is older, the
 * next creation reads the organisation's learners again (a page per few hundred; the
 * creations waiting meanwhile wait for that one reading) and is not sent when OneFile now
 * holds a learner with one of its keys that this run did not make. Creations before then
 * cost nothing; a 1,000-learner run reads again once or twice.
 *
 * What the search rows carry decides what can be compared (added-since.ts): where they
 * carry no email or ULN, a learner added with only those in common is not seen.
 */
/** Runs a reading of several calls through the run's gate and counters. */
export type ReadThrough = (reading: () => Promise<LearnersByKey>) => Promise<LearnersByKey>;

export class LearnersAddedDuringRun {
  private readAt: number;
  private learners: Map<string, DirectoryUser> | null = null;
  private reading: Promise<void> | null = null;
  private readonly madeByTheRun: Set<number>;

  constructor(
    private readonly client: LearnersClient,
    private readonly organisationId: number,
    /** The reading the run starts from: the plan's (when it read OneFile), or one made just before (a resumed run's check). */
    reading: Pick<ImportPlan, 'readOneFileAt' | 'planningMs'> | LearnersReading,
    /** The users earlier sessions of the run made. */
    madeBefore: Iterable<number>,
    private readonly clock: () => Date,
    private readonly freshMs = PLAN_FRESH_MS,
  ) {
    this.madeByTheRun = new Set(madeBefore);
    if ('learnerByKey' in reading) {
      this.readAt = reading.at;
      this.learners = reading.learnerByKey;
      return;
    }
    // The plan's reading counts from when planning ended, as its age does (a plan saying no time counts from now).
    const now = clock();
    this.readAt = now.getTime() - (planAgeMs(reading, now) ?? 0);
  }

  private now(): number {
    return this.clock().getTime();
  }

  /** A user this run created: never "added by someone else". */
  made(userId: number): void {
    this.madeByTheRun.add(userId);
  }

  /**
   * Before a learner's creation is sent: the learner someone else added meanwhile with one
   * of its keys, if the reading (made again when the last is too old) shows one. A reading
   * is made through `read` (the run's gate and counters); the creations that come while it
   * is under way wait for it.
   */
  async before(op: CreateUserOperation, read: ReadThrough): Promise<DirectoryUser | undefined> {
    if (op.role !== ROLE.Learner) return undefined;
    if (this.now() - this.readAt > this.freshMs) {
      this.reading ??= this.readAgain(read).finally(() => (this.reading = null));
      await this.reading;
    }
    const found = this.learners ? learnerWithKeysOf(this.learners, op.fields) : undefined;
    return found && !this.madeByTheRun.has(found.id) ? found : undefined;
  }

  private async readAgain(read: ReadThrough): Promise<void> {
    const startedAt = this.now();
    const { learnerByKey } = await read(() => learnersByKey(this.client, this.organisationId, this.madeByTheRun));
    this.learners = learnerByKey;
    this.readAt = startedAt;
  }
}

/** A creation not sent: OneFile gained a learner with one of its keys during the run, not made by it. */
export function addedDuringRun(op: CreateUserOperation, learner: DirectoryUser): OperationFailure {
  const name = `${learner.firstName} ${learner.lastName}`.trim();
  return {
    kind: 'added-meanwhile',
    message:
      `While this import was running, ${name || 'a learner'} (OneFile ID ${learner.id}) was added to OneFile by someone else (by hand, or by another program) ` +
      `with the same ${keysInCommon(op, learner)}, so "${op.description}" was not sent: it would have made them a second time. Import the file again: the new plan matches them.`,
  };
}

/** The keys the creation and the learner share, compared as the plan and the reading compare them (match-learner.ts). */
function keysInCommon(op: CreateUserOperation, learner: DirectoryUser): string {
  const words = MATCH_KEYS.filter((key) => {
    const sent = op.fields[key];
    const value = matchKeyValue(key, typeof sent === 'string' ? sent : undefined);
    return value !== '' && value === matchKeyValue(key, userKeyValue(learner, key));
  }).map((key) => KEY_LABEL[key]);
  return words.length > 0 ? words.join(' and ') : 'key';
}
