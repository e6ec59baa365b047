import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runResume } from '../../main/cli/resume-command';
import { listRuns } from '../../main/import/journal/run-store';
import { capturedIo, killAt, lastJson, learnerLine, savedLearners, writeCsv } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * The real thing: the command-line import killed with SIGKILL (no clean-up, no last
 * journal line, possibly half a line) while learners are being created and
 * programmes assigned, then resumed. Whatever the point, every learner ends up in
 * OneFile exactly once with exactly its programme.
 *
 * A few kill points run in the normal suite. `KILL_POINTS=24 npx vitest run
 * test/import/cli-kill.test.ts` runs many more, also killing some resumes.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin/onefile-import');
const LEARNERS = 12;
const WINDOW = '300';

function startImport(file: string, dataDir: string) {
  return spawn(process.execPath, [CLI, 'import', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dataDir, '--json', '--rate-window-ms', WINDOW], {
    cwd: ROOT,
    env: { ...process.env, ONEFILE_CUSTOMER_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function startResume(runId: string, dataDir: string) {
  return spawn(process.execPath, [CLI, 'resume', runId, '--data-dir', dataDir, '--json', '--rate-window-ms', WINDOW], {
    cwd: ROOT,
    env: { ...process.env, ONEFILE_CUSTOMER_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function importKillResume(tag: string, killPoints: number[]) {
  const dataDir = tempDir('kill-');
  const file = writeCsv(dataDir, 'learners.csv', Array.from({ length: LEARNERS }, (_, n) => learnerLine(tag, n + 1)));
  const [first, ...more] = killPoints;
  const firstKill = await killAt(startImport(file, dataDir), dataDir, first);
  const [run] = listRuns(dataDir);
  expect(run, 'the run folder exists').toBeDefined();
  for (const point of more) await killAt(startResume(run.runId, dataDir), dataDir, point);

  const io = capturedIo();
  const code = await runResume(run.runId, { dataDir, json: true, rateWindowMs: Number(WINDOW) }, io);
  const summary = code === 2 ? null : lastJson(io.stdout);
  return { dataDir, code, summary, firstKill, stderr: io.stderr.join(''), runId: run.runId };
}

function expectEveryLearnerOnce(learners: Awaited<ReturnType<typeof savedLearners>>, tag: string) {
  expect(learners.map((l) => l.misid)).toEqual(Array.from({ length: LEARNERS }, (_, n) => `${tag}${String(n + 1).padStart(3, '0')}`));
  for (const learner of learners) {
    expect(learner.aims, `${learner.misid} has one learning aim`).toEqual([4001]);
    expect(learner.units, `${learner.misid} has each unit once`).toEqual(['KS_COMM1', 'KS_ORG1']);
  }
}

describe('an import killed with SIGKILL', () => {
  // A learner is 4 writes (create, standard, two units), each an intent and a done line.
  for (const point of [1, 17, 60]) {
    it(`is resumed to the same end, nothing twice, when killed at journal line ${point}`, async () => {
      const tag = `KL${point}X`;
      const { dataDir, code, summary, firstKill } = await importKillResume(tag, [point]);
      expect(firstKill).toBe('killed');
      expect(code).toBe(0);
      expect(summary).toMatchObject({ state: 'completed', created: LEARNERS, failed: 0, pending: 0 });
      expectEveryLearnerOnce(await savedLearners(dataDir, tag), tag);
    }, 60_000);
  }
});

const extraPoints = Number(process.env.KILL_POINTS ?? 0);

describe.skipIf(extraPoints === 0)('an import killed at many points (KILL_POINTS)', () => {
  // A fixed pseudo-random sequence: the same points on every run of the suite.
  let seed = 20_250_102;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const total = LEARNERS * 8;
  for (let i = 0; i < extraPoints; i++) {
    const points = [1 + Math.floor(next() * total)];
    if (i % 3 === 2) points.push(points[0] + 1 + Math.floor(next() * 20)); // also kill the resume
    it(`ends the same when killed at journal lines ${points.join(' then ')}`, async () => {
      const tag = `KM${i}X`;
      const { dataDir, code } = await importKillResume(tag, points);
      expect([0, 2]).toContain(code);
      expectEveryLearnerOnce(await savedLearners(dataDir, tag), tag);
    }, 120_000);
  }
});
