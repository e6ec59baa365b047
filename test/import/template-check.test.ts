import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { openJournal } from '../../main/import/journal/journal';
import type { AssignTemplateOperation } from '../../main/import/plan/types';
import { createRunner } from '../../main/import/run/runner';
import { verifyOutcome } from '../../main/import/run/verify';
import { lookUntil, secondsWaited } from '../../main/import/run/template-check';
import { summarisePlan, templateLooksOf } from '../../main/import/plan/summary';
import type { RunningSandbox, SandboxOptions } from '../../main/sandbox';
import { GUIDE } from '../../main/sandbox';
import { capturedIo, lastJson } from './cli-fixtures';
import { clientFor, fastSandbox, FAST_LOOKS_MS, FAST_RETRY, learnersPlan, learnersState, newLearnerRow, planOf, tempDir } from './run-fixtures';
import { ASSIGN_LEVEL, ROLE, type RowPlan } from '../../main/import/plan/types';

/**
 * A framework template's assign is answered 204 with nothing in it, and whether the
 * learner's learning aims exist by then is written nowhere. A OneFile that makes them in
 * the background would make a check after a lost answer see none and send the template
 * again (a second set of aims); one that makes none (reading onlyChangeAssigned the
 * other way) would leave a learner without a programme under a row that says done. The
 * runner looks at the first learner's aims after the assign until they come, learns
 * which OneFile it has, and fails a row whose aims never come.
 */

const LOOKS_MS = [100, 200, 400, 800];
const open: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function sandboxWith(options: SandboxOptions) {
  const started = await fastSandbox(options);
  open.push(started);
  return started;
}

async function run(s: RunningSandbox, tag: string, client = clientFor(s), plan = learnersPlan(8, tag)) {
  const journal = openJournal(path.join(tempDir('template-check-'), 'journal.jsonl'));
  const runner = createRunner({ runId: '20261130T120000000Z-abcdef', plan, client, journal, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: LOOKS_MS });
  const outcome = await runner.run();
  journal.close();
  return { outcome, client };
}

const templateAssigns = (s: RunningSandbox) => s.calls.filter((c) => /FrameworkTemplate\/\d+\/Assign/i.test(c.path));
const aimSearches = (s: RunningSandbox) => s.calls.filter((c) => /LearningAim\/Search/i.test(c.path));
/** Learners 3 and 7 of the eight get template 802 (standards 4002 and 4005). */
const TEMPLATED = ['TAG0003', 'TAG0007'];

/** The row with Kate Anderson as assessor on the template's first standard: OneFile refuses it until that learning aim exists. */
function withAimAssessor(row: RowPlan): RowPlan {
  row.operations.push({
    id: `${row.row}:assign-staff:${GUIDE.kateAnderson}:4002`,
    kind: 'assign-staff',
    description: 'Assign assessor Kate Anderson for Customer Service Practitioner',
    learner: { createdByRow: true },
    staffUserId: GUIDE.kateAnderson,
    staffName: 'Kate Anderson',
    staffRole: ROLE.Assessor,
    level: ASSIGN_LEVEL.LearningAim,
    standardId: 4002,
  });
  return row;
}

