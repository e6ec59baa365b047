import { describe, expect, it } from 'vitest';
import type { ApiKnowledge } from '../../main/onefile';
import type { ProbeReport } from '../../main/onefile/probe';
import { learnedNotProbed, readFindings, saveAssignPath, saveLearned, saveProbeFindings } from '../../main/import/environment/findings';
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
});
