import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { SandboxCaller, fakeClock, sandboxWithCaller } from './sandbox-client';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('authentication', () => {
  it('answers Authentication with the raw session token as plain text', async () => {
    sandbox = await startSandbox();
    const caller = new SandboxCaller(sandbox);
    const answer = await caller.raw('POST', 'Authentication', { headers: { 'X-CustomerToken': sandbox.customerToken } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.text).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('quotes the token as a JSON string when the quotedToken switch is on', async () => {
    sandbox = await startSandbox({ quotedToken: true });
    const caller = new SandboxCaller(sandbox);
    const answer = await caller.raw('POST', 'Authentication', { headers: { 'X-CustomerToken': sandbox.customerToken } });
    expect(answer.text).toMatch(/^"[0-9a-f-]{36}"$/);
    caller.token = JSON.parse(answer.text);
    expect((await caller.get('Customer')).status).toBe(200);
  });

  it('sends the session token in an X-TokenID header, beside an empty body or the expiry, with sessionTokenIn', async () => {
    sandbox = await startSandbox({ sessionTokenIn: 'header' });
    const caller = new SandboxCaller(sandbox);
    let answer = await caller.raw('POST', 'Authentication', { headers: { 'X-CustomerToken': sandbox.customerToken } });
    expect(answer.text).toBe('');
    expect(answer.headers.get('x-tokenid')).toMatch(/^[0-9a-f-]{36}$/);
    sandbox.switches.sessionTokenIn = 'header-and-expiry';
    answer = await caller.raw('POST', 'Authentication', { headers: { 'X-CustomerToken': sandbox.customerToken } });
    expect(new Date(JSON.parse(answer.text)).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    caller.token = answer.headers.get('x-tokenid')!;
    expect((await caller.get('Customer')).status).toBe(200);
    caller.token = JSON.parse(answer.text);
    expect((await caller.get('Customer')).status).toBe(401);
  });

  it('refuses a wrong or missing customer token with 401', async () => {
    sandbox = await startSandbox();
    const caller = new SandboxCaller(sandbox);
    expect((await caller.raw('POST', 'Authentication', { headers: { 'X-CustomerToken': 'not-the-token' } })).status).toBe(401);
    expect((await caller.raw('POST', 'Authentication')).status).toBe(401);
  });

  it('refuses every other call without a live session token', async () => {
    sandbox = await startSandbox();
    const caller = new SandboxCaller(sandbox);
    expect((await caller.get('Customer')).status).toBe(401);
    caller.token = 'made-up-session';
    expect((await caller.get('Customer')).status).toBe(401);
    const withCustomerToken = await caller.raw('GET', 'Customer', { headers: { 'X-CustomerToken': sandbox.customerToken } });
    expect(withCustomerToken.status).toBe(401);
  });

  it('keeps several sessions live at once', async () => {
    sandbox = await startSandbox();
    const first = new SandboxCaller(sandbox);
    const second = new SandboxCaller(sandbox);
    await first.authenticate();
    await second.authenticate();
    expect(first.token).not.toBe(second.token);
    expect((await first.get('Customer')).status).toBe(200);
    expect((await second.get('Customer')).status).toBe(200);
  });

  it('expires a session after its lifetime, and a new one works', async () => {
    const clock = fakeClock();
    ({ sandbox } = await sandboxWithCaller({ now: clock.now, sessionLifetimeMs: 1_000 }));
    const caller = new SandboxCaller(sandbox);
    await caller.authenticate();
    clock.advance(999);
    expect((await caller.get('Customer')).status).toBe(200);
    clock.advance(1);
    expect((await caller.get('Customer')).status).toBe(401);
    await caller.authenticate();
    expect((await caller.get('Customer')).status).toBe(200);
  });

  it('never records a token in the call log', async () => {
    const started = await sandboxWithCaller();
    sandbox = started.sandbox;
    await started.caller.get('Customer');
    const log = JSON.stringify(sandbox.calls);
    expect(log).not.toContain(started.caller.token);
    expect(log).not.toContain(sandbox.customerToken);
    expect(sandbox.calls.map((c) => c.tokenKind)).toEqual(['customer', 'session']);
  });
});

describe('routing', () => {
  it('answers routes whatever their case, with one trailing slash, under /api/v2/ too', async () => {
    const started = await sandboxWithCaller();
    sandbox = started.sandbox;
    const { caller } = started;
    const body = JSON.stringify({ OrganisationID: 5740, MISID: 'BAD1' });
    const headers = { 'Content-Type': 'application/json', 'X-TokenID': caller.token };
    const v2 = sandbox.baseUrl.replace('/api/v2.1/', '/api/v2/');
    for (const url of [caller.url('classroom/SEARCH'), caller.url('Classroom/Search/'), `${v2}Classroom/Search`, `${v2}CLASSROOM/search/1/5/`]) {
      const answer = await caller.raw('POST', url, { body, headers, absolute: true });
      expect(answer.status, url).toBe(200);
      expect(answer.json).toEqual([{ ID: 15379, Name: 'Business Admin L2', MISID: 'BAD1' }]);
    }
    expect(sandbox.calls.slice(1).map((c) => c.route)).toEqual([
      'POST Classroom/Search',
      'POST Classroom/Search',
      'POST Classroom/Search',
      'POST Classroom/Search/{page}/{size}',
    ]);
  });

  it('answers 404 for unknown routes, two trailing slashes and other prefixes', async () => {
    const started = await sandboxWithCaller();
    sandbox = started.sandbox;
    const { caller } = started;
    expect((await caller.post('Learner/Search', {})).status).toBe(404);
    expect((await caller.post('Classroom/Search//', {})).status).toBe(404);
    expect((await caller.get('Classroom/Search')).status).toBe(404);
    const v3 = sandbox.baseUrl.replace('/api/v2.1/', '/api/v3/');
    expect((await caller.raw('GET', `${v3}Customer`, { absolute: true, headers: { 'X-TokenID': caller.token } })).status).toBe(404);
    expect(sandbox.calls.at(-1)!.route).toBe('GET (unknown)');
  });

  it('reads form bodies with keys in any case', async () => {
    const started = await sandboxWithCaller();
    sandbox = started.sandbox;
    const { caller } = started;
    const answer = await caller.raw('POST', 'User/Search', {
      body: 'organisationid=5740&ROLE=5&misid=jfaye51p',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-TokenID': caller.token },
    });
    expect(answer.json).toEqual([{ ID: 122762, FirstName: 'James', LastName: 'Fayre', MISID: 'JFAYE51P' }]);
    expect(sandbox.calls.at(-1)!.body).toEqual({ OrganisationID: '5740', Role: '5', MISID: 'jfaye51p' });
  });

  it('reads JSON bodies with keys in any case', async () => {
    const started = await sandboxWithCaller();
    sandbox = started.sandbox;
    const answer = await started.caller.post('user/search', { organisationId: 5740, role: 5, lastname: 'ANDERSON' });
    expect(answer.json).toEqual([{ ID: 132757, FirstName: 'Kate', LastName: 'Anderson', MISID: 'KANDREWS142' }]);
  });

  it('answers 400 with a code for a body that is not a JSON object', async () => {
    const started = await sandboxWithCaller();
    sandbox = started.sandbox;
    const { caller } = started;
    const broken = await caller.raw('POST', 'User/Search', { body: '{"OrganisationID": 57', headers: { 'Content-Type': 'application/json', 'X-TokenID': caller.token } });
    expect(broken.status).toBe(400);
    expect(broken.json.code).toBe(-115);
    expect((await caller.post('User/Search', [5740])).json.code).toBe(-115);
  });
});
