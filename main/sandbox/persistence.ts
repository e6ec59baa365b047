import { closeSync, existsSync, fsyncSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
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
  ) {}

  /**
   * Opens (or creates) the state file and returns the store it holds. A file written
   * with another seed keeps its own seed: the state is what it is.
   */
  static open(path: string, seed: number): { store: SandboxStore; file: StateFile; seed: number } {
    ensurePrivateFolder(dirname(path), { tighten: false });
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
    return { store, file: new StateFile(openPrivateAppendSync(path), path), seed };
  }

  /** Appends the changes and waits for the disk. Nothing to append, nothing done. */
  append(puts: Put[]): void {
    if (puts.length === 0 || this.fd === undefined) return;
    const text = puts.map((put) => JSON.stringify({ kind: put.kind, record: put.record })).join('\n') + '\n';
    writeSync(this.fd, text);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Deletes a sandbox state file so the next start begins from the seed. */
export async function resetSandboxState(statePath: string): Promise<void> {
  rmSync(statePath, { force: true });
  rmSync(`${statePath}.tmp`, { force: true });
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
    throw new Error(`${path} is not a OneFile sandbox state file (version ${VERSION}); delete it or start with --reset.`);
  }
  const puts: Put[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    try {
      const put = JSON.parse(lines[i]) as Put;
      if (RECORD_KINDS.includes(put.kind) && put.record && typeof put.record === 'object') puts.push(put);
    } catch {
      // A line torn by a kill mid-append was never acknowledged: drop it.
      if (i < lines.length - 1) throw new Error(`${path} line ${i + 1} is damaged.`);
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
