import { afterEach, describe, expect, it } from 'vitest';
import { createOneFileClient, type OneFileClientOptions } from '../../main/onefile';
import { parseRetryAfter } from '../../main/onefile/transport';
import { answer, skippingTime, startScriptedServer, type Script, type ScriptedServer } from './scripted-server';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const customer = { ID: 2070, Name: 'Example Beta Customer' };
const newUser = { OrganisationID: 5740, FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.org', Role: 5 };

/** A client on a scripted server whose waits are instant and recorded. */
async function clientFor(script: Script, options: Partial<OneFileClientOptions> = {}) {
  const onefile = await startScriptedServer(script);
  servers.push(onefile);
  const time = skippingTime();
  const statuses: number[] = [];
  const client = createOneFileClient({
    baseUrl: onefile.baseUrl,
    customerToken: 'customer-token-transport',
    clock: time.clock,
    sleep: time.sleep,
    retry: { attempts: 3, baseDelayMs: 100 },
    onCall: (info) => statuses.push(info.status),
    ...options,
  });
  return { onefile, client, time, statuses };
}

describe('staying under the rate limit', () => {
  it('waits and repeats a call refused with 429 without Retry-After: the caller never sees the 429', async () => {
    let refusals = 2;
    const { client, statuses, time } = await clientFor((_req, res) => (refusals-- > 0 ? answer(res, 429) : answer(res, 200, customer)));
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(statuses).toEqual([200, 429, 429, 200]);
    expect(client.stats().rateLimited).toBe(2);
    expect(time.slept.length).toBeGreaterThanOrEqual(2);
  });

  it('waits as long as Retry-After says, in seconds or as a date', async () => {
    let refusals = 1;
    const { client, time } = await clientFor((_req, res) => (refusals-- > 0 ? answer(res, 429, undefined, { 'retry-after': '7' }) : answer(res, 200, customer)));
    await client.getCustomer();
    expect(Math.max(...time.slept)).toBeGreaterThanOrEqual(7000);

    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(65_000).toUTCString(), 5_000)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('999999', 0)).toBe(300_000);
  });

  it('gives up with a clear error after many 429s in a row', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 429), { max429: 4 });
    const error = await client.getCustomer().catch((e) => e);
    expect(error).toMatchObject({ kind: 'rate-limit', endpoint: 'GET Customer', status: 429 });
    expect(error.message).toMatch(/Another program may be using the same customer token/);
    expect(onefile.calls()).toHaveLength(4);
  });
});

describe('repeating only what is safe to repeat', () => {
  it('repeats a read that failed with 500 and returns its answer', async () => {
    let failures = 2;
    const { client, onefile } = await clientFor((_req, res) => (failures-- > 0 ? answer(res, 500) : answer(res, 200, customer)));
    await expect(client.getCustomer()).resolves.toMatchObject({ Name: 'Example Beta Customer' });
    expect(onefile.calls()).toHaveLength(3);
  });

  it('reports a read that keeps failing as a server error with its status', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 503, { message: 'Service Unavailable' }));
    await expect(client.getClassroom(12)).rejects.toMatchObject({ kind: 'server', status: 503, endpoint: 'GET Classroom/{id}' });
    expect(onefile.calls()).toHaveLength(3);
  });

  it('never repeats a write answered with 500, and says the change may have been made', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 500, { message: 'Object reference not set' }));
    const error = await client.createUser(newUser).catch((e) => e);
    expect(error).toMatchObject({ kind: 'server', status: 500, endpoint: 'POST User', mayHaveApplied: true, oneFileMessage: 'Object reference not set' });
    expect(onefile.calls()).toHaveLength(1);
  });

  it('reports a write whose connection dropped after sending as outcome unknown, sent once', async () => {
    const { client, onefile } = await clientFor((_req, res) => void res.socket?.destroy());
    const error = await client.createUser(newUser).catch((e) => e);
    expect(error).toMatchObject({ kind: 'outcome-unknown', endpoint: 'POST User', mayHaveApplied: true });
    expect(error.message).toMatch(/check OneFile before sending it again/);
    expect(onefile.calls()).toHaveLength(1);
  });

  it('repeats a read whose connection dropped', async () => {
    let drops = 1;
    const { client, onefile } = await clientFor((_req, res) => (drops-- > 0 ? void res.socket?.destroy() : answer(res, 200, customer)));
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
    expect(onefile.calls()).toHaveLength(2);
  });

  it('repeats a write that could not connect at all, then reports the network failure', async () => {
    const { client, onefile, statuses } = await clientFor((_req, res) => answer(res, 200, customer));
    await client.getCustomer();
    await onefile.close(); // nothing listens on the port any more: connections are refused
    const error = await client.createUser(newUser).catch((e) => e);
    expect(error).toMatchObject({ kind: 'network', endpoint: 'POST User', causeCode: 'ECONNREFUSED', mayHaveApplied: false });
    expect(error.message).toMatch(/Could not reach OneFile at 127\.0\.0\.1/);
    expect(statuses).toEqual([200, 200, 0, 0, 0]);
  });

  it('reports a write that got no answer in time as outcome unknown, and a read as a timeout', async () => {
    const { client, onefile } = await clientFor(() => undefined, { requestTimeoutMs: 150, retry: { attempts: 2, baseDelayMs: 10 } });
    await expect(client.archiveUser(42)).rejects.toMatchObject({ kind: 'outcome-unknown', endpoint: 'POST User/{id}/Archive' });
    expect(onefile.calls()).toHaveLength(1);
    await expect(client.getUser(42)).rejects.toMatchObject({ kind: 'timeout', endpoint: 'GET User/{id}' });
    expect(onefile.calls()).toHaveLength(3);
  });

  it('stops reading an answer that trickles in for longer than the time limit', async () => {
    const { client } = await clientFor(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        const drip = setInterval(() => res.write(' '), 20);
        res.on('close', () => clearInterval(drip));
      },
      { requestTimeoutMs: 200, retry: { attempts: 1, baseDelayMs: 10 } },
    );
    await expect(client.getLearnerStatuses(5740)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('refuses an answer larger than the size limit', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 200, JSON.stringify([{ ID: 1, Name: 'x'.repeat(5000) }])), {
      maxResponseBytes: 1000,
      retry: { attempts: 1, baseDelayMs: 10 },
    });
    const error = await client.getLearnerStatuses(5740).catch((e) => e);
    expect(error).toMatchObject({ kind: 'bad-response', endpoint: 'GET Organisation/{id}/LearnerStatuses' });
    expect(error.message).toMatch(/larger than/);
  });
});
