import type { Dispatcher } from 'undici';
import { CallWithdrawn } from './call-scope';
import { OneFileError } from './errors';
import { exchange, ExchangeFailure, type Exchange } from './http-exchange';
import type { RateLimiter, SentAs } from './limiter';

/** What the client reports to `onCall` for each HTTP exchange: never a token. */
export interface CallInfo {
  /** Route template, e.g. `POST User/Search/{page}/{size}`. */
  route: string;
  /** HTTP status, or 0 when no answer came (network error, timeout). */
  status: number;
  ms: number;
  /** Rate-limit headers of the answer (X-RateLimit-*, RateLimit-*, Retry-After), when it sent any. */
  rateHeaders?: Record<string, string>;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
}

export interface TransportOptions {
  baseUrl: string;
  /**
   * Reads travel on kept-alive connections. Writes each get a fresh connection, closed
   * after the answer: a kept-alive socket the server has just closed would fail a write
   * as "outcome unknown" although it never arrived, and a refused connection is proof
   * that it did not.
   */
  dispatchers: { read: Dispatcher; write: Dispatcher };
  limiter: RateLimiter;
  retry: RetryPolicy;
  requestTimeoutMs: number;
  /** How calls travel (`directly`, `through the proxy host:port`), for a message about not reaching OneFile. */
  route?: string;
  maxResponseBytes: number;
  /** Consecutive 429s on one call before giving up. */
  max429: number;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onCall?: (info: CallInfo) => void;
}

export interface TransportRequest {
  method: 'GET' | 'POST';
  /** Path relative to the base URL, segments already encoded. */
  path: string;
  route: string;
  headers: Record<string, string>;
  body?: unknown;
  /**
   * True for reads (GET, the POST searches) and for Authentication: safe to send
   * again after a network error or a 5xx. Writes are re-sent only when they provably
   * never left this machine.
   */
  safeToRepeat: boolean;
  /** Repeat after a 5xx while tries remain. Default: as `safeToRepeat`; calls no guide documents are not repeated. */
  repeatAfterServerError?: boolean;
  /** Send to this address instead of the transport's (signing in at the other API version's path). */
  baseUrl?: string;
}

/** Retry-After values beyond this are treated as this: a server cannot park us for hours. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Sends requests through the shared rate limiter and undici. Absorbs 429s (the caller
 * never sees one), retries where it is safe, and turns a missing answer into a
 * OneFileError. Any answer other than 429 (and a 5xx to a read, while tries remain)
 * is returned for the caller to interpret.
 */
export class Transport {
  private base: string;

  constructor(private readonly options: TransportOptions) {
    this.base = options.baseUrl;
  }

  /** The address calls go to: the one given, unless sign-in found OneFile answering at another API version's path (`moveTo`). */
  get baseUrl(): string {
    return this.base;
  }

  /** From now on one call at a time: OneFile refused one with `status` though the customer token works (the limiter's `fewerAtOnce`). */
  oneCallAtATime(status: number): void {
    this.options.limiter.fewerAtOnce(1, status);
  }

  /** From now on every call goes to this address (the same host, another API version's path). */
  moveTo(baseUrl: string): void {
    this.base = baseUrl;
  }

