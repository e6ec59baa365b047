import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, createOneFileClient, OneFileError, ONEFILE_ROLE, type OneFileClientOptions } from '../../main/onefile';
import { GUIDE, startSandbox, type RunningSandbox, type SandboxOptions } from '../../main/sandbox';
import { answer, skippingTime, startScriptedServer } from './scripted-server';
import { busiestWindow } from './virtual-time';

/**
 * The client against the sandbox's faults, over real HTTP: rate limit, expiring
 * sessions, 429s with and without Retry-After, empty searches, quoted tokens, lost
 * answers, 500s, and a wrong customer token.
 */

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function sandboxWith(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ seed: 1, ...options });
  running.push(sandbox);
  return sandbox;
}

function clientOf(sandbox: RunningSandbox, options: Partial<OneFileClientOptions> = {}) {
  const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, retry: { attempts: 4, baseDelayMs: 10 }, ...options });
  running.push(client);
  return client;
}

const statusesOf = (sandbox: RunningSandbox, route: string) => sandbox.calls.filter((c) => c.route === route).map((c) => c.status);

const learner = (email: string) => ({
  OrganisationID: 5740, FirstName: 'Lost', LastName: 'Answer', Email: email, Role: ONEFILE_ROLE.learner,
  DefaultAssessorID: GUIDE.jamesFayre, ClassroomID: GUIDE.businessAdminL2, PlacementID: GUIDE.btManchester,
});

describe('the rate limit', () => {
  it('sends 150 calls at 100 per 500 ms without a single 429, never more than 100 in any window', async () => {
    const sandbox = await sandboxWith({ rateLimit: 100, windowMs: 500 });
    const client = clientOf(sandbox, { budgetPerMinute: 100, windowMs: 500 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 149 }, () => client.getCustomer())); // + Authentication = 150
    const elapsed = Date.now() - started;

    expect(sandbox.calls).toHaveLength(150);
    expect(sandbox.calls.filter((c) => c.status === 429)).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(500);
    expect(busiestWindow(sandbox.calls.map((c) => c.at), 500)).toBeLessThanOrEqual(100);
    expect(sandbox.rateWindow.peak).toBeLessThanOrEqual(100);
    expect(client.stats()).toMatchObject({ sent: 150, rateLimited: 0, queued: 0 });
  });

  it('waits out 429s sent without Retry-After, and the caller never sees them', async () => {
    const sandbox = await sandboxWith({ retryAfter: false });
    const time = skippingTime();
    const client = clientOf(sandbox, { clock: time.clock, sleep: time.sleep });
    await client.getCustomer();
    sandbox.switches.burst429 = 3;
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(statusesOf(sandbox, 'GET Customer')).toEqual([200, 429, 429, 429, 200]);
    expect(client.stats().rateLimited).toBe(3);
    expect(time.slept.length).toBeGreaterThanOrEqual(3);
  });

  it('honours the Retry-After the sandbox sends', async () => {
    const sandbox = await sandboxWith({ burst429: 2 });
    const time = skippingTime();
    const client = clientOf(sandbox, { clock: time.clock, sleep: time.sleep });
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(statusesOf(sandbox, 'POST Authentication')).toEqual([429, 429, 200]);
    // Two holds of Retry-After: 1 s. The clock is real time plus the skipped sleeps, so
    // each hold is 1 s less the few real milliseconds that passed before it began; a
    // client ignoring Retry-After would wait for its 60 s window to free instead. (Refused
    // while its window had room, the client then paces its calls a spacing apart: 0.6 s.)
    const holds = time.slept.filter((ms) => ms > client.limiter.spacingMs + 50);
    expect(holds).toHaveLength(2);
    for (const ms of holds) expect(ms).toBeGreaterThanOrEqual(750);
    expect(Math.max(...time.slept)).toBeLessThanOrEqual(1_000);
    expect(client.limiter.pacing).toBe('even');
  });
});

