import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * The computer's clock put back an hour in the middle of an import (corrected by hand, or
 * by the network's time as a laptop wakes). The limiter kept every call in its window an
 * hour longer than the window: the import stood still for an hour, as if stuck. Now it
 * goes on after at most a window, never sends more than the budget in one, and makes
 * every learner once. The sandbox keeps the true time; the importer's clock is put back
 * once the sandbox has had a few of its calls.
 */

const WINDOW_MS = 300;
const BUDGET = 5;
const ORG = GUIDE.business;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

function learnersFile(dir: string): string {
  const header = 'MIS ID,First Name,Last Name,Email,Date of Birth,Assessor,Class,Placement';
  const lines = [1, 2, 3, 4, 5, 6].map((i) => {
    const misid = `CLOCK00${i}`;
    return [misid, `Learner${i}`, 'Clockback', `${misid.toLowerCase()}@learners.example.com`, `0${i}/06/2004`, 'James Fayre', 'Business Admin L2', 'BT - Manchester'].join(',');
  });
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

describe('the computer’s clock put back an hour mid-import', () => {
  it('goes on within a window, keeps to the budget, and makes every learner once', async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW_MS, rateLimit: BUDGET });
    sandboxes.push(sandbox);
    const dir = tempDir('clock-put-back-');
    const file = learnersFile(dir);
    const trueNow = Date.now.bind(Date);
    let putBackAt: number | undefined;
    vi.spyOn(Date, 'now').mockImplementation(() => {
      if (putBackAt === undefined && sandbox.calls.length >= 2 * BUDGET) putBackAt = sandbox.calls.length;
      return putBackAt === undefined ? trueNow() : trueNow() - 3_600_000;
    });
    const started = trueNow();
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const code = await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS, budget: BUDGET }, io);
    const output = io.stderr.join('') + io.stdout.join('');
    expect(code, output).toBe(0);
    expect(putBackAt).toBeDefined();
    expect(lastJson(io.stdout)).toMatchObject({ created: 6, failed: 0 });
    expect(sandbox.store.usersOf(ORG, 1).filter((u) => u.LastName === 'Clockback')).toHaveLength(6);
    expect(sandbox.rateWindow.peak).toBeLessThanOrEqual(BUDGET);
    // The whole import at this budget takes a few windows; an hour's stall would have run the test out of time.
    expect(trueNow() - started).toBeLessThan(30_000);
  }, 60_000);
});
