import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { connectTo } from '../../main/import/environment/connection';
import { createRun, updateRun } from '../../main/import/journal/run-store';
import { PLAN_FRESH_MS, planAgeMs, planTooOld } from '../../main/import/run/plan-age';
import { resumeRun } from '../../main/import/run/run-folder';
import { prepareImport } from '../../main/import/session';
import { createOneFileClient } from '../../main/onefile';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { createAppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { sandboxesClosedAfterEach } from '../reliability/sandboxes';
import { upload } from '../app/connected-service';
import { capturedIo, learnerLine, writeCsv } from './cli-fixtures';
import { learnerMadeElsewhere, tempDir } from './run-fixtures';

/**
 * A plan says what to do from what OneFile held when it was read. A learner added to
 * OneFile after that, by hand or by another program (the MIS's own sync), is not in it,
 * and a plan saying "create" for them would create them a second time. Other runs of
 * this importer are seen through their journals; what others did is seen only by reading
 * OneFile again. So a plan is started only within PLAN_FRESH_MS of its reading: the app
 * refuses an older one ("Make the plan again", and the plan made again finds the
 * learner), the command line reads OneFile again after a long question, and a stopped
 * run resumed long after its plan first looks for the learners it was still to create,
 * and looks at a learner's programme before it adds to it.
 */

const WINDOW_MS = 300;
const LATER = PLAN_FRESH_MS + 60_000;
const sandboxWith = sandboxesClosedAfterEach();

/** Another program's write: a learner of the file made in OneFile, not by the importer. */
async function addedByAnotherProgram(sandbox: RunningSandbox, tag: string, n: number): Promise<number> {
  const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: WINDOW_MS });
  try {
    return await learnerMadeElsewhere(client, { misid: `${tag}${String(n).padStart(3, '0')}`, firstName: `Learner${n}`, lastName: `Test${tag}` });
  } finally {
    await client.close();
  }
}

const learnersOf = (sandbox: RunningSandbox, tag: string) => sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith(tag));
const writesAfter = (sandbox: RunningSandbox, from: number) => sandbox.calls.slice(from).filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.route));

describe("a plan's age", () => {
  it("is the time it has waited since it read OneFile, not the time planning worked (a large file's reads take minutes)", () => {
    const readAt = Date.parse('2026-12-01T09:00:00Z');
    const at = (minutes: number) => new Date(readAt + minutes * 60_000);
    const plan = { readOneFileAt: new Date(readAt).toISOString(), planningMs: 12 * 60_000 };
    expect(planAgeMs(plan, at(13))).toBe(60_000);
    expect(planTooOld(plan, at(13))).toBe(false);
    expect(planTooOld(plan, at(23))).toBe(true);
    expect(planTooOld({ readOneFileAt: plan.readOneFileAt }, at(11))).toBe(true);
    expect(planTooOld({}, at(600))).toBe(false);
  });
});

