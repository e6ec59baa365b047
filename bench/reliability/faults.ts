import * as fs from 'node:fs';
import { connect } from '../../main/connection/connect';
import * as path from 'node:path';
import type { RetryOptions } from '../../main/import/run/operation';
import { prepareImport } from '../../main/import/session';
import type { FinishedRun } from '../../main/import/run/run-folder';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../main/sandbox';
import { seededRandom } from '../../main/sandbox/random';
import { learnersState, tempDir } from '../../test/import/run-fixtures';
import { writeProgrammeFile, type LearnerState } from './crash-resume';

/**
 * The same file imported twice through the whole session (read, map, validate,
 * directory, plan, run, reports): once into a well-behaved sandbox, once into one
 * that fails 5% of calls with 500, drops 2% of write answers after doing the work,
 * expires every session every 200 calls, answers bursts of 429s and has latency
 * spikes (see `driveFaults`). Both must end in the same state.
 */

export interface FaultsOptions {
  rows: number;
  tag: string;
  seed: number;
  windowMs?: number;
  /** The runner's retry pacing (default: the engine's own). */
  retry?: Partial<RetryOptions>;
}

export interface FaultCounts {
  calls: number;
  serverErrors: number;
  lostAnswers: number;
  rateLimited: number;
  signIns: number;
  latencySpikes: number;
}

export interface FaultsReport {
  clean: LearnerState[];
  faulty: LearnerState[];
  cleanRun: RunSummary;
  faultyRun: RunSummary;
  faults: FaultCounts;
  durationMs: number;
}

export interface RunSummary {
  state: string;
  created: number;
  failed: number;
  messages: string[];
}

export const FAULTS: SandboxOptions = { errorRate: 0.05, lostResponseRate: 0.02, expireSessionsEvery: 200 };

/**
 * Changes the sandbox's switches as the import runs, paced by calls rather than by
 * time (so a slower run does not meet more faults): every 40-120 calls a burst of 2-6
 * 429s, every 60-180 calls a latency spike of 600-1,500 ms on the calls that arrive
 * in the next 300 ms.
 */
export function driveFaults(sandbox: RunningSandbox, seed: number): { stop(): number } {
  const random = seededRandom(seed);
  const base = sandbox.switches.latencyMs;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  let nextBurst = between(40, 120);
  let nextSpike = between(60, 180);
  let spikes = 0;
  let spikeEnds = 0;
  const timer = setInterval(() => {
    const received = sandbox.calls.length;
    if (spikeEnds && Date.now() >= spikeEnds) {
      sandbox.switches.latencyMs = base;
      spikeEnds = 0;
    }
    if (received >= nextBurst) {
      sandbox.switches.burst429 += between(2, 6);
      nextBurst = received + between(40, 120);
    }
    if (received >= nextSpike && !spikeEnds) {
      spikes++;
      sandbox.switches.latencyMs = between(600, 1_500);
      spikeEnds = Date.now() + 300;
      nextSpike = received + between(60, 180);
    }
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      sandbox.switches.latencyMs = base;
      sandbox.switches.burst429 = 0;
      return spikes;
    },
  };
}

async function importInto(sandbox: RunningSandbox, file: string, dataDir: string, options: FaultsOptions): Promise<FinishedRun> {
  const session = await prepareImport({
    file,
    connect: () => connect({ environment: sandbox.baseUrl, customerToken: sandbox.customerToken, dataDir: dataDir, windowMs: options.windowMs ?? 300 }),
    organisationId: 5740,
    dataDir,
    windowMs: options.windowMs ?? 300,
  });
  try {
    const handle = await session.start({ retry: options.retry });
    return await handle.finished;
  } finally {
    await session.close();
  }
}

function summary(finished: FinishedRun): RunSummary {
  const { counts } = finished.run;
  return {
    state: finished.outcome.state,
    created: counts.created,
    failed: counts.failed,
    messages: finished.outcome.results.filter((r) => r.action === 'failed').map((r) => `row ${r.row}: ${r.message}`),
  };
}

export async function importUnderFaults(options: FaultsOptions): Promise<FaultsReport> {
  const started = Date.now();
  const root = tempDir('faults-');
  const file = await writeProgrammeFile(root, options.rows, options.tag, { aimRows: true });
  const windowMs = options.windowMs ?? 300;
  const clean = await startSandbox({ seed: 1, rateLimit: 100, windowMs });
  const faulty = await startSandbox({ seed: 1, rateLimit: 100, windowMs, ...FAULTS, random: seededRandom(options.seed) });
  try {
    const driver = driveFaults(faulty, options.seed + 1);
    let latencySpikes = 0;
    let runs: FinishedRun[];
    try {
      runs = await Promise.all([importInto(clean, file, path.join(root, 'clean'), options), importInto(faulty, file, path.join(root, 'faulty'), options)]);
    } finally {
      latencySpikes = driver.stop();
    }
    const calls = faulty.calls;
    return {
      clean: learnersState(clean, options.tag),
      faulty: learnersState(faulty, options.tag),
      cleanRun: summary(runs[0]),
      faultyRun: summary(runs[1]),
      faults: {
        calls: calls.length,
        serverErrors: calls.filter((c) => c.status === 500).length,
        lostAnswers: calls.filter((c) => c.lost).length,
        rateLimited: calls.filter((c) => c.status === 429).length,
        signIns: calls.filter((c) => c.route === 'POST Authentication' && c.status === 200).length,
        latencySpikes,
      },
      durationMs: Date.now() - started,
    };
  } finally {
    await clean.close();
    await faulty.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
