import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The command line as a user runs it, in its own process: what it printed, how it
 * exited, and the most memory it ever held (its own max RSS, reported by the child
 * itself as it exits, so the figure is the child's and not the test's).
 */

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'bin/onefile-import');

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process has exited (killed or not). */
  done: Promise<CliResult>;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The child's peak resident memory in MB (undefined if it was killed before it could say). */
  maxRssMb?: number;
}

let preload: string | undefined;

/** A tiny module loaded before the CLI that writes the process's max RSS to a file on exit. */
function rssPreload(): string {
  if (preload) return preload;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'max-rss-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  preload = path.join(dir, 'report-max-rss.mjs');
  fs.writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs';
const target = process.env.REPORT_MAX_RSS_TO;
if (target) process.on('exit', () => { try { writeFileSync(target, String(process.resourceUsage().maxRSS)); } catch {} });
`,
  );
  return preload;
}

/** A stack trace line, as Node prints one: "    at fn (file:line:col)". */
export const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const rssFile = path.join(os.tmpdir(), `max-rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', pathToFileURL(rssPreload()).href, CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ONEFILE_CUSTOMER_TOKEN: '', ...env, REPORT_MAX_RSS_TO: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let maxRssMb: number | undefined;
      try {
        maxRssMb = Math.round(Number(fs.readFileSync(rssFile, 'utf8')) / 1024);
        fs.rmSync(rssFile, { force: true });
      } catch {
        maxRssMb = undefined;
      }
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, maxRssMb });
    });
  });
  return { child, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** The last line of a `--json` command's output, parsed. */
export function lastJsonLine(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
