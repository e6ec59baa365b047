import { closeSync, existsSync, fsyncSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { AppError } from '../../shared/app-error';
import { isProcessAlive } from '../import/journal/run-store';
import { RECORD_KINDS, type Put } from './records';
import type { SandboxStore } from './store';
import { seedStore } from './seed';
import { ensurePrivateFolder, openPrivateAppendSync, writePrivateFileSync } from '../private-files';

/**
 * The sandbox's state on disk: an append-only log of JSON lines. The first line names
 * the format and the seed; each following line is one record's whole new version.
 * Loading regenerates the seed and replays the log, then compacts it (one line per
 * changed record, written to a temporary file, fsynced and renamed over the old
 * one). Each call's changes are appended and fsynced before the call is answered, so
 * an answered (or lost) write survives a kill. One fsync per write stays cheap at
 * OneFile's 100 calls a minute whatever the number of learners.
 *
 * The state holds the learners imported into the sandbox (names, emails, ULNs: often
 * real ones, tried before a live run), so the file is 0600 and a folder created for
 * it 0700 (a folder given with --state that exists is left as it is).
 *
 * One process at a time has the file open (`<file>.lock` holds its pid): a second one
 * loading it would compact it under the first, whose later appends then went to the
 * replaced file and were lost, and each would give out the same new IDs.
 */
const FORMAT = 'onefile-sandbox-state';
const VERSION = 1;

interface Header {
  format: string;
  version: number;
  seed: number;
}

export class StateFile {
  private constructor(
    private fd: number | undefined,
    readonly path: string,
    private readonly release: () => void,
  ) {}

  /**
   * Opens (or creates) the state file and returns the store it holds. A file written
   * with another seed keeps its own seed: the state is what it is.
   */
  static open(path: string, seed: number): { store: SandboxStore; file: StateFile; seed: number } {
    ensurePrivateFolder(dirname(path), { tighten: false });
    const release = claimStateFile(path);
    try {
      return StateFile.load(path, seed, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  private static load(path: string, seed: number, release: () => void): { store: SandboxStore; file: StateFile; seed: number } {
    let store: SandboxStore;
    let lines: string[] = [];
    if (existsSync(path)) {
      const loaded = readLog(path);
      seed = loaded.header.seed;
      store = seedStore(seed);
      for (const put of loaded.puts) store.load(put.kind, put.record as never);
      lines = compact(loaded.puts);
    } else {
      store = seedStore(seed);
    }
    writeAtomically(path, [JSON.stringify({ format: FORMAT, version: VERSION, seed } satisfies Header), ...lines]);
    return { store, file: new StateFile(openPrivateAppendSync(path), path, release), seed };
  }

  /** Appends the changes and waits for the disk. Nothing to append, nothing done. */
  append(puts: Put[]): void {
    if (puts.length === 0 || this.fd === undefined) return;
    const text = puts.map((put) => JSON.stringify({ kind: put.kind, record: put.record })).join('\n') + '\n';
    writeSync(this.fd, text);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.release();
    }
    this.fd = undefined;
  }
}

/** The state file cannot be loaded: said by whoever starts the sandbox, with what to do there. */
export class SandboxStateDamaged extends AppError {
  constructor(
    readonly path: string,
    /** After the file's path: "is damaged at line 3". */
    readonly problem: string,
  ) {
    super('run-refused', `${path} ${problem}; delete it or start with --reset.`);
  }
}

/** The state file is open in another process: said by whoever starts the sandbox, in its own words. */
export class SandboxStateInUse extends AppError {
  constructor(
    readonly path: string,
    /** "process 1234", or "on <host>" for another computer sharing the folder. */
    readonly holder: string,
  ) {
    super('run-active', `The sandbox data ${path} is open in another sandbox (${holder}): two on one file would lose each other's changes. Stop that one first, or use another state file.`);
  }
}

/**
 * Claims the state file for this process; returns the release. A lock whose process on
 * this computer is gone (killed) is taken over. This process opening it again (tests
 * looking into a sandbox's data) is left to itself.
 */
function claimStateFile(path: string): () => void {
  const lock = `${path}.lock`;
  const me = { pid: process.pid, hostname: hostname() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: { pid?: unknown; hostname?: unknown } = {};
    try {
      holder = JSON.parse(readFileSync(lock, 'utf8'));
    } catch {
      // Half-written by a process killed at that instant: nobody holds it.
    }
    if (holder.pid === me.pid && holder.hostname === me.hostname) return () => {};
    if (typeof holder.pid === 'number' && (holder.hostname !== me.hostname || isProcessAlive(holder.pid))) {
      throw new SandboxStateInUse(path, holder.hostname === me.hostname ? `process ${holder.pid}` : `on ${String(holder.hostname)}`);
    }
    rmSync(lock, { force: true });
  }
  throw new SandboxStateInUse(path, 'its lock file keeps coming back');
}

/**
 * Deletes a sandbox state file so the next start begins from the seed. Refused
 * (SandboxStateInUse) while another process has it open: deleted under it, that one's
 * later changes would go to a file no longer there, and all it held would be gone.
 */
export async function resetSandboxState(statePath: string): Promise<void> {
  if (!existsSync(dirname(statePath))) return;
  const release = claimStateFile(statePath);
  try {
    rmSync(statePath, { force: true });
    rmSync(`${statePath}.tmp`, { force: true });
  } finally {
    release();
  }
}

function readLog(path: string): { header: Header; puts: Put[] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  let header: Header;
  try {
    header = JSON.parse(lines[0]) as Header;
  } catch {
    header = { format: '', version: 0, seed: 0 };
  }
  if (header.format !== FORMAT || header.version !== VERSION || !Number.isSafeInteger(header.seed)) {
    throw new SandboxStateDamaged(path, `is not a OneFile sandbox state file (version ${VERSION})`);
  }
  const puts: Put[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    try {
      const put = JSON.parse(lines[i]) as Put;
      if (RECORD_KINDS.includes(put.kind) && put.record && typeof put.record === 'object') puts.push(put);
    } catch {
      // A line torn by a kill mid-append was never acknowledged: drop it.
      if (i < lines.length - 1) throw new SandboxStateDamaged(path, `is damaged at line ${i + 1}`);
    }
  }
  return { header, puts };
}

/** Keeps each record's last version, in the order records were first changed. */
function compact(puts: Put[]): string[] {
  const latest = new Map<string, Put>();
  for (const put of puts) {
    const key = `${put.kind}:${String(put.record.ID)}`;
    latest.set(key, put);
  }
  return [...latest.values()].map((put) => JSON.stringify(put));
}

function writeAtomically(path: string, lines: string[]): void {
  writePrivateFileSync(path, lines.join('\n') + '\n');
}