  async send(request: TransportRequest): Promise<Exchange> {
    const { retry } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= retry.attempts;
      let answer: Exchange;
      try {
        answer = await this.sendPastRateLimit(request);
      } catch (error) {
        if (error instanceof CallWithdrawn) {
          throw new OneFileError({
            kind: 'withdrawn',
            endpoint: request.route,
            mayHaveApplied: false,
            message: `${request.route} was not sent: it was withdrawn while it waited for the rate limit (the import was paused or cancelled).`,
          });
        }
        if (!(error instanceof ExchangeFailure)) throw error;
        // A secure connection that cannot be set up, an untrusted certificate or a proxy's refusal is met again by every try.
        const same = error.reason === 'handshake' || error.reason === 'certificate' || error.reason === 'proxy';
        if (!last && !same && (request.safeToRepeat || error.notSent)) {
          await this.options.sleep(this.backoffMs(attempt));
          continue;
        }
        throw this.failureError(request, error, attempt);
      }
      if (answer.status >= 500 && (request.repeatAfterServerError ?? request.safeToRepeat) && !last) {
        await this.options.sleep(this.backoffMs(attempt));
        continue;
      }
      return answer;
    }
  }

  /**
   * One try, repeated (at the front of the queue) while the server answers 429. A 503 to a
   * call sent while others were being answered may be a full queue's refusal of one call
   * too many (a gateway's, IIS's): fewer are sent at once from then on.
   */
  private async sendPastRateLimit(request: TransportRequest): Promise<Exchange> {
    const { limiter } = this.options;
    for (let consecutive = 1; ; consecutive += 1) {
      let sentAs: SentAs | undefined;
      const answer = await limiter.run((sent) => {
        sentAs = sent;
        return this.exchangeOnce(request);
      }, { retry: consecutive > 1 });
      if (answer.status === 503 && sentAs && sentAs.inFlight > 1) limiter.fewerAtOnce(sentAs.inFlight - 1, 503);
      if (answer.status !== 429) return answer;
      if (consecutive >= this.options.max429) {
        throw new OneFileError({
          kind: 'rate-limit',
          endpoint: request.route,
          status: 429,
          mayHaveApplied: false,
          message:
            `OneFile kept refusing ${request.route} as over its rate limit (${consecutive} times in a row). ` +
            'Another program may be using the same customer token; wait a few minutes, or lower the calls-per-minute setting, and try again.',
        });
      }
      const retryAfter = parseRetryAfter(answer.headers['retry-after'], this.options.clock());
      const minimum = Math.min(limiter.windowMs, this.options.retry.baseDelayMs * 2 ** (consecutive - 1));
      limiter.backOff(retryAfter, minimum, sentAs);
    }
  }

  private async exchangeOnce(request: TransportRequest): Promise<Exchange> {
    const started = this.options.clock();
    const url = new URL(request.path, request.baseUrl ?? this.base);
    const headers: Record<string, string> = {
      accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
      'user-agent': 'onefile-bulk-importer',
      ...request.headers,
    };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }
    let status = 0;
    let rateHeaders: Record<string, string> | undefined;
    try {
      const fresh = !request.safeToRepeat;
      const answer = await exchange(
        fresh ? this.options.dispatchers.write : this.options.dispatchers.read,
        { method: request.method, url, headers, body, closeAfter: fresh },
        { timeoutMs: this.options.requestTimeoutMs, maxBytes: this.options.maxResponseBytes },
      );
      status = answer.status;
      rateHeaders = rateLimitHeaders(answer.headers);
      return answer;
    } finally {
      this.options.onCall?.({ route: request.route, status, ms: this.options.clock() - started, ...(rateHeaders ? { rateHeaders } : {}) });
    }
  }

  /** Exponential backoff with jitter: half to all of base x 2^(attempt-1), capped. */
  private backoffMs(attempt: number): number {
    const ceiling = Math.min(MAX_BACKOFF_MS, this.options.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling * (0.5 + 0.5 * this.options.random()));
  }

  private failureError(request: TransportRequest, failure: ExchangeFailure, attempts: number): OneFileError {
    const host = new URL(this.base).host;
    const tries = attempts > 1 ? ` after ${attempts} tries` : '';
    if (failure.reason === 'too-large') {
      return new OneFileError({
        kind: 'bad-response',
        endpoint: request.route,
        causeCode: failure.causeCode,
        mayHaveApplied: !request.safeToRepeat,
        message: `OneFile's answer to ${request.route} was larger than ${Math.round(this.options.maxResponseBytes / 1_048_576)} MB and was not read. Check the environment's address points at OneFile.`,
      });
    }
    if (failure.reason === 'handshake' || failure.reason === 'certificate' || failure.reason === 'proxy') return networkRefusal(request.route, host, failure);
    if (!request.safeToRepeat && !failure.notSent) {
      return new OneFileError({
        kind: 'outcome-unknown',
        endpoint: request.route,
        causeCode: failure.causeCode,
        message:
          `${request.route} was sent to OneFile but no answer came back (${failure.reason === 'timeout' ? 'timed out' : failure.causeCode}). ` +
          'The change may or may not have been made: check OneFile before sending it again.',
      });
    }
    if (failure.reason === 'timeout') {
      return new OneFileError({
        kind: 'timeout',
        endpoint: request.route,
        causeCode: failure.causeCode,
        message: `OneFile did not answer ${request.route} within ${Math.round(this.options.requestTimeoutMs / 1000)} s${tries}. OneFile may be slow or unreachable; try again later.`,
      });
    }
    return new OneFileError({
      kind: 'network',
      endpoint: request.route,
      causeCode: failure.causeCode,
      mayHaveApplied: false,
      message:
        `Could not reach OneFile at ${host} for ${request.route} (${failure.causeCode === 'ENOTFOUND' ? `no computer is known by that name: ENOTFOUND` : failure.causeCode})${tries}` +
        (this.options.route?.startsWith('through') ? `, ${this.options.route}. Check the proxy's address and that it is running, ` : '. Check ') +
        "the internet connection and the environment's address.",
    });
  }
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}

