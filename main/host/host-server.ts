import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDispatcher, type Envelope } from '../../shared/contract-dispatch';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/csp';
import type { ServiceRuntime } from '../service/service-types';
import { createEventStreams } from './event-stream';
import { createLaunchSecret, hasSecret, isAllowedHost, isAllowedOrigin } from './request-guards';
import { readStaticFile } from './static-files';
import { handleUpload, UPLOAD_PATH } from './upload-route';

/**
 * Browser mode: the built renderer and the service contract on 127.0.0.1. One POST
 * per method at `/api/<method>` (JSON in, the dispatcher's envelope out), server-sent
 * events at `/api/events`, and the spreadsheet's bytes streamed to `/api/upload` (see
 * `./upload-route`). Same dispatcher as the desktop app's IPC, so behaviour is the
 * same in both faces. See `./request-guards` for who may call it.
 */

export interface HostOptions {
  runtime: ServiceRuntime;
  /** The built renderer: out/renderer. */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Tests may fix it; otherwise a fresh random one per launch. */
  secret?: string;
}

export interface RunningHost {
  /** The address to open: the secret is in the fragment, which browsers never send to a server. */
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** The largest JSON request body. A spreadsheet comes by `/api/upload`, streamed to disk, never as JSON. */
const MAX_JSON_BODY_BYTES = 1024 * 1024;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function refuse(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { ok: false, error: { method: '', code: 'untrusted-sender', message } });
}

function statusFor(envelope: Envelope): number {
  if (envelope.ok) return 200;
  if (envelope.error.code === 'invalid-input') return 400;
  if (envelope.error.code === 'unknown-method') return 404;
  return 422;
}

/**
 * The JSON body, or null when it is over the limit (declared or counted). An
 * over-size body is read to its end and dropped, not cut off, so the caller still
 * receives the 413 answer.
 */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let tooLarge = Number(request.headers['content-length'] ?? 0) > MAX_JSON_BODY_BYTES;
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BODY_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const secret = options.secret ?? createLaunchSecret();
  const dispatch = createDispatcher(options.runtime.handlers, { redact: options.runtime.redact });
  const streams = createEventStreams(options.runtime);
  let port = 0;

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    if (!hasSecret(request, secret)) {
      refuse(response, 401, 'This address needs the key from the link `onefile-import ui` printed. Open that link again.');
      return;
    }
    if (path === '/api/events') {
      if (request.method !== 'GET') return refuse(response, 405, 'The event stream is read with GET.');
      streams.open(request, response, SECURITY_HEADERS);
      return;
    }
    const method = path.slice('/api/'.length);
    if (request.method !== 'POST') return refuse(response, 405, `${method} is called with POST.`);
    if (path === UPLOAD_PATH) {
      const answer = await handleUpload(request, options.runtime);
      if (answer.close) response.shouldKeepAlive = false;
      return sendJson(response, answer.status, answer.envelope);
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(response, 415, { ok: false, error: { method, code: 'invalid-input', message: `${method}: send the input as application/json.` } });
    }
    const body = await readBody(request);
    if (body === null) {
      return sendJson(response, 413, { ok: false, error: { method, code: 'invalid-input', message: `${method}: the request is larger than the app accepts (1 MB of JSON).` } });
    }
    let input: unknown;
    try {
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      return sendJson(response, 400, { ok: false, error: { method, code: 'invalid-input', message: `${method} was called with a body that is not JSON.` } });
    }
    const envelope = await dispatch(method, input);
    sendJson(response, statusFor(envelope), envelope);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAllowedHost(request, port)) return refuse(response, 403, 'Unexpected Host: open the app at the address it printed.');
    if (!isAllowedOrigin(request, port)) return refuse(response, 403, 'Requests from other sites are refused.');
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/api' || path.startsWith('/api/')) return handleApi(request, response, path);
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Only GET is served here.');
    const file = await readStaticFile(options.rendererDir, path);
    if (!file) {
      response.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      response.end('Not found. If the app was not built, run `npm run browser`.');
      return;
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': file.contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { method: '', code: 'failed', message: 'The app could not answer this request.' } });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#key=${secret}`,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        streams.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