describe('a plan left too long before Import', () => {
  it('is not started in the app; planned again, it finds the learner another program added, and no learner is made twice', async () => {
    const sandbox = await sandboxWith({ windowMs: WINDOW_MS });
    const dataDir = tempDir('plan-age-app-');
    let ahead = 0;
    const service = await createAppService({
      dataDir,
      face: 'browser',
      tokenStore: createSessionTokenStore('session only'),
      budgetPerMinute: 100,
      windowMs: WINDOW_MS,
      now: () => new Date(Date.now() + ahead),
    });
    try {
      await service.handlers.connect({ environment: 'custom', customBaseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, rememberToken: false });
      await service.handlers.chooseOrganisation({ organisationId: GUIDE.business });
      const file = writeCsv(dataDir, 'learners.csv', [1, 2, 3].map((n) => learnerLine('PA1X', n)));
      await service.handlers.openFile(upload(file));
      await service.handlers.checkReferences({ refresh: false });
      expect((await service.handlers.planImport({ skipInvalid: false })).create).toBe(3);

      // While the plan waits on the screen, someone adds the second learner in OneFile.
      const added = await addedByAnotherProgram(sandbox, 'PA1X', 2);
      ahead = LATER;
      const before = sandbox.calls.length;
      await expect(service.handlers.startRun({})).rejects.toMatchObject({ code: 'plan-stale', message: expect.stringMatching(/This plan has waited 11 minutes since it read OneFile: a learner added in OneFile since then .* Make the plan again/) });
      expect(writesAfter(sandbox, before)).toEqual([]);

      // "Plan again": Review's reading is older than a plan may be made on, so OneFile is read again.
      const again = await service.handlers.planImport({ skipInvalid: false });
      expect(again.create).toBe(2);
      const ended = new Promise<string>((resolve) => service.on('run-state', (event) => ['completed', 'failed'].includes(event.state) && resolve(event.state)));
      await service.handlers.startRun({});
      expect(await ended).toBe('completed');
      const learners = learnersOf(sandbox, 'PA1X');
      expect(learners.map((u) => u.MISID).sort()).toEqual(['PA1X001', 'PA1X002', 'PA1X003']);
      expect(learners.find((u) => u.MISID === 'PA1X002')!.ID).toBe(added);
    } finally {
      await service.close();
    }
  }, 60_000);

  it('on the command line, a question answered after a long while has OneFile read again before anything is sent', async () => {
    const sandbox = await sandboxWith({ windowMs: WINDOW_MS });
    const dataDir = tempDir('plan-age-cli-');
    // "Business Administrator" is not a standard's name: the import asks which it means.
    const file = writeCsv(dataDir, 'learners.csv', [1, 2, 3].map((n) => learnerLine('PA2X', n).replace('Business Administrator Level 3', 'Business Administrator')));
    let ahead = 0;
    const io = {
      ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }),
      now: () => new Date(Date.now() + ahead),
      ask: async () => {
        // The person comes back from lunch; meanwhile the MIS's sync added a learner of the file.
        await addedByAnotherProgram(sandbox, 'PA2X', 3);
        ahead = PLAN_FRESH_MS;
        return '1';
      },
    };
    const code = await runImport(file, { env: sandbox.baseUrl, org: GUIDE.business, dataDir, rateWindowMs: WINDOW_MS }, io);
    const said = io.stderr.join('') + io.stdout.join('');
    expect(code, said).toBe(0);
    expect(said).toContain('The plan had waited 10 minutes since it read OneFile, so OneFile was read again: OneFile changed meanwhile, and the plan with it.');
    expect(said.match(/so OneFile was read again/g)).toHaveLength(1);
    expect(said).toMatch(/created 2, updated \d+, unchanged \d+, failed 0/);
    expect(learnersOf(sandbox, 'PA2X')).toHaveLength(3);
  }, 60_000);
});

describe('a dry run', () => {
  it('may plan on a reading a few minutes old (it starts nothing), and is not read again for its age', async () => {
    const sandbox = await sandboxWith({ windowMs: WINDOW_MS });
    const dataDir = tempDir('plan-age-dry-');
    const file = writeCsv(dataDir, 'learners.csv', [1, 2].map((n) => learnerLine('PA5X', n)));
    let ahead = 0;
    const dryRun = async () => {
      const io = { ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }), now: () => new Date(Date.now() + ahead) };
      expect(await runImport(file, { env: sandbox.baseUrl, org: GUIDE.business, dataDir, rateWindowMs: WINDOW_MS, dryRun: true }, io), io.stderr.join('')).toBe(0);
      return io.stderr.join('') + io.stdout.join('');
    };
    await dryRun();
    ahead = 6 * 60_000;
    const before = sandbox.calls.length;
    const said = await dryRun();
    expect(said).not.toContain('so OneFile was read again');
    expect(said).toContain('Dry run: nothing was sent to OneFile.');
    expect(sandbox.calls.slice(before).filter((c) => c.route === 'POST User/Search/{page}/{size}')).toEqual([]);
  }, 60_000);
});

/** A process ID no process has: a run recorded as running under it was killed. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** A run of three learners planned and killed before it sent anything. */
async function killedBeforeItsFirstWrite(sandbox: RunningSandbox, tag: string, fileOf?: (dataDir: string) => string) {
  const dataDir = tempDir('plan-age-resume-');
  const file = fileOf?.(dataDir) ?? writeCsv(dataDir, 'learners.csv', [1, 2, 3].map((n) => learnerLine(tag, n)));
  const connection = async () => connectTo({ name: 'custom', baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken }, { dataDir, windowMs: WINDOW_MS });
  const session = await prepareImport({ file, dataDir, organisationId: GUIDE.business, windowMs: WINDOW_MS, connect: connection });
  const run = createRun(
    dataDir,
    {
      file: session.file,
      mapping: session.mapping,
      environment: { name: session.environment.name, baseUrl: session.environment.baseUrl },
      organisation: session.organisation,
      budgetPerMinute: 100,
      windowMs: WINDOW_MS,
      concurrency: 2,
      skipInvalid: false,
    },
    session.plan,
    session.table,
  );
  await session.close();
  updateRun(dataDir, run.runId, { state: 'running', process: { pid: await deadPid(), hostname: os.hostname() } });
  return { dataDir, runId: run.runId, connection };
}