describe('sessions', () => {
  it('renews sessions that expire in the middle of a sequence of calls', async () => {
    const sandbox = await sandboxWith({ expireSessionsEvery: 4 });
    const client = clientOf(sandbox);
    for (let i = 0; i < 12; i += 1) await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(statusesOf(sandbox, 'GET Customer').filter((s) => s === 401).length).toBeGreaterThan(0);
    expect(statusesOf(sandbox, 'GET Customer').filter((s) => s === 200)).toHaveLength(12);
    expect(statusesOf(sandbox, 'POST Authentication').length).toBeGreaterThan(1);
  });

  it('finishes a paged search when the session is invalidated between pages', async () => {
    const sandbox = await sandboxWith();
    const client = clientOf(sandbox);
    const expected = sandbox.store.all('users').filter((u) => u.OrganisationID === 5740 && !u.Archived).length;
    let pages = 0;
    let rows = 0;
    for await (const page of client.searchUsers({ OrganisationID: 5740 }, { pageSize: 50 })) {
      pages += 1;
      rows += page.length;
      if (pages === 2) sandbox.invalidateSessions();
    }
    expect(rows).toBe(expected);
    expect(statusesOf(sandbox, 'POST User/Search/{page}/{size}')).toContain(401);
  });

  it('signs in again before a session runs out, so OneFile never refuses it', async () => {
    const time = skippingTime();
    const sandbox = await sandboxWith({ sessionLifetimeMs: 10_000, now: time.clock });
    const client = clientOf(sandbox, { clock: time.clock, sleep: time.sleep, renewAfterMs: 9_000 });
    await client.getCustomer();
    await time.sleep(9_500);
    await client.getCustomer();
    expect(sandbox.calls.map((c) => `${c.route} ${c.status}`)).toEqual([
      'POST Authentication 200',
      'GET Customer 200',
      'POST Authentication 200',
      'GET Customer 200',
    ]);
  });

  it('reads a session token the sandbox sends quoted', async () => {
    const sandbox = await sandboxWith({ quotedToken: true });
    const client = clientOf(sandbox);
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(statusesOf(sandbox, 'GET Customer')).toEqual([200]);
  });

  it('reads a session token the sandbox sends in a JSON object', async () => {
    const sandbox = await sandboxWith({ tokenInObject: true });
    const client = clientOf(sandbox);
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(statusesOf(sandbox, 'GET Customer')).toEqual([200]);
  });

  it.each([
    ['an X-TokenID header and an empty body', 'header'],
    ['an X-TokenID header, and the session\'s expiry in the body', 'header-and-expiry'],
  ] as const)('signs in with a session token OneFile sends in %s', async (_, where) => {
    const sandbox = await sandboxWith({ sessionTokenIn: where });
    const client = clientOf(sandbox);
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(sandbox.calls.map((c) => `${c.route} ${c.status}`)).toEqual(['POST Authentication 200', 'GET Customer 200']);
    expect(client.tokenForm()).toBe('header');
  });

  it("signs in where OneFile answers only at the other API version's path, sends every call there, and later clients start there", async () => {
    const sandbox = await sandboxWith({ apiVersions: 'v2' });
    const client = clientOf(sandbox);
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(sandbox.calls.map((c) => `${c.path} ${c.status}`)).toEqual(['/api/v2.1/Authentication 404', '/api/v2/Authentication 200', '/api/v2/Customer 200']);
    expect(client.apiPathAnswering()).toBe('/api/v2/');
    expect(client.knowledge().apiPath).toBe('/api/v2/');

    // A client of the same environment that knows it: no call to the address's own path.
    const from = sandbox.calls.length;
    const later = clientOf(sandbox, { knowledge: client.knowledge() });
    await expect(later.searchOrganisations(2070)).resolves.not.toEqual([]);
    expect(sandbox.calls.slice(from).map((c) => `${c.path} ${c.status}`)).toEqual(['/api/v2/Authentication 200', '/api/v2/Organisation/Search 200']);
  });

  it('signs in at /api/v2.1/ where an address typed with /api/v2/ has no sign-in, and goes back where the remembered path stops answering', async () => {
    const sandbox = await sandboxWith({ apiVersions: 'v2.1' });
    const typed = sandbox.baseUrl.replace('/api/v2.1/', '/api/v2/');
    const client = clientOf(sandbox, { baseUrl: typed });
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(sandbox.calls.map((c) => `${c.path} ${c.status}`)).toEqual(['/api/v2/Authentication 404', '/api/v2.1/Authentication 200', '/api/v2.1/Customer 200']);
    expect(client.knowledge().apiPath).toBe('/api/v2.1/');

    // Remembered /api/v2/ for an address whose own path answers again: back to it, and remembered so.
    const from = sandbox.calls.length;
    const back = clientOf(sandbox, { knowledge: { apiPath: '/api/v2/' } });
    await expect(back.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(sandbox.calls.slice(from).map((c) => `${c.path} ${c.status}`)).toEqual(['/api/v2/Authentication 404', '/api/v2.1/Authentication 200', '/api/v2.1/Customer 200']);
    expect(back.knowledge().apiPath).toBe('/api/v2.1/');
    expect(back.apiPathAnswering()).toBeUndefined();
  });

  it("says the address is wrong, not the token, when nothing there signs in at either version's path", async () => {
    const elsewhere = await startScriptedServer((_request, response) => answer(response, 404, { Message: 'No HTTP resource was found.' }), { handleAuth: false });
    running.push(elsewhere);
    const token = 'CUSTOMER-TOKEN-7d41aa';
    const client = createOneFileClient({ baseUrl: elsewhere.baseUrl, customerToken: token, retry: { attempts: 2, baseDelayMs: 10 } });
    running.push(client);
    const error = await client.getCustomer().catch((e) => e);
    expect(error).toBeInstanceOf(OneFileError);
    expect(error).toMatchObject({ kind: 'not-found', status: 404, endpoint: 'POST Authentication' });
    expect(error.message).toMatch(/^Nothing at http:\/\/127\.0\.0\.1:\d+\/api\/v2\.1\/ answers OneFile's sign-in \(HTTP 404 to POST Authentication, nor at http:\/\/127\.0\.0\.1:\d+\/api\/v2\/\)\. Check the OneFile API address/);
    expect(error.message).not.toMatch(/token was refused|refused the customer token/);
    expect(`${error.message}${error.stack}`).not.toContain(token);
    // The scripted server names a request by its path past /api/v2.1/: the second went to /api/v2/.
    expect(elsewhere.received.map((r) => r.path)).toEqual(['Authentication', '/api/v2/Authentication']);
  });

  it('reads the customer from a list holding only it, and refuses a list of several, naming the call', async () => {
    const sandbox = await sandboxWith({ customerAnswer: 'list' });
    await expect(clientOf(sandbox).getCustomer()).resolves.toMatchObject({ ID: 2070, Name: expect.any(String) });
    const several = await startScriptedServer((_request, response) => answer(response, 200, [{ ID: 1, Name: 'One' }, { ID: 2, Name: 'Two' }]));
    running.push(several);
    const client = createOneFileClient({ baseUrl: several.baseUrl, customerToken: sandbox.customerToken, retry: { attempts: 1, baseDelayMs: 10 } });
    running.push(client);
    await expect(client.getCustomer()).rejects.toThrow(/GET Customer/);
  });

  it('says clearly that a wrong customer token was refused, without repeating it', async () => {
    const sandbox = await sandboxWith();
    const wrong = 'WRONG-CUSTOMER-TOKEN-3c9e1f';
    const client = clientOf(sandbox, { customerToken: wrong });
    const error = await client.getCustomer().catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 401, endpoint: 'POST Authentication' });
    expect(error.message).toMatch(/refused the customer token.*Settings, or ONEFILE_CUSTOMER_TOKEN/);
    expect(`${error.message}${error.stack}`).not.toContain(wrong);
    expect(sandbox.calls.map((c) => c.route)).toEqual(['POST Authentication']);
  });
});

