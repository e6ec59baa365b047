import { OneFileError, type Redactor } from './errors';
import { sendForEveryone } from './call-scope';
import { badResponse, errorForAnswer } from './responses';
import type { Transport } from './transport';

/** OneFile sessions last 24 h; integrations renew at 23 h. */
export const DEFAULT_RENEW_AFTER_MS = 23 * 60 * 60_000;

const AUTH_ROUTE = 'POST Authentication';

/** A token we can put in a header: visible ASCII, no spaces, of a sane length. */
const HEADER_SAFE = /^[\x21-\x7e]{1,4096}$/;

export interface SessionOptions {
  transport: Transport;
  customerToken: string;
  renewAfterMs: number;
  clock: () => number;
  redact: Redactor;
  /**
   * The same OneFile at the other API version's path (environments.ts, `otherApiVersion`):
   * tried once where the address has no Authentication route (404, 405).
   */
  otherBaseUrl?: string;
  /** Sign-in found OneFile at `otherBaseUrl`: every call goes there now. */
  onMoved?: (baseUrl: string) => void;
}

/** A 404 or 405 to Authentication: no sign-in route at that address (a wrong token is 401 or 403). */
const noSignInRoute = (status: number) => status === 404 || status === 405;

/** Nothing at the address (nor at the other API version's path) signs in: the address is wrong, not the token. */
function noSignInAt(baseUrl: string, status: number, other: string | undefined): OneFileError {
  const also = other ? `, nor at ${other}` : '';
  return new OneFileError({
    kind: 'not-found',
    endpoint: AUTH_ROUTE,
    status,
    message:
      `Nothing at ${baseUrl} answers OneFile's sign-in (HTTP ${status} to ${AUTH_ROUTE}${also}). ` +
      "Check the OneFile API address: OneFile's own are https://wsapi.onefile.co.uk/api/v2.1/ (Live), wsapibeta (Beta) and wsapi2 (Practice).",
  });
}

/**
 * The error for a refused customer token: at sign-in, or when a call is refused again
 * right after signing in afresh. It never quotes the token.
 */
export function customerTokenRefused(route: string, status?: number): OneFileError {
  const where = status ? ` (HTTP ${status} on ${route})` : '';
  const again = route === AUTH_ROUTE ? '' : ', even after signing in again: it may be wrong, expired, or lack permission for this';
  return new OneFileError({
    kind: 'auth',
    endpoint: route,
    status,
    message:
      `OneFile refused the customer token${where}${again}. ` +
      'Check the customer API token in Settings, or ONEFILE_CUSTOMER_TOKEN for the command line, ' +
      'and that it belongs to the chosen environment (Live, Beta or Practice).',
  });
}

/**
 * A customer token as given, without what surrounds it: a space pasted with it, the CR a
 * token file saved on Windows keeps (`$(cat token.txt)`), a BOM. No token begins or ends so.
 */
export function tidyCustomerToken(token: string): string {
  return token.replace(/^[\s\uFEFF]+|[\s\uFEFF]+$/g, '');
}

/**
 * The session token (X-TokenID), shared by every call of a client. Signing in is
 * `POST Authentication` with X-CustomerToken and no body; the session token is the
 * raw body, trimmed, one pair of quotes stripped, or an `X-TokenID` answer header. Concurrent callers share one
 * sign-in; the token is renewed after `renewAfterMs` and whenever a call reports it
 * refused (see `refused`).
 */
export class Session {
  private current: { token: string; issuedAt: number } | undefined;
  private signingIn: Promise<string> | undefined;
  private readonly issued = new Set<string>();
  private readonly acceptedTokens = new Set<string>();
  /** Calls waiting for a new session's first call to come back (`tokenToSend`). */
  private readonly waitingForProof: Array<() => void> = [];
  /** Calls sent with each session token and not yet back. */
  private readonly onTheirWay = new Map<string, number>();
  /** How the last session token came: the raw body (as documented), a JSON string, or in a JSON object. */
  tokenForm: SessionTokenForm | undefined;
  /** Where sign-in tries next when the address has no Authentication route (then where it came from, to move back). */
  private otherBaseUrl: string | undefined;

  constructor(private readonly options: SessionOptions) {
    this.otherBaseUrl = options.otherBaseUrl;
    if (!HEADER_SAFE.test(options.customerToken)) {
      throw new OneFileError({
        kind: 'auth',
        endpoint: AUTH_ROUTE,
        message:
          'The customer token is empty or contains spaces or characters a token cannot have. ' +
          'Paste it again in Settings, or set ONEFILE_CUSTOMER_TOKEN for the command line.',
      });
    }
  }

  /** Every session token this client was given: the redactor hides them. */
  get tokensIssued(): Iterable<string> {
    return this.issued;
  }

  /** A live session token, signing in first if there is none or it is due for renewal. */
  async token(): Promise<string> {
    const current = this.current;
    if (current && this.options.clock() - current.issuedAt < this.options.renewAfterMs) return current.token;
    this.signingIn ??= this.signIn().finally(() => {
      this.signingIn = undefined;
    });
    return this.signingIn;
  }

  /** A call was answered with this token: it was a good session, whatever happens to it later. */
  accepted(token: string): void {
    this.acceptedTokens.add(token);
    this.wakeWaitingForProof();
  }

  /**
   * A live session token for one call, counted as on its way (`back` when it has come back).
   * A session no call has been answered with yet carries one call at a time; the others wait
   * for that call to come back. With many calls at once where OneFile ends sessions every few
   * calls, a new session could otherwise be ended by its own calls' arrival before any of them
   * was answered, again with the next, and the next (8 calls at once against sessions ending
   * every 9th call never got one through). Proved by one answer, a session has carried at
   * least that call, and a session refused at its first call is one that never worked.
   */
  async tokenToSend(): Promise<string> {
    for (;;) {
      const token = await this.token();
      if (this.acceptedTokens.has(token) || !this.onTheirWay.has(token)) {
        this.sending(token);
        return token;
      }
      await new Promise<void>((resolve) => this.waitingForProof.push(resolve));
    }
  }

