import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import { listRuns, runPaths } from '../../main/import/journal/run-store';
import { capturedIo, lastJson, learnerLine, savedLearners, writeCsv } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * A run stopped right after a write reached OneFile and before its `done` line was
 * written, whose journal was then damaged on the disk: the write's `intent` line is
 * garbled. Read as before checksums, the write would have no record at all and the
 * resume would send it again (a second unit summary or learning aim: issue 10). Now
 * the resume says which line is damaged, checks in OneFile what the journal does not
 * prove done, and ends with every learner, learning aim and unit summary once (the
 * built-in sandbox's saved store is the witness).
 */

const LEARNERS = 16;
const WINDOW_MS = 300;
/** A learner is 4 writes (create, standard, two units): 8 journal lines. Stop in the third learner. */
const STOP_AT_LINE = 20;

interface StoppedRun {
  dataDir: string;
  runId: string;
  journal: string;
  lines: string[];
  /** Index of the `done` line of the last write that reached OneFile. */
  lastDone: number;
}

/** Imports with one row in flight and stops it (as Ctrl+C does) once the journal holds STOP_AT_LINE lines. */
async function importAndStop(tag: string): Promise<StoppedRun> {
  const dataDir = tempDir('damaged-');
  const file = writeCsv(dataDir, 'learners.csv', Array.from({ length: LEARNERS }, (_, n) => learnerLine(tag, n + 1)));
  let interrupt: (() => void) | undefined;
  const io = { ...capturedIo(), onInterrupt: (handler: () => void) => ((interrupt = handler), () => {}) };
  const importing = runImport(file, { env: 'sandbox', org: 5740, dataDir, json: true, concurrency: 1, rateWindowMs: WINDOW_MS }, io);
  let finished = false;
  void importing.finally(() => (finished = true));
  const journalOf = () => {
    const [run] = listRuns(dataDir);
    return run ? runPaths(dataDir, run.runId).journal : undefined;
  };
  // Wait for the state (enough journal lines), not for a time.
  while (!finished) {
    const journal = journalOf();
    if (journal && fs.existsSync(journal) && fs.readFileSync(journal, 'utf8').split('\n').length > STOP_AT_LINE && interrupt) {
      interrupt();
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await importing;
  const [run] = listRuns(dataDir);
  expect(run.state, 'the import was stopped before its end').toBe('cancelled');
  const journal = runPaths(dataDir, run.runId).journal;
  const lines = fs.readFileSync(journal, 'utf8').split('\n').slice(0, -1);
  const lastDone = lines.findLastIndex((line) => JSON.parse(line).type === 'done');
  // One row in flight: the last write's intent is the line just before its done.
  expect(JSON.parse(lines[lastDone - 1])).toMatchObject({ type: 'intent', operationId: JSON.parse(lines[lastDone]).operationId });
  return { dataDir, runId: run.runId, journal, lines, lastDone };
}

/** The intent line with a few bytes overwritten, as a bad sector or a crash of the file system leaves it. */
function garble(line: string): string {
  return `${line.slice(0, 25)}\u0000\u0000\u0000\u0000${line.slice(29)}`;
}

async function resumeAndCheck(stopped: StoppedRun, tag: string, damagedLine: number) {
  const io = capturedIo();
  const code = await runResume(stopped.runId, { dataDir: stopped.dataDir, json: true, rateWindowMs: WINDOW_MS }, io);
  const stderr = io.stderr.join('');
  expect(stderr).toContain(`Warning: The run's journal (journal.jsonl) has 1 damaged line (line ${damagedLine})`);
  expect(stderr).toMatch(/checks in OneFile (the one operation|each of the \d+ operations) the journal does not prove done/);
  expect(code, stderr).toBe(0);
  expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', created: LEARNERS, failed: 0, pending: 0 });

  const learners = await savedLearners(stopped.dataDir, tag);
  expect(learners.map((l) => l.misid)).toEqual(Array.from({ length: LEARNERS }, (_, n) => `${tag}${String(n + 1).padStart(3, '0')}`));
  for (const learner of learners) {
    expect(learner.aims, `${learner.misid}'s learning aims`).toEqual([4001]);
    expect(learner.units, `${learner.misid}'s unit summaries`).toEqual(['KS_COMM1', 'KS_ORG1']);
  }
}

describe('resuming a run whose journal was damaged on the disk', () => {
  it('with its last line garbled but ending in a newline: warns, checks OneFile, and does nothing twice', async () => {
    const tag = 'DJL';
    const stopped = await importAndStop(tag);
    // Stopped after the last write was sent and before its done: that intent is the last line, garbled, newline kept.
    const kept = stopped.lines.slice(0, stopped.lastDone);
    kept[kept.length - 1] = garble(kept[kept.length - 1]);
    fs.writeFileSync(stopped.journal, `${kept.join('\n')}\n`);
    await resumeAndCheck(stopped, tag, kept.length);
  }, 60_000);

  it('with an interior line garbled (another row was in flight): warns, checks OneFile, and does nothing twice', async () => {
    const tag = 'DJI';
    const stopped = await importAndStop(tag);
    // As if two rows were in flight: the last write's intent was written, then the other
    // row's records, then the run stopped before its done. The intent is garbled.
    const before = stopped.lines.slice(0, stopped.lastDone - 1);
    const intent = stopped.lines[stopped.lastDone - 1];
    const at = before.length - 4;
    const kept = [...before.slice(0, at), garble(intent), ...before.slice(at)];
    fs.writeFileSync(stopped.journal, `${kept.join('\n')}\n`);
    await resumeAndCheck(stopped, tag, at + 1);
  }, 60_000);
});
