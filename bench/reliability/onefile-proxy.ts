import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A OneFile that misbehaves on purpose: a small HTTP proxy in front of a real (sandbox)
 * OneFile that passes every call through, and for the calls a rule picks, answers
 * badly instead: a wrong shape, invalid JSON, a huge body, a slow drip, an answer that
 * never ends, no answer at all, a web page. The call is forwarded first, so a write
 * the proxy spoils has still been done, exactly as when OneFile does the work and its
 * answer is lost or garbled on the way.
 *
 * It also notes every token that passes (customer tokens sent, session tokens issued
 * and used), so a test can look for them in everything the importer left behind.
 */

export type HostileMode = 'wrong-shape' | 'invalid-json' | 'huge-body' | 'slow-drip' | 'never-ends' | 'no-answer' | 'html-page' | 'empty-body';

export const HOSTILE_MODES: readonly HostileMode[] = ['wrong-shape', 'invalid-json', 'huge-body', 'slow-drip', 'never-ends', 'no-answer', 'html-page', 'empty-body'];

export interface HostileRule {
  /** Which calls, e.g. /^GET Customer$/ or /^POST User$/ (method, a space, the path after the API prefix). */
  route: RegExp;
  mode: HostileMode;
  /** Spoil only this many matching calls (default: all). */
  times?: number;
}

export interface OneFileProxy {
  baseUrl: string;
  /** Live: add or remove rules mid-run. */
  rules: HostileRule[];
  /** Calls the proxy spoiled: "METHOD path -> mode". */
  spoiled: string[];
  /** Every customer token sent through the proxy. */
  customerTokens: Set<string>;
  /** Every session token OneFile issued or the client sent. */
  sessionTokens: Set<string>;
  close(): Promise<void>;
}

/** Bytes the huge-body mode sends: above the client's 50 MB ceiling. */
export const HUGE_BODY_BYTES = 60 * 1024 * 1024;

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host };
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** The same JSON in a shape no OneFile route answers: arrays become objects, objects arrays, text a number. */
function wrongShape(body: Buffer): string {
  const text = body.toString('utf8').trim();
  if (text.startsWith('[')) return JSON.stringify({ Results: JSON.parse(text), Total: 1 });
  if (text.startsWith('{')) return JSON.stringify([{ Unexpected: true }, 42]);
  return JSON.stringify({ Value: text });
}

export async function startOneFileProxy(upstreamBaseUrl: string, rules: HostileRule[] = []): Promise<OneFileProxy> {
  const upstream = new URL(upstreamBaseUrl);
  const prefix = upstream.pathname;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const proxy: Omit<OneFileProxy, 'baseUrl' | 'close'> = { rules, spoiled: [], customerTokens: new Set(), sessionTokens: new Set() };
  const used = new Map<HostileRule, number>();

  function every(ms: number, tick: () => boolean): void {
    const timer = setInterval(() => {
      if (!tick()) {
        clearInterval(timer);
        timers.delete(timer);
      }
    }, ms);
    timers.add(timer);
  }

  async function spoil(res: ServerResponse, mode: HostileMode, answer: Upstream): Promise<void> {
    const json = { 'Content-Type': 'application/json; charset=utf-8' };
    switch (mode) {
      case 'wrong-shape':
        res.writeHead(200, json).end(wrongShape(answer.body));
        return;
      case 'invalid-json':
        res.writeHead(200, json).end('{"ID": 12, "FirstName": "Trunc');
        return;
      case 'html-page':
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html><body><h1>Service Unavailable</h1><p>Please sign in to the Wi-Fi.</p></body></html>');
        return;
      case 'empty-body':
        res.writeHead(200, json).end();
        return;
      case 'huge-body': {
        res.writeHead(200, json);
        const chunk = Buffer.from(`{"ID":1,"Name":"${'x'.repeat(1000)}"},`.repeat(1000));
        res.write('[');
        for (let sent = 0; sent < HUGE_BODY_BYTES && !res.destroyed; sent += chunk.length) {
          if (!res.write(chunk)) await drainedOrClosed(res);
        }
        if (!res.destroyed) res.end('{"ID":1}]');
        return;
      }
      case 'slow-drip':
        // A byte every 200 ms, forever: each byte is on time, the whole never is.
        res.writeHead(200, json);
        res.write('[');
        every(200, () => {
          if (res.destroyed) return false;
          res.write(' ');
          return true;
        });
        return;
      case 'never-ends':
        res.writeHead(200, { ...json, 'Content-Length': String(answer.body.length + 100) });
        res.write(answer.body);
        return;
      case 'no-answer':
        return;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const customer = req.headers['x-customertoken'];
    const session = req.headers['x-tokenid'];
    if (typeof customer === 'string' && customer) proxy.customerTokens.add(customer);
    if (typeof session === 'string' && session) proxy.sessionTokens.add(session);
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method} ${path.startsWith(prefix) ? path.slice(prefix.length) : path}`;
    const answer = await forward(upstream, req, body);
    if (/Authentication$/i.test(path) && answer.status === 200) {
      proxy.sessionTokens.add(answer.body.toString('utf8').trim().replace(/^"(.*)"$/, '$1'));
    }
    const rule = proxy.rules.find((r) => r.route.test(route) && (r.times === undefined || (used.get(r) ?? 0) < r.times));
    if (rule) {
      used.set(rule, (used.get(rule) ?? 0) + 1);
      proxy.spoiled.push(`${route} -> ${rule.mode}`);
      return spoil(res, rule.mode, answer);
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'retry-after']) {
      const value = answer.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    res.writeHead(answer.status, headers).end(answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...proxy,
    get rules() {
      return proxy.rules;
    },
    set rules(next) {
      proxy.rules = next;
    },
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
