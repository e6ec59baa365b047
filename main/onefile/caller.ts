import type { z } from 'zod';
import { OneFileError, type Redactor } from './errors';
import type { Exchange } from './http-exchange';
import { errorForAnswer, isSearchRoute, noneFoundReading, isWebPage, parseShape, readJson, refusalInSuccess, webPageAnswer, type AnswerContext } from './responses';
import { customerTokenRefused, type Session } from './session';
import type { Transport } from './transport';

/** One API call as the endpoint functions describe it. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Route template for errors and metrics, e.g. `GET User/{id}`. */
  route: string;
  /** Path relative to the base URL, segments already encoded. */
  path: string;
  body?: unknown;
  /** A read (GET or a POST search): safe to repeat after a network error or a 5xx. */
  read: boolean;
  /** The body carries the user's own values (a learner's fields): a 400 is theirs to correct. */
  userValues?: boolean;
  /**
   * A call no OneFile guide documents (docs/onefile-assumptions.md): any refusal means
   * "not offered here". It is not repeated after a 5xx, and a 401/403 to it is never
   * taken for a bad customer token (only Authentication can say that).
   */
  optional?: boolean;
}

/** Keys spelled otherwise kept for the probe's report: a few tell the pattern. */
const MOST_RENAMED_KEYS_KEPT = 8;

/** Sessions refused at their first call (and 403s) one call may go through before its refusals are taken as final. */
const MOST_SIGN_INS_PER_CALL = 4;
/**
 * Sign-ins one call may go through, refused for sessions that carried calls and ended under
 * it (a 401, or an answer as if signed out): sessions ending every few calls under many calls
 * at once, each refusal others' doing, not this call's. 16 calls at once where sessions end
 * every 3rd call took one of them through 11.
 */
const MOST_SIGN_INS_IN_CHURN = 32;

/** What a refusal of a session says when it is not 401 or 403: the session, with a word of why. */
const SESSION_REFUSED =
  /\b(session|token)\b[^.]*\b(expired|invalid|not valid|no longer valid|unknown|denied)\b|\b(expired|invalid)\b[^.]*\b(session|token)\b|authori[sz]ation has been denied|not (logged|signed) in|unauthori[sz]ed/i;

/**
 * An answer that may mean the session ended, though not 401 or 403 [assume: those are how
 * OneFile refuses one]: a redirect (to a sign-in page), a web page in place of a success
 * (the sign-in page itself), or another 4xx whose message names the session. The call is
 * then made again once with a new session: a read, or a write so refused (a 4xx, nothing
 * done), at once (`send-again`); a write answered with a redirect or a page is left to
 * the runner's check in OneFile before it is sent again (`check`), since whether it was
 * done cannot be told. Null for any other answer.
 */
function sessionEndedOtherwise(answer: Exchange, isWrite: boolean): 'send-again' | 'check' | null {
  const { status, text } = answer;
  if ((status >= 300 && status < 400) || isWebPage(answer)) return isWrite ? 'check' : 'send-again';
  if (status >= 400 && status < 500 && status !== 404 && status !== 429 && SESSION_REFUSED.test(text)) return 'send-again';
  return null;
}

/**
 * A call still answered as if signed out after signing in again: a sign-in problem (tried
 * again later by the runner, as a 401 is), never the data's fault. Nothing was done: a
 * write so answered is one refused (a 4xx), the others are checked, not sent again here.
 */
function sessionKeptRefusing(route: string, status: number): OneFileError {
  return new OneFileError({
    kind: 'auth',
    endpoint: route,
    status,
    message:
      `OneFile answered ${route} as if the session had ended (HTTP ${status}), even just after signing in again. ` +
      'If it keeps happening, check the customer API token in Settings (ONEFILE_CUSTOMER_TOKEN for the command line) and run the probe (onefile-import probe).',
  });
}

