import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createOneFileClient, OneFileError, type CallInfo, type OneFileClient } from '../../main/onefile';
import { answer, SESSION_TOKEN, skippingTime, startScriptedServer, type Script, type ScriptedServer } from './scripted-server';

/** Distinctive enough that any leak is found by a plain substring search. */
const CUSTOMER_TOKEN = 'CUSTOMER-SECRET-e41f7b2a9d';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A script that echoes whatever token it was sent back in its error text. */
function echoing(status: number): Script {
  return (req, res) => answer(res, status, { code: -1, message: `bad token ${req.headers['x-tokenid']} / ${CUSTOMER_TOKEN}` });
}

const newUser = { OrganisationID: 5740, FirstName: 'A', LastName: 'B', Email: 'a@b.org', Role: 5 };

interface ErrorPath {
  name: string;
  script: Script;
  handleAuth?: boolean;
  act: (client: OneFileClient) => Promise<unknown>;
  kind: OneFileError['kind'];
  options?: Record<string, unknown>;
}

const paths: ErrorPath[] = [
  { name: 'customer token refused', script: echoing(401), handleAuth: false, act: (c) => c.getCustomer(), kind: 'auth' },
  { name: 'session refused twice', script: echoing(403), act: (c) => c.getCustomer(), kind: 'auth' },
  { name: 'sign-in answer holds no token', script: (_r, res) => answer(res, 200, { token: CUSTOMER_TOKEN }), handleAuth: false, act: (c) => c.getCustomer(), kind: 'bad-response' },
  { name: 'sign-in fails with 500', script: echoing(500), handleAuth: false, act: (c) => c.getCustomer(), kind: 'server' },
  { name: 'validation echoing tokens', script: echoing(400), act: (c) => c.createUser(newUser), kind: 'validation' },
  { name: 'not found echoing tokens', script: echoing(404), act: (c) => c.getUser(7), kind: 'not-found' },
  { name: 'server error on a write', script: echoing(500), act: (c) => c.updateUser(7, { MISID: 'X' }), kind: 'server' },
  { name: 'server error on a read', script: echoing(502), act: (c) => c.getUser(7), kind: 'server' },
  { name: 'endless 429s', script: echoing(429), act: (c) => c.getCustomer(), kind: 'rate-limit', options: { max429: 2 } },
  { name: 'dropped connection on a write', script: (_r, res) => void res.socket?.destroy(), act: (c) => c.archiveUser(7), kind: 'outcome-unknown' },
  { name: 'dropped connection on a read', script: (_r, res) => void res.socket?.destroy(), act: (c) => c.getUser(7), kind: 'network' },
  { name: 'no answer in time', script: () => undefined, act: (c) => c.getUser(7), kind: 'timeout', options: { requestTimeoutMs: 100 } },
  { name: 'answer not JSON', script: (req, res) => res.writeHead(200).end(`<p>${req.headers['x-tokenid']}</p>`), act: (c) => c.getUser(7), kind: 'bad-response' },
  { name: 'answer of the wrong shape', script: (req, res) => answer(res, 200, { ID: String(req.headers['x-tokenid']) }), act: (c) => c.getUser(7), kind: 'bad-response' },
  { name: 'answer too large', script: (_r, res) => answer(res, 200, 'x'.repeat(4000)), act: (c) => c.getUser(7), kind: 'bad-response', options: { maxResponseBytes: 1000 } },
  { name: 'bad ID', script: echoing(200), act: (c) => c.getUser(0), kind: 'validation' },
];

function everyRendering(error: unknown): string {
  const e = error as Error;
  return [String(e), e.message, e.stack ?? '', inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e)].join('\n');
}

describe('tokens never leak', () => {
  it.each(paths)('keeps both tokens out of the error when $name', async (path) => {
    const onefile = await startScriptedServer(path.script, { handleAuth: path.handleAuth });
    servers.push(onefile);
    const calls: CallInfo[] = [];
    const time = skippingTime();
    const client = createOneFileClient({
      baseUrl: onefile.baseUrl,
      customerToken: CUSTOMER_TOKEN,
      clock: time.clock,
      sleep: time.sleep,
      retry: { attempts: 2, baseDelayMs: 1 },
      onCall: (info) => calls.push(info),
      ...path.options,
    });
    const error = await path.act(client).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OneFileError);
    expect(error).toMatchObject({ kind: path.kind });
    const text = everyRendering(error);
    expect(text).not.toContain(CUSTOMER_TOKEN);
    expect(text).not.toContain(SESSION_TOKEN);
    expect(JSON.stringify(calls)).not.toContain(CUSTOMER_TOKEN);
    expect(JSON.stringify(calls)).not.toContain(SESSION_TOKEN);
    await client.close();
  });

  it('keeps the token out of the error for a customer token that cannot be sent', () => {
    const unusable = `${CUSTOMER_TOKEN} with spaces`;
    let error: unknown;
    try {
      createOneFileClient({ baseUrl: 'http://127.0.0.1:9/api/v2.1/', customerToken: unusable });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ kind: 'auth' });
    expect(everyRendering(error)).not.toContain(CUSTOMER_TOKEN);
  });

  it('keeps the token out of the error when OneFile cannot be reached', async () => {
    const onefile = await startScriptedServer(() => undefined);
    const url = onefile.baseUrl;
    await onefile.close();
    const time = skippingTime();
    const client = createOneFileClient({ baseUrl: url, customerToken: CUSTOMER_TOKEN, clock: time.clock, sleep: time.sleep, retry: { attempts: 2, baseDelayMs: 1 } });
    const error = await client.getCustomer().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect(everyRendering(error)).not.toContain(CUSTOMER_TOKEN);
  });
});
