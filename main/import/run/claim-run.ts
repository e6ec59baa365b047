import * as os from 'node:os';
import { openJournal, type JournalWriter } from '../journal/journal';
import { acquireRunLock, runPaths, updateRun, type RunInfo } from '../journal/run-store';
import { beatWhileRunning } from './later-writes';

export interface ClaimedRun {
  /** The run's journal, open for appending. */
  journal: JournalWriter;
  /** Stops the heartbeat and gives the run's lock back (after the journal is closed). */
  letGo(): void;
}

/**
 * Takes a run for this process before it sends anything: its lock (no other process runs
 * it meanwhile), a heartbeat (other imports see it running), its journal, and its record
 * marked running by this process. A failure part-way (the disk full, say) gives back what was
 * taken, so the run can be resumed without waiting for this process to end.
 */
export function claimRun(dataDir: string, run: RunInfo, concurrency: RunInfo['concurrency']): ClaimedRun {
  const release = acquireRunLock(dataDir, run.runId);
  let stopBeating: (() => void) | undefined;
  let journal: JournalWriter | undefined;
  try {
    stopBeating = beatWhileRunning(dataDir, run.runId);
    journal = openJournal(runPaths(dataDir, run.runId).journal);
    updateRun(dataDir, run.runId, {
      state: 'running',
      startedAt: run.startedAt ?? new Date().toISOString(),
      process: { pid: process.pid, hostname: os.hostname() },
      concurrency,
    });
  } catch (error) {
    journal?.close();
    stopBeating?.();
    release();
    throw error;
  }
  const beating = stopBeating;
  return {
    journal,
    letGo() {
      beating();
      release();
    },
  };
}