/** Three learners of the tag, each to be given the framework template Business Administrator L3 - 18 months (standard 4001). */
function withTemplate(tag: string) {
  return (dataDir: string) => {
    const file = path.join(dataDir, 'learners.csv');
    const rows = [1, 2, 3].map((n) => `${tag}00${n},Learner${n},Test${tag},${tag.toLowerCase()}00${n}@learners.example.com,James Fayre,Business Admin L2,BT - Manchester,Business Administrator L3 - 18 months`);
    fs.writeFileSync(file, ['Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Framework Template', ...rows].join('\r\n') + '\r\n');
    return file;
  };
}

describe('a stopped run resumed long after its plan read OneFile', () => {
  it('is not resumed when OneFile has gained a learner it was still to create, naming the row; nothing is sent', async () => {
    const sandbox = await sandboxWith({ windowMs: WINDOW_MS });
    const { dataDir, runId, connection } = await killedBeforeItsFirstWrite(sandbox, 'PA3X');
    const added = await addedByAnotherProgram(sandbox, 'PA3X', 2);
    const before = sandbox.calls.length;
    await expect(resumeRun({ dataDir, runId, connection: await connection(), closeConnection: true, windowMs: WINDOW_MS, planAgeClock: () => new Date(Date.now() + LATER) })).rejects.toThrow(
      new RegExp(`Run ${runId} is not resumed: since its plan read OneFile, OneFile has gained a learner it was still to create \\(row 3, Learner2 TestPA3X \\(OneFile ID ${added}\\)\\), added by hand or by another program.* Import learners.csv again instead`),
    );
    expect(writesAfter(sandbox, before)).toEqual([]);
    expect(learnersOf(sandbox, 'PA3X')).toHaveLength(1);
  }, 60_000);

  it('is resumed to its end when OneFile gained none of its learners, at the cost of reading the learners once', async () => {
    const sandbox = await sandboxWith({ windowMs: WINDOW_MS });
    const { dataDir, runId, connection } = await killedBeforeItsFirstWrite(sandbox, 'PA4X');
    const before = sandbox.calls.length;
    const handle = await resumeRun({ dataDir, runId, connection: await connection(), closeConnection: true, windowMs: WINDOW_MS, planAgeClock: () => new Date(Date.now() + LATER) });
    const finished = await handle.finished;
    expect(finished.outcome.state).toBe('completed');
    expect(learnersOf(sandbox, 'PA4X')).toHaveLength(3);
    const learnerPages = sandbox.calls.slice(before).filter((c) => c.route === 'POST User/Search/{page}/{size}').length;
    expect(learnerPages).toBeGreaterThan(0);
    expect(learnerPages).toBeLessThanOrEqual(3);
  }, 60_000);

  it("looks at each learner's programme before adding to it: what was given by hand meanwhile is not given again", async () => {
    // Three learners already in OneFile; the file gives each Business Administrator Level 3
    // and two units. The run stops before its first write and is resumed the next day; in
    // the meantime an assessor gave learner 2 the standard and one unit by hand, and
    // learner 3 the standard. OneFile makes a second learning aim when a standard is given
    // again: before this look, learners 2 and 3 ended with two.
    const sandbox = await sandboxWith({ windowMs: WINDOW_MS });
    const ids = [await addedByAnotherProgram(sandbox, 'PA6X', 1), await addedByAnotherProgram(sandbox, 'PA6X', 2), await addedByAnotherProgram(sandbox, 'PA6X', 3)];
    const { dataDir, runId, connection } = await killedBeforeItsFirstWrite(sandbox, 'PA6X');
    const standard = sandbox.store.all('standards').find((s) => s.Title === 'Business Administrator Level 3')!;
    const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: WINDOW_MS });
    try {
      await client.assignStandard(standard.ID, ids[1]);
      await client.assignUnit('KS_ORG1', ids[1], standard.ID);
      await client.assignStandard(standard.ID, ids[2]);
    } finally {
      await client.close();
    }
    const before = sandbox.calls.length;
    const handle = await resumeRun({ dataDir, runId, connection: await connection(), closeConnection: true, windowMs: WINDOW_MS, planAgeClock: () => new Date(Date.now() + LATER) });
    const finished = await handle.finished;
    expect(finished.outcome.state).toBe('completed');
    expect(finished.outcome.results.map((r) => r.action)).not.toContain('failed');
    for (const id of ids) {
      expect(sandbox.store.learningAimsOf(id).filter((a) => a.StandardID === standard.ID)).toHaveLength(1);
      const units = sandbox.store.unitSummariesOf(id).map((u) => String(u.UnitID));
      expect(units.sort()).toEqual(['KS_COMM1', 'KS_ORG1']);
    }
    const sent = (kind: string) => sandbox.calls.slice(before).filter((c) => c.route.startsWith(`POST ${kind}/`) && c.route.includes('/Assign/'));
    expect(sent('Standard')).toHaveLength(1);
    expect(sent('Unit')).toHaveLength(5);
  }, 60_000);

  it('does not give a template whose contents are unknown to a learner given learning aims meanwhile: the row fails, saying why; the others get it once', async () => {
    const sandbox = await sandboxWith({ windowMs: WINDOW_MS, templateDetail: 404 });
    const ids = [await addedByAnotherProgram(sandbox, 'PA7X', 1), await addedByAnotherProgram(sandbox, 'PA7X', 2), await addedByAnotherProgram(sandbox, 'PA7X', 3)];
    const { dataDir, runId, connection } = await killedBeforeItsFirstWrite(sandbox, 'PA7X', withTemplate('PA7X'));
    const standard = sandbox.store.all('standards').find((s) => s.Title === 'Business Administrator Level 3')!;
    const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: WINDOW_MS });
    try {
      await client.assignStandard(standard.ID, ids[1]);
    } finally {
      await client.close();
    }
    const before = sandbox.calls.length;
    const handle = await resumeRun({ dataDir, runId, connection: await connection(), closeConnection: true, windowMs: WINDOW_MS, planAgeClock: () => new Date(Date.now() + LATER) });
    const { outcome } = await handle.finished;
    const second = outcome.results.find((r) => r.userId === ids[1])!;
    expect(second.action).toBe('failed');
    expect(second.message).toMatch(
      /Since this run's plan read OneFile \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\), the learner's programme has changed there: the learner now has a learning aim, and what the template holds is not known, so giving it could duplicate them\. .* was not sent\. Open OneFile learner ID \d+ and check its learning aims, then import the row again\./,
    );
    expect(outcome.results.filter((r) => r.action === 'failed')).toHaveLength(1);
    const templateAssigns = sandbox.calls.slice(before).filter((c) => /FrameworkTemplate\/\d+\/Assign/.test(c.path));
    expect(templateAssigns).toHaveLength(2);
    expect(sandbox.store.learningAimsOf(ids[1])).toHaveLength(1);
    for (const id of [ids[0], ids[2]]) expect(sandbox.store.learningAimsOf(id).length).toBeGreaterThan(0);
  }, 60_000);

  it('does not give a template whose standards were all given by hand meanwhile, and says so on the row: its units and dates may be missing', async () => {
    // Before: the row said "Done: ... Give framework template" over a template never sent.
    const sandbox = await sandboxWith({ windowMs: WINDOW_MS });
    const ids = [await addedByAnotherProgram(sandbox, 'PA8X', 1), await addedByAnotherProgram(sandbox, 'PA8X', 2), await addedByAnotherProgram(sandbox, 'PA8X', 3)];
    const { dataDir, runId, connection } = await killedBeforeItsFirstWrite(sandbox, 'PA8X', withTemplate('PA8X'));
    const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: WINDOW_MS });
    try {
      await client.assignStandard(4001, ids[1]);
    } finally {
      await client.close();
    }
    const before = sandbox.calls.length;
    const handle = await resumeRun({ dataDir, runId, connection: await connection(), closeConnection: true, windowMs: WINDOW_MS, planAgeClock: () => new Date(Date.now() + LATER) });
    const { outcome } = await handle.finished;
    expect(outcome.results.map((r) => r.action)).not.toContain('failed');
    const second = outcome.results.find((r) => r.userId === ids[1])!;
    expect(second.message).toContain(
      `Worth checking: when this resumed run reached it, the learner already had every standard of the framework template "Business Administrator L3 - 18 months", given in OneFile since the plan read it and not by the template, so the template was not sent (it would have made them twice). Its own units, weightings and dates may not be there: open OneFile learner ID ${ids[1]} and check its unit summaries.`,
    );
    expect(second.message).not.toMatch(/Done:[^.]*template/i);
    for (const r of outcome.results.filter((r) => r.userId !== ids[1])) expect(r.message ?? '').not.toContain('not by the template');
    const templateAssigns = sandbox.calls.slice(before).filter((c) => /FrameworkTemplate\/\d+\/Assign/.test(c.path));
    expect(templateAssigns.map((c) => /Assign\/(\d+)\//.exec(c.path)?.[1]).sort()).toEqual([String(ids[0]), String(ids[2])].sort());
    expect(templateAssigns).toHaveLength(2);
    for (const id of ids) expect(sandbox.store.learningAimsOf(id).filter((a) => a.StandardID === 4001)).toHaveLength(1);
  }, 60_000);
});
