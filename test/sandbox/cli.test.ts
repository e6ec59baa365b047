import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { newLearner, SandboxCaller } from './sandbox-client';

const children: ChildProcessWithoutNullStreams[] = [];
let sandbox: RunningSandbox | undefined;
let folder: string | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sandbox?.close();
  sandbox = undefined;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

/** Starts `onefile-import sandbox --json ...` and resolves with its first stdout line. */
function startCli(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; line: string; lines: string[] }> {
  const child = spawn(process.execPath, ['bin/onefile-import', 'sandbox', '--json', '--port', '0', ...args], { cwd: process.cwd() });
  children.push(child);
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const reader = createInterface({ input: child.stdout });
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) resolve({ child, line, lines });
    });
    child.once('exit', (code) => reject(new Error(`the sandbox command exited early (${code})`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('onefile-import sandbox', () => {
  it('counts its rate limit as a token bucket when asked: a burst over --rate-burst is refused though the minute has room', async () => {
    const { child, line } = await startCli(['--rate', '100', '--rate-shape', 'bucket', '--rate-burst', '2', '--no-retry-after']);
    const announced = JSON.parse(line);
    const signIn = () => fetch(`${announced.baseUrl}Authentication`, { method: 'POST', headers: { 'X-CustomerToken': announced.customerToken } });
    const answers = await Promise.all([signIn(), signIn(), signIn()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
    expect(answers.find((a) => a.status === 429)!.headers.get('retry-after')).toBeNull();
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('prints one JSON line once listening, serves the API, and stops cleanly on SIGTERM', async () => {
    const { child, line, lines } = await startCli(['--window-ms', '500']);
    const announced = JSON.parse(line);
    expect(Object.keys(announced)).toEqual(['baseUrl', 'customerToken']);
    expect(announced.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2\.1\/$/);
    const auth = await fetch(`${announced.baseUrl}Authentication`, { method: 'POST', headers: { 'X-CustomerToken': announced.customerToken } });
    expect(auth.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(lines).toHaveLength(1);
  });

  it('prints a human banner that says the customer token is the public demo token', async () => {
    const child = spawn(process.execPath, ['bin/onefile-import', 'sandbox', '--port', '0'], { cwd: process.cwd() });
    children.push(child);
    let stdout = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('Ctrl+C')) resolve();
      });
    });
    expect(stdout).toMatch(/listening at http:\/\/127\.0\.0\.1:\d+\/api\/v2\.1\//);
    expect(stdout).toContain('sandbox-customer-token');
    expect(stdout).toContain('public demo token');
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(stdout).toContain('Sandbox stopped.');
  });

  it('keeps a write answered before the process was killed outright', async () => {
    folder = mkdtempSync(join(tmpdir(), 'onefile-sandbox-cli-'));
    const statePath = join(folder, 'state.jsonl');
    const { child, line } = await startCli(['--state', statePath]);
    const { baseUrl, customerToken } = JSON.parse(line);
    const auth = await fetch(`${baseUrl}Authentication`, { method: 'POST', headers: { 'X-CustomerToken': customerToken } });
    const token = await auth.text();
    const created = await fetch(`${baseUrl}User`, {
      method: 'POST',
      headers: { 'X-TokenID': token, 'Content-Type': 'application/json' },
      body: JSON.stringify(newLearner({ MISID: 'SURVIVES-KILL' })),
    });
    const { ID } = (await created.json()) as { ID: number };
    child.kill('SIGKILL');
    await exited(child);
    sandbox = await startSandbox({ statePath });
    const caller = new SandboxCaller(sandbox);
    await caller.authenticate();
    expect((await caller.get(`User/${ID}`)).json.MISID).toBe('SURVIVES-KILL');
  });

  it('refuses a bad option value', async () => {
    const child = spawn(process.execPath, ['bin/onefile-import', 'sandbox', '--error-rate', '2'], { cwd: process.cwd() });
    children.push(child as ChildProcessWithoutNullStreams);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    expect(await exited(child as ChildProcessWithoutNullStreams)).toBe(2);
    expect(stderr).toContain('probability between 0 and 1');
  });

  it('says a port in use is in use, and ends (exit 2)', async () => {
    sandbox = await startSandbox();
    const port = new URL(sandbox.baseUrl).port;
    const child = spawn(process.execPath, ['bin/onefile-import', 'sandbox', '--port', port], { cwd: process.cwd() });
    children.push(child as ChildProcessWithoutNullStreams);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    expect(await exited(child as ChildProcessWithoutNullStreams)).toBe(2);
    expect(stderr).toBe(`Could not start the sandbox: port ${port} is in use: choose another with --port, or leave it out (any free port).\n`);
  });

  it.each([
    ['--unique-user-fields', 'email,DOB', '"DOB" cannot be made unique here. One of: Email, MISID, ULN, NINO.'],
    ['--create-ignores', 'placementid,Colour', '"Colour" is not a user field the importer writes. One of: '],
  ])('refuses a field %s cannot name, saying which it can', async (option, value, words) => {
    const child = spawn(process.execPath, ['bin/onefile-import', 'sandbox', option, value], { cwd: process.cwd() });
    children.push(child as ChildProcessWithoutNullStreams);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    expect(await exited(child as ChildProcessWithoutNullStreams)).toBe(2);
    expect(stderr).toContain(words);
  });

  it('takes field names in any case and plays them: a second learner with one email is refused', async () => {
    const { child, line } = await startCli(['--unique-user-fields', 'email,misid']);
    const announced = JSON.parse(line);
    const caller = new SandboxCaller({ baseUrl: announced.baseUrl, customerToken: announced.customerToken } as RunningSandbox);
    await caller.authenticate();
    const create = (misId: string) => caller.post('User', newLearner({ MISID: misId, Email: 'same@example.org' }));
    expect((await create('A1')).status).toBe(200);
    const second = await create('A2');
    expect(second.status).toBe(400);
    expect(second.text).toContain('already in use');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('with --unique-user-create existing, answers a create whose email is taken with the user who has it, making none', async () => {
    const { child, line } = await startCli(['--unique-user-fields', 'Email', '--unique-user-create', 'existing']);
    const announced = JSON.parse(line);
    const caller = new SandboxCaller({ baseUrl: announced.baseUrl, customerToken: announced.customerToken } as RunningSandbox);
    await caller.authenticate();
    const create = (misId: string) => caller.post('User', newLearner({ MISID: misId, Email: 'holder@example.org' }));
    const first = await create('B1');
    expect(first.status).toBe(200);
    const second = await create('B2');
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ ID: (first.json as { ID: number }).ID, MISID: 'B1' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('with --staff-references unchecked, takes any user as a learner\'s assessor; checked (the default) refuses one who is not an assessor', async () => {
    for (const [flags, status] of [[[], 400], [['--staff-references', 'unchecked'], 200]] as const) {
      const { child, line } = await startCli([...flags]);
      const announced = JSON.parse(line);
      const caller = new SandboxCaller({ baseUrl: announced.baseUrl, customerToken: announced.customerToken } as RunningSandbox);
      await caller.authenticate();
      const learner = await caller.post('User', newLearner({ MISID: 'SR1', Email: 'sr1@example.org' }));
      expect(learner.status).toBe(200);
      // A learner given as another learner's assessor.
      const second = await caller.post('User', newLearner({ MISID: 'SR2', Email: 'sr2@example.org', DefaultAssessorID: (learner.json as { ID: number }).ID }));
      expect(second.status, flags.join(' ')).toBe(status);
      if (status === 400) expect(second.json).toMatchObject({ code: -102 });
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  });

  it('with --place-create existing, answers a placement created with a name the organisation has with the one there, making none', async () => {
    const { child, line } = await startCli(['--place-create', 'existing']);
    const announced = JSON.parse(line);
    const caller = new SandboxCaller({ baseUrl: announced.baseUrl, customerToken: announced.customerToken } as RunningSandbox);
    await caller.authenticate();
    const create = (name: string) => caller.post('Placement', { OrganisationID: 5740, Name: name });
    const first = await create('Tesco - Pickering');
    expect(first.status).toBe(200);
    const second = await create('  tesco -  PICKERING ');
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ ID: (first.json as { ID: number }).ID, Name: 'Tesco - Pickering' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });
});
