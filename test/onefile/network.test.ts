import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOneFileClient, systemProxyUrl, type NetworkOptions } from '../../main/onefile';
import { describeRoute } from '../../main/onefile/network';
import { answer, startScriptedServer, type ScriptedServer } from './scripted-server';

/**
 * The networks centres have: everything through a proxy (the system's, or the one
 * HTTPS_PROXY names), and secure connections inspected with the network's own root
 * certificate. Before, the importer knew neither: behind a proxy no call left the
 * computer, and under inspection every call failed as "Could not reach OneFile ...
 * Check the internet connection" after four tries.
 */

const customer = { ID: 2070, Name: 'Example Beta Customer' };
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const certificate = fs.readFileSync(path.join(FIXTURES, 'test-onefile-cert.pem'), 'utf8');
const key = fs.readFileSync(path.join(FIXTURES, 'test-onefile-key.pem'), 'utf8');

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A proxy as networks run them: CONNECT opens a tunnel (or, `refuse`, is answered with that status). */
async function startProxy(refuse?: number): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    socket.on('error', () => socket.destroy());
    if (refuse) {
      socket.end(`HTTP/1.1 ${refuse} Refused\r\nProxy-Authenticate: Basic realm="college"\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    // The proxy knows the test's name for OneFile (the computer does not: only through the proxy is it reached).
    const upstream = net.connect(Number(port), host === 'onefile.test' ? '127.0.0.1' : host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  server.on('connection', (socket) => closers.push(async () => void socket.destroy()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}

/** A OneFile answering on HTTPS with a certificate no public authority signed (as an inspecting network presents). */
async function startSecureOneFile(): Promise<{ baseUrl: string; requests: string[]; connections: () => number }> {
  const requests: string[] = [];
  let connections = 0;
  const server = https.createServer({ key, cert: certificate }, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url?.endsWith('/Authentication')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('session-secure');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(customer));
  });
  // Counted when accepted: before the certificate is sent, so before the client can refuse it.
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  server.on('connection', (socket) => closers.push(async () => void socket.destroy()));
  return { baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2.1/`, requests, connections: () => connections };
}

async function scripted(): Promise<ScriptedServer> {
  const onefile = await startScriptedServer((_req, res) => answer(res, 200, customer));
  closers.push(() => onefile.close());
  return onefile;
}

function clientOn(baseUrl: string, network: NetworkOptions) {
  const client = createOneFileClient({ baseUrl, customerToken: 'customer-token-network', network, retry: { attempts: 3, baseDelayMs: 1 } });
  closers.push(() => client.close());
  return client;
}

