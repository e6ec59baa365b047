import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, htmlEncoded, parseBody, type Body } from './body';
import { ApiError, ERROR_CODE } from './errors';
import { planFaults } from './faults';
import { ROUTES } from './endpoints';
import { Strays } from './strays';
import { matchRoute, type Reply, type RouteMatch } from './routes';
import { retryAfterSeconds, type RateWindow } from './rate-window';
import type { SessionBook } from './sessions';
import type { SandboxStore } from './store';
import type { AnswerValues, SandboxSwitches } from './switches';
import type { StateFile } from './persistence';

/** One call as the sandbox received it. Headers are not kept: they carry the tokens. */
export interface RecordedCall {
  at: number;
  method: string;
  /** As received, without the query string. */
  path: string;
  /** Normalised, e.g. 'POST User/Search' or 'POST User/{id}'; 'POST (unknown)' for no route. */
  route: string;
  /** The status sent, or for a lost response the status that would have been sent; 0 while in progress. */
  status: number;
  /** The parsed body with canonical keys, the raw text if it did not parse, null if empty. */
  body: unknown;
  lost: boolean;
  /** Answered with a web page in OneFile's place (`webPageEveryNthWrite`): never done. */
  webPage?: true;
  /**
   * A page past the first of a paged search answered a bare 404 the first time it was asked
   * (`strayNotFound`), or a page holding rows answered as an empty search (`strayEmpty`): nothing done.
   */
  stray?: true;
  /** Done, then answered with a server error (`errorAfterEveryNthWrite`). */
  doneThenFailed?: true;
  /** Refused undone as one call more than `callsAtOnce`. */
  overCallsAtOnce?: true;
  /** Not answered by OneFile: the sandbox was down (`outage`), the call never done. */
  outage?: true;
  /** Refused for its session token (expired, invalidated or unknown), however `sessionRefusal` answers that: never done. */
  sessionRefused?: true;
  tokenKind: 'customer' | 'session' | 'none';
}

