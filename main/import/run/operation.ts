import { wentUnanswered, type OneFileOutage } from './outage';
import { isOneFileError, sendOnlyWhile, type OneFileUser, type UserFields } from '../../onefile';
import type { FieldNotKept, JournalRecord, OperationFailure, OperationRecordState, OperationResult } from '../journal/journal';
import type { KeptFieldsCheck } from './kept-fields';
import { performOperation, resolveUser, type RunnerClient } from './perform';
import type { TemplateCheck } from './template-check';
import type { UpdateCheck } from './update-check';
import type { CreateUserOperation, Operation } from '../plan/types';
import { addedDuringRun, type LearnersAddedDuringRun } from './added-during';
import { changedSincePlan, failedOnItsData, failureOf, serverErrorEachTime, uncheckable } from './check-failures';
import { inUseFailure } from './in-use';
import type { CreatedUserCheck } from './created-user-check';
import { RunStopped, type RunGate } from './gate';
import { verifyOutcome } from './verify';
import { heldBackWithoutEmail, learnerEmailAnswered, type LearnerEmailTrial } from './learner-email';
import type { SearchLagWatch } from './search-lag';

/**
 * One operation of one row, done safely: journal the intent, send, journal the
 * outcome. When the outcome is unknown (no answer, an unreadable success, a 5xx to a
 * write, or a journal with an intent and nothing after it) OneFile is checked first
 * and the write is sent again only if it did not happen. Failures the client gave up
 * on but that may pass (server, network, time-out, sign-in, rate limit) are tried
 * again a few times with growing pauses; OneFile refusing the data fails at once.
 */

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface OperationContext {
  runId: string;
  organisationId: number;
  client: RunnerClient;
  gate: RunGate;
  retry: RetryOptions;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  /** Appends to the journal; throws RunStopped when the journal cannot be written. */
  append(record: JournalRecord): void;
  callStarted(): void;
  /** `struggling`: the call failed in a way that says OneFile is struggling (an error, a time-out, a refused session, a lost answer). */
  callEnded(struggling: boolean): void;
  /** OneFile gone quiet mid-run: tries wait for it to answer again, uncounted (outage.ts). */
  outage?: OneFileOutage;
  /** Calls are sent only while this signal holds: a pause or cancel withdraws the ones still waiting for the rate limit. */
  sendSignal(): AbortSignal;
  /** Looks at a learner's learning aims after a template assign while this OneFile's way of making them is not known (template-check.ts). */
  templateCheck?: TemplateCheck;
  /** Reads a learner around the first update while what this OneFile does with fields not sent is not known (update-check.ts). */
  updateCheck?: UpdateCheck;
  /** Compares what a create or update sent with what OneFile then holds (kept-fields.ts). */
  keptFields?: KeptFieldsCheck;
  /** Tells a create answered with a user who is not new (one known before, another row's, another organisation's) (created-user-check.ts). */
  createdUsers?: CreatedUserCheck;
  /** How far OneFile's searches trail its writes, the run's witness of it and the pauses between looks, for the checks (search-lag.ts). */
  searchLag?: SearchLagWatch;
  /** Learners without an email sent one at a time until this OneFile's answer to one is known (learner-email.ts). */
  learnerEmailTrial?: LearnerEmailTrial;
  /** When the plan read OneFile, for a run resumed long after (plan-age.ts): a learner's programme is looked at before it is added to. */
  planReadLongAgo?: string;
  /** Learners someone else added during the run, read again once the last reading is too old (added-during.ts). */
  addedDuringRun?: LearnersAddedDuringRun;
  /** Calls made besides those `call` counts (the pages of a reading): for the run's totals. */
  callsMade?(count: number): void;
}

export type OperationOutcome = { ok: true; result: OperationResult } | { ok: false; failure: OperationFailure };

/** Kinds of failure worth another try later; the rest are answers about the data. */
export const TRANSIENT_KINDS: ReadonlySet<string> = new Set(['server', 'network', 'timeout', 'auth', 'rate-limit', 'outcome-unknown']);

