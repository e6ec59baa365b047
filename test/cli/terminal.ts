import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { shellWord } from '../../main/cli/resolve-hint';

/**
 * The command line as a person runs it: in a pseudo-terminal, so standard input and
 * output are a terminal and the command may ask questions. `script` makes the
 * terminal (util-linux's on Linux, in every Debian as package bsdutils; the BSD one
 * on a Mac); the test types into it and reads what the screen shows. Where there is
 * no `script` (Windows), `terminalKind` is null and the terminal tests are skipped.
 */

/** Which `script` this machine has, or null. */
export function terminalKind(): 'util-linux' | 'bsd' | null {
  if (process.platform === 'darwin') return 'bsd';
  if (process.platform === 'win32') return null;
  const version = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return version.status === 0 && /util-linux/.test(version.stdout) ? 'util-linux' : null;
}

const EXIT_MARK = /\[exit code (\d+)\]/;

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'bin', 'onefile-import');

export interface TerminalRun {
  /** Everything the terminal showed so far. */
  screen(): string;
  /** Resolves when the screen shows this text; rejects with the screen when the command ends first. */
  waitFor(text: string): Promise<void>;
  /** Types on the keyboard (end a line with "\r", as Enter does). */
  type(keys: string): void;
  /** The command's exit code. */
  exited: Promise<number>;
}

/** `columns`: the terminal's width, set with stty before the command (a pseudo-terminal of `script` has none, and programs take 80). */
export function runInTerminal(args: string[], env: NodeJS.ProcessEnv = {}, columns?: number): TerminalRun {
  // The shell in the terminal says the command's exit code: both kinds of `script` show it.
  // `script` runs $SHELL, so the shell is named (/bin/sh, whatever the caller's is). Ctrl+C
  // reaches every process of the terminal's foreground group, the shell among them: a
  // person's interactive shell survives it, and a shell running a command string (dash)
  // would die of it before saying the exit code, unless it traps it as here (the command
  // it runs still gets Ctrl+C as a person's would).
  const size = columns ? `stty cols ${columns} rows 40; ` : '';
  const command = `trap : INT; ${size}${[process.execPath, CLI, ...args].map((word) => shellWord(word, 'linux')).join(' ')}; echo "[exit code $?]"`;
  const scriptArgs = terminalKind() === 'bsd' ? ['-q', '/dev/null', 'sh', '-c', command] : ['-q', '-c', command, '/dev/null'];
  const child = spawn('script', scriptArgs, {
    cwd: ROOT,
    env: { ...process.env, ...env, TERM: 'dumb', SHELL: '/bin/sh' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  const waiters: Array<{ text: string; resolve: () => void; reject: (error: Error) => void }> = [];
  const settle = () => {
    for (const waiter of [...waiters]) {
      if (screen.includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    settle();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
  });
  // 'close', not 'exit': the terminal's last output (the shell's exit code among it) may
  // still be in the pipe when the process has exited, and is read by 'close'.
  child.once('exit', () => child.stdin.end());
  const exited = new Promise<number>((resolve) => {
    child.once('close', (code) => {
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`the command ended (exit ${code}) before the screen showed "${waiter.text}":\n${screen}`));
      const shown = EXIT_MARK.exec(screen);
      resolve(shown ? Number(shown[1]) : (code ?? -1));
    });
  });
  return {
    screen: () => screen,
    waitFor(text) {
      if (screen.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ text, resolve, reject }));
    },
    type(keys) {
      child.stdin.write(keys);
    },
    exited,
  };
}

/** Runs the command line with no terminal (standard input closed); resolves with its exit code and output. */
export function runPiped(command: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn('sh', ['-c', command], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}
