import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { createOneFileClient } from '../../main/onefile';

/** One request as the scripted server received it. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Script = (request: Received, response: ServerResponse) => unknown;

export interface ScriptedServer {
  baseUrl: string;
  /** Every request received, Authentication included, in arrival order. */
  received: Received[];
  /** Requests other than Authentication. */
  calls(): Received[];
  close(): Promise<void>;
}

export const SESSION_TOKEN = 'session-7f3a9c2e-distinctive';

/**
 * A small local OneFile stand-in for behaviours the sandbox does not produce
 * (malformed answers, 403, dropped connections at chosen moments). Authentication is
 * answered with SESSION_TOKEN (or, with `distinctTokens`, SESSION_TOKEN-1, -2...) unless
 * the script handles it.
 */
export async function startScriptedServer(script: Script, options: { handleAuth?: boolean; distinctTokens?: boolean } = {}): Promise<ScriptedServer> {
  const received: Received[] = [];
  let signIns = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').replace(/^\/api\/v2\.1\//, '');
    const request: Received = { method: req.method ?? 'GET', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    received.push(request);
    if (options.handleAuth !== false && path === 'Authentication') {
      signIns += 1;
      // A new session token each sign-in, as OneFile issues them, when the test needs to tell them apart.
      res.writeHead(200, { 'content-type': 'text/plain' }).end(options.distinctTokens ? `${SESSION_TOKEN}-${signIns}` : SESSION_TOKEN);
      return;
    }
    await script(request, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v2.1/`,
    received,
    calls: () => received.filter((r) => r.path !== 'Authentication'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For a test file: `clientFor(script)` starts a scripted server and a client of it that
 * tries each call once; every server is closed after each test.
 */
export function scriptedClients(customerToken: string) {
  const servers: ScriptedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (script: Script, options: { distinctTokens?: boolean } = {}) => {
    const onefile = await startScriptedServer(script, options);
    servers.push(onefile);
    return { onefile, client: createOneFileClient({ baseUrl: onefile.baseUrl, customerToken, retry: { attempts: 1, baseDelayMs: 1 } }) };
  };
}

/** Answers with JSON (or any text) and a status. */
export function answer(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}

/**
 * A clock that skips ahead instead of waiting: `sleep(ms)` moves it forward at once.
 * Real I/O still happens; only the client's waits become instant and observable.
 */
export function skippingTime() {
  // The clock moves only by the waits: real time passing between two readings (a loaded
  // machine) would shorten a wait and make a test of its length flaky.
  const start = Date.now();
  let offset = 0;
  const slept: number[] = [];
  return {
    slept,
    clock: () => start + offset,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        slept.push(ms);
        offset += ms;
        setImmediate(resolve);
      }),
  };
}