/**
 * The pause before another try: doubling, and between half and all of it at random, so
 * rows that failed together do not all try again at the same moment (in step, the same
 * row could meet the same fault every time).
 */
function backoffMs(retry: RetryOptions, failedTries: number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failedTries - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Runs one client call between the in-flight counters, withdrawn if the run pauses before its turn. */
async function call<T>(context: OperationContext, send: () => Promise<T>): Promise<T> {
  context.callStarted();
  let struggling = false;
  try {
    const answer = await sendOnlyWhile(context.sendSignal(), send);
    context.outage?.answered();
    return answer;
  } catch (error) {
    struggling = !isOneFileError(error) || TRANSIENT_KINDS.has(error.kind);
    // Unanswered, or answered (a refusal is an answer); a call withdrawn, or a bug, says nothing of OneFile.
    if (wentUnanswered(error)) context.outage?.unanswered();
    else if (isOneFileError(error) && error.kind !== 'withdrawn') context.outage?.answered();
    throw error;
  } finally {
    context.callEnded(struggling);
  }
}

/** One operation of one row, with what the run knows about it. */
export interface OperationCall {
  context: OperationContext;
  /** The file's row (0 for a class or placement the run creates). */
  row: number;
  op: Operation;
  /** What earlier sessions of the run recorded for it. */
  prior?: OperationRecordState;
  /** The user it is about, for the check in OneFile, when known. */
  userId?: number;
  /** The user this row created, for the operations that follow the create. */
  createdUserId?: number;
  /** The learner was in OneFile before this session began (matched by the plan, or made by an earlier session of the run). */
  learnerExistedBefore?: boolean;
}

/**
 * What a learner's programme gains: in a run resumed long after its plan read OneFile
 * (`planReadLongAgo`), one of a learner already in OneFile is looked at first, once, not
 * waiting: someone may have given it by hand meanwhile, and OneFile makes a second
 * learning aim or unit summary when the same is given again. Already there: done, not
 * sent. Partly there: the row fails, saying so. A class or placement is always looked
 * for by its name first (verify.ts): one made meanwhile is used, not made again.
 */
const PROGRAMME_KINDS: ReadonlySet<Operation['kind']> = new Set(['assign-standard', 'assign-unit', 'assign-template']);

function looksFirst({ context, op, prior, learnerExistedBefore }: OperationCall): boolean {
  const place = op.kind === 'create-classroom' || op.kind === 'create-placement';
  return prior === undefined && (place || (context.planReadLongAgo !== undefined && learnerExistedBefore === true && PROGRAMME_KINDS.has(op.kind)));
}

/** What one step of a try found: send, try again (after a pause), the call withdrawn by a pause, or the end. */
type Step =
  | { next: 'send' }
  | { next: 'check'; failure: OperationFailure }
  | { next: 'again'; failure: OperationFailure }
  | { next: 'withdrawn' }
  | { next: 'end'; outcome: OperationOutcome };

/** Journal records for one operation: its identity, and an update's before-image. */
function journalFor(call: OperationCall) {
  const { context, row, op } = call;
  // A change to a user carries its before-image, so the run can be undone (journal.ts, ChangeImage).
  const image = op.kind === 'update-user' ? { image: { before: op.before, after: op.changes } } : {};
  const base = () => ({ at: context.now().toISOString(), runId: context.runId, row, operationId: op.id, kind: op.kind });
  return {
    intent: (attempt: number) => context.append({ ...base(), type: 'intent', attempt, ...image }),
    done: (result: OperationResult) => context.append({ ...base(), type: 'done', result, ...image }),
    unknown: (error: OperationFailure) => context.append({ ...base(), type: 'unknown', error }),
    failed: (error: OperationFailure) => context.append({ ...base(), type: 'failed', error }),
    withdrawn: () => context.append({ ...base(), type: 'withdrawn' }),
  };
}

type OperationJournal = ReturnType<typeof journalFor>;

export async function executeOperation(operation: OperationCall): Promise<OperationOutcome> {
  const { context, prior } = operation;
  // Not yet known whether this OneFile takes a learner without an email: one such goes at a time (learner-email.ts).
  const fresh = prior?.state !== 'done' && !mayHaveBeenSent(prior);
  const release = fresh ? await context.learnerEmailTrial?.turn(operation.op) : undefined;
  try {
    return await executeOnce(operation);
  } finally {
    release?.();
  }
}

async function executeOnce(operation: OperationCall): Promise<OperationOutcome> {
  const { context, prior } = operation;
  if (prior?.state === 'failed' && prior.error && !TRANSIENT_KINDS.has(prior.error.kind)) {
    // OneFile refused this data in an earlier session: it would refuse it again.
    return { ok: false, failure: prior.error };
  }
  const journal = journalFor(operation);
  // A learner without an email, where this OneFile is known to refuse one: not sent (learner-email.ts).
  const heldBack = prior?.state === 'done' ? undefined : heldBackWithoutEmail(operation.op, context.client);
  if (heldBack && !mayHaveBeenSent(prior)) {
    journal.failed(heldBack);
    return { ok: false, failure: heldBack };
  }
  // Check first when the write may have been applied: sent with no outcome recorded, an
  // unknown answer, or an earlier session that could not settle it.
  let mustCheck = mayHaveBeenSent(prior);
  // Never sent, of a plan read long ago: looked at once, as others may have given it meanwhile.
  let lookingFirst = !mustCheck && looksFirst(operation);
  if (lookingFirst) mustCheck = true;
  let lastFailure: OperationFailure | undefined;
  let withdrawn = false;
  // When the write was last seen failing in a way that may have applied it (undefined: in an earlier session).
  let failedAt: number | undefined;
  // Tries answered with a server error and then found not made by a search OneFile answered (check-failures.ts).
  let serverErrorsNotMade = 0;
  // Tries that went to OneFile (not one held by the reading of learners before it), and whether one may have been made unanswered.
  const sent = { times: 0, inDoubt: mayHaveBeenSent(prior) };
  for (let attempt = 1; attempt <= context.retry.attempts; attempt++) {
    // A call withdrawn by a pause is not a failed try: wait at the gate and send it again.
    if (attempt === 1 || withdrawn) await context.gate.pass();
    else await context.gate.wait(backoffMs(context.retry, attempt - 1), context.sleep);
    withdrawn = false;
    // While OneFile does not answer, a try waits for it (or is the one looking whether it is back).
    const look = (await context.outage?.turn(context.gate, context.sleep)) ?? null;
    let outcome: Step;
    let step: Step;
    try {
      step = mustCheck ? await checkInOneFile(operation, journal, failedAt, lookingFirst) : { next: 'send' as const };
      if (step.next === 'send' && mustCheck) {
        mustCheck = false;
        lookingFirst = false;
        if (lastFailure && failedOnItsData(operation.op, lastFailure)) serverErrorsNotMade++;
        await context.gate.pass();
      }
      outcome = step.next === 'send' ? await send(operation, journal, attempt, sent) : step;
    } finally {
      context.outage?.lookEnded(look);
    }
    if (outcome.next === 'end') return outcome.outcome;
    if (outcome.next === 'withdrawn') {
      withdrawn = true;
      attempt--;
      continue;
    }
    if (outcome.next === 'send') continue;
    // A try that failed while OneFile was down is not counted: the tries are for OneFile's answers.
    if (context.outage?.down) attempt--;
    lastFailure = outcome.failure;
    if (outcome.next === 'check') {
      mustCheck = true;
      if (step.next === 'send') failedAt = Date.now();
    }
  }
  const failure: OperationFailure =
    lastFailure && failedOnItsData(operation.op, lastFailure) && serverErrorsNotMade > 0 && serverErrorsNotMade === sent.times - 1
      ? serverErrorEachTime(operation.op, lastFailure, sent.times)
      : {
          ...(lastFailure ?? { kind: 'internal', message: 'No try was made.' }),
          message: `${lastFailure?.message ?? ''} Gave up after ${context.retry.attempts} tries.`.trim(),
        };
  // An outcome still unknown stays "unknown" in the journal: a resumed run checks it first.
  if (!mustCheck) journal.failed(failure);
  return { ok: false, failure };
}

/** Asks OneFile whether a write whose outcome is unknown happened: done, send it, or stop with what to look at. */
async function checkInOneFile(operation: OperationCall, journal: OperationJournal, failedAt: number | undefined, lookingFirst = false): Promise<Step> {
  const { context, op, userId } = operation;
  let verification;
  try {
    verification = await call(context, () =>
      verifyOutcome(context.client, op, {
        organisationId: context.organisationId,
        userId,
        // A look before a first send waits for nothing: what others gave is long in OneFile.
        sleep: lookingFirst ? undefined : context.sleep,
        ...(lookingFirst ? { othersMayHaveAssigned: true } : {}),
        templateApply: () => context.client.templateApply?.(),
        templateLooksMs: context.templateCheck?.looksMs,
        failedAt,
        searchLag: context.searchLag,
      }),
    );
  } catch (error) {
    if (error instanceof RunStopped) throw error;
    if (wasWithdrawn(error)) return { next: 'withdrawn' };
    const failure = failureOf(error);
    if (TRANSIENT_KINDS.has(failure.kind)) return { next: 'check', failure };
    return { next: 'end', outcome: { ok: false, failure: uncheckable(op, failure.message, userId) } };
  }
  if (verification.happened === true) {
    let result = verification.result;
    if (op.kind === 'create-user' && result.userId !== undefined) context.addedDuringRun?.made(result.userId);
    // A create found made after its answer was lost: what it kept is checked as an answered one's is (no answer to show it: read back).
    if (op.kind === 'create-user' && context.keptFields && result.userId !== undefined) {
      const userId = result.userId;
      result = withNotKept(result, await context.keptFields.afterCreate(userId, op.fields, { ID: userId } as OneFileUser, (read) => call(context, read)));
    }
    journal.done(result);
    return { next: 'end', outcome: { ok: true, result } };
  }
  if (verification.happened === 'cannot-tell') {
    const failure = lookingFirst ? changedSincePlan(op, verification.reason, userId, context.planReadLongAgo) : uncheckable(op, verification.reason, userId);
    journal.failed(failure);
    return { next: 'end', outcome: { ok: false, failure } };
  }
  return { next: 'send' };
}

/** Sends the write, journalled before and after: done, refused, to be checked (it may have been applied) or tried again. */
async function send(operation: OperationCall, journal: OperationJournal, attempt: number, sent: { times: number; inDoubt: boolean }): Promise<Step> {
  const { context, op, createdUserId } = operation;
  if (op.kind === 'create-user' && context.addedDuringRun) {
    const added = await addedMeanwhile(context, op, context.addedDuringRun, journal);
    if (added) return added;
  }
  sent.times++;
  journal.intent(attempt);
  try {
    let result: OperationResult;
    const read = <T>(send: () => Promise<T>) => call(context, send);
    if ((op.kind === 'update-user' || op.kind === 'restore-user') && context.updateCheck) {
      // An undo's put-back is an update too: into a OneFile clearing what it is not sent, it goes whole.
      const userId = resolveUser(op.user, createdUserId);
      const after = await context.updateCheck.update(userId, (op.kind === 'update-user' ? op.changes : op.values) as Partial<UserFields>, read);
      result = op.kind === 'update-user' ? {} : { userId };
      if (op.kind === 'update-user' && context.keptFields) result = withNotKept(result, await context.keptFields.afterUpdate(userId, op.changes, op.before, after, read));
    } else {
      let created: { answer: OneFileUser; sent: UserFields } | undefined;
      const sentAt = Date.now();
      try {
        result = await call(context, () => performOperation(context.client, op, context.organisationId, createdUserId, (answer, sent) => (created = { answer, sent })));
      } catch (error) {
        learnerEmailAnswered(op, { refused: error }, context.client);
        throw error;
      }
      if (created) learnerEmailAnswered(op, { created: true }, context.client);
      const checked = created && (await context.createdUsers?.afterCreate(operation.row, { ...created.sent }, created.answer, context.organisationId, context.client, read));
      let notNew = checked ? checked.failure : undefined;
      if (!notNew && created && context.keptFields && result.userId !== undefined) {
        const [sentFields, readAlready] = [{ ...created.sent }, checked && checked.user !== created.answer ? checked.user : undefined];
        result = withNotKept(result, await context.keptFields.afterCreate(result.userId, { ...sentFields }, created.answer, read, (held) => (notNew = context.createdUsers?.check(operation.row, sentFields, held, context.organisationId)), readAlready));
      }
      if (notNew) {
        journal.failed(notNew); // answered (or read back) as a user who is not new: nothing more is done with them, nor recorded as made
        return { next: 'end', outcome: { ok: false, failure: notNew } };
      }
      // "Already assigned" to a repeat of a try that may have got through: that try made it (the row says done, not "already in OneFile").
      if (result.alreadyAssigned !== undefined && sent.inDoubt) result = {};
      if (op.kind === 'create-user' && result.userId !== undefined) {
        context.searchLag?.created(sentAt, result.userId, op.fields);
        context.addedDuringRun?.made(result.userId);
      }
    }
    if (op.kind === 'assign-template' && context.templateCheck) {
      const learnerId = resolveUser(op.learner, createdUserId);
      result = { ...result, ...(await context.templateCheck.afterAssign(op, learnerId, (read) => call(context, read))) };
    }
    journal.done(result);
    return { next: 'end', outcome: { ok: true, result } };
  } catch (error) {
    if (error instanceof RunStopped) throw error;
    if (wasWithdrawn(error)) {
      journal.withdrawn();
      return { next: 'withdrawn' };
    }
    const failure = failureOf(error);
    if (isOneFileError(error) && error.mayHaveApplied) {
      journal.unknown(failure);
      sent.inDoubt = true;
      return { next: 'check', failure };
    }
    if (TRANSIENT_KINDS.has(failure.kind)) return { next: 'again', failure };
    // Refused because another user has its email or MIS ID: after a try in doubt, most likely that try's learner (in-use.ts).
    const refused = inUseFailure(op, failure, sent.inDoubt) ?? failure;
    journal.failed(refused);
    return { next: 'end', outcome: { ok: false, failure: refused } };
  }
}

/**
 * Before a learner's creation is sent: whether someone else added them to OneFile during
 * the run (added-during.ts). Undefined: send it. A reading that fails is tried again as a
 * write would be; one withdrawn by a pause waits at the gate.
 */
async function addedMeanwhile(context: OperationContext, op: CreateUserOperation, added: LearnersAddedDuringRun, journal: OperationJournal): Promise<Step | undefined> {
  let learner;
  try {
    // A reading passes the gate and the counters as one call; its further pages are told to the run's totals.
    learner = await added.before(op, async (reading) => {
      const read = await call(context, reading);
      context.callsMade?.(Math.max(0, read.calls - 1));
      return read;
    });
  } catch (error) {
    if (error instanceof RunStopped) throw error;
    if (wasWithdrawn(error)) return { next: 'withdrawn' };
    const failure = failureOf(error);
    return TRANSIENT_KINDS.has(failure.kind) ? { next: 'again', failure } : { next: 'end', outcome: { ok: false, failure } };
  }
  if (!learner) return undefined;
  const failure = addedDuringRun(op, learner);
  journal.failed(failure);
  return { next: 'end', outcome: { ok: false, failure } };
}

/** An earlier session may have sent it: its outcome is checked before anything else, held back or not. */
function mayHaveBeenSent(prior: OperationRecordState | undefined): boolean {
  return prior?.state === 'intent-only' || prior?.state === 'unknown' || (prior?.state === 'failed' && prior.error?.kind === 'outcome-unknown');
}

function withNotKept(result: OperationResult, notKept: FieldNotKept[]): OperationResult {
  return notKept.length > 0 ? { ...result, notKept } : result;
}

function wasWithdrawn(error: unknown): boolean {
  return isOneFileError(error) && error.kind === 'withdrawn';
}
