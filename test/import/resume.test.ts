import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal, readJournal, replayJournal, type JournalWriter } from '../../main/import/journal/journal';
import { createRunner } from '../../main/import/run/runner';
import type { RunningSandbox } from '../../main/sandbox';
import { clientFor, fastSandbox, FAST_LOOKS_MS, FAST_RETRY, learnersPlan, learnersState, tempDir, writesByRoute } from './run-fixtures';

const RUN_ID = '20250102T030405678Z-c0ffee';

/**
 * A journal that dies after `limit` records, as the process would if it were killed
 * there: the records before reach the disk, nothing after does. Calls already on
 * their way still reach OneFile, exactly as with a real kill.
 */
function dyingJournal(file: string, limit: number): JournalWriter {
  const real = openJournal(file);
  let written = 0;
  return {
    append(record) {
      if (written >= limit) throw new Error('killed');
      written++;
      real.append(record);
    },
    close: () => real.close(),
  };
}

/** The writes a tag's learners received, by route. */
function writesFor(sandbox: RunningSandbox, tag: string, before: Record<string, number>) {
  const after = writesByRoute(sandbox);
  return Object.fromEntries(Object.entries(after).map(([route, n]) => [route, n - (before[route] ?? 0)]).filter(([, n]) => n !== 0));
}

