import type { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSandbox } from '../../main/sandbox';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { listRuns, runPaths } from '../../main/import/journal/run-store';
import { runImport, type ImportIo } from '../../main/cli/import-command';

/**
 * For the command-line tests: learner spreadsheets as an MIS would export them, an
 * in-memory terminal, and a look into the built-in sandbox's saved state.
 */

export const HEADER = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Standard,Units';

/** A learner row: Business Administrator L3 with two units. */
export function learnerLine(tag: string, n: number, overrides: Partial<Record<'email' | 'assessor', string>> = {}): string {
  const ref = `${tag}${String(n).padStart(3, '0')}`;
  const email = overrides.email ?? `${ref.toLowerCase()}@learners.example.com`;
  const assessor = overrides.assessor ?? (n % 2 ? 'Kate Anderson' : 'James Fayre');
  return `${ref},Learner${n},Test${tag},${email},${assessor},Business Admin L2,BT - Manchester,Business Administrator Level 3,KS_ORG1; KS_COMM1`;
}

export function writeCsv(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[HEADER, ...lines].join('\r\n')}\r\n`);
  return file;
}

export interface CapturedIo extends ImportIo {
  stdout: string[];
  stderr: string[];
}

export function capturedIo(env: NodeJS.ProcessEnv = {}, answer: string | null = null): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    barStream: null,
    onInterrupt: () => () => {},
    exitNow: (code) => {
      throw new Error(`exit ${code}`);
    },
    env,
    ask: answer === null ? null : async () => answer,
  };
}

/** The last JSON line a command printed. */
export function lastJson(lines: string[]): Record<string, any> {
  const text = lines.join('').trim().split('\n').at(-1) ?? '';
  return JSON.parse(text);
}

/**
 * Imports a file from the command line as a scheduled task would (`--json --yes`, and
 * `--create-missing-all` or `--dry-run` when asked) into a running sandbox: the exit code, the summary line, and the results and errors reports'
 * text ('' when there is none).
 */
export async function importReported(
  sandbox: { baseUrl: string; customerToken: string },
  file: string,
  options: { org: number; dataDir: string; rateWindowMs: number; createMissingAll?: boolean; dryRun?: boolean },
) {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  const { org, dataDir, rateWindowMs, createMissingAll, dryRun } = options;
  const code = await runImport(file, { env: sandbox.baseUrl, org, dataDir, json: true, yes: true, rateWindowMs, dryRun, ...(createMissingAll ? { createMissingAll } : {}) }, io);
  const summary = lastJson(io.stdout);
  const read = (report: { csv?: string } | undefined) => (report?.csv ? fs.readFileSync(report.csv, 'utf8') : '');
  return { code, summary, results: read(summary.reports?.results), errors: read(summary.reports?.errors), output: io.stderr.join('') };
}

/** What the built-in sandbox of a data folder holds for a tag's learners. */
export async function savedLearners(dataDir: string, tag: string) {
  const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
  try {
    const learners = sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith(tag));
    return learners
      .map((u) => ({
        misid: u.MISID,
        assessor: u.DefaultAssessorID,
        aims: sandbox.store.learningAimsOf(u.ID).map((a) => a.StandardID),
        units: sandbox.store.unitSummariesOf(u.ID).map((s) => String(s.UnitID)).sort(),
      }))
      .sort((a, b) => String(a.misid).localeCompare(String(b.misid)));
  } finally {
    await sandbox.close();
  }
}

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Journal lines of the data folder's only run. */
function journalLines(dataDir: string): number {
  const [run] = listRuns(dataDir);
  if (!run) return 0;
  try {
    return fs.readFileSync(runPaths(dataDir, run.runId).journal, 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

/** Kills the process with SIGKILL once the journal holds `lines` lines (or lets it finish): waits for the state, never a guessed time. */
export async function killAt(child: ReturnType<typeof spawn>, dataDir: string, lines: number): Promise<'killed' | 'finished'> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let finished = false;
  void exited.then(() => (finished = true));
  while (!finished) {
    if (journalLines(dataDir) >= lines) {
      child.kill('SIGKILL');
      await exited;
      return 'killed';
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return 'finished';
}