describe('empty searches', () => {
  it('ends a search on 204 No Content, on an empty array and on null alike', async () => {
    const sandbox = await sandboxWith({ emptySearch: '204' });
    const client = clientOf(sandbox);
    expect(await collect(client.searchUsers({ MISID: 'NOBODY-HAS-THIS' }))).toEqual([]);
    sandbox.switches.emptySearch = '[]';
    expect(await collect(client.searchUsers({ MISID: 'NOBODY-HAS-THIS' }))).toEqual([]);
    expect(await client.searchLearningAims(GUIDE.jamesFayre)).toEqual([]);
    sandbox.switches.emptySearch = 'null';
    expect(await collect(client.searchUsers({ MISID: 'NOBODY-HAS-THIS' }))).toEqual([]);
    expect(await client.listClassrooms({ OrganisationID: GUIDE.business, Name: 'NO SUCH CLASS' })).toEqual([]);
    // The first empty page 1, in a OneFile whose page numbering is not yet known: page 0 is asked once (400: pages start at 1 here).
    expect(statusesOf(sandbox, 'POST User/Search/{page}/{size}')).toEqual([204, 400, 200, 200]);
    expect(client.knowledge().pageBase).toBe(1);
  });
});

describe('faults', () => {
  it('reports a create whose answer was lost as outcome unknown, having sent it exactly once', async () => {
    const sandbox = await sandboxWith();
    const client = clientOf(sandbox);
    await client.getCustomer();
    sandbox.switches.lostResponseRate = 1;
    const error = await client.createUser(learner('lost.answer@learner.example.com')).catch((e) => e);
    expect(error).toBeInstanceOf(OneFileError);
    expect(error).toMatchObject({ kind: 'outcome-unknown', endpoint: 'POST User', mayHaveApplied: true });
    const creates = sandbox.calls.filter((c) => c.route === 'POST User');
    expect(creates).toHaveLength(1);
    expect(creates[0].lost).toBe(true);
    // It was in fact made: exactly the case the import engine must check before resending.
    expect(sandbox.store.all('users').filter((u) => u.Email === 'lost.answer@learner.example.com')).toHaveLength(1);
  });

  it('repeats reads answered with 500 until one succeeds', async () => {
    const draws = [0.1, 0.1];
    const sandbox = await sandboxWith({ random: () => draws.shift() ?? 0.99 });
    const client = clientOf(sandbox);
    await client.getCustomer();
    sandbox.switches.errorRate = 0.5;
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(statusesOf(sandbox, 'GET Customer')).toEqual([200, 500, 500, 200]);
  });

  it('does not repeat a write answered with 500', async () => {
    const sandbox = await sandboxWith();
    const client = clientOf(sandbox);
    await client.getCustomer();
    sandbox.switches.errorRate = 1;
    await expect(client.createUser(learner('server.error@learner.example.com'))).rejects.toMatchObject({ kind: 'server', status: 500, endpoint: 'POST User' });
    expect(statusesOf(sandbox, 'POST User')).toEqual([500]);
  });
});