  private wakeWaitingForProof(): void {
    for (const wake of this.waitingForProof.splice(0)) wake();
  }

  wasAccepted(token: string): boolean {
    return this.acceptedTokens.has(token);
  }

  /** Some call of this client was answered with one of its sessions: the customer token works. */
  anyAccepted(): boolean {
    return this.acceptedTokens.size > 0;
  }

  /** A call is sent with this token (`back` when it has come back, answered or not). */
  private sending(token: string): void {
    this.onTheirWay.set(token, (this.onTheirWay.get(token) ?? 0) + 1);
  }

  back(token: string): void {
    const calls = (this.onTheirWay.get(token) ?? 1) - 1;
    if (calls > 0) {
      this.onTheirWay.set(token, calls);
      return;
    }
    this.onTheirWay.delete(token);
    // A new session's one call is back: the next may go (after its caller has said whether it was answered).
    if (this.waitingForProof.length > 0) queueMicrotask(() => this.wakeWaitingForProof());
  }

  /** A call was refused with this token: forget it (unless another caller already renewed). */
  refused(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private sendSignIn(baseUrl?: string) {
    return sendForEveryone(() => this.options.transport.send({
      method: 'POST',
      path: 'Authentication',
      route: AUTH_ROUTE,
      headers: { 'X-CustomerToken': this.options.customerToken },
      // An extra session is harmless (several may be live), so signing in may be repeated.
      safeToRepeat: true,
      ...(baseUrl ? { baseUrl } : {}),
    }));
  }

  private async signIn(): Promise<string> {
    const issuedAt = this.options.clock();
    const { transport } = this.options;
    let answer = await this.sendSignIn();
    if (noSignInRoute(answer.status)) {
      const other = this.otherBaseUrl;
      if (!other) throw noSignInAt(transport.baseUrl, answer.status, undefined);
      // The guides write /api/v2/, integrations /api/v2.1/: a OneFile may answer at only one.
      const there = await this.sendSignIn(other);
      if (noSignInRoute(there.status)) throw noSignInAt(transport.baseUrl, answer.status, other);
      this.otherBaseUrl = transport.baseUrl;
      transport.moveTo(other);
      this.options.onMoved?.(other);
      answer = there;
    }
    const context = { route: AUTH_ROUTE, isWrite: false, redact: this.options.redact };
    if ((answer.status === 401 || answer.status === 403) && this.anyAccepted()) {
      // The token worked for this client: a sign-in refused now may have been one call too many at once. Once more, alone.
      transport.oneCallAtATime(answer.status);
      answer = await this.sendSignIn();
    }
    if (answer.status === 401 || answer.status === 403) throw customerTokenRefused(AUTH_ROUTE, answer.status);
    if (answer.status < 200 || answer.status >= 300) throw errorForAnswer(answer, context);
    const inHeader = sessionTokenFromHeader(answer.headers[SESSION_HEADER]);
    const token = inHeader ?? sessionTokenFromBody(answer.text);
    // Never describe the body or the header: either may be a token.
    if (!token) throw badResponse(context, 'did not contain a usable session token', answer.status);
    this.issued.add(token);
    this.tokenForm = inHeader ? 'header' : sessionTokenForm(answer.text);
    this.current = { token, issuedAt };
    return token;
  }
}

export type SessionTokenForm = 'plain' | 'quoted' | 'object' | 'header';

/** The answer header one guide says the session comes in ("returned in an X-TokenID header"), as Node names it. */
const SESSION_HEADER = 'x-tokenid';

/**
 * The session token in an Authentication answer's `X-TokenID` header, where OneFile sends
 * one. One guide says the session is "returned in an X-TokenID header"; the examples read
 * the body. A header of that name is the token whatever the body holds: a body beside it
 * (the session's expiry, `true`) looks like a token to a reader of bodies, and taking it
 * for one had every call refused and the customer token blamed.
 */
export function sessionTokenFromHeader(value: string | string[] | undefined): string | undefined {
  const token = (Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value)?.trim();
  return token !== undefined && HEADER_SAFE.test(token) ? token : undefined;
}

/**
 * The session token in an Authentication body: trimmed, one pair of quotes stripped; or,
 * from a JSON object, the one string under a key that names a token or a session
 * (`{"TokenID": "..."}`, `{"token": "..."}`), as an API wrapping its answers in JSON
 * would send it [assume]. An object with no such key, or two, holds no token here.
 */
export function sessionTokenFromBody(body: string): string | undefined {
  let token = body.trim();
  if (token.startsWith('{')) return tokenInObject(token);
  if (token.length >= 2 && token.startsWith('"') && token.endsWith('"')) token = token.slice(1, -1).trim();
  // Arrays, objects and HTML pages are answers from something other than a sign-in.
  return HEADER_SAFE.test(token) && !/^[{[<]/.test(token) ? token : undefined;
}

export function sessionTokenForm(body: string): SessionTokenForm {
  const text = body.trim();
  return text.startsWith('{') ? 'object' : text.startsWith('"') ? 'quoted' : 'plain';
}

const TOKEN_KEY = /^(token|token_?id|session|session_?token|session_?id|access_?token)$/i;

function tokenInObject(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const tokens = Object.entries(parsed).filter(([key, value]) => TOKEN_KEY.test(key) && typeof value === 'string');
  if (tokens.length !== 1) return undefined;
  const token = (tokens[0][1] as string).trim();
  return HEADER_SAFE.test(token) ? token : undefined;
}
