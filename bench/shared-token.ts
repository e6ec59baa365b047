import { spawn } from 'node:child_process';
import { connect } from '../main/connection/connect';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareImport } from '../main/import/session';
import type { RunningSandbox } from '../main/sandbox';
import { callFigures, isWrite, type CallFigures } from './call-figures';
import type { RateShape } from '../main/sandbox/switches';
import { benchTempDir, checkLearners, startBenchSandbox, type LearnerCheck } from './import-throughput';
import { writeLearnerFile } from './learner-file';

/**
 * Two importers sharing one customer token, so one rate limit: OneFile counts calls
 * per token, whoever sends them. In one process the two sessions' clients share the
 * process's limiter (the registry is keyed by address and token); as two processes
 * (two `onefile-import import` commands of one user, so one data folder) they share
 * the budget through leases in the data folder (main/onefile/budget-lease.ts).
 * Either way they should never meet a 429, use the budget between them, and both
 * finish with every learner once.
 */

export interface SharedTokenOptions {
  /** Learners in each importer's file. */
  learnersEach: number;
  budget: number;
  windowMs: number;
  latencyMs: number;
  jitterMs: number;
  /** MISID prefixes of the two files. */
  tags: [string, string];
  mode: 'one-process' | 'two-processes';
  /** How the sandbox counts its limit (default a sliding window) and its bucket's size; Retry-After (default sent). */
  rateShape?: RateShape;
  rateBurst?: number;
  retryAfter?: boolean;
}

export interface ImporterOutcome {
  state: string;
  created: number;
  failed: number;
  /** 429s this importer's limiter met (one-process mode; the CLI does not print it). */
  rateLimited?: number;
  /** Process exit code (two-processes mode). */
  exitCode?: number;
  /** What went wrong, if the importer did not complete. */
  message?: string;
}

export interface SharedTokenResult {
  options: SharedTokenOptions;
  importers: ImporterOutcome[];
  calls: CallFigures;
  /** The same from the first write on: the first importer's start (reading the file, the directory, the plan) left out. */
  importing: CallFigures;
  peakWindow: number;
  learners: LearnerCheck[];
  totalMs: number;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin/onefile-import');

async function inOneProcess(sandbox: RunningSandbox, files: string[], dir: string, options: SharedTokenOptions): Promise<ImporterOutcome[]> {
  const sessions = await Promise.all(
    files.map((file, i) =>
      prepareImport({
        file,
        connect: () => connect({ environment: sandbox.baseUrl, customerToken: sandbox.customerToken, dataDir: path.join(dir, `data-${i}`), budgetPerMinute: options.budget, windowMs: options.windowMs }),
        organisationId: 5740,
        dataDir: path.join(dir, `data-${i}`),
        budgetPerMinute: options.budget,
        windowMs: options.windowMs,
      }),
    ),
  );
  try {
    const handles = await Promise.all(sessions.map((session) => session.start()));
    const finished = await Promise.allSettled(handles.map((handle) => handle.finished));
    return finished.map((outcome, i) => {
      const rateLimited = sessions[i].connection.client.stats().rateLimited;
      if (outcome.status === 'rejected') return { state: 'failed', created: 0, failed: 0, rateLimited, message: String(outcome.reason) };
      const { run } = outcome.value;
      return { state: run.state, created: run.counts.created, failed: run.counts.failed, rateLimited, message: run.message };
    });
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
  }
}

function importInChild(sandbox: RunningSandbox, file: string, dataDir: string, options: SharedTokenOptions): Promise<ImporterOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, 'import', file, '--env', sandbox.baseUrl, '--org', '5740', '--data-dir', dataDir, '--json', '--budget', String(options.budget), '--rate-window-ms', String(options.windowMs)],
      { cwd: ROOT, env: { ...process.env, ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        const summary = JSON.parse(last) as { state: string; created: number; failed: number };
        resolve({ state: summary.state, created: summary.created, failed: summary.failed, exitCode: code ?? -1 });
      } catch {
        resolve({ state: 'failed', created: 0, failed: 0, exitCode: code ?? -1, message: stderr.trim().split('\n').slice(-3).join(' ') });
      }
    });
  });
}

export async function benchSharedToken(options: SharedTokenOptions): Promise<SharedTokenResult> {
  const sandbox = await startBenchSandbox(options);
  const dir = benchTempDir('shared');
  try {
    const files = options.tags.map((tag) => writeLearnerFile(dir, sandbox, { learners: options.learnersEach, tag }));
    const started = Date.now();
    const importers =
      options.mode === 'one-process'
        ? await inOneProcess(sandbox, files, dir, options)
        : await Promise.all(files.map((file) => importInChild(sandbox, file, path.join(dir, 'data'), options)));
    return {
      options,
      importers,
      calls: callFigures(sandbox.calls, { budget: options.budget, windowMs: options.windowMs }),
      importing: callFigures(sandbox.calls.slice(Math.max(0, sandbox.calls.findIndex(isWrite))), { budget: options.budget, windowMs: options.windowMs }),
      peakWindow: sandbox.rateWindow.peak,
      learners: options.tags.map((tag) => checkLearners(sandbox, tag, options.learnersEach)),
      totalMs: Date.now() - started,
    };
  } finally {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
