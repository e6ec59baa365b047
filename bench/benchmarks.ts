import { atLeast, atMost, exactly, ratioOf, round, type BenchmarkReport, type Figure } from './figures';
import { benchImportThroughput, type ThroughputOptions, type ThroughputResult } from './import-throughput';
import { benchSharedToken, type SharedTokenOptions, type SharedTokenResult } from './shared-token';
import type { CallFigures } from './call-figures';
import { describeRowsInFlight, mostRowsInFlight, type RowsInFlightSetting } from '../main/import/run/rows-in-flight';

/**
 * The benchmarks `npm run bench` runs, each turned into figures against its
 * reference. The rate window is shortened (100 calls per 2 s instead of per 60 s) so
 * a 1,000-learner import takes under a minute and still spans twenty windows.
 *
 * Latency is scaled with the window: what limits throughput is latency relative to
 * the window (a call holds its slot in the limiter from sending until a window after
 * its answer, and each row in flight makes one call per latency), so a latency L on
 * OneFile's 60 s window behaves like L·W/60 s on a window of W. The runs marked
 * "absolute" keep the raw latency on the short window: a harsher test than reality,
 * reported against the ceiling that latency leaves (see `utilisationCeiling`).
 */

export const REAL_WINDOW_MS = 60_000;
export const BUDGET = 100;
export const FAST_WINDOW_MS = 2_000;

/** A latency on OneFile's real window, scaled to the same share of a shortened window. */
export function scaledLatency(ms: number, windowMs: number): number {
  return (ms * windowMs) / REAL_WINDOW_MS;
}

/**
 * The most of the limit an import can use at a latency L: the limiter counts each call
 * from sending until a window after its answer, so at most W/(W+L); and rows in flight
 * c, one call each at a time, make at most c/L calls a second against the budget's
 * B/W. (With random latency, L is its mean: close enough for a reference.)
 */
export function utilisationCeiling(options: { budget: number; windowMs: number; concurrency?: RowsInFlightSetting }, latencyMs: number): number {
  const rows = mostRowsInFlight(options.concurrency);
  const bySlots = options.windowMs / (options.windowMs + latencyMs);
  const byRows = latencyMs > 0 ? (rows * options.windowMs) / (latencyMs * options.budget) : Infinity;
  return Math.min(bySlots, byRows);
}

function utilisationFigures(calls: CallFigures, goal: number | undefined, note: string): Figure[] {
  return [
    {
      name: 'calls made / allowed (whole budgets)',
      value: calls.measuredCalls,
      unit: 'calls',
      reference: { label: 'allowed', value: round(calls.allowedCalls, 0) },
      ratio: calls.utilisation,
      goal: goal === undefined ? undefined : atLeast(round(calls.utilisation), goal),
      note,
    },
    {
      name: 'calls made / allowed (whole run, tail included)',
      value: calls.made,
      unit: 'calls',
      reference: { label: 'allowed', value: round(calls.allowedWholeRun, 0) },
      ratio: calls.wholeRunUtilisation,
    },
  ];
}

function learnerFigures(result: Pick<ThroughputResult, 'learners'>['learners']): Figure[] {
  return [
    { name: 'learners duplicated (by MISID)', value: result.duplicates, unit: '', goal: exactly(result.duplicates, 0) },
    { name: 'learners missing', value: result.missing, unit: '', goal: exactly(result.missing, 0) },
    { name: 'learners without exactly their template', value: result.wrongProgramme, unit: '', goal: exactly(result.wrongProgramme, 0) },
  ];
}

/**
 * 429s: none where OneFile counts a window as the importer does; against a token bucket
 * (sandbox `rateShape: bucket`, no Retry-After), only the calls already on their way when
 * the first 429 showed that bursts are refused (calls are paced evenly from then on).
 */
function rateLimitedFigure(options: ThroughputOptions, rateLimited: number): Figure {
  if (options.admits !== undefined && options.admits < options.budget) {
    return {
      name: '429s received',
      value: rateLimited,
      unit: '',
      goal: atMost(rateLimited, 30),
      note: `a budget of ${options.budget} into a OneFile admitting ${options.admits}: more than the first windows refuse, so the budget did not come down to what OneFile admits`,
    };
  }
  if (options.rateShape === 'bucket') {
    return {
      name: '429s received',
      value: rateLimited,
      unit: '',
      goal: atMost(rateLimited, 20),
      note: `OneFile counting a token bucket of ${options.rateBurst ?? 10}: the burst before the first 429, then calls paced evenly`,
    };
  }
  return { name: '429s received', value: rateLimited, unit: '', goal: exactly(rateLimited, 0), note: 'one importer alone should never meet the limit' };
}

