import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUDGET, FAST_WINDOW_MS, runShared, runThroughput, scaledLatency, type SharedBench, type ThroughputBench } from './benchmarks';
import { describeMachine, formatReports, unmetGoals, type BenchmarkReport } from './figures';
import { runFileIntake } from './file-intake-report';
import { runIlrIntake } from './ilr-intake';
import { runReviewGrid } from './review-grid';
import { PLAN_ESTIMATE_CASES, runPlanEstimate } from './plan-estimate';
import { FEWEST_CALLS_CASES, runFewestCalls } from './fewest-calls';

/**
 * `npm run bench`: every benchmark in turn (one at a time: the machine has two cores
 * and they would skew each other), a printed table of figures against their
 * references, and `bench/results.json` with the same figures and the machine they
 * were taken on.
 *
 *   npm run bench                       everything, writes bench/results.json
 *   npm run bench -- --only throughput-fast,file-intake
 *   npm run bench -- --quick            smaller runs (a few minutes less); prints only
 *   npm run bench -- --out FILE         write the JSON there (also with --only/--quick)
 */

const RESULTS = path.join(import.meta.dirname, 'results.json');

interface Args {
  only?: Set<string>;
  quick: boolean;
  out?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') args.quick = true;
    else if (argv[i] === '--only') args.only = new Set(argv[++i]?.split(',').map((s) => s.trim()));
    else if (argv[i] === '--out') args.out = argv[++i];
    else throw new Error(`Unknown argument ${argv[i]}. Use --only ID,ID, --quick or --out FILE.`);
  }
  return args;
}

/** 50-500 ms on OneFile's 60 s window, as the same share of the 2 s window. */
const SCALED_FAST = { latencyMs: scaledLatency(50, FAST_WINDOW_MS), jitterMs: scaledLatency(450, FAST_WINDOW_MS) };

/**
 * Each an import into a OneFile probed first, as the README asks before a first import,
 * unless it says otherwise (`throughput-fast-unprobed`).
 */
function throughputBenches(quick: boolean): ThroughputBench[] {
  const learners = quick ? 300 : 1_000;
  const benches: ThroughputBench[] = [
    {
      id: 'throughput-fast',
      title: `Import ${learners.toLocaleString('en-GB')} learners at the limit, 50-500 ms latency (scaled)`,
      options: { learners, budget: BUDGET, windowMs: FAST_WINDOW_MS, ...SCALED_FAST, tag: 'QTF' },
      utilisationGoal: 0.97,
      meanLatencyMs: scaledLatency(275, FAST_WINDOW_MS),
      latencyText: '50-500 ms scaled to the 2 s window (1.7-16.7 ms: the same latency/window as 50-500 ms on 60 s)',
    },
    {
      id: 'throughput-fast-unprobed',
      title: `Import ${learners.toLocaleString('en-GB')} learners at the limit into a OneFile not probed first, 50-500 ms latency (scaled)`,
      options: { learners, budget: BUDGET, windowMs: FAST_WINDOW_MS, ...SCALED_FAST, tag: 'QTU', probeFirst: false },
      utilisationGoal: 0.97,
      meanLatencyMs: scaledLatency(275, FAST_WINDOW_MS),
      latencyText: '50-500 ms scaled to the 2 s window (1.7-16.7 ms: the same latency/window as 50-500 ms on 60 s)',
    },
    {
      id: 'throughput-bucket',
      title: `Import ${learners.toLocaleString('en-GB')} learners into a OneFile counting its limit as a token bucket (10 at once, no Retry-After), 50-500 ms latency (scaled)`,
      options: { learners, budget: BUDGET, windowMs: FAST_WINDOW_MS, ...SCALED_FAST, rateShape: 'bucket', rateBurst: 10, retryAfter: false, tag: 'QTK' },
      // Paced evenly, a call every 20 ms on this window, which a millisecond clock makes 21
      // (a ceiling of 0.952; on OneFile's 60 s window, 600 ms made 602: 0.997).
      utilisationGoal: 0.9,
      meanLatencyMs: scaledLatency(275, FAST_WINDOW_MS),
      latencyText:
        '50-500 ms scaled to the 2 s window; the sandbox refuses any burst over 10 calls, refilling at 100 per window; ' +
        'paced evenly, a call every 20 ms here, which a millisecond clock makes 21 (a ceiling of 0.952 of the window; 0.997 on a 60 s window)',
    },
    {
      id: 'throughput-over-budget',
      title: `Import ${learners.toLocaleString('en-GB')} learners with a budget of 300 into a OneFile admitting 100 (a sliding window, no Retry-After), 50-500 ms latency (scaled)`,
      // No Retry-After, as OneFile documents none (and whole seconds of it would be half of this 2 s window).
      options: { learners, budget: 300, admits: BUDGET, windowMs: FAST_WINDOW_MS, ...SCALED_FAST, retryAfter: false, tag: 'QTO' },
      // Of what OneFile admits. Paced evenly the ceiling is 0.952 on this window (20 ms made 21 by a
      // millisecond clock), and each 429 holds calls at least the retry's 0.5 s: a quarter of this
      // 2 s window, 1/120 of OneFile's minute. Before the budget came down (95 429s): 0.868.
      utilisationGoal: 0.85,
      meanLatencyMs: scaledLatency(275, FAST_WINDOW_MS),
      latencyText:
        '50-500 ms scaled to the 2 s window; the budget set is 300 a window (a newer OneFile page says 300 a minute) and the sandbox admits 100, ' +
        'so the budget comes down to what it admits; utilisation is of the 100',
    },
    {
      id: 'throughput-slow',
      title: `Import ${learners.toLocaleString('en-GB')} learners at the limit, 2 s latency (scaled)`,
      options: { learners, budget: BUDGET, windowMs: FAST_WINDOW_MS, latencyMs: scaledLatency(2_000, FAST_WINDOW_MS), jitterMs: 0, tag: 'QTS' },
      utilisationGoal: 0.95,
      meanLatencyMs: scaledLatency(2_000, FAST_WINDOW_MS),
      latencyText: '2 s scaled to the 2 s window (66.7 ms: latency/window = 1/30, as 2 s on 60 s)',
    },
    {
      id: 'throughput-slow-fixed-4',
      title: `Import ${learners.toLocaleString('en-GB')} learners at the limit, 2 s latency (scaled), 4 rows in flight fixed`,
      options: { learners, budget: BUDGET, windowMs: FAST_WINDOW_MS, latencyMs: scaledLatency(2_000, FAST_WINDOW_MS), jitterMs: 0, concurrency: 4, tag: 'QT4' },
      meanLatencyMs: scaledLatency(2_000, FAST_WINDOW_MS),
      latencyText: '2 s scaled to the 2 s window (66.7 ms), the same run with --concurrency 4 (the fixed default before rows in flight adapted), for comparison',
    },
    {
      id: 'throughput-fast-absolute',
      title: `Stress: import ${quick ? 100 : 300} learners, 50-500 ms absolute latency on the 2 s window`,
      options: { learners: quick ? 100 : 300, budget: BUDGET, windowMs: FAST_WINDOW_MS, latencyMs: 50, jitterMs: 450, tag: 'QTA' },
      meanLatencyMs: 275,
      latencyText: '50-500 ms unscaled (latency/window 30 times what OneFile\'s real window sees)',
    },
    {
      id: 'throughput-slow-absolute',
      title: `Stress: import ${quick ? 20 : 50} learners, 2 s absolute latency on a 20 s window`,
      options: { learners: quick ? 20 : 50, budget: BUDGET, windowMs: 20_000, latencyMs: 2_000, jitterMs: 0, tag: 'QTB' },
      meanLatencyMs: 2_000,
      latencyText: '2 s unscaled (latency/window 1/10: three times what 2 s is on OneFile\'s 60 s window)',
    },
  ];
  return benches.map((bench) => ({ ...bench, options: { probeFirst: true, ...bench.options } }));
}