describe('after a framework template is assigned', () => {
  it('a OneFile that makes the aims at once: one look in the whole run, the environment remembers "at once", and later runs look no more', async () => {
    const s = await sandboxWith({});
    const { outcome, client } = await run(s, 'TAG');
    expect(outcome.state).toBe('completed');
    expect(outcome.results.every((r) => r.action === 'created')).toBe(true);
    expect(aimSearches(s)).toHaveLength(1);
    expect(client.knowledge().templateApply).toBe('at-once');
    // The looked-at learner's results carry the aims the template made.
    const looked = outcome.results.filter((r) => r.learningAimIds?.length && TEMPLATED.includes(s.store.user(r.userId!)!.MISID!));
    expect(looked).toHaveLength(1);

    // Known now: a later import into this OneFile looks no more.
    const again = await run(s, 'TWO', client);
    expect(again.outcome.results.every((r) => r.action === 'created')).toBe(true);
    expect(aimSearches(s)).toHaveLength(1);
  });

  it('a OneFile that makes them in the background: waited for, "in the background" remembered, each learner given the template once', async () => {
    const s = await sandboxWith({ templateApply: 'in-background', templateApplyMs: 250 });
    const { outcome, client } = await run(s, 'TAG');
    expect(outcome.state).toBe('completed');
    expect(outcome.results.every((r) => r.action === 'created')).toBe(true);
    expect(client.knowledge().templateApply).toBe('in-background');
    await expect.poll(() => learnersState(s, 'TAG').filter((l) => TEMPLATED.includes(l.misid!)).map((l) => l.aims)).toEqual([[4002, 4005], [4002, 4005]]);
    expect(templateAssigns(s)).toHaveLength(2);
  });

  it('a OneFile known to make them in the background: each learner given the template is waited for, so their assessor per learning aim is not refused', async () => {
    const s = await sandboxWith({ templateApply: 'in-background', templateApplyMs: 250 });
    const { client } = await run(s, 'TAG');
    expect(client.knowledge().templateApply).toBe('in-background');
    const looksBefore = aimSearches(s).length;
    // The next import: two learners given the template, each with an assessor on its first standard
    // (OneFile refuses that assignment until the learning aim exists).
    const rows = [3, 7].map((n) => withAimAssessor(newLearnerRow(n, 'TWO')));
    const { outcome } = await run(s, 'TWO', client, planOf(rows));
    expect(outcome.results.map((r) => r.action)).toEqual(['created', 'created']);
    expect(learnersState(s, 'TWO').map((l) => [l.aims, l.staff])).toEqual([
      [[4002, 4005], [`${GUIDE.kateAnderson}@${ASSIGN_LEVEL.LearningAim}:4002`]],
      [[4002, 4005], [`${GUIDE.kateAnderson}@${ASSIGN_LEVEL.LearningAim}:4002`]],
    ]);
    // One look each at least (the first after a pause, so not wasted on aims not made yet).
    expect(aimSearches(s).length - looksBefore).toBeGreaterThanOrEqual(2);
    expect(outcome.results.every((r) => r.learningAimIds?.length === 2)).toBe(true);
  });

  it('a OneFile seen making them at once that then makes them late: a step refused under the template says the aims may not have been made yet, and nothing is sent twice', async () => {
    const s = await sandboxWith({});
    const { client } = await run(s, 'TAG');
    expect(client.knowledge().templateApply).toBe('at-once');
    s.switches.templateApply = 'in-background';
    s.switches.templateApplyMs = 250;
    const row = withAimAssessor(newLearnerRow(3, 'LATE'));
    const { outcome } = await run(s, 'LATE', client, planOf([row]));
    expect(outcome.results[0].action).toBe('failed');
    expect(outcome.results[0].message).toContain('The learner was given the framework template "Customer Service Practitioner L2 with English" just before');
    expect(templateAssigns(s).filter((c) => new RegExp(`/Assign/${outcome.results[0].userId}/`).test(c.path))).toHaveLength(1);
  });

  it('in the background with every other answer lost: the check after a lost answer waits for the aims, and never sends the template twice', async () => {
    const s = await sandboxWith({ templateApply: 'in-background', templateApplyMs: 250, loseEveryNthWrite: 2 });
    // Only the two templated learners: four writes, a create before each assign, so in any
    // order the second or fourth write (lost) is a template assign.
    const { outcome } = await run(s, 'TAG', clientFor(s), planOf([3, 7].map((n) => newLearnerRow(n, 'TAG'))));
    expect(outcome.results.filter((r) => r.action !== 'created').map((r) => r.message)).toEqual([]);
    expect(s.calls.some((c) => c.lost && /FrameworkTemplate/i.test(c.path))).toBe(true);
    await expect.poll(() => learnersState(s, 'TAG').filter((l) => TEMPLATED.includes(l.misid!)).map((l) => l.aims)).toEqual([[4002, 4005], [4002, 4005]]);
    expect(templateAssigns(s)).toHaveLength(2);
  });

  it('a OneFile that answers 204 and makes nothing: each templated row fails saying so, the template is never sent again, and the rest is done', async () => {
    const s = await sandboxWith({ templateApply: 'never' });
    const { outcome } = await run(s, 'TAG');
    const failed = outcome.results.filter((r) => r.action === 'failed');
    expect(failed.map((r) => s.store.user(r.userId!)?.MISID).sort()).toEqual(TEMPLATED);
    for (const row of failed) {
      expect(row.message).toMatch(/OneFile answered that "Customer Service Practitioner L2 with English" was given to learner ID \d+, but 2 s later the learner has no learning aims from it/);
      expect(row.message).toContain('It was not sent again');
    }
    expect(outcome.results.filter((r) => r.action === 'created')).toHaveLength(6);
    expect(templateAssigns(s)).toHaveLength(2);
    expect(learnersState(s, 'TAG')).toHaveLength(8);
  });
});

