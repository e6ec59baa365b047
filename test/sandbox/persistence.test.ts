import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetSandboxState, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { newLearner, SandboxCaller } from './sandbox-client';

let folder: string;
let statePath: string;
let sandbox: RunningSandbox | undefined;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'onefile-sandbox-'));
  statePath = join(folder, 'state.jsonl');
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  rmSync(folder, { recursive: true, force: true });
});

async function open(options = {}): Promise<SandboxCaller> {
  await sandbox?.close();
  sandbox = await startSandbox({ statePath, ...options });
  const caller = new SandboxCaller(sandbox);
  await caller.authenticate();
  return caller;
}

describe('sandbox state on disk', () => {
  it('keeps a learner created just before close across a restart', async () => {
    let caller = await open();
    const created = (await caller.post('User', newLearner({ MISID: 'KEEP0001' }))).json;
    caller = await open();
    expect((await caller.get(`User/${created.ID}`)).json).toEqual(created);
  });

  it('has an answered write on disk before the answer arrives', async () => {
    const caller = await open();
    expect((await caller.post('User/137945', { MISID: 'ON-DISK-1' })).status).toBe(204);
    expect(readFileSync(statePath, 'utf8')).toContain('ON-DISK-1');
  });

  it('has a write whose answer was lost on disk', async () => {
    const caller = await open({ lostResponseRate: 1, random: () => 0 });
    await expect(caller.post('User', newLearner({ MISID: 'LOST-BUT-DONE' }))).rejects.toThrow();
    expect(readFileSync(statePath, 'utf8')).toContain('LOST-BUT-DONE');
    await open();
    expect(sandbox!.store.all('users').filter((u) => u.MISID === 'LOST-BUT-DONE')).toHaveLength(1);
  });

  it('keeps learning aims, unit summaries, archiving and classes across a restart', async () => {
    let caller = await open();
    await caller.post('FrameworkTemplate/801/Assign/137945/false');
    await caller.post('User/137946/Archive');
    const classroom = (await caller.post('Classroom', { OrganisationID: 5740, Name: 'Evening Extra', MISID: 'EVX' })).json;
    const aims = sandbox!.store.learningAimsOf(137945);
    const summaries = sandbox!.store.unitSummariesOf(137945);
    caller = await open();
    expect(sandbox!.store.learningAimsOf(137945)).toEqual(aims);
    expect(sandbox!.store.unitSummariesOf(137945)).toEqual(summaries);
    expect(sandbox!.store.user(137946)!.Archived).toBe(true);
    expect((await caller.get(`Classroom/${classroom.ID}`)).json.Name).toBe('Evening Extra');
  });

  it('goes on numbering after the records it loaded', async () => {
    let caller = await open();
    const first = (await caller.post('User', newLearner())).json.ID;
    caller = await open();
    const second = (await caller.post('User', newLearner({ Email: 'second@learner.example.com' }))).json.ID;
    expect(second).toBe(first + 1);
  });

  it('compacts the log on load to one line per changed record', async () => {
    let caller = await open();
    for (let i = 0; i < 5; i++) await caller.post('User/137945', { MISID: `GH-${i}` });
    expect(readFileSync(statePath, 'utf8').trim().split('\n')).toHaveLength(6);
    caller = await open();
    const lines = readFileSync(statePath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(sandbox!.store.user(137945)!.MISID).toBe('GH-4');
  });

  it('drops a last line torn by a kill mid-write', async () => {
    await open();
    await sandbox!.close();
    appendFileSync(statePath, '{"kind":"users","record":{"ID":13');
    await open();
    expect(sandbox!.store.user(137945)!.MISID).toBe('GHALL391');
  });

  it('keeps the seed the state was made with', async () => {
    await open({ seed: 5 });
    const learners = sandbox!.store.usersOf(5740, 1).map((u) => u.MISID);
    await open({ seed: 6 });
    expect(sandbox!.seed).toBe(5);
    expect(sandbox!.store.usersOf(5740, 1).map((u) => u.MISID)).toEqual(learners);
  });

  it('starts again from the seed after a reset', async () => {
    const caller = await open();
    await caller.post('User/137945', { MISID: 'CHANGED' });
    await sandbox!.close();
    await resetSandboxState(statePath);
    await open();
    expect(sandbox!.store.user(137945)!.MISID).toBe('GHALL391');
  });

  it('refuses to start from a file that is not sandbox state', async () => {
    writeFileSync(statePath, 'Name,Email\n');
    await expect(startSandbox({ statePath })).rejects.toThrow(/not a OneFile sandbox state file/);
  });
});
