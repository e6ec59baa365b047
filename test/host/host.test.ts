import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../main/host/host-server';
import { SECRET_HEADER } from '../../main/host/request-guards';
import { fakeRuntime } from './fake-runtime';

let rendererDir = '';
const running: RunningHost[] = [];

beforeAll(() => {
  rendererDir = mkdtempSync(path.join(tmpdir(), 'onefile-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>OneFile Bulk Importer</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log("app")');
  writeFileSync(path.join(path.dirname(rendererDir), 'outside-secret.txt'), 'not to be served');
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((host) => host.close()));
});

async function start(runtime = fakeRuntime()) {
  const host = await startHost({ runtime, rendererDir, secret: 'launch-secret-for-tests' });
  running.push(host);
  return { host, runtime };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so the test controls Host and Origin exactly as an attacker's browser could. */
function send(host: RunningHost, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${host.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const call = (host: RunningHost, method: string, input: unknown, headers: Record<string, string> = {}) =>
  send(host, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', [SECRET_HEADER]: 'launch-secret-for-tests', origin: host.origin, ...headers },
    body: JSON.stringify(input),
  });

describe('browser mode: who may call the service', () => {
  it('prints a link with the key in the fragment, which browsers never send to a server', async () => {
    const { host } = await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#key=launch-secret-for-tests`);
  });

  it('makes a fresh random key for every launch', async () => {
    const a = await startHost({ runtime: fakeRuntime(), rendererDir });
    const b = await startHost({ runtime: fakeRuntime(), rendererDir });
    running.push(a, b);
    const key = (url: string) => url.split('#key=')[1];
    expect(key(a.url)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key(a.url)).not.toBe(key(b.url));
  });

  it('answers a call that carries the key from the app page', async () => {
    const { host, runtime } = await start();
    const answer = await call(host, 'chooseOrganisation', { organisationId: 5740 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, value: { method: 'chooseOrganisation', input: { organisationId: 5740 } } });
    expect(runtime.calls).toHaveLength(1);
  });

  it('refuses a call without the key, or with the wrong one, and calls nothing', async () => {
    const { host, runtime } = await start();
    expect((await call(host, 'getState', {}, { [SECRET_HEADER]: '' })).status).toBe(401);
    expect((await call(host, 'getState', {}, { [SECRET_HEADER]: 'launch-secret-for-tesTS' })).status).toBe(401);
    expect((await send(host, { path: '/api/events' })).status).toBe(401);
    expect(runtime.calls).toEqual([]);
  });

  it("refuses another site's page, even one that knows the key", async () => {
    const { host, runtime } = await start();
    const answer = await call(host, 'getState', {}, { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.message).toMatch(/other sites/);
    expect((await call(host, 'getState', {}, { origin: 'null' })).status).toBe(403);
    expect(runtime.calls).toEqual([]);
  });

  it('refuses a request for another host name (DNS rebinding), even for the page', async () => {
    const { host } = await start();
    expect((await send(host, { path: '/', headers: { host: `attacker.example:${host.port}` } })).status).toBe(403);
    expect((await call(host, 'getState', {}, { host: `attacker.example:${host.port}` })).status).toBe(403);
    expect((await send(host, { path: '/', headers: { host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('rejects a malformed argument with the method and the field named', async () => {
    const { host } = await start();
    const answer = await call(host, 'updateCell', { index: -1, column: 2, value: 'x' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatchObject({ method: 'updateCell', field: 'index', code: 'invalid-input' });
    const notJson = await send(host, {
      method: 'POST',
      path: '/api/getState',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: 'launch-secret-for-tests' },
      body: '{oops',
    });
    expect(JSON.parse(notJson.body).error.message).toBe('getState was called with a body that is not JSON.');
    expect((await call(host, 'runShell', {})).status).toBe(404);
  });

  it('keeps the customer token out of error answers', async () => {
    const runtime = fakeRuntime({
      connect: async () => {
        throw new Error('Authentication failed for cust-token-123456');
      },
    });
    const { host } = await start(runtime);
    const answer = await call(host, 'connect', { environment: 'beta', customerToken: 'cust-token-123456' });
    expect(answer.body).not.toContain('cust-token-123456');
    expect(JSON.parse(answer.body).error.message).toBe('Authentication failed for [customer token]');
  });
});

describe('browser mode: the page', () => {
  it('serves the built window with the CSP and no-framing headers', async () => {
    const { host } = await start();
    const page = await send(host, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('OneFile Bulk Importer');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
    const script = await send(host, { path: '/assets/index-abc.js' });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('serves nothing outside the built folder', async () => {
    const { host } = await start();
    for (const attempt of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt', '/assets/%00.js']) {
      const answer = await send(host, { path: attempt });
      expect(answer.body).not.toContain('not to be served');
    }
  });
});

describe('browser mode: events', () => {
  it('opens the stream at once and delivers an event sent by the very first call', async () => {
    const runtime = fakeRuntime();
    runtime.handlers.getState = async () => {
      runtime.hub.emit('progress', { kind: 'task', task: 'names', value: 0.25, title: 'Reading', description: 'classes', calls: 3, etaMs: null });
      return {} as never;
    };
    const { host } = await start(runtime);
    const controller = new AbortController();
    const stream = await fetch(`${host.origin}/api/events`, { headers: { [SECRET_HEADER]: 'launch-secret-for-tests' }, signal: controller.signal });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain(': connected');
    await call(host, 'getState', {});
    while (!text.includes('\n\nevent: progress')) text += decoder.decode((await reader.read()).value);
    const frame = text.slice(text.indexOf('event: progress'));
    expect(JSON.parse(frame.split('data: ')[1].split('\n')[0])).toEqual({ kind: 'task', task: 'names', value: 0.25, title: 'Reading', description: 'classes', calls: 3, etaMs: null });
    controller.abort();
  });
});
