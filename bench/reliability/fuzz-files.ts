import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { atMost, exactly, type BenchmarkReport } from '../figures';
import { tempDir } from '../../test/import/run-fixtures';
import { ROOT } from './cli-process';
import type { FuzzAnswer, FuzzLine } from './fuzz-worker';
import { fuzzCases } from './fuzz-mutations';

/**
 * The fuzz suite: mutated copies of the examples (fuzz-mutations.ts) read in child
 * processes (fuzz-worker.ts), each file judged on its own: it reads, or it is refused
 * with a SpreadsheetError that names the file and says what is wrong and what to do;
 * never a crash, never a read still going after FUZZ_TIMEOUT_MS, never more than
 * FUZZ_RSS_CAP_MB of memory. A child that hangs is killed and a fresh one carries on
 * with the next file, so one hang cannot hide the others.
 */

const FUZZ_TIMEOUT_MS = 10_000;
export const FUZZ_RSS_CAP_MB = 600;
/** The seed of the test suite's files; the soak adds more files from the same seed. */
export const FUZZ_SEED = 20_261_124;

export interface FuzzOutcome {
  name: string;
  answer?: FuzzAnswer;
  /** No answer within the time limit: the child was killed. */
  hang?: boolean;
  /** The child died while reading this file: how, and what it printed last. */
  died?: string;
  disagreement?: string;
  ms?: number;
  /** The child's peak memory when it finished this file (its peak so far, this file included). */
  maxRssMb?: number;
}

/** Writes `count` cases from `seed` into `dir`; returns their paths. */
export async function writeFuzzFiles(dir: string, seed: number, count: number): Promise<string[]> {
  const cases = await fuzzCases(seed, count);
  return cases.map((fuzz) => {
    const file = path.join(dir, fuzz.name);
    fs.writeFileSync(file, fuzz.bytes);
    return file;
  });
}

const runTs = path.join(ROOT, 'bin/run-ts');
const workerScript = path.join(ROOT, 'bench/reliability/fuzz-worker.ts');

/** Reads the files in `workers` child processes side by side; one outcome per file, in order. */
export interface FuzzRunOptions {
  workers?: number;
  timeoutMs?: number;
  /** The child's script (a test gives one that hangs and dies on purpose). Default fuzz-worker.ts through tsx. */
  worker?: string[];
}

export async function runFuzzFiles(files: string[], options: FuzzRunOptions = {}): Promise<FuzzOutcome[]> {
  const workers = options.workers ?? 2;
  const outcomes: FuzzOutcome[] = files.map((file) => ({ name: path.basename(file) }));
  const shares = Array.from({ length: workers }, (_, w) => files.map((_, i) => i).filter((i) => i % workers === w));
  const run = { timeoutMs: options.timeoutMs ?? FUZZ_TIMEOUT_MS, worker: options.worker ?? [runTs, workerScript] };
  await Promise.all(shares.filter((share) => share.length > 0).map((share) => readShare(files, share, outcomes, run)));
  return outcomes;
}

/** One worker's files, a fresh child after each hang or crash, until every file has an outcome. */
async function readShare(files: string[], share: number[], outcomes: FuzzOutcome[], run: { timeoutMs: number; worker: string[] }): Promise<void> {
  const list = `${files[share[0]]}.list.json`;
  let from = 0;
  while (from < share.length) {
    fs.writeFileSync(list, JSON.stringify({ files: share.map((i) => files[i]), from }));
    const next = await readInChild(list, (at) => outcomes[share[at]], run);
    if (next <= from) throw new Error(`The fuzz worker stopped before reading ${outcomes[share[from]].name}: ${outcomes[share[from]].died ?? 'no answer'}`);
    from = next;
  }
  fs.rmSync(list, { force: true });
}

