import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../main/sandbox';
import { newLearner, sandboxWithCaller } from './sandbox-client';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A random source that always answers `value`: every probability-based fault fires (0) or never does (0.99). */
const always = (value: number) => () => value;

describe('fault switches', () => {
  it('answers 500 without doing anything when the error rate fires', async () => {
    const started = await sandboxWithCaller({ random: always(0) });
    sandbox = started.sandbox;
    const learnersBefore = sandbox.store.count('users');
    sandbox.switches.errorRate = 0.5;
    const answer = await started.caller.post('User', newLearner());
    expect(answer.status).toBe(500);
    expect(sandbox.store.count('users')).toBe(learnersBefore);
    sandbox.switches.errorRate = 0;
    expect((await started.caller.post('User', newLearner())).status).toBe(200);
  });

  it('errs on roughly the given share of calls with the default seeded random source', async () => {
    const started = await sandboxWithCaller({ errorRate: 0.3, seed: 7 });
    sandbox = started.sandbox;
    let errors = 0;
    for (let i = 0; i < 60; i++) if ((await started.caller.get('Customer')).status === 500) errors++;
    expect(errors).toBeGreaterThan(5);
    expect(errors).toBeLessThan(35);
  });

  it('does every second write, then answers it 502 with a gateway page and 500 in turn', async () => {
    const started = await sandboxWithCaller({ errorAfterEveryNthWrite: 2 });
    sandbox = started.sandbox;
    const answers = [];
    for (const misid of ['AFTER001', 'AFTER002', 'AFTER003', 'AFTER004']) answers.push(await started.caller.post('User', newLearner({ MISID: misid })));
    expect(answers.map((a) => a.status)).toEqual([200, 502, 200, 500]);
    expect(answers[1].text).toContain('<title>502 Bad Gateway</title>');
    for (const misid of ['AFTER001', 'AFTER002', 'AFTER003', 'AFTER004']) expect(sandbox.store.usersOf(5740, 1).filter((u) => u.MISID === misid)).toHaveLength(1);
    expect(sandbox.calls.filter((c) => c.doneThenFailed).map((c) => c.status)).toEqual([502, 500]);
  });

  it('performs a write whose answer is lost, then drops the connection', async () => {
    const started = await sandboxWithCaller({ random: always(0) });
    sandbox = started.sandbox;
    sandbox.switches.lostResponseRate = 1;
    await expect(started.caller.post('User', newLearner({ MISID: 'LOST0001' }))).rejects.toThrow();
    const created = sandbox.store.all('users').filter((u) => u.MISID === 'LOST0001');
    expect(created).toHaveLength(1);
    const call = sandbox.calls.at(-1)!;
    expect(call).toMatchObject({ route: 'POST User', lost: true, status: 200 });
  });

  it('never loses the answer to a read', async () => {
    const started = await sandboxWithCaller({ random: always(0), lostResponseRate: 1 });
    sandbox = started.sandbox;
    const answer = await started.caller.post('User/Search', { OrganisationID: 5740, Role: 5 });
    expect(answer.status).toBe(200);
    expect(sandbox.calls.every((c) => !c.lost)).toBe(true);
  });

  it('adds the configured latency before answering', async () => {
    const started = await sandboxWithCaller({ latencyMs: 60, latencyJitterMs: 20, random: always(0.5) });
    sandbox = started.sandbox;
    const sent = performance.now();
    expect((await started.caller.get('Customer')).status).toBe(200);
    // 60 ms fixed + half of the 20 ms jitter: never answered before that.
    expect(performance.now() - sent).toBeGreaterThanOrEqual(65);
  });

  it('invalidates every session on each N-th call when expireSessionsEvery is set', async () => {
    const started = await sandboxWithCaller({ expireSessionsEvery: 3 });
    sandbox = started.sandbox;
    const { caller } = started;
    // Call 1 was Authentication; call 3 invalidates sessions before it is handled.
    expect((await caller.get('Customer')).status).toBe(200);
    expect((await caller.get('Customer')).status).toBe(401);
    await caller.authenticate();
    expect((await caller.get('Customer')).status).toBe(200);
    expect((await caller.get('Customer')).status).toBe(401);
  });
});