/**
 * A budget above what OneFile admits: what the importer came down to, and the run's time
 * against the calls at OneFile's allowance (the plan of a first import is at the budget
 * set: it cannot know yet).
 */
function admittedFigures(result: ThroughputResult, allowance: number): Figure[] {
  const { options, calls } = result;
  if (options.admits === undefined || options.admits >= options.budget) return [];
  const atAllowanceMs = (calls.made / allowance) * options.windowMs;
  return [
    {
      name: "budget at the run's end",
      value: result.budgetAtEnd,
      unit: 'calls',
      reference: { label: 'admitted', value: allowance },
      ratio: result.budgetAtEnd / allowance,
      // What the window admitted, or a fifth more when the run ended on a raise tried after three clean windows.
      goal: atMost(round(result.budgetAtEnd / allowance), 1.2),
      note: `not lowered from the ${options.budget} set: OneFile went on refusing to the end`,
    },
    {
      name: "run time vs its calls at OneFile's allowance",
      value: round(result.runMs / 1000, 1),
      unit: 's',
      reference: { label: 'at allowance s', value: round(atAllowanceMs / 1000, 1) },
      ratio: result.runMs / atAllowanceMs,
    },
  ];
}

export interface ThroughputBench {
  id: string;
  title: string;
  options: ThroughputOptions;
  /** Utilisation goal; none for a stress run measured against its ceiling. */
  utilisationGoal?: number;
  /** Mean latency, for the ceiling W / (W + L). */
  meanLatencyMs: number;
  latencyText: string;
}

export async function runThroughput(bench: ThroughputBench): Promise<BenchmarkReport & { raw: ThroughputResult }> {
  const started = Date.now();
  const result = await benchImportThroughput(bench.options);
  const { options, calls } = result;
  const ceiling = utilisationCeiling(options, bench.meanLatencyMs);
  const perRow = calls.made / options.learners;
  const etaError = (result.plannedEtaMs - result.runMs) / result.runMs;
  const allowance = options.admits ?? options.budget;
  const figures: Figure[] = [
    { name: 'run completed', value: result.state === 'completed' ? 1 : 0, unit: '', goal: exactly(result.state === 'completed' ? 1 : 0, 1), note: `state ${result.state}, ${result.failed} rows failed` },
    ...utilisationFigures(
      calls,
      bench.utilisationGoal,
      `rows in flight: ${describeRowsInFlight(options.concurrency)}, ceiling ${round(ceiling)} at this latency; ` +
        `${round(result.beforeFirstWriteMs / 1000, 1)} s of sign-in, directory and planning (${result.directoryCalls} calls, one at a time) before the first write`,
    ),
    { name: 'sign-in, directory and plan before the first write', value: round(result.beforeFirstWriteMs / 1000, 2), unit: 's', reference: { label: 'window s', value: options.windowMs / 1000 } },
    {
      name: 'utilisation vs its ceiling at this latency',
      value: round(calls.utilisation),
      unit: '',
      reference: { label: 'ceiling', value: round(ceiling) },
      ratio: calls.utilisation / ceiling,
    },
    rateLimitedFigure(options, calls.rateLimited),
    { name: 'busiest window (sandbox count)', value: result.peakWindow, unit: 'calls', reference: { label: 'allowance', value: allowance }, ratio: result.peakWindow / allowance, goal: atMost(result.peakWindow, allowance) },
    ...admittedFigures(result, allowance),
    {
      name: 'calls per row',
      value: round(perRow, 4),
      unit: '',
      reference: { label: 'minimum', value: round(result.minimumCalls / options.learners) },
      ratio: calls.made / result.minimumCalls,
      // Issue 14: sign-in and the directory a 1,000-learner file needs cost at most 10 calls,
      // into a OneFile probed before its first import, as the README asks.
      goal: options.learners >= 1_000 && options.probeFirst ? atMost(round(perRow, 4), 2.01) : undefined,
      note: 'the reads before the first write are listed in BENCHMARKS.md',
    },
    {
      name: 'directory prefetch share of all calls',
      value: result.directoryCalls,
      unit: 'calls',
      reference: { label: 'of', value: calls.made },
      ratio: ratioOf(result.directoryCalls, calls.made),
      // The 2% goal is for a 1,000-learner file; a smaller stress run pays the same directory over fewer rows.
      goal: bench.utilisationGoal === undefined || options.learners < 1_000 ? undefined : atMost(round(result.directoryCalls / calls.made, 4), 0.02),
    },
    { name: 'run time vs the plan\'s ETA', value: round(result.runMs / 1000, 1), unit: 's', reference: { label: 'ETA s', value: round(result.plannedEtaMs / 1000, 1) }, ratio: result.runMs / result.plannedEtaMs },
    { name: 'ETA error (planned - actual) / actual', value: round(etaError * 100, 1), unit: '%' },
    ...learnerFigures(result.learners),
  ];
  return {
    id: bench.id,
    title: bench.title,
    setup:
      `${options.learners.toLocaleString('en-GB')} new learners with a framework template; ` +
      (options.admits === undefined
        ? `${options.budget} calls per ${options.windowMs / 1000} s on both sides; `
        : `a budget of ${options.budget} calls per ${options.windowMs / 1000} s into a sandbox admitting ${options.admits}; `) +
      `latency ${bench.latencyText}; concurrency ${options.concurrency ?? 'default'}; ` +
      (options.probeFirst
        ? `the probe ran first, as the README asks before a first import (${result.probeCalls} calls, once for the environment, not counted here).`
        : 'no probe first: a OneFile not probed is not known to serve pages whole, so the learners\' search ends on an empty page (one call more than after the probe).'),
    durationMs: Date.now() - started,
    figures,
    raw: result,
  };
}

