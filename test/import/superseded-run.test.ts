import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import { runRuns } from '../../main/cli/runs-command';
import { assignmentLedger, connectTo } from '../../main/import/environment/connection';
import { listRuns, updateRun } from '../../main/import/journal/run-store';
import { prepareImport } from '../../main/import/session';
import { runHistory, unfinishedRun } from '../../main/service/run-history';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { sandboxesClosedAfterEach } from '../reliability/sandboxes';
import { capturedIo, killAt, lastJson, learnerLine, savedLearners, writeCsv } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * A plan is made from what OneFile held when it was read. An import killed part-way, the
 * same file imported again (the next weekly job, or the user dropping it in again), and the
 * first run resumed from History after that: the first run's plan still had the learners
 * the second made as new. Before, the resume gave every one of them its standard and units
 * a second time (found by this test: 9 of 12 learners with two learning aims and four unit
 * summaries). Now a run is never resumed, nor a plan started, once another run has written
 * to the organisation after its plan read OneFile: the file is imported again instead. And
 * what the killed run made still counts for the next import, which a killed run never
 * recorded (its ledger is written at its end).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin/onefile-import');
const LEARNERS = 12;
const WINDOW_MS = 300;

function startImport(file: string, dataDir: string) {
  return spawn(process.execPath, [CLI, 'import', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dataDir, '--json', '--rate-window-ms', String(WINDOW_MS)], {
    cwd: ROOT,
    env: { ...process.env, ONEFILE_CUSTOMER_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function importInProcess(file: string, dataDir: string, options: { env?: string; token?: string; dryRun?: boolean } = {}) {
  const io = capturedIo(options.token ? { ONEFILE_CUSTOMER_TOKEN: options.token } : {});
  const code = await runImport(file, { env: options.env ?? 'sandbox', org: GUIDE.business, dataDir, json: true, rateWindowMs: WINDOW_MS, dryRun: options.dryRun }, io);
  return { code, summary: lastJson(io.stdout), output: io.stderr.join('') + io.stdout.join('') };
}

async function killedPartWay(tag: string) {
  const dataDir = tempDir('superseded-');
  const file = writeCsv(dataDir, 'learners.csv', Array.from({ length: LEARNERS }, (_, n) => learnerLine(tag, n + 1)));
  // A learner is 4 writes (create, standard, two units), each an intent and an answer line.
  expect(await killAt(startImport(file, dataDir), dataDir, 17)).toBe('killed');
  const [killed] = listRuns(dataDir);
  expect(killed.state).toBe('interrupted');
  return { dataDir, file, killed };
}

function expectEveryLearnerOnce(learners: Awaited<ReturnType<typeof savedLearners>>, tag: string) {
  expect(learners.map((l) => l.misid)).toEqual(Array.from({ length: LEARNERS }, (_, n) => `${tag}${String(n + 1).padStart(3, '0')}`));
  for (const learner of learners) {
    expect(learner.aims, `${learner.misid}'s learning aims`).toEqual([4001]);
    expect(learner.units, `${learner.misid}'s unit summaries`).toEqual(['KS_COMM1', 'KS_ORG1']);
  }
}

describe('an import killed part-way and the file imported again', () => {
  it('is not resumed afterwards, in any face: nothing is given twice', async () => {
    const tag = 'SU1X';
    const { dataDir, file, killed } = await killedPartWay(tag);
    const again = await importInProcess(file, dataDir);
    expect(again.code, again.output).toBe(0);
    expect(again.summary).toMatchObject({ state: 'completed', failed: 0 });

    const io = capturedIo();
    const code = await runResume(killed.runId, { dataDir, json: true, rateWindowMs: WINDOW_MS }, io);
    expect(code).toBe(2);
    const refusal = io.stderr.join('');
    expect(refusal).toContain(`Run ${killed.runId} is not resumed`);
    expect(refusal).toContain(again.summary.runId);
    expect(refusal).toContain('Import learners.csv again');
    expectEveryLearnerOnce(await savedLearners(dataDir, tag), tag);

    // History says so, offers no Resume, and the app does not bring the user to it.
    const view = runHistory(dataDir, null).find((run) => run.runId === killed.runId)!;
    expect(view).toMatchObject({ state: 'interrupted', resumable: false });
    expect(view.superseded).toContain(again.summary.runId);
    expect(unfinishedRun(dataDir, null)).toBeNull();
    const listed: string[] = [];
    runRuns({ dataDir }, (text) => void listed.push(text));
    expect(listed.join('')).toContain(`(not resumable: run ${again.summary.runId} changed the organisation since; import learners.csv again)`);
  }, 60_000);

  it('a dry run in between writes nothing: the killed run is still resumed to the same end', async () => {
    const tag = 'SU2X';
    const { dataDir, file, killed } = await killedPartWay(tag);
    const dry = await importInProcess(file, dataDir, { dryRun: true });
    expect(dry.code, dry.output).toBe(0);
    expect(runHistory(dataDir, null).find((run) => run.runId === killed.runId)).toMatchObject({ resumable: true });
    expect(unfinishedRun(dataDir, null)?.runId).toBe(killed.runId);

    const io = capturedIo();
    const code = await runResume(killed.runId, { dataDir, json: true, rateWindowMs: WINDOW_MS }, io);
    expect(code, io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', failed: 0, pending: 0 });
    expectEveryLearnerOnce(await savedLearners(dataDir, tag), tag);
  }, 60_000);
});

const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });

function lagFile(dir: string, name: string, tag: string, count: number): string {
  const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement';
  const lines = Array.from({ length: count }, (_, i) => {
    const misid = `${tag}${String(i + 1).padStart(3, '0')}`;
    return [misid, `Learner${i + 1}`, 'Stopped', `${misid.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester'].join(',');
  });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

/** A process ID that no process has any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const madeIn = (sandbox: RunningSandbox, tag: string) => sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith(tag));
const creates = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.route === 'POST User' && !c.sessionRefused).length;

/**
 * Three learners imported, then the run left as a kill after their creations leaves it:
 * "running" under a process that is gone, and the ledger a run writes when it ends never written.
 */
async function importedThenKilled(sandbox: RunningSandbox, tag: string) {
  const dataDir = tempDir('stopped-');
  const file = lagFile(dataDir, 'learners.csv', tag, 3);
  const first = await importInProcess(file, dataDir, { env: sandbox.baseUrl, token: sandbox.customerToken });
  expect(first.code, first.output).toBe(0);
  const [run] = listRuns(dataDir);
  updateRun(dataDir, run.runId, { state: 'running', process: { pid: await deadPid(), hostname: os.hostname() } });
  fs.rmSync(assignmentLedger(dataDir, { name: 'custom', baseUrl: sandbox.baseUrl, builtInSandbox: false }, GUIDE.business), { force: true });
  expect(listRuns(dataDir)[0].state).toBe('interrupted');
  return { dataDir, file, run };
}

describe('what a killed run made counts for the next import', () => {
  it('where searches trail writes, its learners are read by ID, not made again', async () => {
    const sandbox = await sandboxWith({ searchLagMs: 600_000 });
    const { dataDir, file } = await importedThenKilled(sandbox, 'SL1X');

    const again = await importInProcess(file, dataDir, { env: sandbox.baseUrl, token: sandbox.customerToken });
    expect(again.code, again.output).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, failed: 0 });
    expect(madeIn(sandbox, 'SL1X')).toHaveLength(3);
    expect(creates(sandbox)).toBe(3);
  }, 60_000);

  it("a creation it sent and never heard back from is looked for before it is sent again", async () => {
    // A search that shows a new learner 8 s after it is made: the next import, straight after, does not see the killed run's.
    const sandbox = await sandboxWith({ searchLagMs: 8_000 });
    const { dataDir, file, run } = await importedThenKilled(sandbox, 'SL2X');
    // And killed just after the third creation was sent: no answer for it in the journal.
    const journal = path.join(dataDir, 'runs', run.runId, 'journal.jsonl');
    const lines = fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    const lastDone = lines.map((line) => JSON.parse(line)).findLastIndex((record) => record.type === 'done' && record.kind === 'create-user');
    fs.writeFileSync(journal, `${lines.filter((_, i) => i !== lastDone).join('\n')}\n`);

    const again = await importInProcess(file, dataDir, { env: sandbox.baseUrl, token: sandbox.customerToken });
    expect(again.code, again.output).toBe(0);
    expect(madeIn(sandbox, 'SL2X')).toHaveLength(3);
    expect(creates(sandbox)).toBe(3);
  }, 60_000);
});

describe('two imports of the same learners at once', () => {
  it('the second is not started while the first runs: each learner is made once', async () => {
    const sandbox = await sandboxWith({});
    const dataDir = tempDir('same-at-once-');
    const file = lagFile(dataDir, 'learners.csv', 'SP4X', 3);
    const prepare = () =>
      prepareImport({
        file,
        dataDir,
        organisationId: GUIDE.business,
        windowMs: WINDOW_MS,
        connect: async () => connectTo({ name: 'custom', baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken }, { dataDir, windowMs: WINDOW_MS }),
      });
    // Both planned before either wrote: each takes the three learners for new.
    const [first, second] = [await prepare(), await prepare()];
    try {
      expect(second.plan.summary.create).toBe(3);
      const running = await first.start();
      // Refused as running now, or, once the first has sent its first write, as having changed OneFile since the plan: either way, nothing sent.
      await expect(second.start()).rejects.toThrow(new RegExp(`run ${running.runId}\\) (is importing some of the same learners into this organisation right now|changed this organisation in OneFile)`));
      expect((await running.finished).run.counts.created).toBe(3);
      expect(madeIn(sandbox, 'SP4X')).toHaveLength(3);
      expect(creates(sandbox)).toBe(3);
    } finally {
      await first.close();
      await second.close();
    }
  }, 60_000);
});

describe('a run recorded as running under a process ID another program has now', () => {
  it('(no heartbeat for a minute) does not hold back an import of its learners', async () => {
    const sandbox = await sandboxWith({});
    const dataDir = tempDir('reused-pid-');
    const file = lagFile(dataDir, 'learners.csv', 'SP5X', 3);
    const first = await importInProcess(file, dataDir, { env: sandbox.baseUrl, token: sandbox.customerToken });
    expect(first.code, first.output).toBe(0);
    // As a restart leaves it: "running" under a process ID that is alive again (here, this one), its last beat long ago.
    const [run] = listRuns(dataDir);
    updateRun(dataDir, run.runId, { state: 'running', process: { pid: process.ppid, hostname: os.hostname() } });
    const beat = path.join(dataDir, 'runs', run.runId, 'heartbeat');
    const longAgo = new Date(Date.now() - 5 * 60_000);
    fs.utimesSync(beat, longAgo, longAgo);
    expect(listRuns(dataDir)[0].state).toBe('running');

    // The next week's file: the same learners, in another class (updates of the learners that run made).
    const moved = path.join(dataDir, 'moved.csv');
    fs.writeFileSync(moved, fs.readFileSync(file, 'utf8').replaceAll('Business Admin L2', 'Business Admin L3'));
    const again = await importInProcess(moved, dataDir, { env: sandbox.baseUrl, token: sandbox.customerToken });
    expect(again.code, again.output).toBe(0);
    expect(again.summary).toMatchObject({ state: 'completed', created: 0, updated: 3, failed: 0 });
    expect(madeIn(sandbox, 'SP5X').map((u) => u.ClassroomID)).toEqual([GUIDE.businessAdminL3, GUIDE.businessAdminL3, GUIDE.businessAdminL3]);
  }, 60_000);
});

describe('a plan made before another import wrote to the organisation', () => {
  it('about other learners (another cohort, another window): it is started, and imports its own', async () => {
    const sandbox = await sandboxWith({});
    const dataDir = tempDir('other-cohort-');
    const session = await prepareImport({
      file: lagFile(dataDir, 'cohort-a.csv', 'SP2X', 3),
      dataDir,
      organisationId: GUIDE.business,
      windowMs: WINDOW_MS,
      connect: async () => connectTo({ name: 'custom', baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken }, { dataDir, windowMs: WINDOW_MS }),
    });
    try {
      const other = await importInProcess(lagFile(dataDir, 'cohort-b.csv', 'SP3X', 3), dataDir, { env: sandbox.baseUrl, token: sandbox.customerToken });
      expect(other.code, other.output).toBe(0);
      const { finished } = await session.start();
      const { run } = await finished;
      expect(run).toMatchObject({ state: 'completed', counts: { created: 3, failed: 0 } });
      expect(madeIn(sandbox, 'SP2X')).toHaveLength(3);
      expect(madeIn(sandbox, 'SP3X')).toHaveLength(3);
    } finally {
      await session.close();
    }
  }, 60_000);

  it('about the same learners: it is not started, it is made again, and nothing is sent', async () => {
    const sandbox = await sandboxWith({});
    const dataDir = tempDir('stale-plan-');
    const file = lagFile(dataDir, 'learners.csv', 'SP1X', 3);
    const session = await prepareImport({
      file,
      dataDir,
      organisationId: GUIDE.business,
      windowMs: WINDOW_MS,
      connect: async () => connectTo({ name: 'custom', baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken }, { dataDir, windowMs: WINDOW_MS }),
    });
    try {
      expect(session.plan.summary.create).toBe(3);
      // Meanwhile another import (the weekly job, another window) imports the same learners.
      const other = await importInProcess(file, dataDir, { env: sandbox.baseUrl, token: sandbox.customerToken });
      expect(other.code, other.output).toBe(0);
      const writesBefore = sandbox.calls.filter((c) => c.route === 'POST User').length;

      await expect(session.start()).rejects.toThrow(/Make the plan again: it reads what OneFile holds now\. Nothing was sent\./);
      expect(sandbox.calls.filter((c) => c.route === 'POST User').length).toBe(writesBefore);
      expect(madeIn(sandbox, 'SP1X')).toHaveLength(3);
    } finally {
      await session.close();
    }
  }, 60_000);
});
