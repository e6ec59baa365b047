import * as fs from 'node:fs';
import { connect } from '../main/connection/connect';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RowsInFlightSetting } from '../main/import/run/rows-in-flight';
import { environmentKeyOf, saveProbeFindings } from '../main/import';
import { probeCallRecorder, probeOneFile } from '../main/onefile/probe';
import { prepareImport } from '../main/import/session';
import { startSandbox, type RunningSandbox } from '../main/sandbox';
import type { RateShape } from '../main/sandbox/switches';
import { callFigures, directoryCalls, isWrite, type CallFigures } from './call-figures';
import { writeLearnerFile } from './learner-file';

/**
 * Import throughput against the physical limit: a generated learners file (each
 * learner a new one with a framework template) imported through the real session
 * (read, map, validate, directory, plan, run with journal, reports) into a sandbox
 * started apart, with the rate limit on a shortened window and random latency. The
 * sandbox's call log is the witness for every figure.
 */

export interface ThroughputOptions {
  learners: number;
  /** Calls per window, on both sides (OneFile: 100) unless `admits` says otherwise. */
  budget: number;
  /** Calls per window the sandbox admits, when fewer than the importer's budget (a budget raised above the account's allowance). */
  admits?: number;
  windowMs: number;
  /** Latency of every call: `latencyMs` + random 0..`jitterMs`. */
  latencyMs: number;
  jitterMs: number;
  /** How the sandbox counts its limit (default a sliding window, as the importer does), and its bucket's size. */
  rateShape?: RateShape;
  rateBurst?: number;
  /** Send Retry-After on 429 (default: yes; OneFile documents none). */
  retryAfter?: boolean;
  /** Rows in flight; default: the engine's default (automatic). */
  concurrency?: RowsInFlightSetting;
  /** MISID prefix of the generated learners. */
  tag: string;
  organisationId?: number;
  /**
   * Run the probe before the import, as the README asks before a first import into a
   * OneFile: its findings are saved for the environment and the import starts from them.
   * Its calls are the environment's, once, and are not counted in the import's figures.
   */
  probeFirst?: boolean;
}

export interface ThroughputResult {
  options: ThroughputOptions;
  calls: CallFigures;
  /** Calls that downloaded the directory. */
  directoryCalls: number;
  /** ms from the first call to the first write: signing in, the directory, planning. */
  beforeFirstWriteMs: number;
  /** The writes strictly needed (create + template per learner) plus signing in. */
  minimumCalls: number;
  /** The most calls any sliding window held, as the sandbox counted them. */
  peakWindow: number;
  /** 429s the importer's limiter saw. */
  client429s: number;
  /** The importer's budget at the run's end: lowered to what OneFile admitted, or the budget set. */
  budgetAtEnd: number;
  /** ETA in the plan summary, shown before the run. */
  plannedEtaMs: number;
  /** From pressing Import to the run's end (reports written). */
  runMs: number;
  /** From reading the file to the run's end. */
  totalMs: number;
  /** Calls the probe made before the import (not in `calls`), when it ran. */
  probeCalls?: number;
  state: string;
  created: number;
  failed: number;
  learners: LearnerCheck;
}

export interface LearnerCheck {
  /** Distinct MISIDs of the tag found in OneFile. */
  found: number;
  /** Learners beyond one per MISID. */
  duplicates: number;
  /** Planned MISIDs OneFile does not hold. */
  missing: number;
  /** Learners whose learning aims are not exactly their template's standards, once each. */
  wrongProgramme: number;
}

/** Counts a tag's learners by MISID in the sandbox: present once each, with exactly their template's learning aims. */
export function checkLearners(sandbox: RunningSandbox, tag: string, expected: number, organisationId = 5740): LearnerCheck {
  const ours = new RegExp(`^${tag}\\d+$`);
  const learners = sandbox.store.usersOf(organisationId, 1).filter((u) => u.MISID !== null && ours.test(u.MISID));
  const byMisid = new Map<string, number>();
  for (const learner of learners) byMisid.set(learner.MISID!, (byMisid.get(learner.MISID!) ?? 0) + 1);
  const templates = sandbox.store.all('templates');
  let wrongProgramme = 0;
  for (const learner of learners) {
    const aims = sandbox.store.learningAimsOf(learner.ID).map((a) => a.StandardID).sort((a, b) => a - b).join(',');
    const fits = templates.some((t) => t.Standards.map((s) => s.StandardID).sort((a, b) => a - b).join(',') === aims);
    if (!fits) wrongProgramme++;
  }
  return { found: byMisid.size, duplicates: learners.length - byMisid.size, missing: expected - byMisid.size, wrongProgramme };
}

