import * as fs from 'node:fs';
import * as path from 'node:path';
import { listRuns, runPaths } from '../../main/import/journal/run-store';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { startSandbox } from '../../main/sandbox';
import { seededRandom } from '../../main/sandbox/random';
import { HEADER, learnerLine } from '../../test/import/cli-fixtures';
import { learnersState, tempDir } from '../../test/import/run-fixtures';
import { lastJsonLine, STACK_LINE, startCli, type CliResult } from './cli-process';

/**
 * Crash and resume, as a user meets it: `onefile-import import` run from the command
 * line (the built-in sandbox inside it, its data saved in the data folder) killed
 * with SIGKILL at random moments, then `onefile-import resume` again and again, some
 * of those killed too, until the run completes. The end state is compared with a
 * clean run of the same file into a fresh data folder: the same learners, each once,
 * with the same learning aims, unit summaries and staff assignments, each once.
 *
 * Every row is a learner with a standard, two of its units and an IQA on the
 * learning aim (five writes); every fourth learner is on a second row too, with a
 * Functional Skills aim and a tutor of its own (`hasAimRow`). About a third of the
 * kills fall at a random time after
 * the process starts (starting up, loading the sandbox, downloading the directory,
 * planning, the first writes); the rest at random journal lines spread over the whole
 * run, with a random few milliseconds on top so they land between a write and its
 * record as well.
 */

export interface CrashResumeOptions {
  rows: number;
  kills: number;
  seed: number;
  tag: string;
  /** Rate window for the built-in sandbox and the client (100 calls per this many ms). */
  windowMs?: number;
  log?: (line: string) => void;
}

export interface KillRecord {
  session: number;
  command: 'import' | 'resume';
  /** What the kill waited for. */
  trigger: string;
  outcome: 'killed' | 'finished';
}

export interface CrashResumeReport {
  rows: number;
  kills: KillRecord[];
  /** Processes killed with SIGKILL. */
  killed: number;
  /** The last command's result (the one that finished the run). */
  final: { code: number | null; state?: unknown; stderr: string };
  /** Stack traces printed by any session (none expected). */
  stackTraces: string[];
  clean: LearnerState[];
  crashed: LearnerState[];
  duplicates: number;
  missing: number;
  /** MISIDs whose learning aims, unit summaries or assignments differ from the clean run's. */
  different: string[];
  durationMs: number;
}

export type LearnerState = ReturnType<typeof learnersState>[number];

/** Names of organisation 5740's IQAs in the built-in sandbox (seed 1). */
async function iqaNames(): Promise<string[]> {
  const sandbox = await startSandbox({ seed: 1 });
  try {
    return sandbox.store.usersOf(5740, 10).map((u) => `${u.FirstName} ${u.LastName}`).sort();
  } finally {
    await sandbox.close();
  }
}

/**
 * With `aimRows`, every fourth learner is also on a second row, as an MIS report of
 * learning aims writes them: Functional Skills English, with a tutor of its own (the
 * other assessor), imported with the learner's first row (joined), the tutor assigned
 * on that learning aim.
 */
export function hasAimRow(n: number): boolean {
  return n % 4 === 0;
}

function aimLine(tag: string, n: number): string {
  const tutor = n % 2 ? 'James Fayre' : 'Kate Anderson';
  return learnerLine(tag, n, { assessor: tutor }).replace(/,Business Administrator Level 3,KS_ORG1; KS_COMM1$/, ',Functional Skills English Level 2,');
}

