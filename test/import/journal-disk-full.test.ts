import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal, readJournal, replayJournal, type JournalWriter } from '../../main/import/journal/journal';
import { createRunner } from '../../main/import/run/runner';
import type { RunningSandbox } from '../../main/sandbox';
import { clientFor, fastSandbox, FAST_LOOKS_MS, FAST_RETRY, learnersPlan, tempDir } from './run-fixtures';

const RUN_ID = '20250102T030405678Z-d15cf0';

/** A journal on a disk that fills up after `room` records: the next append is refused as the disk refuses it. */
function fillingJournal(file: string, room: number): JournalWriter {
  const real = openJournal(file);
  let written = 0;
  return {
    append(record) {
      if (written >= room) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      written++;
      real.append(record);
    },
    close: () => real.close(),
  };
}

describe('a journal the disk stops taking', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await fastSandbox({ latencyMs: 2 });
  });
  afterAll(() => sandbox.close());

  it('stops the run in words, fails no row for it, and the run resumes to the end making each learner once', async () => {
    const tag = 'JFULL';
    const plan = learnersPlan(6, tag);
    const file = path.join(tempDir('journal-full-'), 'journal.jsonl');
    const options = { runId: RUN_ID, plan, client: clientFor(sandbox), retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS };
    const stopped = await createRunner({ ...options, journal: fillingJournal(file, 5) }).run();
    expect(stopped.state).toBe('failed');
    expect(stopped.message).toBe(
      'The run stopped: The disk is full: a file in the data folder could not be written. Nothing more was sent. Free some space on that disk, then resume the run: nothing is created twice.',
    );
    expect(stopped.results.filter((r) => r.action === 'failed')).toEqual([]);

    const replay = replayJournal(readJournal(file).records);
    const resumed = await createRunner({ ...options, journal: openJournal(file), replay }).run();
    expect(resumed.state).toBe('completed');
    const learners = sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith(tag));
    expect(learners.map((u) => u.MISID).sort()).toEqual(['JFULL0000', 'JFULL0001', 'JFULL0002', 'JFULL0003', 'JFULL0004', 'JFULL0005']);
  });
});