export function benchTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bench-${prefix}-`));
}

/** The sandbox a benchmark imports into: the same limit as the importer's, and the latency asked for. */
export function startBenchSandbox(options: Pick<ThroughputOptions, 'budget' | 'admits' | 'windowMs' | 'latencyMs' | 'jitterMs' | 'rateShape' | 'rateBurst' | 'retryAfter'>): Promise<RunningSandbox> {
  return startSandbox({
    seed: 1,
    rateLimit: options.admits ?? options.budget,
    windowMs: options.windowMs,
    rateShape: options.rateShape,
    rateBurst: options.rateBurst,
    retryAfter: options.retryAfter,
    latencyMs: options.latencyMs,
    latencyJitterMs: options.jitterMs,
  });
}

export async function benchImportThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const organisationId = options.organisationId ?? 5740;
  const sandbox = await startBenchSandbox(options);
  const dir = benchTempDir('throughput');
  try {
    const file = writeLearnerFile(dir, sandbox, { learners: options.learners, tag: options.tag, organisationId });
    const probeCalls = options.probeFirst ? await probeBeforeImport(sandbox, path.join(dir, 'data'), organisationId, options) : 0;
    const importCalls = () => sandbox.calls.slice(probeCalls);
    const started = Date.now();
    const session = await prepareImport({
      file,
      connect: () => connect({ environment: sandbox.baseUrl, customerToken: sandbox.customerToken, dataDir: path.join(dir, 'data'), budgetPerMinute: options.budget, windowMs: options.windowMs }),
      organisationId,
      dataDir: path.join(dir, 'data'),
      budgetPerMinute: options.budget,
      windowMs: options.windowMs,
      concurrency: options.concurrency,
    });
    try {
      const runStarted = Date.now();
      const handle = await session.start();
      const finished = await handle.finished;
      const ended = Date.now();
      return {
        options,
        calls: callFigures(importCalls(), { budget: options.admits ?? options.budget, windowMs: options.windowMs }),
        directoryCalls: directoryCalls(importCalls()),
        beforeFirstWriteMs: (importCalls().find(isWrite)?.at ?? importCalls()[0].at) - importCalls()[0].at,
        ...(options.probeFirst ? { probeCalls } : {}),
        minimumCalls: 2 * options.learners + 1,
        peakWindow: sandbox.rateWindow.peak,
        client429s: session.connection.client.stats().rateLimited,
        budgetAtEnd: session.connection.client.limiter.budget,
        plannedEtaMs: session.plan.summary.etaMs,
        runMs: ended - runStarted,
        totalMs: ended - started,
        state: finished.outcome.state,
        created: finished.run.counts.created,
        failed: finished.run.counts.failed,
        learners: checkLearners(sandbox, options.tag, options.learners, organisationId),
      };
    } finally {
      await session.close();
    }
  } finally {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The probe against the sandbox, as `onefile-import probe` runs it, its findings saved in
 * the data folder the import then uses; paced on this run's scaled window (the command
 * paces on OneFile's 60 s one, and its calls would hold the budget for a whole minute
 * of this shorter run). Then a window's pause, so the import starts on an empty window.
 * The calls the probe made.
 */
async function probeBeforeImport(sandbox: RunningSandbox, dataDir: string, org: number, options: Pick<ThroughputOptions, 'budget' | 'windowMs'>): Promise<number> {
  const recorder = probeCallRecorder();
  const connection = await connect({
    environment: sandbox.baseUrl,
    customerToken: sandbox.customerToken,
    dataDir,
    useFindings: false,
    onCall: recorder.onCall,
    budgetPerMinute: options.budget,
    windowMs: options.windowMs,
  });
  try {
    const report = await probeOneFile(connection.client, recorder, { organisationId: org });
    if (!report.completed) throw new Error(`The probe before the import did not complete: ${JSON.stringify(report.findings)}`);
    saveProbeFindings(dataDir, environmentKeyOf(sandbox.baseUrl), report);
  } finally {
    await connection.close();
  }
  const calls = sandbox.calls.length;
  await new Promise((resolve) => setTimeout(resolve, options.windowMs));
  return calls;
}