describe('a proxy between this computer and OneFile', () => {
  it('the one the system names: every call goes through it', async () => {
    const onefile = await scripted();
    const proxy = await startProxy();
    const client = clientOn(onefile.baseUrl, { proxyUrl: proxy.url, env: {} });
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(onefile.baseUrl).host]));
  });

  it('the one HTTPS_PROXY or HTTP_PROXY names; never for this computer itself (NO_PROXY, with this computer added)', async () => {
    const onefile = await startSecureOneFile();
    const proxy = await startProxy();
    // OneFile by a name that is not this computer's own: only the proxy knows where it is.
    const named = onefile.baseUrl.replace('127.0.0.1', 'onefile.test');
    const trusted = { systemCertificates: () => [certificate] };
    await expect(clientOn(named, { ...trusted, env: { HTTP_PROXY: proxy.url } }).getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(named).host]));
    const through = proxy.tunnels.length;
    await expect(clientOn(onefile.baseUrl, { ...trusted, env: { HTTPS_PROXY: proxy.url } }).getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(proxy.tunnels.length).toBe(through);
  });

  it('one that asks for a sign-in (407): said once, with what to do, nothing sent to OneFile and no try again', async () => {
    const onefile = await scripted();
    const proxy = await startProxy(407);
    const failure = clientOn(onefile.baseUrl, { proxyUrl: proxy.url, env: {} }).getCustomer();
    await expect(failure).rejects.toThrow(/The proxy between this computer and OneFile refused to connect to 127\.0\.0\.1:\d+ \(HTTP 407\), so POST Authentication was not sent\. It asks for a sign-in/);
    expect(proxy.tunnels).toHaveLength(1);
    expect(onefile.received).toHaveLength(0);
  });

  it('one that is not running: the message says the calls go through it', async () => {
    const onefile = await scripted();
    const gone = net.createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    await expect(clientOn(onefile.baseUrl, { proxyUrl: `http://127.0.0.1:${port}`, env: {} }).getCustomer()).rejects.toThrow(
      new RegExp(`through the proxy 127\\.0\\.0\\.1:${port}\\. Check the proxy's address and that it is running`),
    );
  });

  it('the message about not reaching OneFile says how calls travel: NO_PROXY and this computer directly, else the proxy named for the address', () => {
    const env = { HTTPS_PROXY: 'http://user:secret@proxy.college.ac.uk:8080', HTTP_PROXY: 'http://plain.college.ac.uk:3128', NO_PROXY: '.internal.college.ac.uk, wsapibeta.onefile.co.uk:8443' };
    expect(describeRoute({ env }, 'https://wsapi.onefile.co.uk/api/v2.1/')).toBe('through the proxy proxy.college.ac.uk:8080 (HTTPS_PROXY)');
    expect(describeRoute({ env }, 'http://onefile.internal.college.ac.uk/api/')).toBe('directly (NO_PROXY names it)');
    expect(describeRoute({ env }, 'https://wsapibeta.onefile.co.uk:8443/api/v2.1/')).toBe('directly (NO_PROXY names it)');
    expect(describeRoute({ env }, 'https://wsapibeta.onefile.co.uk/api/v2.1/')).toBe('through the proxy proxy.college.ac.uk:8080 (HTTPS_PROXY)');
    expect(describeRoute({ env: { HTTP_PROXY: 'http://plain.college.ac.uk:3128' } }, 'https://wsapi.onefile.co.uk/api/v2.1/')).toBe('through the proxy plain.college.ac.uk:3128 (HTTP_PROXY)');
    expect(describeRoute({ env }, 'http://127.0.0.1:4010/api/v2.1/')).toBe('directly (NO_PROXY names it)');
    expect(describeRoute({ env: { ...env, NO_PROXY: '*' } }, 'https://wsapi.onefile.co.uk/api/v2.1/')).toBe('directly (NO_PROXY names it)');
    expect(describeRoute({ env: {} }, 'https://wsapi.onefile.co.uk/api/v2.1/')).toBe('directly');
    expect(describeRoute({ proxyUrl: 'http://user:secret@system.proxy:8080', env }, 'https://wsapi.onefile.co.uk/')).toBe('through the proxy system.proxy:8080');
  });

  it('the system answer is read as a browser reads it', () => {
    expect(systemProxyUrl('DIRECT')).toBeUndefined();
    expect(systemProxyUrl('PROXY proxy.college.ac.uk:8080; DIRECT')).toBe('http://proxy.college.ac.uk:8080');
    expect(systemProxyUrl('HTTPS secure-proxy:443')).toBe('https://secure-proxy:443');
    expect(systemProxyUrl('SOCKS5 socks:1080; PROXY web:3128')).toBe('http://web:3128');
    expect(systemProxyUrl('SOCKS5 socks:1080')).toBeUndefined();
    expect(systemProxyUrl('')).toBeUndefined();
  });
});

describe("a network that inspects secure connections with its own certificate", () => {
  it('is said to be that, with what to do: once, nothing sent', async () => {
    const onefile = await startSecureOneFile();
    const failure = clientOn(onefile.baseUrl, { env: {}, systemCertificates: () => [] }).getCustomer();
    await expect(failure).rejects.toThrow(
      /The certificate 127\.0\.0\.1:\d+ presented is not one this computer trusts \(DEPTH_ZERO_SELF_SIGNED_CERT\), so POST Authentication was not sent\. A proxy or firewall on this network may be inspecting secure connections .* NODE_EXTRA_CA_CERTS/,
    );
    expect(onefile.requests).toEqual([]);
    expect(onefile.connections()).toBe(1);
  });

  it("is trusted once its authority is in the system's store, as a browser trusts it", async () => {
    const onefile = await startSecureOneFile();
    const client = clientOn(onefile.baseUrl, { env: {}, systemCertificates: () => [certificate] });
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(onefile.requests).toEqual(['POST /api/v2.1/Authentication', 'GET /api/v2.1/Customer']);
  });
});