/**
 * A call whose session was ended again and again (401), each time soon after signing in afresh,
 * while the customer token works (other calls were answered): the mark of another program
 * signing in with the same token where OneFile keeps one session per token [assume: "several
 * may be live at once"]. Not the token's fault, and nothing so refused was done.
 */
function sessionsEndedByAnother(route: string, status: number): OneFileError {
  return new OneFileError({
    kind: 'auth',
    endpoint: route,
    status,
    mayHaveApplied: false,
    message:
      `OneFile ended the session for ${route} ${MOST_SIGN_INS_PER_CALL} times in a row (HTTP ${status}), each soon after signing in again, although the customer token works. ` +
      'Another program using the same customer token may be signing in too (a OneFile keeping one session per token ends the other\'s): ' +
      'close it or let it finish, then carry on with this import. Nothing refused this way was changed in OneFile.',
  });
}

/**
 * Sends signed-in calls: adds X-TokenID, and when OneFile refuses the session (401 or
 * 403) signs in again and repeats the call. A new session carries one call alone until
 * OneFile answers it (`Session.tokenToSend`), so a session refused at its first call is
 * one that never worked: two such, while no session of this client ever worked, mean the
 * customer token itself is no good (or lacks permission), and so do
 * `MOST_SIGN_INS_PER_CALL` for one call later on (a 403 always counts, being the call's
 * permission). A session that carried calls and then ended is renewed however busy the
 * run is, up to `MOST_SIGN_INS_IN_CHURN` times for one call: sessions ending under many
 * calls at once. A call no guide documents (`optional`) is different: its refusal says
 * only that OneFile does not offer it. Non-success answers become OneFileErrors.
 */
export class ApiCaller {
  constructor(
    private readonly transport: Transport,
    private readonly session: Session,
    private readonly redact: Redactor,
  ) {}

  /** A success answer's JSON value (undefined for 204 or an empty body). */
  async call(request: ApiRequest): Promise<{ status: number; value: unknown }> {
    const context = this.context(request);
    let answer = await this.sendSignedIn(request);
    const search = request.read && isSearchRoute(request.route);
    // A search found nothing, said as a 404: an empty search (see noneFoundReading). A bare 404 is asked once
    // more first (a stray one taken for the end of the learners would make those past it look new), then read
    // as empty only where the route has answered before: where it never has, it may not exist, and stays a 404.
    let noneFound = search ? noneFoundReading(answer) : undefined;
    if (noneFound === 'bare') {
      answer = await this.sendSignedIn(request);
      noneFound = noneFoundReading(answer);
    }
    if (noneFound === 'said' || (noneFound === 'bare' && this.searchesAnswered.has(request.route))) return { status: 204, value: undefined };
    if (answer.status < 200 || answer.status >= 300) throw errorForAnswer(answer, context);
    const value = readJson(answer, context);
    const refused = refusalInSuccess(answer, context, value);
    if (refused) throw refused;
    if (search) this.searchesAnswered.add(request.route);
    return { status: answer.status, value };
  }

  /** A success answer checked against `schema`. */
  async parsed<S extends z.ZodType>(request: ApiRequest, schema: S): Promise<z.output<S>> {
    const { status, value } = await this.call(request);
    return parseShape(value, schema, this.context(request), status);
  }

  /** A call whose success answer carries nothing we need (204, or a body we ignore). */
  async done(request: ApiRequest): Promise<void> {
    const context = this.context(request);
    const answer = await this.sendSignedIn(request);
    if (answer.status < 200 || answer.status >= 300) throw errorForAnswer(answer, context);
    const refused = refusalInSuccess(answer, context) ?? webPageAnswer(answer, context);
    if (refused) throw refused;
  }

  /** The search routes answered with success: each exists, so a 404 to it is "nothing found" (see noneFoundReading). */
  private readonly searchesAnswered = new Set<string>();

  /** Keys of answers read under the guides' spelling, as they came (`misid` -> `MISID`): a few, for the probe to tell. */
  readonly renamedKeys = new Map<string, string>();

