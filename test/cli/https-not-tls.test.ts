import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * `--env https://...` given the address of a server that does not speak TLS (a OneFile,
 * or a test server, answering plain HTTP on that port): every try fails the handshake
 * ("wrong version number"), which the import took for OneFile not answering and waited
 * on for up to 30 minutes. A handshake that fails is met again by every try: now it is
 * said at once, naming the address and suggesting http:// or a check of the address,
 * exit 2 (could not start), nothing sent, and never the token.
 */

const WINDOW_MS = 300;
/** Short waits: the code before waited these out and gave up after 2 s (production: 30 minutes). */
const TIMING = { firstLookMs: 40, mostLookMs: 150, giveUpMs: 2_000 };
let sandbox: RunningSandbox | undefined;
let secureServer: https.Server | undefined;

afterEach(async () => {
  await sandbox?.close();
  secureServer?.closeAllConnections();
  await new Promise((resolve) => (secureServer ? secureServer.close(resolve) : resolve(undefined)));
  secureServer = undefined;
});

/** An https server whose certificate no authority signed (as a network inspecting secure connections presents); it answers nothing. */
async function untrustedServer(): Promise<{ host: string; requests: string[] }> {
  const fixtures = path.join(import.meta.dirname, '..', 'onefile', 'fixtures');
  const requests: string[] = [];
  const server = https.createServer({ key: fs.readFileSync(path.join(fixtures, 'test-onefile-key.pem')), cert: fs.readFileSync(path.join(fixtures, 'test-onefile-cert.pem')) }, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(500).end();
  });
  secureServer = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('an https:// address whose server answers plain HTTP', () => {
  it('is said at once, naming the address and what to do, exit 2, nothing waited for or sent', async () => {
    sandbox = await startSandbox({ windowMs: WINDOW_MS });
    const plain = new URL(sandbox.baseUrl);
    const secure = `https://${plain.host}${plain.pathname}`;
    const dir = tempDir('https-not-tls-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('TLS', 1)]);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const code = await runImport(file, { env: secure, org: 5740, dataDir: path.join(dir, 'data'), json: true, yes: true, rateWindowMs: WINDOW_MS, outageTiming: TIMING }, io);
    const said = io.stderr.join('');
    expect(code, said).toBe(2);
    expect(said).not.toMatch(/not answering|has not answered/);
    expect(said).toContain(`https://${plain.host} did not answer as a secure (https) server`);
    expect(said).toContain(`http://${plain.host}`);
    expect(said).toContain('check the address');
    expect(lastJson(io.stdout)).toMatchObject({ state: 'not-started', reason: expect.stringContaining(`https://${plain.host} did not answer as a secure (https) server`) });
    expect(io.stdout.join('') + said).not.toContain(sandbox.customerToken);
    // Nothing reached the server as a request: the handshake was all.
    expect(sandbox.calls).toEqual([]);
  }, 30_000);

  it('as is a certificate this computer does not trust (the README: "the import stops at once saying so")', async () => {
    const server = await untrustedServer();
    const dir = tempDir('https-untrusted-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('TLS', 1)]);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: 'customer-token-untrusted' });
    const code = await runImport(file, { env: `https://${server.host}/api/v2.1/`, org: 5740, dataDir: path.join(dir, 'data'), json: true, yes: true, rateWindowMs: WINDOW_MS, outageTiming: TIMING }, io);
    const said = io.stderr.join('');
    expect(code, said).toBe(2);
    expect(said).not.toMatch(/not answering|has not answered/);
    expect(said).toContain(`The certificate ${server.host} presented is not one this computer trusts`);
    expect(io.stdout.join('') + said).not.toContain('customer-token-untrusted');
    expect(server.requests).toEqual([]);
  }, 30_000);
});
