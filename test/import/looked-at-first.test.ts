import { describe, expect, it } from 'vitest';
import type { LearningAim } from '../../main/onefile';
import type { AssignTemplateOperation } from '../../main/import/plan/types';
import { verifyOutcome, type VerifyClient } from '../../main/import/run/verify';

/**
 * A run resumed long after its plan read OneFile looks at a learner's programme before it
 * adds to it (operation.ts, `planReadLongAgo`): someone may have given it by hand since.
 * For a framework template whose contents are not known, learning aims that are not the
 * template's say nothing of it: after a lost answer they can only be the template's (the
 * plan gives such a template only to a learner with none), but days later they may be
 * anyone's, and giving the template then could duplicate them.
 */

const template: AssignTemplateOperation = {
  id: '2:assign-template:7',
  description: 'Give template Business Admin L3 (contents unknown)',
  kind: 'assign-template',
  learner: { existing: 900 },
  templateId: 7,
  templateName: 'Business Admin L3',
  onlyChangeAssigned: false,
  standardIds: [],
};

function clientWith(aims: Array<Partial<LearningAim>>): VerifyClient {
  return { searchLearningAims: async () => aims as LearningAim[] } as unknown as VerifyClient;
}

const looking = { organisationId: 5740, userId: 900, othersMayHaveAssigned: true };

describe("a look before giving a template, in a run resumed long after its plan", () => {
  it('sends it to a learner with no learning aims, and takes it as given where aims of this template are there', async () => {
    expect(await verifyOutcome(clientWith([]), template, looking)).toEqual({ happened: false });
    expect(await verifyOutcome(clientWith([{ ID: 31, StandardID: 4, FrameworkTemplateID: 7 }]), template, looking)).toEqual({
      happened: true,
      result: { learningAimIds: [31], verified: true },
    });
  });

  it('cannot tell where the learner now has learning aims of its own, and says why', async () => {
    const handGiven = clientWith([{ ID: 40, StandardID: 4 }]);
    expect(await verifyOutcome(handGiven, template, looking)).toEqual({
      happened: 'cannot-tell',
      reason: 'the learner now has a learning aim, and what the template holds is not known, so giving it could duplicate them',
    });
    // After a lost answer (not a look ahead), the same aim is the template's own.
    expect(await verifyOutcome(handGiven, template, { organisationId: 5740, userId: 900 })).toEqual({ happened: true, result: { learningAimIds: [40], verified: true } });
  });
});
