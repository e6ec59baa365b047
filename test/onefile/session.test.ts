import { afterEach, describe, expect, it } from 'vitest';
import { createOneFileClient, OneFileError } from '../../main/onefile';
import { sessionTokenFromBody } from '../../main/onefile/session';
import { answer, SESSION_TOKEN, skippingTime, startScriptedServer, type ScriptedServer } from './scripted-server';

const CUSTOMER_TOKEN = 'customer-token-for-session-tests';
const servers: ScriptedServer[] = [];

async function server(...args: Parameters<typeof startScriptedServer>) {
  const started = await startScriptedServer(...args);
  servers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const customer = { ID: 2070, Name: 'Example Beta Customer' };

describe('signing in to OneFile', () => {
  it('posts the customer token with no body and sends the session token on every call', async () => {
    const onefile = await server((_req, res) => answer(res, 200, customer));
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    await client.getCustomer();
    await client.getCustomer();

    const [auth, ...calls] = onefile.received;
    expect(auth).toMatchObject({ method: 'POST', path: 'Authentication', body: '' });
    expect(auth.headers['x-customertoken']).toBe(CUSTOMER_TOKEN);
    expect(calls.map((c) => c.headers['x-tokenid'])).toEqual([SESSION_TOKEN, SESSION_TOKEN]);
    expect(calls.every((c) => c.headers['x-customertoken'] === undefined)).toBe(true);
  });

  it('reads a session token sent quoted or with surrounding white space', async () => {
    const onefile = await server(
      (req, res) => (req.path === 'Authentication' ? answer(res, 200, `  "quoted-session-1234"\r\n`) : answer(res, 200, customer)),
      { handleAuth: false },
    );
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    await client.getCustomer();
    expect(onefile.calls()[0].headers['x-tokenid']).toBe('quoted-session-1234');
  });

  // Nothing documents a session token wrapped in JSON; an API answering every call in JSON
  // would send {"TokenID": "..."}. Before, no import could start ("did not contain a
  // usable session token").
  it('reads a session token sent in a JSON object under a key that names it, and nothing else from an object', async () => {
    const onefile = await server(
      (req, res) => (req.path === 'Authentication' ? answer(res, 200, '{"TokenID":"object-session-5678"}') : answer(res, 200, customer)),
      { handleAuth: false },
    );
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    await client.getCustomer();
    expect(onefile.calls()[0].headers['x-tokenid']).toBe('object-session-5678');
    expect(client.tokenForm()).toBe('object');

    for (const [body, token] of [
      ['{"token": " t-1 "}', 't-1'],
      ['{"SessionToken": "t-2", "ExpiresIn": 86400}', 't-2'],
      ['{"access_token": "t-3"}', 't-3'],
      ['{"message": "Authorization has been denied for this request."}', undefined],
      ['{"TokenID": "t-4", "SessionID": "t-5"}', undefined],
      ['{"TokenID": 12345}', undefined],
      ['{"TokenID": "has a space"}', undefined],
      ['{"TokenID": "t-6"', undefined],
      ['["t-7"]', undefined],
    ] as const) {
      expect(sessionTokenFromBody(body), body).toBe(token);
    }
  });

  it('signs in once for many calls made at the same moment', async () => {
    const onefile = await server((_req, res) => answer(res, 200, customer));
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    await Promise.all(Array.from({ length: 10 }, () => client.getCustomer()));
    expect(onefile.received.filter((r) => r.path === 'Authentication')).toHaveLength(1);
    expect(onefile.calls()).toHaveLength(10);
  });

  it('signs in again once the session is due for renewal', async () => {
    const onefile = await server((_req, res) => answer(res, 200, customer));
    const time = skippingTime();
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN, clock: time.clock, sleep: time.sleep, renewAfterMs: 60_000 });
    await client.getCustomer();
    await time.sleep(30_000);
    await client.getCustomer();
    expect(onefile.received.filter((r) => r.path === 'Authentication')).toHaveLength(1);
    await time.sleep(31_000);
    await client.getCustomer();
    expect(onefile.received.filter((r) => r.path === 'Authentication')).toHaveLength(2);
  });

  it('renews a session OneFile no longer accepts and repeats the call once', async () => {
    let refusals = 1;
    const onefile = await server((_req, res) => (refusals-- > 0 ? answer(res, 401) : answer(res, 200, customer)));
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    await expect(client.getCustomer()).resolves.toMatchObject({ Name: 'Example Beta Customer' });
    expect(onefile.received.map((r) => r.path)).toEqual(['Authentication', 'Customer', 'Authentication', 'Customer']);
  });

  it('treats 403 like 401 and, refused again after signing in afresh, says the customer token was refused', async () => {
    const onefile = await server((_req, res) => answer(res, 403, { message: 'Forbidden' }));
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    const error = await client.createUser({ OrganisationID: 5740, FirstName: 'A', LastName: 'B', Email: 'a@b.c', Role: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(OneFileError);
    expect(error).toMatchObject({ kind: 'auth', endpoint: 'POST User', status: 403 });
    expect(error.message).toMatch(/refused the customer token/);
    expect(error.message).toMatch(/Settings/);
    expect(error.message).toMatch(/ONEFILE_CUSTOMER_TOKEN/);
    expect(onefile.calls()).toHaveLength(2);
  });

  it('a session ended again and again after the token worked is put down to another program signing in, not to the token', async () => {
    // The first call answered (the token works); then every session is refused, as when another program keeps signing in with the same token.
    let answered = 0;
    const onefile = await server((_req, res) => (answered++ === 0 ? answer(res, 200, customer) : answer(res, 401)), { distinctTokens: true });
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    await client.getCustomer();
    const error = await client.createUser({ OrganisationID: 5740, FirstName: 'A', LastName: 'B', Email: 'a@b.c', Role: 5 }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', endpoint: 'POST User', status: 401, mayHaveApplied: false });
    expect(error.message).toMatch(/ended the session for POST User 4 times in a row.*Another program using the same customer token/);
    expect(error.message).not.toMatch(/refused the customer token/);
    expect(`${error.message}${error.stack}`).not.toContain(CUSTOMER_TOKEN);
    // Sent with the session that had worked (it may simply have ended), then with four new ones refused at their first call.
    expect(onefile.calls().filter((c) => c.path === 'User')).toHaveLength(5);
  });

  it('keeps renewing sessions that expire under many calls in flight, without calling the customer token bad', async () => {
    // Each sign-in gets a new session token, and OneFile ends every session after 6 calls.
    let issued = 0;
    let live = '';
    let callsOnLive = 0;
    const onefile = await server(
      (req, res) => {
        if (req.path === 'Authentication') {
          live = `session-${++issued}`;
          callsOnLive = 0;
          return answer(res, 200, live);
        }
        if (req.headers['x-tokenid'] !== live || ++callsOnLive > 6) return answer(res, 401);
        return answer(res, 200, customer);
      },
      { handleAuth: false },
    );
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    const answers = await Promise.allSettled(Array.from({ length: 16 }, () => client.getCustomer()));
    expect(answers.filter((a) => a.status === 'rejected').map((a) => String((a as PromiseRejectedResult).reason))).toEqual([]);
    expect(issued).toBeGreaterThan(2);
  });

  it('gives up on a call refused with sessions other calls are answered with, after four sign-ins', async () => {
    let issued = 0;
    const onefile = await server(
      (req, res) => {
        if (req.path === 'Authentication') return answer(res, 200, `session-${++issued}`);
        if (req.path === 'User') return answer(res, 403, { message: 'This token may not create users' });
        return answer(res, 200, customer);
      },
      { handleAuth: false },
    );
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    const creating = client.createUser({ OrganisationID: 5740, FirstName: 'A', LastName: 'B', Email: 'a@b.c', Role: 5 });
    // Other calls keep being answered meanwhile: the sessions are good, this call's permission is not.
    const reading = (async () => {
      for (let i = 0; i < 6; i++) await client.getCustomer();
    })();
    const error = await creating.catch((e) => e);
    await reading;
    expect(error).toMatchObject({ kind: 'auth', endpoint: 'POST User', status: 403 });
    expect(error.message).toMatch(/lack permission/);
    expect(onefile.calls().filter((c) => c.path === 'User').length).toBeLessThanOrEqual(4);
  });

  it('says the customer token was refused when Authentication answers 401', async () => {
    const onefile = await server((_req, res) => answer(res, 401, 'Invalid token'), { handleAuth: false });
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    const error = await client.getCustomer().catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', endpoint: 'POST Authentication', status: 401 });
    expect(error.message).toMatch(/Check the customer API token in Settings, or ONEFILE_CUSTOMER_TOKEN/);
    expect(onefile.received).toHaveLength(1);
  });

  it('refuses an Authentication answer that holds no usable token', async () => {
    const onefile = await server((_req, res) => answer(res, 200, ''), { handleAuth: false });
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: CUSTOMER_TOKEN });
    await expect(client.getCustomer()).rejects.toMatchObject({ kind: 'bad-response', endpoint: 'POST Authentication' });
  });

  it('refuses an empty or malformed customer token before calling OneFile', () => {
    expect(() => createOneFileClient({ baseUrl: 'http://127.0.0.1:9/api/v2.1/', customerToken: '' })).toThrow(/customer token is empty/);
    expect(() => createOneFileClient({ baseUrl: 'http://127.0.0.1:9/api/v2.1/', customerToken: 'two words' })).toThrow(OneFileError);
  });
});
