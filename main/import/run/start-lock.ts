import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppError } from '../../../shared/app-error';
import { ensurePrivateFolder } from '../../private-files';
import { isProcessAlive, runsDir } from '../journal/run-store';

/**
 * One run starting at a time in a data folder. A run is held back while another is
 * importing some of the same learners (./later-writes, `runningAbout`), but that check
 * and the run's record saying "running" are two steps: two imports of the same file
 * started in the same few milliseconds (two windows, a double click and a scheduled job)
 * could both pass the check before either said so, and both create the file's new
 * learners. Starting holds this lock from the check until the run says it is running
 * (a few milliseconds of file writes, no call to OneFile).
 */

/** A lock held longer than this was left by a process that stopped while starting: taken over. */
const STALE_MS = 10_000;
/** How long a start waits for another to finish starting before it gives up. */
const WAIT_MS = 15_000;
const RETRY_MS = 20;

interface StartLockOptions {
  alive?: (pid: number) => boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Waits for the data folder's start lock and takes it; returns its release. */
export async function claimStart(dataDir: string, options: StartLockOptions = {}): Promise<() => void> {
  const alive = options.alive ?? isProcessAlive;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  ensurePrivateFolder(runsDir(dataDir));
  const lock = path.join(runsDir(dataDir), 'starting.lock');
  const given = now();
  for (;;) {
    try {
      fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, hostname: os.hostname(), at: now() }), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: { pid?: number; hostname?: string; at?: number } = {};
    try {
      holder = JSON.parse(fs.readFileSync(lock, 'utf8'));
    } catch {
      // Being written this instant, or half-written by a process killed then: looked at again.
    }
    const gone = typeof holder.pid === 'number' && holder.hostname === os.hostname() && !alive(holder.pid);
    const stale = typeof holder.at === 'number' && now() - holder.at > STALE_MS;
    if (gone || stale) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (now() - given > WAIT_MS) {
      throw new AppError('run-locked', 'Another import is starting in this data folder and has not finished starting. Try again in a moment. Nothing was sent.');
    }
    await sleep(RETRY_MS);
  }
}
