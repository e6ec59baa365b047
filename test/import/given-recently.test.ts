import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { programmeGivenIn, programmeGivenKey, readAssignmentLedger, recordAssignments } from '../../main/import/journal/assignment-ledger';
import { GIVEN_RECENTLY_MS, withoutGivenRecently } from '../../main/import/plan/given-recently';
import type { Operation } from '../../main/import/plan/types';
import { tempDir } from './run-fixtures';

/**
 * A standard or unit this importer gave is kept in the ledger with the minute it was
 * given, so that an import straight after, reading a search that trails OneFile's writes,
 * does not give it again; past the hour it is given again (taken away in OneFile since).
 */

const standard: Operation = { id: '2:assign-standard:4001', kind: 'assign-standard', description: 'Assign standard Business Administrator Level 3', learner: { existing: 501 }, standardId: 4001, standardTitle: 'Business Administrator Level 3' };
const unit: Operation = { id: '2:assign-unit:KS:1', kind: 'assign-unit', description: 'Assign unit Key skills', learner: { existing: 501 }, unitId: 'KS:1 A;b@c', unitTitle: 'Key skills', standardId: 4001 };
const newLearnerUnit: Operation = { ...unit, id: '3:assign-unit:KS:1', learner: { createdByRow: true } } as Operation;

describe('standards and units given by an earlier import, in the ledger', () => {
  it('are kept with their minute, whatever the unit ID holds, and read back by learner, standard and unit', () => {
    const file = path.join(tempDir('given-ledger-'), 'ledger.txt');
    const at = Date.UTC(2026, 11, 2, 16, 30);
    recordAssignments(file, [`${programmeGivenKey(501, 4001)}@${at / 60_000}`, `${programmeGivenKey(501, 4001, 'KS:1 A;b@c')}@${at / 60_000}`]);
    const given = programmeGivenIn(readAssignmentLedger(file));
    expect(given).toEqual(new Map([[programmeGivenKey(501, 4001), at], [programmeGivenKey(501, 4001, 'KS:1 A;b@c'), at]]));
  });

  it('within the hour: left out of the row, and said once on it; past the hour, or for another learner: sent', () => {
    const now = Date.UTC(2026, 11, 2, 17, 0);
    const given = new Map([[programmeGivenKey(501, 4001), now - 5 * 60_000], [programmeGivenKey(501, 4001, 'KS:1 A;b@c'), now - 3 * 60_000]]);
    const recent = withoutGivenRecently([standard, unit, newLearnerUnit], given, now);
    expect(recent.operations).toEqual([newLearnerUnit]);
    expect(recent.problems).toHaveLength(1);
    expect(recent.problems[0]).toMatchObject({ code: 'given-recently-not-shown', severity: 'warning' });
    expect(recent.problems[0].message).toMatch(/^Not sent again: "Assign standard Business Administrator Level 3", "Assign unit Key skills"\. An import did them about 5 minutes ago/);

    const anHourOn = withoutGivenRecently([standard, unit], given, now - 5 * 60_000 + GIVEN_RECENTLY_MS);
    expect(anHourOn.operations).toEqual([standard]);
    expect(withoutGivenRecently([standard, unit], given, now + GIVEN_RECENTLY_MS)).toEqual({ operations: [standard, unit], problems: [] });
    expect(withoutGivenRecently([standard, unit], new Map(), now)).toEqual({ operations: [standard, unit], problems: [] });
  });
});