describe('tokens against the sandbox', () => {
  it('never shows the customer token in any error, whatever went wrong', async () => {
    const secret = 'SANDBOX-CUSTOMER-SECRET-71d0c4';
    const sandbox = await sandboxWith({ customerToken: secret });
    const time = skippingTime();
    const client = clientOf(sandbox, { customerToken: secret, clock: time.clock, sleep: time.sleep, max429: 3 });
    const wrong = clientOf(sandbox, { customerToken: `${secret}-WRONG` });
    const failures: Array<() => Promise<unknown>> = [
      () => wrong.getCustomer(),
      () => client.createUser({ ...learner('bad.placement@learner.example.com'), PlacementID: 42 }),
      () => client.getUser(99_999_999),
      () => client.getUnit('NO_SUCH_UNIT'),
      () => client.assignUnit('KS_COMM1', GUIDE.gemmaHall, 4001),
      async () => {
        sandbox.switches.lostResponseRate = 1;
        return client.archiveUser(GUIDE.chloeHenshall).finally(() => (sandbox.switches.lostResponseRate = 0));
      },
      async () => {
        sandbox.switches.errorRate = 1;
        return client.updateUser(GUIDE.gemmaHall, { MISID: 'X' }).finally(() => (sandbox.switches.errorRate = 0));
      },
      async () => {
        sandbox.switches.burst429 = 10;
        return client.getCustomer().finally(() => (sandbox.switches.burst429 = 0));
      },
    ];
    const kinds: string[] = [];
    for (const fail of failures) {
      const error = await fail().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(OneFileError);
      kinds.push((error as OneFileError).kind);
      const shown = [String(error), (error as Error).stack, inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)].join('\n');
      expect(shown).not.toContain(secret);
    }
    expect(kinds).toEqual(['auth', 'validation', 'not-found', 'not-found', 'validation', 'outcome-unknown', 'server', 'rate-limit']);
  });
});
