import type { OneFileClient } from '../onefile/client';
import type { ProgrammeReader, UserReader } from './plan-row';
import type { ExistingRecord } from './plan-user';

/**
 * The planner's reads through the OneFile client: a matched learner's programme (one
 * call for the learning aims, one more for the unit summaries only when the row names
 * units) and a matched user's full record (one call).
 */

export type PlanReaderClient = Pick<OneFileClient, 'getUser' | 'searchLearningAims' | 'searchUnitSummaries'>;

export function createProgrammeReader(client: PlanReaderClient): ProgrammeReader {
  return async (learnerId, needs = { unitSummaries: true }) => {
    const [aims, summaries] = await Promise.all([
      client.searchLearningAims(learnerId),
      needs.unitSummaries ? client.searchUnitSummaries(learnerId) : Promise.resolve([]),
    ]);
    return {
      learningAims: aims.map((a) => ({
        ID: a.ID,
        StandardID: a.StandardID,
        FrameworkTemplateID: typeof a.FrameworkTemplateID === 'number' ? a.FrameworkTemplateID : null,
      })),
      unitSummaries: summaries.map((s) => ({ ID: s.ID, UnitID: s.UnitID, StandardID: s.StandardID ?? null })),
      calls: needs.unitSummaries ? 2 : 1,
    };
  };
}

export function createUserReader(client: PlanReaderClient): UserReader {
  return async (userId) => {
    const user = await client.getUser(userId);
    const record: ExistingRecord = {};
    for (const [key, value] of Object.entries(user)) {
      if (value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value)) record[key] = value as ExistingRecord[string];
    }
    return record;
  };
}
