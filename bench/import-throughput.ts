import * as fs from 'node:fs';
import { connect } from '../main/connection/connect';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RowsInFlightSetting } from '../main/import/run/rows-in-flight';
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
        calls: callFigures(sandbox.calls, { budget: options.admits ?? options.budget, windowMs: options.windowMs }),
        directoryCalls: directoryCalls(sandbox.calls),
        beforeFirstWriteMs: (sandbox.calls.find(isWrite)?.at ?? sandbox.calls[0].at) - sandbox.calls[0].at,
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