/** The answer's rate-limit headers (none are documented; the probe reports any it sees). */
export function rateLimitHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !/^(x-)?rate-?limit|^retry-after$/i.test(name)) continue;
    (found ??= {})[name.toLowerCase()] = (Array.isArray(value) ? value.join(', ') : value).slice(0, 200);
  }
  return found;
}

/**
 * The network stood between this computer and OneFile: no secure connection could be set
 * up, its certificate was not trusted, or the proxy refused. Nothing reached OneFile.
 */
function networkRefusal(route: string, host: string, failure: ExchangeFailure): OneFileError {
  const code = failure.causeCode;
  let message: string;
  if (failure.reason === 'handshake') {
    message =
      `https://${host} did not answer as a secure (https) server: no secure connection could be set up (${code}), so ${route} was not sent. ` +
      `If the server at that address speaks plain HTTP (a test server), write its address with http://${host}; otherwise check the address (its host name and port).`;
  } else if (failure.reason === 'proxy') {
    const status = code.replace('PROXY_', '');
    message =
      `The proxy between this computer and OneFile refused to connect to ${host} (HTTP ${status}), so ${route} was not sent. ` +
      (status === '407'
        ? 'It asks for a sign-in: give it in the proxy address (HTTPS_PROXY=http://user:password@proxy:port), or ask your IT team to let this computer reach OneFile without one.'
        : `Ask your IT team to allow ${host} through the proxy.`);
  } else if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    message = `The certificate ${host} presented is out of date for this computer's clock (${code}), so ${route} was not sent. Check the date and time of this computer; if they are right, ask your IT team.`;
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    message = `The certificate ${host} presented is for another name (${code}), so ${route} was not sent. Check the environment's address; if it is right, something on this network answers in OneFile's place: ask your IT team.`;
  } else {
    message =
      `The certificate ${host} presented is not one this computer trusts (${code}), so ${route} was not sent. ` +
      'A proxy or firewall on this network may be inspecting secure connections with a certificate of its own. Ask your IT team for its root certificate: ' +
      'the desktop app trusts it once it is in the computer\'s certificate store; for the command line, name its file in the NODE_EXTRA_CA_CERTS environment variable.';
  }
  return new OneFileError({ kind: 'network', endpoint: route, causeCode: code, mayHaveApplied: false, message });
}
