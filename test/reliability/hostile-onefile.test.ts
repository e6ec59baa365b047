import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOneFileClient, isOneFileError, OneFileError } from '../../main/onefile';
import { downloadDirectory } from '../../main/import/directory/download';
import { openJournal } from '../../main/import/journal/journal';
import { createRunner } from '../../main/import/run/runner';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { HOSTILE_MODES, startOneFileProxy, type HostileMode, type OneFileProxy } from '../../bench/reliability/onefile-proxy';
import { writeCsv, learnerLine } from '../import/cli-fixtures';
import { FAST_LOOKS_MS, FAST_RETRY, FAST_WINDOW, learnersState, newLearnerRow, planOf, tempDir, writesByRoute } from '../import/run-fixtures';

/**
 * A OneFile that answers badly: wrong shapes, invalid JSON, a 60 MB body, a slow drip,
 * an answer that never ends, no answer, a web page. Every call ends within the
 * configured time limit with an error that says which call and what happened; a
 * write whose answer was spoiled (OneFile did the work) is checked, never sent twice;
 * and the command line says so in words, without a stack trace.
 *
 * The client's own handling of each failure is unit-tested in test/onefile; here the
 * misbehaving server sits in front of the real sandbox, and the whole import runs
 * through it.
 */

const TIMEOUT_MS = 800;
const ATTEMPTS = 2;
/** Generous: every try may run its full time limit, plus back-off and 5 s of slack. */
const BOUND_MS = ATTEMPTS * TIMEOUT_MS + 5_000;

let sandbox: RunningSandbox;
let proxy: OneFileProxy;
const folders: string[] = [];

function folder(prefix: string): string {
  const made = tempDir(prefix);
  folders.push(made);
  return made;
}

beforeAll(async () => {
  sandbox = await startSandbox({ ...FAST_WINDOW, seed: 3 });
  proxy = await startOneFileProxy(sandbox.baseUrl);
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
  for (const made of folders) fs.rmSync(made, { recursive: true, force: true });
});

function hostileClient() {
  return createOneFileClient({
    baseUrl: proxy.baseUrl,
    customerToken: sandbox.customerToken,
    budgetPerMinute: FAST_WINDOW.rateLimit,
    windowMs: FAST_WINDOW.windowMs,
    requestTimeoutMs: TIMEOUT_MS,
    retry: { attempts: ATTEMPTS, baseDelayMs: 10 },
  });
}