describe('checking a template assign whose answer was lost', () => {
  const op: AssignTemplateOperation = {
    id: '3:assign-template:802',
    kind: 'assign-template',
    description: 'Assign framework template',
    learner: { existing: GUIDE.gemmaHall },
    templateId: 802,
    templateName: 'Customer Service Practitioner L2 with English',
    onlyChangeAssigned: false,
    standardIds: [4002, 4005],
  };
  const slept: number[] = [];
  const context = (reading: 'at-once' | 'in-background' | undefined) => ({
    organisationId: GUIDE.business,
    userId: GUIDE.gemmaHall,
    sleep: async (ms: number) => void slept.push(ms),
    templateApply: () => reading,
    templateLooksMs: LOOKS_MS,
  });

  it('where aims come at once, none means not made: sent again, no waiting', async () => {
    const s = await sandboxWith({});
    slept.length = 0;
    expect(await verifyOutcome(clientFor(s), op, context('at-once'))).toEqual({ happened: false });
    expect(slept).toEqual([]);
  });

  it('where aims come in the background, none after the looks cannot be settled: never sent again on a guess', async () => {
    const s = await sandboxWith({});
    slept.length = 0;
    expect(await verifyOutcome(clientFor(s), op, context('in-background'))).toMatchObject({ happened: 'cannot-tell' });
    expect(slept).toEqual(LOOKS_MS);
  });

  it('not yet known: looked at again after the pauses before it is believed not made', async () => {
    const s = await sandboxWith({});
    slept.length = 0;
    expect(await verifyOutcome(clientFor(s), op, context(undefined))).toEqual({ happened: false });
    expect(slept).toEqual(LOOKS_MS);
  });
});