export interface CallHandlerDeps {
  store: SandboxStore;
  switches: SandboxSwitches;
  customerToken: string;
  calls: RecordedCall[];
  sessions: SessionBook;
  rate: RateWindow;
  random: () => number;
  now: () => number;
  stateFile?: StateFile;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The request pipeline, in OneFile's order as far as a client can observe it: count
 * the call against the rate window (429 if over), apply the fault switches (latency,
 * 500), find the route (404), check the token (401, or as `sessionRefusal` says), validate and perform (400/404),
 * persist the changes, then answer (or, for a lost response, drop the connection).
 */
export function createCallHandler(deps: CallHandlerDeps) {
  const { switches, sessions, rate } = deps;
  const timers = new Set<NodeJS.Timeout>();
  let received = 0;
  /** Calls being handled now (waiting out their latency, or being performed). */
  let handling = 0;
  let writesPerformed = 0;
  let writesReached = 0;
  const strays = new Strays(switches);
  /** When the timed outage (`outageMs`) began. */
  let outageFrom: number | undefined;
  /** Calls come in, answered or not (see `outageAfterCalls`). */
  let callsIn = 0;
  let closed = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = deps.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = (req.url ?? '/').split('?')[0];
    const match = matchRoute(ROUTES, method, path, switches.apiVersions);
    const customerToken = header(req, 'x-customertoken');
    const sessionToken = header(req, 'x-tokenid');
    const call: RecordedCall = {
      at, method, path, route: match ? `${method} ${match.route.pattern}` : `${method} (unknown)`,
      status: 0, body: null, lost: false, tokenKind: customerToken ? 'customer' : sessionToken ? 'session' : 'none',
    };
    deps.calls.push(call);
    const text = await readText(req).catch(() => undefined);
    if (text === undefined) {
      call.status = 413;
      return respond(res, { status: 413, json: { message: `The request body is over ${MAX_BODY_BYTES} bytes.` } }, {});
    }
    let body: Body | BodyError;
    try {
      body = parseBody(text, req.headers['content-type']);
      call.body = text.trim() === '' ? null : body;
      // `textInput`: what was sent is recorded; what is stored (and with `html-encoded`, compared) is encoded.
      if (switches.textInput === 'html-encoded' || (switches.textInput === 'html-encoded-writes' && match?.route.write)) body = htmlEncoded(body);
    } catch (error) {
      body = error as BodyError;
      call.body = text;
    }

    // `outage`: OneFile down; nothing is done, nothing counted against the rate limit.
    callsIn += 1;
    if (switches.outageMs > 0 && outageFrom === undefined && writesPerformed >= switches.outageAfterWrites && callsIn > switches.outageAfterCalls) outageFrom = at;
    const timedOutage = outageFrom !== undefined && at - outageFrom < switches.outageMs;
    if (switches.outage !== 'none' || timedOutage) {
      call.outage = true;
      if (switches.outage === 'unreachable') {
        call.lost = true;
        res.socket?.destroy();
        return;
      }
      call.status = 503;
      return respond(res, { status: 503, html: MAINTENANCE_PAGE }, {});
    }
    // `callsAtOnce`: one call more than OneFile handles at once is refused before anything is done.
    if (switches.callsAtOnce > 0 && handling >= switches.callsAtOnce) {
      call.status = switches.callsAtOnceRefusal;
      call.overCallsAtOnce = true;
      return respond(res, { status: switches.callsAtOnceRefusal, json: messageBody('Too many concurrent requests.') }, {});
    }
    handling += 1;
    res.once('close', () => (handling -= 1));
    received += 1;
    if (switches.expireSessionsEvery > 0 && received % switches.expireSessionsEvery === 0) sessions.invalidateAll();
    let retryAfterMs: number | undefined;
    if (switches.burst429 > 0) {
      switches.burst429 -= 1;
      retryAfterMs = 0;
    } else {
      const admission = rate.admit(at, switches.rateLimit, switches.windowMs, switches.rateShape, switches.rateBurst);
      if (!admission.admitted) retryAfterMs = admission.retryAfterMs;
    }
    const faults = planFaults(switches, deps.random, match?.route.write ?? false);
    if (faults.delayMs > 0) await delay(faults.delayMs);
    if (closed) return;

    const send = (status: number, reply: Omit<Reply, 'status'>, headers: Record<string, string> = {}) => {
      call.status = status;
      respond(res, { status, ...reply }, { ...rateHeaders(at), ...reply.headers, ...headers }, switches.answerKeys, status < 300 ? switches.answerValues : 'documented');
    };
    if (retryAfterMs !== undefined) {
      const headers: Record<string, string> = switches.retryAfter ? { 'Retry-After': String(retryAfterSeconds(retryAfterMs)) } : {};
      return send(429, { json: messageBody(`Rate limit exceeded: at most ${switches.rateLimit} calls per ${switches.windowMs} ms.`) }, headers);
    }
    if (faults.serverError) return send(500, { json: messageBody('An error has occurred.') });
    if (!match) return send(404, { json: messageBody(`No HTTP resource was found that matches ${method} ${path}.`) });
    const authorised = match.route.auth === 'customer' ? customerToken === deps.customerToken : sessions.isLive(sessionToken, deps.now());
    if (!authorised) {
      call.sessionRefused = true;
      return refuseSession(match.route.auth, send);
    }
    if (body instanceof BodyError) return send(400, { json: errorBody(new ApiError(400, ERROR_CODE.badBody, body.message)) });

    // `strayNotFound`: a gateway's bare 404 in OneFile's place, nothing done.
    const notFound = strays.notFoundFor(match, path, text);
    if (notFound) {
      call.stray = true;
      return send(notFound.status, {});
    }
    // `webPageEveryNthWrite`: a proxy's page in OneFile's place, the write never done.
    if (match.route.write && switches.webPageEveryNthWrite > 0 && ++writesReached % switches.webPageEveryNthWrite === 0) {
      call.webPage = true;
      return send(200, { html: MAINTENANCE_PAGE });
    }
    let reply = perform(match, body);
    // `strayEmpty`: a page's rows answered as an empty search.
    const empty = strays.emptyFor(match, text, reply);
    if (empty) {
      call.stray = true;
      reply = empty;
    }
    if (match.route.write) writesPerformed += 1;
    const loseEveryNth = switches.loseEveryNthWrite > 0 && match.route.write && writesPerformed % switches.loseEveryNthWrite === 0;
    if (faults.loseResponse || loseEveryNth) {
      call.status = reply.status;
      call.lost = true;
      res.socket?.destroy();
      return;
    }
    // `errorAfterEveryNthWrite`: done, then a server error in its answer's place.
    const every = switches.errorAfterEveryNthWrite;
    if (every > 0 && match.route.write && writesPerformed % every === 0) {
      call.doneThenFailed = true;
      return (writesPerformed / every) % 2 === 1 ? send(502, { html: BAD_GATEWAY_PAGE }) : send(500, { json: messageBody('An error has occurred.') });
    }
    send(reply.status, reply);
  }

