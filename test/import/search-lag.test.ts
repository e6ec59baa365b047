import { afterEach, describe, expect, it } from 'vitest';
import type { CreateUserOperation } from '../../main/import/plan/types';
import { SearchLagWatch } from '../../main/import/run/search-lag';
import { SEARCH_LOOKS_MS, verifyOutcome } from '../../main/import/run/verify';
import { GUIDE } from '../../main/sandbox';
import { startSandboxWithClient, type SandboxWithClient } from './sandbox-fixture';

/**
 * The check of a write whose answer was in doubt, against searches that may trail the
 * writes (run/verify.ts, `untilShown`): "not made" is believed at once only where searches
 * are known to show writes at once, or a witness (a user the run made after the write
 * failed) is shown; otherwise the record is looked for again with pauses.
 */

const ORG = GUIDE.business;
const running: SandboxWithClient[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** The sandbox's clock, which the tests' sleeps move on: its lag passes when the check pauses, and only then. */
let clock = Date.now();

async function sandboxWith(searchLagMs: number): Promise<SandboxWithClient> {
  clock = Date.now();
  // Its pages known to start at 1: the searches counted here are the checks', not the one that would find that out.
  const started = await startSandboxWithClient({ searchLagMs, now: () => clock }, { knowledge: { pageBase: 1 } });
  running.push(started);
  return started;
}

function fields(misid: string) {
  return {
    OrganisationID: ORG,
    Role: 1,
    FirstName: 'Ann',
    LastName: misid,
    Email: `${misid.toLowerCase()}@learners.example.com`,
    MISID: misid,
    DefaultAssessorID: GUIDE.jamesFayre,
    ClassroomID: GUIDE.businessAdminL2,
    PlacementID: GUIDE.btManchester,
  };
}

function createOperation(misid: string): CreateUserOperation {
  return { id: `op-${misid}`, description: `Create learner ${misid}`, kind: 'create-user', role: 1, fields: fields(misid), matchKey: { field: 'MISID', value: misid } };
}

/** A sleep that waits for nothing: it counts what it was asked to wait and moves the sandbox's clock on by it. */
function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    clock += ms;
  };
  return { waits, sleep };
}

const userSearches = (s: SandboxWithClient, from: number) => s.callsSince(from).filter((route) => route === 'POST User/Search/{page}/{size}' || route === 'POST User/Search').length;

describe('a check that finds nothing, with searches that may trail the writes', () => {
  it('searches known to show writes at once: "not made" at once, no witness, no pause', async () => {
    const s = await sandboxWith(0);
    const watch = new SearchLagWatch(s.client);
    s.client.searchLagSeen(0);
    const { waits, sleep } = recordingSleep();
    const from = s.sandbox.calls.length;
    expect(await verifyOutcome(s.client, createOperation('NEVER01'), { organisationId: ORG, sleep, searchLag: watch, failedAt: Date.now() })).toEqual({ happened: false });
    expect(waits).toEqual([]);
    // An empty page of 500, asked again at 50 and once more at 50 before "none" is believed (paging.ts, `confirmEmpty`: a stray empty answer).
    expect(userSearches(s, from)).toBe(3);
  });

  it('not known: a witness made after the failure and shown settles it, and searches are then known to show writes at once', async () => {
    const s = await sandboxWith(0);
    const watch = new SearchLagWatch(s.client);
    const failedAt = Date.now() - 1;
    const witness = await s.client.createUser(fields('WITNESS1'));
    watch.created(Date.now(), witness.ID, fields('WITNESS1'));
    const { waits, sleep } = recordingSleep();
    const from = s.sandbox.calls.length;
    expect(await verifyOutcome(s.client, createOperation('NEVER02'), { organisationId: ORG, sleep, searchLag: watch, failedAt })).toEqual({ happened: false });
    expect(waits).toEqual([]);
    // The record's search (an empty page, asked again at 50, and at 50 once more), the witness's (its row, then the empty page that ends it), the record's again (three times too).
    expect(userSearches(s, from)).toBe(8);
    expect(s.client.searchLagMs()).toBe(0);
  });

  it('a witness sent before the failure proves nothing: the record is looked for again with pauses', async () => {
    const s = await sandboxWith(0);
    const watch = new SearchLagWatch(s.client);
    const witness = await s.client.createUser(fields('WITNESS2'));
    watch.created(Date.now() - 10, witness.ID, fields('WITNESS2'));
    const { waits, sleep } = recordingSleep();
    expect(await verifyOutcome(s.client, createOperation('NEVER03'), { organisationId: ORG, sleep, searchLag: watch, failedAt: Date.now() })).toEqual({ happened: false });
    expect(waits).toEqual([...SEARCH_LOOKS_MS]);
    expect(s.client.searchLagMs()).toBeUndefined();
  });

  it('a witness the search does not show yet: the record made is looked for until shown, and the lag remembered', async () => {
    const s = await sandboxWith(400);
    const watch = new SearchLagWatch(s.client);
    const failedAt = Date.now();
    const made = await s.client.createUser(fields('LATE01'));
    const witness = await s.client.createUser(fields('WITNESS3'));
    watch.created(Date.now(), witness.ID, fields('WITNESS3'));
    const { waits, sleep } = recordingSleep();
    const verdict = await verifyOutcome(s.client, createOperation('LATE01'), { organisationId: ORG, sleep, searchLag: watch, failedAt });
    expect(verdict).toEqual({ happened: true, result: { userId: made.ID, verified: true } });
    // Shown after the first pause (1 s on the sandbox's clock, past its 400 ms): the wait is remembered.
    expect(waits).toEqual([SEARCH_LOOKS_MS[0]]);
    expect(s.client.searchLagMs()).toBeGreaterThan(0);
  });

  it('a lag seen before: the looks last at least twice as long', async () => {
    const s = await sandboxWith(0);
    const watch = new SearchLagWatch(s.client);
    s.client.searchLagSeen(20_000);
    const { waits, sleep } = recordingSleep();
    expect(await verifyOutcome(s.client, createOperation('NEVER04'), { organisationId: ORG, sleep, searchLag: watch })).toEqual({ happened: false });
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(40_000);
  });

  it('a learning aim assigned but not yet shown is found by a later look, not assigned twice', async () => {
    const s = await sandboxWith(300);
    const learner = await s.client.createUser(fields('AIM01'));
    const standard = s.sandbox.store.all('standards').find((st) => st.OrganisationID === ORG)!;
    const failedAt = Date.now();
    const aimId = await s.client.assignStandard(standard.ID, learner.ID);
    const { sleep } = recordingSleep();
    const op = { id: 'op-aim', description: 'Assign standard', kind: 'assign-standard' as const, learner: { existing: learner.ID }, standardId: standard.ID, standardTitle: standard.Title };
    const verdict = await verifyOutcome(s.client, op, { organisationId: ORG, userId: learner.ID, sleep, searchLag: new SearchLagWatch(s.client), failedAt });
    expect(verdict).toMatchObject({ happened: true, result: { learningAimIds: [aimId] } });
  });
});
