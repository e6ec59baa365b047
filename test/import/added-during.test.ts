import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/import/journal/journal';
import type { CreateUserOperation } from '../../main/import/plan/types';
import { LearnersAddedDuringRun, type ReadThrough } from '../../main/import/run/added-during';
import { learnersByKey } from '../../main/import/run/added-since';
import { PLAN_FRESH_MS } from '../../main/import/run/plan-age';
import { createRunner } from '../../main/import/run/runner';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { clientFor, fastSandbox, FAST_LOOKS_MS, FAST_RETRY, learnerMadeElsewhere, learnersPlan, tempDir } from './run-fixtures';

/**
 * A plan is started only within 10 minutes of reading OneFile (plan-age.ts), but a run
 * of 1,000 learners at 100 calls a minute takes 20: a learner the MIS's own sync added in
 * its 15th minute would have been created a second time by the plan's "create". Now a
 * creation is sent only on a reading of the organisation's learners younger than that:
 * the first creation after it is older reads them again (one reading, however many rows
 * wait for it), and a learner someone else added with one of its keys is not created.
 */

const open: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function sandbox() {
  const started = await fastSandbox();
  open.push(started);
  return started;
}

/** Another program's learner: what the MIS's sync makes, not this run. */
async function addedByAnotherProgram(s: RunningSandbox, misid: string): Promise<number> {
  const client = clientFor(s);
  try {
    return await learnerMadeElsewhere(client, { misid, firstName: 'Added', lastName: 'Elsewhere' });
  } finally {
    await client.close();
  }
}

const learnerSearches = (s: RunningSandbox, from = 0) => s.calls.slice(from).filter((c) => c.route.startsWith('POST User/Search') && (c.body as { Role?: number })?.Role === 1);

function run(s: RunningSandbox, plan: ReturnType<typeof learnersPlan>, now?: () => Date) {
  const journal = openJournal(path.join(tempDir('added-during-'), 'journal.jsonl'));
  const runner = createRunner({ runId: '20261202T100000000Z-ad0001', plan, client: clientFor(s), journal, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, concurrency: 4, ...(now ? { now } : {}) });
  return { runner, done: async () => (await runner.run().finally(() => journal.close())) };
}

describe('a learner added to OneFile by someone else while a run goes', () => {
  it('is not created a second time once the reading is older than a plan may be: the row fails, naming them; the rest are made, on one reading', async () => {
    const s = await sandbox();
    const plan = learnersPlan(8, 'ADR');
    // The plan read OneFile 11 minutes ago (the run has been going that long); meanwhile the MIS's sync added the fifth learner.
    plan.readOneFileAt = new Date(Date.now() - PLAN_FRESH_MS - 60_000).toISOString();
    const theirs = await addedByAnotherProgram(s, 'ADR0004');
    const before = s.calls.length;
    const outcome = await run(s, plan).done();

    const fifth = outcome.results.find((r) => r.index === 4)!;
    expect(fifth.action).toBe('failed');
    expect(fifth.message).toMatch(
      new RegExp(`While this import was running, Added Elsewhere \\(OneFile ID ${theirs}\\) was added to OneFile by someone else .* with the same MIS ID and email, so "Create learner" was not sent: it would have made them a second time\\. Import the file again`),
    );
    expect(outcome.results.filter((r) => r.action === 'created')).toHaveLength(7);
    const learners = s.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith('ADR'));
    expect(learners).toHaveLength(8);
    expect(learners.filter((u) => u.MISID === 'ADR0004').map((u) => u.ID)).toEqual([theirs]);
    // One reading for the four rows in flight, not one each (the seeded organisation's learners fit a page, and the empty page ends it).
    expect(learnerSearches(s, before)).toHaveLength(2);
    expect(outcome.calls).toBe(s.calls.length - before - 1);
  });

  it('costs nothing while the reading is younger than that', async () => {
    const s = await sandbox();
    const plan = learnersPlan(6, 'ADF');
    plan.readOneFileAt = new Date().toISOString();
    const outcome = await run(s, plan).done();
    expect(outcome.results.map((r) => r.action)).toEqual(Array(6).fill('created'));
    expect(learnerSearches(s)).toEqual([]);
  });

  it('reads again only once the reading it last made is older than that, and never takes the run\'s own learners for others\'', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    open.push({ close: () => client.close() } as unknown as RunningSandbox);
    let now = Date.parse('2026-12-02T09:00:00Z');
    const readOneFileAt = new Date(now).toISOString();
    const added = new LearnersAddedDuringRun(client, GUIDE.business, { readOneFileAt, planningMs: 0 }, [], () => new Date(now));
    const creation = (misid: string): CreateUserOperation => ({
      id: `2:create-user:${misid}`,
      kind: 'create-user',
      description: 'Create learner',
      role: 1,
      fields: { MISID: misid, Email: `${misid.toLowerCase()}@learners.example.com` },
      matchKey: { field: 'MISID', value: misid },
    });
    const calls: number[] = [];
    const onCalls: ReadThrough = async (reading) => {
      const read = await reading();
      calls.push(read.calls);
      return read;
    };

    expect(await added.before(creation('ADC0001'), onCalls)).toBeUndefined();
    expect(calls).toEqual([]);

    now += PLAN_FRESH_MS + 1;
    const ours = await addedByAnotherProgram(s, 'ADC0002');
    added.made(ours);
    const [first, second] = await Promise.all([added.before(creation('ADC0002'), onCalls), added.before(creation('ADC0003'), onCalls)]);
    expect(first).toBeUndefined();
    expect(second).toBeUndefined();
    expect(calls).toHaveLength(1);

    const theirs = await addedByAnotherProgram(s, 'ADC0003');
    now += PLAN_FRESH_MS / 2;
    expect(await added.before(creation('ADC0003'), onCalls)).toBeUndefined();
    expect(calls).toHaveLength(1);
    now += PLAN_FRESH_MS / 2 + 1;
    expect((await added.before(creation('ADC0003'), onCalls))?.id).toBe(theirs);
    expect(calls).toHaveLength(2);

    // A resumed run goes on from the reading its check made just before, not the plan's: no second reading.
    const { learnerByKey } = await learnersByKey(client, GUIDE.business, new Set());
    const resumed = new LearnersAddedDuringRun(client, GUIDE.business, { at: now, learnerByKey }, [], () => new Date(now));
    expect((await resumed.before(creation('ADC0003'), onCalls))?.id).toBe(theirs);
    expect(calls).toHaveLength(2);
  });
});