export async function writeProgrammeFile(dir: string, rows: number, tag: string, options: { aimRows?: boolean } = {}): Promise<string> {
  const iqas = await iqaNames();
  const lines = Array.from({ length: rows }, (_, i) => {
    const n = i + 1;
    const line = `${learnerLine(tag, n)},${iqas[i % iqas.length]}`;
    return options.aimRows && hasAimRow(n) ? `${line}\r\n${aimLine(tag, n)},${iqas[i % iqas.length]}` : line;
  });
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[`${HEADER},IQA`, ...lines].join('\r\n')}\r\n`);
  return file;
}

/** What the built-in sandbox of a data folder holds for the tag's learners. */
export async function savedState(dataDir: string, tag: string): Promise<LearnerState[]> {
  const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
  try {
    return learnersState(sandbox, tag);
  } finally {
    await sandbox.close();
  }
}

function journalLines(dataDir: string, runId: string | undefined): number {
  if (!runId) return 0;
  try {
    return fs.readFileSync(runPaths(dataDir, runId).journal, 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

/** A row's five writes, each an intent and an outcome in the journal. */
const JOURNAL_LINES_PER_ROW = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function crashAndResume(options: CrashResumeOptions): Promise<CrashResumeReport> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed);
  const window = String(options.windowMs ?? 300);
  const root = tempDir('crash-resume-');
  const file = await writeProgrammeFile(root, options.rows, options.tag, { aimRows: true });
  const cleanDir = path.join(root, 'clean');
  const crashDir = path.join(root, 'crashed');
  const importArgs = (dataDir: string) => ['import', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dataDir, '--json', '--rate-window-ms', window];
  const resumeArgs = (runId: string) => ['resume', runId, '--data-dir', crashDir, '--json', '--rate-window-ms', window];

  const cleanRun = startCli(importArgs(cleanDir)).done;
  const kills: KillRecord[] = [];
  const stackTraces: string[] = [];
  const noteStack = (result: CliResult) => {
    if (STACK_LINE.test(result.stderr)) stackTraces.push(result.stderr);
  };

  // Kill points spread over the whole run: random journal lines (a row writes ten), in order.
  const points = Array.from({ length: options.kills }, () => 1 + Math.floor(random() * (JOURNAL_LINES_PER_ROW * options.rows - 1))).sort((a, b) => a - b);
  let runId: string | undefined;
  let finished: CliResult | undefined;
  for (let session = 1; session <= options.kills && !finished; session++) {
    runId ??= listRuns(crashDir)[0]?.runId;
    const command = runId ? 'resume' : 'import';
    const { child, done } = startCli(runId ? resumeArgs(runId) : importArgs(crashDir));
    let exited = false;
    void done.then(() => (exited = true));
    let trigger: string;
    if (random() < 0.35) {
      // Any moment of a process's life: starting, loading the sandbox, the directory, planning, the first writes.
      const ms = Math.round(200 + random() * 1_500);
      trigger = `${ms} ms after start`;
      const until = Date.now() + ms;
      while (!exited && Date.now() < until) await sleep(2);
    } else {
      // At the session's point in the journal (at least one line further than where it started).
      const extraMs = Math.floor(random() * 15);
      const target = Math.max(points[session - 1], journalLines(crashDir, runId) + 1);
      trigger = `journal line ${target}, +${extraMs} ms`;
      for (let i = 0; i < 30_000 && !exited; i++) {
        runId ??= listRuns(crashDir)[0]?.runId;
        if (journalLines(crashDir, runId) >= target) break;
        await sleep(2);
      }
      if (extraMs) await sleep(extraMs);
    }
    if (!exited) child.kill('SIGKILL');
    const result = await done;
    noteStack(result);
    const outcome = result.signal === 'SIGKILL' ? 'killed' : 'finished';
    kills.push({ session, command, trigger, outcome });
    log(`  session ${session} (${command}): ${trigger}: ${outcome}${outcome === 'finished' ? ` with exit ${result.code}` : ''}`);
    if (outcome === 'finished' && lastJsonLine(result.stdout)?.state === 'completed') finished = result;
  }

  runId ??= listRuns(crashDir)[0]?.runId;
  if (!finished) finished = await startCli(runId ? resumeArgs(runId) : importArgs(crashDir)).done;
  noteStack(finished);
  const cleanResult = await cleanRun;
  if (cleanResult.code !== 0) throw new Error(`The clean run failed (exit ${cleanResult.code}): ${cleanResult.stderr}`);

  const clean = await savedState(cleanDir, options.tag);
  const crashed = await savedState(crashDir, options.tag);
  const misids = new Map<string, number>();
  for (const learner of crashed) misids.set(String(learner.misid), (misids.get(String(learner.misid)) ?? 0) + 1);
  const cleanByMisid = new Map(clean.map((l) => [String(l.misid), l]));
  const different = crashed
    .filter((l) => JSON.stringify(l) !== JSON.stringify(cleanByMisid.get(String(l.misid))))
    .map((l) => String(l.misid));
  const report: CrashResumeReport = {
    rows: options.rows,
    kills,
    killed: kills.filter((k) => k.outcome === 'killed').length,
    final: { code: finished.code, state: lastJsonLine(finished.stdout)?.state, stderr: finished.stderr },
    stackTraces,
    clean,
    crashed,
    duplicates: crashed.length - misids.size,
    missing: clean.filter((l) => !misids.has(String(l.misid))).length,
    different: [...new Set(different)],
    durationMs: Date.now() - started,
  };
  fs.rmSync(root, { recursive: true, force: true });
  return report;
}