function sharedBenches(quick: boolean): SharedBench[] {
  const learnersEach = quick ? 150 : 500;
  const base = { learnersEach, budget: BUDGET, windowMs: FAST_WINDOW_MS, ...SCALED_FAST };
  return [
    {
      id: 'shared-token-one-process',
      title: 'Two importers, one token, one process',
      options: { ...base, tags: ['QSA', 'QSB'], mode: 'one-process' },
      latencyText: '50-500 ms scaled',
    },
    {
      id: 'shared-token-two-processes',
      title: 'Two importers, one token, two processes',
      options: { ...base, tags: ['QPA', 'QPB'], mode: 'two-processes' },
      latencyText: '50-500 ms scaled',
    },
    {
      id: 'shared-token-two-processes-bucket',
      title: 'Two importers, one token, two processes, into a OneFile counting a token bucket (10 at once, no Retry-After)',
      options: { ...base, tags: ['QKA', 'QKB'], mode: 'two-processes', rateShape: 'bucket', rateBurst: 10, retryAfter: false },
      latencyText: '50-500 ms scaled; the sandbox refuses any burst over 10 calls, refilling at 100 per window',
    },
  ];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const wanted = (id: string) => !args.only || args.only.has(id);
  const machine = describeMachine();
  const takenAt = new Date().toISOString();
  console.log(`OneFile Bulk Importer benchmarks, ${takenAt}`);
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}`);

  const reports: (BenchmarkReport & { raw?: unknown })[] = [];
  const report = (r: BenchmarkReport & { raw?: unknown }) => {
    reports.push(r);
    console.log(formatReports([r]));
  };
  for (const bench of throughputBenches(args.quick)) if (wanted(bench.id)) report(await runThroughput(bench));
  for (const bench of sharedBenches(args.quick)) if (wanted(bench.id)) report(await runShared(bench));
  if (wanted('file-intake')) report(await runFileIntake(args.quick ? 20_000 : 100_000));
  if (wanted('ilr-intake')) report(await runIlrIntake(args.quick ? 20 : 100));
  if (wanted('review-grid')) report(await runReviewGrid(args.quick ? 20_000 : 100_000, args.quick ? 1 : 2));
  for (const bench of PLAN_ESTIMATE_CASES) if (wanted(bench.id)) report(await runPlanEstimate(bench));
  for (const bench of FEWEST_CALLS_CASES) if (wanted(bench.id)) report(await runFewestCalls(bench));

  const unmet = unmetGoals(reports);
  console.log('');
  console.log(unmet.length === 0 ? 'Every goal met.' : `Goals NOT MET (${unmet.length}):\n${unmet.map((line) => `  NOT MET: ${line}`).join('\n')}`);

  const out = args.out ?? (args.only || args.quick ? undefined : RESULTS);
  if (out) {
    const json = { takenAt, machine, quick: args.quick, benchmarks: reports, unmet };
    fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`Figures written to ${path.relative(process.cwd(), out)}.`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
