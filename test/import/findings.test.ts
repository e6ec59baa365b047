import { describe, expect, it } from 'vitest';
import type { ApiKnowledge } from '../../main/onefile';
import type { ProbeReport } from '../../main/onefile/probe';
import { believedFindings, learnedNotProbed, readFindings, READING_LIFE_MS, readingsPastBelief, saveAssignPath, saveLearned, saveProbeFindings } from '../../main/import/environment/findings';
import { tempDir } from './run-fixtures';

/** What is kept of an environment between imports and probes (environment/findings.ts). */

const ENV = 'https://wsapibeta.onefile.co.uk/api/v2.1/';
const probe = (knowledge: ApiKnowledge) => ({ knowledge, probedAt: '2026-12-02T07:00:00.000Z' }) as unknown as ProbeReport;

describe("an environment's findings", () => {
  it('an import adds what it learned: readings replaced, kept fields joined, the longest search lag kept; nothing new writes nothing', () => {
    const dir = tempDir('findings-');
    saveLearned(dir, ENV, { templateApply: 'at-once', userFieldsKept: { create: ['DOB'] }, searchLagMs: 4_000, learnerEmail: 'required' }, new Date('2026-12-01T10:00:00Z'));
    saveLearned(dir, ENV, { templateApply: 'in-background', userFieldsKept: { create: ['MISID'], update: ['ULN'] }, searchLagMs: 1_000, pageBase: 0, apiPath: '/api/v2/' }, new Date('2026-12-01T11:00:00Z'));
    const saved = readFindings(dir, ENV)!;
    expect(saved.knowledge).toEqual({
      templateApply: 'in-background',
      userFieldsKept: { create: ['DOB', 'MISID'], update: ['ULN'] },
      searchLagMs: 4_000,
      learnerEmail: 'required',
      pageBase: 0,
      apiPath: '/api/v2/',
    });
    saveLearned(dir, ENV, { templateApply: 'in-background', searchLagMs: 10 }, new Date('2026-12-01T12:00:00Z'));
    expect(readFindings(dir, ENV)!.updatedAt).toBe('2026-12-01T11:00:00.000Z');
  });

  it("a probe's report replaces its measurements, keeps what only imports learn and the user's Assign reading, and keeps the saved reading of what it did not find", () => {
    const dir = tempDir('findings-');
    saveLearned(dir, ENV, { templateApply: 'at-once', userUpdates: 'whole-record', ratePacing: 'even', learnerEmail: 'optional', unpagedSearch: 'capped', archivedFilter: 'refused', pageBase: 0 });
    saveAssignPath(dir, ENV, 'learner-in-path');
    const saved = saveProbeFindings(dir, ENV, probe({ pageCap: 50, pageBase: 1 }));
    expect(saved.knowledge).toEqual({
      pageCap: 50,
      // The probe's own.
      pageBase: 1,
      assignPath: 'learner-in-path',
      templateApply: 'at-once',
      userUpdates: 'whole-record',
      ratePacing: 'even',
      learnerEmail: 'optional',
      archivedFilter: 'refused',
      unpagedSearch: 'capped',
    });
    // What the probe's report says imports learned: not the unpaged search where the probe found it itself.
    expect(learnedNotProbed(saved, probe({ unpagedSearch: 'capped' }))).toEqual({ templateApply: 'at-once', userUpdates: 'whole-record', ratePacing: 'even', learnerEmail: 'optional', archivedFilter: 'refused' });
    expect(learnedNotProbed(saved, probe({}))).toMatchObject({ unpagedSearch: 'capped' });
  });

  it("keeps what each kind's unpaged search was seen answering whole: the probe's users added to the kinds imports saw, those older than a week left out", () => {
    const dir = tempDir('findings-');
    saveLearned(dir, ENV, { unpagedSeenWhole: { Placement: 50, User: 20 } }, new Date('2026-12-01T10:00:00Z'));
    expect(saveProbeFindings(dir, ENV, probe({ unpagedSeenWhole: { User: 444 } })).knowledge.unpagedSeenWhole).toEqual({ Placement: 50, User: 444 });
    // A probe finding no users to count keeps the saved ones.
    expect(saveProbeFindings(dir, ENV, probe({})).knowledge.unpagedSeenWhole).toEqual({ Placement: 50, User: 444 });

    const stale = tempDir('findings-');
    saveLearned(stale, ENV, { unpagedSeenWhole: { Placement: 50 } }, new Date('2026-11-20T10:00:00Z'));
    expect(saveProbeFindings(stale, ENV, probe({ unpagedSeenWhole: { User: 444 } })).knowledge.unpagedSeenWhole).toEqual({ User: 444 });
  });

  it('believes a reading OneFile could change for a week after it was seen; then an import starts without it, and what it sees again replaces it with a new date', () => {
    const dir = tempDir('findings-');
    const seen = new Date('2026-12-01T10:00:00Z');
    const later = (ms: number) => new Date(seen.getTime() + ms);
    saveLearned(dir, ENV, { templateApply: 'at-once', userUpdates: 'fields-sent', userFieldsKept: { update: ['DOB', 'ULN'] }, searchLagMs: 0, archivedFilter: 'refused', learnerEmail: 'optional', userFilters: 'honoured' }, seen);
    const saved = readFindings(dir, ENV)!;
    const at = seen.toISOString();
    expect(saved.seenOn).toEqual({ templateApply: at, userUpdates: at, userFieldsKept: at, searchLagMs: at, archivedFilter: at, userFilters: at });
    // Within the week: believed, every one.
    expect(believedFindings(saved, later(READING_LIFE_MS - 60_000))!.knowledge).toEqual(saved.knowledge);
    // A week on: left out, to be checked again; what OneFile would not change unannounced stays.
    const weekOn = later(READING_LIFE_MS);
    expect(believedFindings(saved, weekOn)!.knowledge).toEqual({ learnerEmail: 'optional' });
    // A date ahead of the clock (a clock set back) is no proof either.
    expect(believedFindings(saved, later(-3_600_000))!.knowledge).toEqual({ learnerEmail: 'optional' });
    // Seen again a week on: replaced (the kept fields not joined to the old list), dated anew; not seen again: kept as it was.
    saveLearned(dir, ENV, { userUpdates: 'whole-record', userFieldsKept: { update: ['ULN'] }, learnerEmail: 'optional' }, weekOn);
    const again = readFindings(dir, ENV)!;
    expect(again.knowledge).toMatchObject({ userUpdates: 'whole-record', userFieldsKept: { update: ['ULN'] }, templateApply: 'at-once', searchLagMs: 0, archivedFilter: 'refused' });
    expect(again.seenOn).toMatchObject({ userUpdates: weekOn.toISOString(), userFieldsKept: weekOn.toISOString(), templateApply: seen.toISOString() });
    expect(believedFindings(again, later(READING_LIFE_MS + 60_000))!.knowledge).toEqual({ userUpdates: 'whole-record', userFieldsKept: { update: ['ULN'] }, learnerEmail: 'optional' });
  });

  it("dates the probe's page numbering and archived filter by the probe, and checks again a reading saved before readings were dated", () => {
    const dir = tempDir('findings-');
    const saved = saveProbeFindings(dir, ENV, probe({ pageBase: 1, servesWhole: 450 }));
    expect(saved.seenOn).toEqual({ pageBase: '2026-12-02T07:00:00.000Z' });
    expect(saveProbeFindings(tempDir('findings-'), ENV, probe({ archivedFilter: 'refused' })).seenOn).toEqual({ archivedFilter: '2026-12-02T07:00:00.000Z' });
    expect(believedFindings(saved, new Date('2026-12-05T07:00:00Z'))!.knowledge).toEqual({ pageBase: 1, servesWhole: 450 });
    expect(believedFindings(saved, new Date('2026-12-09T07:00:00Z'))!.knowledge).toEqual({ servesWhole: 450 });
    const undated = { ...saved, knowledge: { ...saved.knowledge, userUpdates: 'fields-sent' as const }, seenOn: undefined };
    expect(believedFindings(undated, new Date('2026-12-02T08:00:00Z'))!.knowledge).toEqual({ servesWhole: 450 });
  });

  it('tells a connection kept open which readings it holds are a week old by now, and which it holds that were never saved with a date', () => {
    const dir = tempDir('findings-');
    const seen = new Date('2026-12-01T10:00:00Z');
    saveLearned(dir, ENV, { userUpdates: 'fields-sent', learnerEmail: 'optional' }, seen);
    const saved = readFindings(dir, ENV)!;
    const held: ApiKnowledge = { userUpdates: 'fields-sent', templateApply: 'at-once', learnerEmail: 'optional', pageCap: 100 };
    // The same day: only the reading the saved findings have no date for.
    expect(readingsPastBelief(held, saved, new Date('2026-12-01T11:00:00Z'))).toEqual(['templateApply']);
    // A week on: the saved one too; never what OneFile would not change unannounced.
    expect(readingsPastBelief(held, saved, new Date(seen.getTime() + READING_LIFE_MS))).toEqual(['templateApply', 'userUpdates']);
    expect(readingsPastBelief({ learnerEmail: 'optional' }, saved, new Date(seen.getTime() + READING_LIFE_MS))).toEqual([]);
    expect(readingsPastBelief(held, undefined)).toEqual(['templateApply', 'userUpdates']);
  });
});