  /** Runs the route and persists what it changed; every outcome becomes a reply. */
  function perform(match: RouteMatch, body: Body): Reply {
    let reply: Reply;
    try {
      reply = match.route.handle({
        store: deps.store, switches, params: match.params, body, now: deps.now(),
        issueSession: () => {
          // `sessionsAtOnce: one`: a sign-in ends the sessions before it.
          if (switches.sessionsAtOnce === 'one') sessions.invalidateAll();
          return sessions.issue(deps.now(), switches.sessionLifetimeMs);
        },
        later: (ms, work) => {
          void delay(ms).then(() => {
            if (closed) return;
            work();
            deps.store.stampMade(deps.now());
            try {
              deps.stateFile?.append(deps.store.takePending());
            } catch {
              // As a call whose state cannot be saved: the change stays in memory only.
            }
          });
        },
      });
    } catch (error) {
      reply = error instanceof ApiError ? { status: refusalStatus(error), json: errorBody(error) } : { status: 500, json: { message: 'An error has occurred.' } };
    }
    deps.store.stampMade(deps.now());
    const changes = deps.store.takePending();
    try {
      deps.stateFile?.append(changes);
    } catch {
      return { status: 500, json: { message: 'An error has occurred (the sandbox could not save its state).' } };
    }
    return reply;
  }

  /** A refusal with a code (a 400) answers 200 with the `refusalStatus: 200` switch; its body is the same. */
  function refusalStatus(error: ApiError): number {
    return error.status === 400 && error.code !== undefined && switches.refusalStatus === 200 ? 200 : error.status;
  }

  /** `{code, message}`, or `{Code, Message}` with the `errorKeys: pascal` switch; a refusal with a code in ASP.NET's shapes with the others. */
  function errorBody(error: ApiError): Record<string, unknown> {
    const shape = switches.errorKeys;
    if (error.code !== undefined && shape === 'model-state') return { Message: 'The request is invalid.', ModelState: { request: [error.message] } };
    if (error.code !== undefined && shape === 'problem-details') return { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { request: [error.message] } };
    const pascal = shape !== 'lower';
    const message = { [pascal ? 'Message' : 'message']: error.message };
    return error.code === undefined ? message : { [pascal ? 'Code' : 'code']: error.code, ...message };
  }

  function messageBody(message: string): Record<string, unknown> {
    return errorBody(new ApiError(0, undefined, message));
  }

