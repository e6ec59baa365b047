import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsDir } from '../../main/import/journal/run-store';
import { claimStart } from '../../main/import/run/start-lock';
import { connectTo } from '../../main/import/environment/connection';
import { prepareImport } from '../../main/import/session';
import { GUIDE } from '../../main/sandbox';
import { sandboxesClosedAfterEach } from '../reliability/sandboxes';
import { learnerLine, writeCsv } from './cli-fixtures';
import { tempDir } from './run-fixtures';

const sandboxWith = sandboxesClosedAfterEach();

/**
 * One run starts at a time in a data folder: from the checks against other runs until the
 * run says it is running. Two imports of the same file started in the same few
 * milliseconds (two windows, a scheduled job and a person) would otherwise both pass the
 * check before either said so, and both create the file's new learners.
 */

const lockFile = (dataDir: string) => path.join(runsDir(dataDir), 'starting.lock');

/** A clock that moves only when the waiting start sleeps. */
function steppedTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return { now: () => now, sleeps, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) };
}

describe('the start lock', () => {
  it('a second start waits while the first holds it, and goes on once it is released', async () => {
    const dataDir = tempDir('start-lock-');
    const release = await claimStart(dataDir);
    const time = steppedTime();
    let released = false;
    const waiting = claimStart(dataDir, {
      now: time.now,
      sleep: async (ms) => {
        await time.sleep(ms);
        if (time.sleeps.length === 3 && !released) {
          released = true;
          release();
        }
      },
    });
    const second = await waiting;
    expect(time.sleeps).toHaveLength(3);
    expect(JSON.parse(fs.readFileSync(lockFile(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
    second();
    expect(fs.existsSync(lockFile(dataDir))).toBe(false);
  });

  it('a lock left by a process that is gone is taken over at once', async () => {
    const dataDir = tempDir('start-lock-');
    fs.mkdirSync(runsDir(dataDir), { recursive: true });
    fs.writeFileSync(lockFile(dataDir), JSON.stringify({ pid: 999_999, hostname: os.hostname(), at: Date.now() }));
    const time = steppedTime();
    const release = await claimStart(dataDir, { alive: () => false, sleep: time.sleep });
    expect(time.sleeps).toEqual([]);
    release();
  });

  it('a lock held for more than 10 s (a process stopped while starting, on another computer) is taken over', async () => {
    const dataDir = tempDir('start-lock-');
    fs.mkdirSync(runsDir(dataDir), { recursive: true });
    const time = steppedTime();
    fs.writeFileSync(lockFile(dataDir), JSON.stringify({ pid: 4242, hostname: 'another-computer', at: time.now() }));
    const release = await claimStart(dataDir, { now: time.now, sleep: time.sleep });
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(10_000);
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(10_100);
    release();
  });

  it('gives up after 15 s of a start that keeps the lock fresh, saying nothing was sent', async () => {
    const dataDir = tempDir('start-lock-');
    fs.mkdirSync(runsDir(dataDir), { recursive: true });
    const time = steppedTime();
    const holdFresh = () => fs.writeFileSync(lockFile(dataDir), JSON.stringify({ pid: process.pid, hostname: os.hostname(), at: time.now() }));
    holdFresh();
    const sleep = async (ms: number) => {
      await time.sleep(ms);
      holdFresh();
    };
    await expect(claimStart(dataDir, { now: time.now, sleep })).rejects.toMatchObject({ code: 'run-locked', message: expect.stringContaining('Nothing was sent.') });
  });

  it('an import waits for another that is starting in the same data folder, and sends nothing until it may', async () => {
    const sandbox = await sandboxWith({ windowMs: 300 });
    const dataDir = tempDir('start-lock-run-');
    const file = writeCsv(dataDir, 'learners.csv', [1, 2].map((n) => learnerLine('SLK', n)));
    const session = await prepareImport({
      file,
      dataDir,
      organisationId: GUIDE.business,
      windowMs: 300,
      connect: async () => connectTo({ name: 'custom', baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken }, { dataDir, windowMs: 300 }),
    });
    try {
      const other = await claimStart(dataDir);
      const before = sandbox.calls.length;
      let started = false;
      const starting = session.start().then((handle) => ((started = true), handle));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(started).toBe(false);
      expect(sandbox.calls.length).toBe(before);
      other();
      const finished = await (await starting).finished;
      expect(finished.outcome.state).toBe('completed');
      expect(sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith('SLK'))).toHaveLength(2);
    } finally {
      await session.close();
    }
  }, 60_000);
});