describe('importing again while a template given earlier has no learning aims yet', () => {
  it('the template is not sent a second time, nor anything that needs its aims: the plan says so, and the run sends nothing', async () => {
    const s = await sandboxWith({ templateApply: 'in-background', templateApplyMs: 300 });
    const dir = tempDir('template-again-');
    const iqa = s.store.usersOf(GUIDE.business, 10)[0];
    const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement,Framework Template,IQA';
    const fileOf = (name: string, misid: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, `${header}\r\n${misid},Ann,Example,${misid.toLowerCase()}@example.com,James Fayre,Business Admin L2,BT - Manchester,Business Administrator L3 - 18 months,${iqa.FirstName} ${iqa.LastName}\r\n`);
      return file;
    };
    const importFile = async (file: string, dryRun = false) => {
      const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: s.customerToken });
      const code = await runImport(file, { env: s.baseUrl, org: GUIDE.business, dataDir: dir, json: true, rateWindowMs: 500, dryRun }, io);
      return { code, summary: lastJson(io.stdout), stderr: io.stderr.join('') };
    };
    const learnerOf = (misid: string) => s.store.usersOf(GUIDE.business, 1).find((u) => u.MISID === misid)!;
    const assignsTo = (misid: string) => templateAssigns(s).filter((c) => new RegExp(`/Assign/${learnerOf(misid).ID}/`).test(c.path)).length;
    const staffAssigns = () => s.calls.filter((c) => /^User\/\d+\/Assign/i.test(c.route)).length;

    // The first import learns that this OneFile makes a template's aims in the background,
    // and waits for them before the IQA (per learning aim) is assigned.
    const first = await importFile(fileOf('first.csv', 'BGA001'));
    expect(first.code, first.stderr).toBe(0);
    expect(s.store.assignmentsOf(learnerOf('BGA001').ID).filter((a) => a.StaffID === iqa.ID)).toHaveLength(1);

    // The next learner's aims do not come while the run looks (about 15 s): the row fails, saying the template was not sent again.
    s.switches.templateApply = 'never';
    const second = fileOf('second.csv', 'BGA002');
    const failed = await importFile(second);
    expect(failed.code).toBe(1);
    expect(failed.summary).toMatchObject({ created: 0, failed: 1 });
    const staffBefore = staffAssigns();

    // Importing again: the plan says the aims are awaited (the template and its IQA wait), and the run sends neither.
    const plan = await importFile(second, true);
    expect(JSON.stringify(plan.summary)).toContain('has no learning aims from it yet. It is not sent again');
    expect(JSON.stringify(plan.summary)).toContain('The IQA under its standards waits for those aims');
    const again = await importFile(second);
    expect(again.code, again.stderr).toBe(0);
    expect(assignsTo('BGA002')).toBe(1);
    expect(staffAssigns()).toBe(staffBefore);
  }, 60_000);
});

describe('the plan counts the looks after a template', () => {
  const inputs = (templateLooks: 'first' | 'each' | undefined) =>
    summarisePlan({
      rows: learnersPlan(8, 'SUM').rows,
      directoryCalls: 0,
      planningCalls: 0,
      templateLooks,
      pace: { budgetPerMinute: 100, windowMs: 60_000 },
    }).calls;

  it('one in all for a OneFile not yet seen, one per templated learner for one making aims in the background, none for one making them at once', () => {
    // Learners 3 and 7 of the eight get the template.
    expect(templateLooksOf(undefined)).toBe('first');
    expect(inputs('first').reads).toBe(1);
    expect(templateLooksOf('in-background')).toBe('each');
    expect(inputs('each').reads).toBe(2);
    expect(templateLooksOf('at-once')).toBeUndefined();
    expect(inputs(undefined).reads).toBe(0);
    expect(inputs('each').total).toBe(inputs(undefined).total + 2);
  });
});

describe('looking again until enough is seen', () => {
  it('pauses before each look after the first, stops when enough is seen, and with pauseFirst pauses before the first too', async () => {
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    let looks = 0;
    const look = async () => ++looks;
    expect(await lookUntil(look, (n) => n >= 3, LOOKS_MS, sleep)).toEqual({ seen: 3, pauses: 2 });
    expect(slept).toEqual([100, 200]);
    looks = 0;
    slept.length = 0;
    expect(await lookUntil(look, (n) => n >= 2, LOOKS_MS, sleep, true)).toEqual({ seen: 2, pauses: 2 });
    expect(slept).toEqual([100, 200]);
    looks = 0;
    slept.length = 0;
    expect(await lookUntil(look, () => false, LOOKS_MS, sleep)).toEqual({ seen: 5, pauses: 4 });
    expect(slept).toEqual(LOOKS_MS);
    expect(secondsWaited([1_000, 2_000, 4_000, 8_000])).toBe(15);
  });
});
