import type { Dispatcher } from 'undici';
import { isCertificateFailure, isHandshakeFailure, proxyRefusalCode } from './network';

/** One HTTP answer, read in full: status, headers and the body as text. */
export interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface ExchangeLimits {
  /** The whole exchange (connect, headers and body) must finish within this. */
  timeoutMs: number;
  /** A larger body is refused: a hostile or broken server cannot exhaust memory. */
  maxBytes: number;
}

/**
 * Why an exchange produced no answer. `notSent` is true only when the request
 * provably never reached the server (connection refused, name not resolved, no
 * connection within the connect timeout): then even a write may be sent again.
 */
export class ExchangeFailure extends Error {
  constructor(
    /**
     * `handshake`: no secure connection could be set up (the server does not speak TLS);
     * `certificate`: OneFile's certificate was not trusted; `proxy`: the proxy refused the
     * tunnel. None reached OneFile, and a try again meets the same.
     */
    readonly reason: 'network' | 'timeout' | 'too-large' | 'handshake' | 'certificate' | 'proxy',
    readonly notSent: boolean,
    readonly causeCode: string,
  ) {
    super(`exchange failed: ${reason} (${causeCode})`);
    this.name = 'ExchangeFailure';
  }
}

/** Error codes raised before a single byte of the request left this machine (an invalid argument is refused before connecting). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_INVALID_ARG']);

export interface ExchangeRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Close the connection after this exchange (undici `reset`). */
  closeAfter?: boolean;
}

/**
 * Sends one request through undici and reads the whole answer, within the time and
 * size limits. Never retries: the caller decides what is safe to repeat.
 */
export async function exchange(dispatcher: Dispatcher, request: ExchangeRequest, limits: ExchangeLimits): Promise<Exchange> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('OneFile request timed out'));
  }, limits.timeoutMs);
  try {
    const response = await dispatcher.request({
      origin: request.url.origin,
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: controller.signal,
      reset: request.closeAfter ?? false,
      headersTimeout: limits.timeoutMs,
      bodyTimeout: limits.timeoutMs,
    });
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      response.body.destroy();
      throw new ExchangeFailure('too-large', false, 'BODY_TOO_LARGE');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limits.maxBytes) {
        response.body.destroy();
        throw new ExchangeFailure('too-large', false, 'BODY_TOO_LARGE');
      }
      chunks.push(buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
    return { status: response.statusCode, headers: response.headers, text };
  } catch (error) {
    if (error instanceof ExchangeFailure) throw error;
    const code = errorCode(error);
    if (timedOut) throw new ExchangeFailure('timeout', false, 'TIMEOUT');
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') throw new ExchangeFailure('timeout', false, code);
    if (isCertificateFailure(code)) throw new ExchangeFailure('certificate', true, code);
    if (isHandshakeFailure(code)) throw new ExchangeFailure('handshake', true, code);
    const proxyRefusal = proxyRefusalCode(error);
    if (proxyRefusal) throw new ExchangeFailure('proxy', true, proxyRefusal);
    throw new ExchangeFailure('network', NOT_SENT_CODES.has(code), code);
  } finally {
    clearTimeout(timer);
  }
}

/** The error code of a network error, looking inside AggregateError and `cause`. */
function errorCode(error: unknown): string {
  const e = error as { code?: unknown; errors?: unknown[]; cause?: unknown } | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (Array.isArray(e?.errors) && e.errors.length > 0) return errorCode(e.errors[0]);
  if (e?.cause) return errorCode(e.cause);
  return 'UNKNOWN';
}