/** Runs one child over the list from its `from`; resolves with the index to carry on from. */
function readInChild(list: string, outcomeAt: (at: number) => FuzzOutcome, run: { timeoutMs: number; worker: string[] }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...run.worker, list], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let current = -1;
    let finished = -1;
    let pending = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = JSON.parse(pending.slice(0, end)) as FuzzLine;
        pending = pending.slice(end + 1);
        clearTimeout(timer);
        if (!line.answer) {
          current = line.index;
          timer = setTimeout(() => {
            outcomeAt(current).hang = true;
            child.kill('SIGKILL');
          }, run.timeoutMs);
          continue;
        }
        finished = line.index;
        Object.assign(outcomeAt(line.index), { answer: line.answer, disagreement: line.disagreement, ms: line.ms, maxRssMb: line.maxRssMb });
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (current > finished) {
        const outcome = outcomeAt(current);
        // Exit 13: Node found nothing left to wait for while the read was still unsettled (a read that never ends).
        const how = code === 13 ? 'the read never finished (exit 13, an unsettled await)' : `exit ${code ?? signal}`;
        if (!outcome.hang) outcome.died = `${how}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
        resolve(current + 1);
      } else resolve(finished + 1);
    });
  });
}

/** What is wrong with how one file was handled, in words (empty when nothing is). */
function judgeFuzz(outcome: FuzzOutcome): string[] {
  const problems: string[] = [];
  if (outcome.hang) problems.push(`no answer within ${FUZZ_TIMEOUT_MS / 1000} s`);
  if (outcome.died) problems.push(`the process died: ${outcome.died}`);
  const answer = outcome.answer;
  if (answer?.kind === 'crash') problems.push(`not a SpreadsheetError: ${answer.message.split('\n')[0]}`);
  if (answer?.kind === 'refused') {
    const clear = answer.message.startsWith(`${outcome.name}: `) && answer.problem.length > 10 && answer.hint.length > 10;
    if (!clear || /undefined|\[object|Error:/.test(answer.message)) problems.push(`an unclear message: "${answer.message.slice(0, 160)}"`);
  }
  if (outcome.disagreement) problems.push(`read differently from an upload (${outcome.disagreement})`);
  if (outcome.maxRssMb !== undefined && outcome.maxRssMb > FUZZ_RSS_CAP_MB) problems.push(`peaked at ${outcome.maxRssMb} MB (cap ${FUZZ_RSS_CAP_MB} MB)`);
  return problems;
}

export interface FuzzSummary {
  files: number;
  read: number;
  refused: number;
  /** Files handled wrongly, with what went wrong. */
  failures: { name: string; problems: string[] }[];
  slowest: { name: string; ms: number };
  peakRssMb: number;
  /** How many refusals of each SpreadsheetError code. */
  refusedBy: Record<string, number>;
}

export function summariseFuzz(outcomes: FuzzOutcome[]): FuzzSummary {
  const refusedBy: Record<string, number> = {};
  for (const o of outcomes) if (o.answer?.kind === 'refused') refusedBy[o.answer.code] = (refusedBy[o.answer.code] ?? 0) + 1;
  const slowest = outcomes.reduce((a, b) => ((b.ms ?? 0) > (a.ms ?? 0) ? b : a), outcomes[0]);
  return {
    files: outcomes.length,
    read: outcomes.filter((o) => o.answer?.kind === 'read').length,
    refused: outcomes.filter((o) => o.answer?.kind === 'refused').length,
    failures: outcomes.map((o) => ({ name: o.name, problems: judgeFuzz(o) })).filter((f) => f.problems.length > 0),
    slowest: { name: slowest?.name ?? '', ms: slowest?.ms ?? 0 },
    peakRssMb: Math.max(0, ...outcomes.map((o) => o.maxRssMb ?? 0)),
    refusedBy,
  };
}

/** The soak's figures: `count` files from the suite's seed (the test's 220 among them). */
export async function fuzzReport(count: number): Promise<BenchmarkReport> {
  const started = Date.now();
  const dir = tempDir('soak-fuzz-');
  try {
    const summary = summariseFuzz(await runFuzzFiles(await writeFuzzFiles(dir, FUZZ_SEED, count)));
    const failed = summary.failures.length;
    return {
      id: 'fuzz',
      title: `Fuzz: ${summary.files} mutated copies of the examples`,
      setup: 'examples/learners.csv and .xlsx with bytes flipped, cut short, zip entries damaged, parts left out, XML spoiled, encodings swapped (seeded); each read from its path and as an upload, mapped and validated, in two child processes.',
      durationMs: Date.now() - started,
      figures: [
        { name: 'files read', value: summary.read, unit: '', reference: { label: 'files', value: summary.files } },
        { name: 'files refused with a clear message', value: summary.refused, unit: '', note: Object.entries(summary.refusedBy).map(([code, n]) => `${code} ${n}`).join(', ') },
        { name: 'crashes, hangs, unclear messages, over the memory cap', value: failed, unit: '', goal: exactly(failed, 0), note: summary.failures.slice(0, 5).map((f) => `${f.name}: ${f.problems.join('; ')}`).join(' | ') },
        { name: 'slowest file (read twice, mapped, validated)', value: summary.slowest.ms, unit: 'ms', goal: atMost(summary.slowest.ms, FUZZ_TIMEOUT_MS), note: summary.slowest.name },
        { name: 'peak RSS of a reading process', value: summary.peakRssMb, unit: 'MB', goal: atMost(summary.peakRssMb, FUZZ_RSS_CAP_MB) },
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