/** Runs `call`, expecting a OneFileError; returns it and how long the call took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: OneFileError; ms: number }> {
  const started = Date.now();
  try {
    await call();
  } catch (error) {
    if (!isOneFileError(error)) throw error;
    return { error, ms: Date.now() - started };
  }
  throw new Error('the call succeeded against a hostile answer');
}

const SLOW: ReadonlySet<HostileMode> = new Set(['slow-drip', 'never-ends', 'no-answer']);

describe('a read answered badly', () => {
  for (const mode of HOSTILE_MODES) {
    it(`fails with a clear error naming the call, within the time limit, when the answer is ${mode}`, async () => {
      proxy.rules = [{ route: /^GET Customer$/, mode }];
      const client = hostileClient();
      try {
        await client.searchOrganisations(2070); // signs in through the proxy first: the session works
        const { error, ms } = await failure(() => client.getCustomer());
        expect(error.kind).toBe(SLOW.has(mode) ? 'timeout' : 'bad-response');
        expect(error.message).toContain('GET Customer');
        expect(error.message).not.toContain(sandbox.customerToken);
        expect(ms).toBeLessThan(BOUND_MS);
      } finally {
        proxy.rules = [];
        await client.close();
      }
    });
  }

  it('stops the directory download with the page that failed, not a crash later on', async () => {
    proxy.rules = [{ route: /^POST User\/Search\/2\//, mode: 'invalid-json' }];
    const client = hostileClient();
    try {
      const { error } = await failure(() => downloadDirectory(client, 5740));
      expect(error.kind).toBe('bad-response');
      expect(error.message).toContain('User/Search');
    } finally {
      proxy.rules = [];
      await client.close();
    }
  });
});

describe('a write OneFile did but answered badly', () => {
  async function runThroughProxy(tag: string, route: RegExp, mode: HostileMode) {
    const plan = planOf([newLearnerRow(0, tag), newLearnerRow(1, tag)]);
    const creates = writesByRoute(sandbox)['POST User'] ?? 0;
    proxy.rules = [{ route, mode, times: 1 }];
    const spoiledBefore = proxy.spoiled.length;
    const client = hostileClient();
    const journal = openJournal(path.join(folder('hostile-'), 'journal.jsonl'));
    const started = Date.now();
    try {
      const outcome = await createRunner({ runId: '20250102T030405678Z-ba0bab', plan, client, journal, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS }).run();
      return {
        outcome,
        ms: Date.now() - started,
        spoiled: proxy.spoiled.length - spoiledBefore,
        creates: (writesByRoute(sandbox)['POST User'] ?? 0) - creates,
      };
    } finally {
      proxy.rules = [];
      journal.close();
      await client.close();
    }
  }

  for (const mode of HOSTILE_MODES) {
    it(`creates the learner once when the create's answer is ${mode}`, async () => {
      const tag = `H${HOSTILE_MODES.indexOf(mode)}C`;
      const { outcome, spoiled, creates, ms } = await runThroughProxy(tag, /^POST User$/, mode);
      expect(spoiled).toBe(1);
      expect(outcome.state).toBe('completed');
      expect(outcome.results.map((r) => r.action)).toEqual(['created', 'created']);
      expect(creates).toBe(2);
      const learners = learnersState(sandbox, tag);
      expect(learners.map((l) => l.misid)).toEqual([`${tag}0000`, `${tag}0001`]);
      expect(learners[0]).toMatchObject({ aims: [4001], units: ['4001/KS_COMM1', '4001/KS_ORG1'] });
      expect(ms).toBeLessThan(BOUND_MS * 2);
    });
  }

  const assignments: [string, RegExp][] = [
    ['learning aim', /^POST Standard\/\d+\/Assign\//],
    ['unit summary', /^POST Unit\/[^/]+\/Assign\//],
    ['staff assignment', /^POST User\/\d+\/Assign$/],
  ];
  for (const [what, route] of assignments) {
    it(`assigns the ${what} once when its answer never comes`, async () => {
      const tag = `H${assignments.findIndex(([w]) => w === what)}A`;
      const { outcome, spoiled } = await runThroughProxy(tag, route, 'no-answer');
      expect(spoiled).toBe(1);
      expect(outcome.state).toBe('completed');
      for (const learner of learnersState(sandbox, tag)) {
        expect(learner).toMatchObject({ aims: [4001], units: ['4001/KS_COMM1', '4001/KS_ORG1'] });
        expect(learner.staff).toHaveLength(1);
      }
    });
  }
});

describe('the command line against a hostile OneFile', () => {
  const ROOT = path.resolve(import.meta.dirname, '../..');

  function importThroughProxy(file: string, dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/onefile-import'), 'import', file, '--env', proxy.baseUrl, '--org', '5740', '--data-dir', dataDir, '--rate-window-ms', '500'], {
        cwd: ROOT,
        env: { ...process.env, ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
    });
  }

  const cases: [string, RegExp, HostileMode, RegExp][] = [
    ['a web page instead of a session token', /^POST Authentication$/, 'html-page', /Authentication/],
    ['the customer in the wrong shape', /^GET Customer$/, 'wrong-shape', /GET Customer/],
    ['a 60 MB list of learners', /^POST User\/Search\//, 'huge-body', /larger than 50 MB/],
  ];
  for (const [what, route, mode, says] of cases) {
    it(`stops before importing anything, saying what OneFile sent, when it answers ${what}`, async () => {
      const dataDir = folder('hostile-cli-');
      const file = writeCsv(dataDir, 'learners.csv', [learnerLine('HCLI', 1)]);
      const writes = sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/.test(c.route)).length;
      proxy.rules = [{ route, mode }];
      try {
        const { code, stderr, stdout } = await importThroughProxy(file, dataDir);
        expect(code).toBe(2);
        expect(stderr).toMatch(says);
        expect(`${stdout}${stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
        expect(`${stdout}${stderr}`).not.toContain(sandbox.customerToken);
        expect(sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/.test(c.route)).length).toBe(writes);
      } finally {
        proxy.rules = [];
      }
    });
  }
});