  /**
   * A call refused for its token. The customer token's refusal (Authentication) is always
   * 401; a session's follows the `sessionRefusal` switch: 401 [assume], 400 with a code,
   * a redirect to a sign-in page, or that page itself with 200.
   */
  function refuseSession(auth: 'customer' | 'session', send: (status: number, reply: Omit<Reply, 'status'>, headers?: Record<string, string>) => void): void {
    const how = switches.sessionRefusal;
    if (auth === 'customer' || how === 401) return send(401, { json: messageBody('Authorization has been denied for this request.') });
    if (how === 400) return send(400, { json: errorBody(new ApiError(400, ERROR_CODE.sessionNotValid, 'The session token is not valid or has expired.')) });
    if (how === 'redirect') return send(302, { html: SIGN_IN_PAGE }, { Location: '/Account/Login?ReturnUrl=%2Fapi' });
    return send(200, { html: SIGN_IN_PAGE });
  }

  /** Rate-limit headers, when the `rateHeaders` switch plays a OneFile that sends them. */
  function rateHeaders(at: number): Record<string, string> {
    if (!switches.rateHeaders) return {};
    const used = rate.inWindow(at, switches.windowMs);
    return { 'X-RateLimit-Limit': String(switches.rateLimit), 'X-RateLimit-Remaining': String(Math.max(0, switches.rateLimit - used)) };
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse): void {
      handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) respond(res, { status: 500, json: { message: 'An error has occurred.' } }, {});
      });
    },
    /** Stops handling: calls still waiting out their latency are dropped. */
    close(): void {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Log in - OneFile</title></head><body><form method="post" action="/Account/Login"><input name="Username"><input name="Password" type="password"></form></body></html>';

const BAD_GATEWAY_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The upstream server did not answer in time.</p></body></html>';

const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>We are updating OneFile</h1><p>Please try again in a few minutes.</p></body></html>';

function respond(
  res: ServerResponse,
  reply: Reply,
  headers: Record<string, string>,
  keyCase: SandboxSwitches['answerKeys'] = 'pascal',
  values: AnswerValues = 'documented',
): void {
  if (res.destroyed) return;
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(reply.text) });
    res.end(reply.text);
  } else if (reply.html !== undefined) {
    res.writeHead(reply.status, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(reply.html) });
    res.end(reply.html);
  } else if (reply.json !== undefined) {
    const text = JSON.stringify(typedAs(reply.json, values), keyCase === 'camel' ? camelKeys : undefined);
    res.writeHead(reply.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  } else {
    res.writeHead(reply.status, headers);
    res.end();
  }
}

/** A role's name, as an enum converter writes the `Role` of a user. */
const ROLE_NAMES: Record<number, string> = { 1: 'Learner', 4: 'TraineeAssessor', 5: 'Assessor', 10: 'InternalQualityAssurer', 40: 'Employer', 45: 'Observer' };

/** An answer's values as the `answerValues` switch types them. */
function typedAs(json: unknown, values: AnswerValues): unknown {
  if (values === 'documented') return json;
  const retype = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => retype(item, ''));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, retype(v, k)]));
    if (values === 'strings') return typeof value === 'number' ? String(value) : typeof value === 'boolean' ? (value ? 'True' : 'False') : value;
    if (key === 'Role' && typeof value === 'number') return ROLE_NAMES[value] ?? value;
    if (key === 'ULN' && typeof value === 'string' && /^[1-9]\d{0,14}$/.test(value)) return Number(value);
    return value;
  };
  return retype(json, '');
}

/**
 * `JSON.stringify`'s replacer for the `answerKeys: camel` switch: every object's keys as
 * .NET's camel-case naming policy writes them (`ID` -> `id`, `MISID` -> `misid`,
 * `FirstName` -> `firstName`, `DefaultAssessorID` -> `defaultAssessorID`).
 */
function camelKeys(this: unknown, _key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [camelCase(key), v]));
}

function camelCase(key: string): string {
  let upper = 0;
  while (upper < key.length && key[upper] >= 'A' && key[upper] <= 'Z') upper += 1;
  if (upper === 0) return key;
  // A run of capitals is lowered whole, but the last one stays when a lower-case letter follows it (a new word).
  const cut = upper === 1 || upper === key.length || !(key[upper] >= 'a' && key[upper] <= 'z') ? upper : upper - 1;
  return key.slice(0, cut).toLowerCase() + key.slice(cut);
}