/** Two importers on one token, in two processes, use at least this much of the budget between them (issue 10). */
export const SHARED_UTILISATION_GOAL = 0.95;
/** The same into a OneFile counting a token bucket: paced evenly, 20 ms made 21 by a millisecond clock caps it at 0.952 on the 2 s window. */
const SHARED_BUCKET_UTILISATION_GOAL = 0.9;

export interface SharedBench {
  id: string;
  title: string;
  options: SharedTokenOptions;
  latencyText: string;
}

export async function runShared(bench: SharedBench): Promise<BenchmarkReport & { raw: SharedTokenResult }> {
  const started = Date.now();
  const result = await benchSharedToken(bench.options);
  const { options, calls } = result;
  const completed = result.importers.filter((i) => i.state === 'completed').length;
  const sum = (key: 'duplicates' | 'missing' | 'wrongProgramme') => result.learners.reduce((n, l) => n + l[key], 0);
  const alone = options.mode === 'one-process';
  const bucket = options.rateShape === 'bucket';
  const figures: Figure[] = [
    {
      name: 'importers completed',
      value: completed,
      unit: '',
      goal: exactly(completed, 2),
      note: result.importers.map((i) => `${i.state}${i.message ? `: ${i.message}` : ''}`).join('; '),
    },
    ...utilisationFigures(
      calls,
      alone ? undefined : bucket ? SHARED_BUCKET_UTILISATION_GOAL : SHARED_UTILISATION_GOAL,
      bucket ? 'of the one budget both importers share, paced evenly (a ceiling of 0.952 on this window), each its part of the pace' : 'of the one budget both importers share',
    ),
    {
      name: 'calls made / allowed from the first write',
      value: result.importing.measuredCalls,
      unit: 'calls',
      reference: { label: 'allowed', value: round(result.importing.allowedCalls, 0) },
      ratio: result.importing.utilisation,
      note: 'the same from the first write on: the start of the first importer (reading the file, the directory, the plan) left out',
    },
    {
      name: '429s received',
      value: calls.rateLimited,
      unit: '',
      // Against a bucket, each process meets the burst before it paces evenly (or learns it from the other's findings).
      goal: bucket ? atMost(calls.rateLimited, 20) : exactly(calls.rateLimited, 0),
      note: alone ? 'two sessions in one process share one limiter' : 'two processes share the budget through leases in their data folder',
    },
    { name: 'busiest window (sandbox count)', value: result.peakWindow, unit: 'calls', reference: { label: 'budget', value: options.budget }, ratio: result.peakWindow / options.budget, goal: atMost(result.peakWindow, options.budget) },
    ...learnerFigures({ duplicates: sum('duplicates'), missing: sum('missing'), wrongProgramme: sum('wrongProgramme'), found: 0 }),
  ];
  return {
    id: bench.id,
    title: bench.title,
    setup:
      `two importers, ${options.learnersEach} new learners each, one customer token, ${alone ? 'in one process (one shared limiter)' : 'as two CLI processes with one data folder (budget shared through leases)'}; ` +
      `${options.budget} calls per ${options.windowMs / 1000} s; latency ${bench.latencyText}.`,
    durationMs: Date.now() - started,
    figures,
    raw: result,
  };
}