describe('resuming after a crash', () => {
  let sandbox: RunningSandbox;
  let expected: ReturnType<typeof learnersState>;
  const LEARNERS = 6;

  beforeAll(async () => {
    sandbox = await fastSandbox({ latencyMs: 2 });
    const run = createRunner({
      runId: RUN_ID,
      plan: learnersPlan(LEARNERS, 'REF'),
      client: clientFor(sandbox),
      journal: openJournal(path.join(tempDir('resume-'), 'journal.jsonl')),
      retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS,
    });
    await run.run();
    expected = learnersState(sandbox, 'REF');
  });
  afterAll(() => sandbox.close());

  /** Writes that would duplicate something if sent twice (staff assignment and updates are idempotent). */
  const creatingWrites = learnersPlan(LEARNERS, 'X').rows.flatMap((r) => r.operations).filter((op) => op.kind !== 'assign-staff' && op.kind !== 'update-user').length;
  const creating = (writes: Record<string, number>) =>
    Object.entries(writes).filter(([route]) => route !== 'POST User/{id}/Assign' && route !== 'POST User/{id}').reduce((n, [, count]) => n + count, 0);

  // 22 kill points: before the first record, between every kind of intent and its
  // outcome while rows are in flight, and near the end.
  for (const limit of [0, 1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 14, 17, 20, 23, 26, 29, 33, 37, 41, 45, 50]) {
    it(`does nothing twice and leaves nothing out when killed after ${limit} journal records`, async () => {
      const tag = `K${String(limit).padStart(2, '0')}X`;
      const plan = learnersPlan(LEARNERS, tag);
      const file = path.join(tempDir('resume-'), 'journal.jsonl');
      const before = writesByRoute(sandbox);

      const crashed = await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: dyingJournal(file, limit), retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS }).run();
      expect(crashed.state).toBe('failed');
      const journal = readJournal(file);
      expect(journal.records).toHaveLength(limit);

      const replay = replayJournal(journal.records);
      const resumed = await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: openJournal(file), replay, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS }).run();

      expect(resumed.state).toBe('completed');
      expect(resumed.results.map((r) => r.action)).toEqual(Array(LEARNERS).fill('created'));
      const state = learnersState(sandbox, tag).map((l) => ({ ...l, misid: l.misid?.replace(tag, 'REF'), name: l.name.replace(tag, 'REF'), email: l.email!.replace(tag.toLowerCase(), 'ref') }));
      expect(state).toEqual(expected);
      // Every planned creating write reached OneFile exactly once over the two sessions
      // (an idempotent one in doubt may be sent again: that is its check).
      const writes = writesFor(sandbox, tag, before);
      expect(creating(writes)).toBe(creatingWrites);
      expect(writes['POST User']).toBe(LEARNERS);
    });
  }

  it('checks OneFile rather than resending when the crash and lost answers leave outcomes unknown', async () => {
    const tag = 'LOSTX';
    const plan = learnersPlan(LEARNERS, tag);
    const file = path.join(tempDir('resume-'), 'journal.jsonl');
    sandbox.switches.lostResponseRate = 0.4;
    try {
      await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: dyingJournal(file, 20), retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS }).run();
      const replay = replayJournal(readJournal(file).records);
      const resumed = await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: openJournal(file), replay, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS }).run();
      expect(resumed.state).toBe('completed');
    } finally {
      sandbox.switches.lostResponseRate = 0;
    }
    const state = learnersState(sandbox, tag).map((l) => ({ ...l, misid: l.misid?.replace(tag, 'REF'), name: l.name.replace(tag, 'REF'), email: l.email!.replace(tag.toLowerCase(), 'ref') }));
    expect(state).toEqual(expected);
  });

  // A template whose contents OneFile does not tell (GET FrameworkTemplate/{id} refused),
  // and learning aim rows that do not name their template: killed after the template was
  // sent and before its outcome was journalled, only the learner's learning aims can say
  // whether it took. It must not be sent again.
  it('never sends a template of unknown contents twice when killed between sending it and journalling its outcome', async () => {
    const tag = 'TPLX';
    const plan = learnersPlan(8, tag);
    for (const op of plan.rows.flatMap((r) => r.operations)) if (op.kind === 'assign-template') op.standardIds = [];
    const file = path.join(tempDir('resume-'), 'journal.jsonl');
    const real = openJournal(file);
    let killed = false;
    const dying: JournalWriter = {
      append(record) {
        // The first template's answer arrives; the process dies before it reaches the journal.
        if (killed || (record.type === 'done' && record.kind === 'assign-template')) {
          killed = true;
          throw new Error('killed');
        }
        real.append(record);
      },
      close: () => real.close(),
    };
    sandbox.switches.programmeRows = 'documented';
    try {
      await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: dying, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS }).run();
      expect(killed).toBe(true);
      const replay = replayJournal(readJournal(file).records);
      expect([...replay.operations.values()].some((op) => op.state === 'intent-only')).toBe(true);
      const resumed = await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: openJournal(file), replay, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS }).run();
      expect(resumed.state).toBe('completed');
    } finally {
      sandbox.switches.programmeRows = 'full';
    }
    const learners = sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith(tag));
    expect(learners).toHaveLength(8);
    const withTemplate = learners.filter((u) => sandbox.store.learningAimsOf(u.ID).some((a) => a.StandardID === 4002));
    expect(withTemplate).toHaveLength(2);
    for (const learner of withTemplate) {
      const sent = sandbox.calls.filter((c) => new RegExp(`/FrameworkTemplate/802/Assign/${learner.ID}/`, 'i').test(c.path));
      expect(sent, learner.MISID!).toHaveLength(1);
      expect(sandbox.store.learningAimsOf(learner.ID).map((a) => a.StandardID).sort()).toEqual([4002, 4005]);
    }
  });

  it('keeps a row OneFile refused failed on resume, without sending it again', async () => {
    const tag = 'REFUSEDX';
    const plan = learnersPlan(2, tag);
    const create = plan.rows[0].operations[0];
    if (create.kind !== 'create-user') throw new Error('fixture changed');
    create.fields.ClassroomID = 424_242;
    const file = path.join(tempDir('resume-'), 'journal.jsonl');
    const first = await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: openJournal(file), retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS }).run();
    expect(first.results.map((r) => r.action)).toEqual(['failed', 'created']);

    const before = writesByRoute(sandbox);
    const replay = replayJournal(readJournal(file).records);
    const again = await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: openJournal(file), replay, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS, templateLooksMs: FAST_LOOKS_MS }).run();
    expect(again.results.map((r) => r.action)).toEqual(['failed', 'created']);
    expect(again.results[0].failure?.error?.code).toBe(-58);
    expect(again.results[1].userId).toBe(first.results[1].userId);
    expect(writesFor(sandbox, tag, before)).toEqual({});
  });
});