  private context(request: ApiRequest): AnswerContext {
    return {
      route: request.route,
      isWrite: !request.read,
      redact: this.redact,
      userValues: request.userValues,
      optional: request.optional,
      onRenamedKey: (from, to) => {
        if (this.renamedKeys.size < MOST_RENAMED_KEYS_KEPT) this.renamedKeys.set(from, to);
      },
    };
  }

  private async sendSignedIn(request: ApiRequest): Promise<Exchange> {
    /** Sessions refused at their first call while no session of this client ever carried one: evidence against the customer token. */
    let neverAccepted = 0;
    /** Refusals that count: of sessions that never carried a call (a new one carries one call alone until answered), and 403s. */
    let stalled = 0;
    for (let attempt = 1; ; attempt += 1) {
      const token = await this.session.tokenToSend();
      let answer: Exchange;
      try {
        answer = await this.transport.send({
          method: request.method,
          path: request.path,
          route: request.route,
          headers: { 'X-TokenID': token },
          body: request.body,
          safeToRepeat: request.read,
          repeatAfterServerError: request.read && !request.optional,
        });
      } finally {
        this.session.back(token);
      }
      if (answer.status !== 401 && answer.status !== 403) {
        const ended = sessionEndedOtherwise(answer, !request.read);
        // A call no guide documents may be answered with a page or a redirect because it is not offered:
        // only a session that had worked is renewed for it, once, as after a 401.
        const renewable = !request.optional || (attempt === 1 && this.session.wasAccepted(token));
        if (ended === null || !renewable) {
          this.session.accepted(token);
          return answer;
        }
        // Sessions refused at their first call, or too many: the answer is the call's own, not the session's.
        // Sessions that carried calls and ended are sessions ending under many calls at once: they count only up to MOST_SIGN_INS_IN_CHURN.
        if (!this.session.wasAccepted(token)) {
          stalled += 1;
          if (!this.session.anyAccepted()) neverAccepted += 1;
        }
        if (neverAccepted >= 2 || stalled >= MOST_SIGN_INS_PER_CALL || attempt >= MOST_SIGN_INS_IN_CHURN) {
          // A redirect or a page goes on as what it is (a proxy's, a maintenance page); a 4xx naming the session is a sign-in problem.
          if (answer.status < 400) return answer;
          throw sessionKeptRefusing(request.route, answer.status);
        }
        // Signed in again for whatever comes next; a read, or a write surely refused, is sent again now.
        this.session.refused(token);
        if (ended === 'send-again') continue;
        return answer;
      }
      if (request.optional) {
        // The session may simply have ended: renew it once. A second refusal is the call's, not the token's.
        if (attempt === 1 && this.session.wasAccepted(token)) {
          this.session.refused(token);
          continue;
        }
        return answer;
      }
      const unproved = !this.session.wasAccepted(token);
      if (unproved && !this.session.anyAccepted()) neverAccepted += 1;
      // 403 though the customer token works: possibly OneFile, or a gateway before it, refusing calls made
      // while others are answered (IIS's "too many concurrent requests"). The sign-in and every call after go alone.
      if (answer.status === 403 && this.session.anyAccepted()) this.transport.oneCallAtATime(403);
      this.session.refused(token);
      if (neverAccepted >= 2) throw customerTokenRefused(request.route, answer.status);
      // A 401 while other calls were answered is a session ended under many calls at once (a 403 is this call's permission).
      if (answer.status === 403 || unproved) stalled += 1;
      if (stalled >= MOST_SIGN_INS_PER_CALL || attempt >= MOST_SIGN_INS_IN_CHURN) {
        // 401 after the token worked: sessions ended under us. 403: this call is forbidden (a permission), whatever the session.
        const ended = answer.status === 401 && this.session.anyAccepted();
        throw ended ? sessionsEndedByAnother(request.route, answer.status) : customerTokenRefused(request.route, answer.status);
      }
    }
  }
}
