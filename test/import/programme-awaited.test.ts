import { describe, expect, it } from 'vitest';
import { planProgramme, type ProgrammeContext, type ProgrammeRequest } from '../../main/import/plan/programme';
import { ASSIGN_LEVEL } from '../../main/import/plan/types';

/**
 * A learner this importer gave a framework template, whose learning aims have not come
 * yet (a OneFile making them in the background, or one that never did): the template is
 * not sent again, and nothing that needs its aims is sent either (OneFile refuses an
 * IQA or assessor per learning aim, or a unit, under a standard the learner has no aim
 * for; a standard the template is making, assigned beside it, would be a second aim).
 */

const TEMPLATE = { id: 802, name: 'Customer Service Practitioner L2 with English', standardIds: [4002, 4005], unitIds: ['CS1'] };
const titles: Record<number, string> = { 4002: 'Customer Service Practitioner', 4005: 'Functional Skills English Level 2', 4006: 'Functional Skills Maths Level 2' };

function context(givenBefore: boolean): ProgrammeContext {
  return {
    row: 2,
    learner: { existing: 501 },
    existing: { learningAims: [], unitSummaries: [] },
    standardTitle: (id) => titles[id] ?? String(id),
    templateGivenBefore: (id) => givenBefore && id === TEMPLATE.id,
    cell: (field) => ({ field, column: 'H', header: field }),
  };
}

const request: ProgrammeRequest = {
  template: TEMPLATE,
  standards: [{ id: 4002, title: titles[4002] }, { id: 4006, title: titles[4006] }],
  units: [
    { id: 'CS1', title: 'Customer care', standardIds: [4002], text: 'CS1' },
    { id: 'FM1', title: 'Number', standardIds: [4006], text: 'FM1' },
  ],
  iqa: { id: 900, name: 'Harper Miller' },
  aimAssessors: [{ staff: { id: 901, name: 'Kate Anderson' }, standardIds: [4005] }],
};

describe('a template given before whose learning aims have not come yet', () => {
  it('sends neither the template nor what needs its aims; the rest of the row goes on, and the warning names what waits', () => {
    const plan = planProgramme(request, context(true));
    expect(plan.operations.map((op) => op.id)).toEqual([
      '2:assign-standard:4006',
      '2:assign-unit:4006/FM1',
      `2:assign-staff:900/${ASSIGN_LEVEL.LearningAim}/4006`,
    ]);
    expect(plan.problems).toEqual([
      expect.objectContaining({
        code: 'template-given-no-aims-yet',
        severity: 'warning',
        message: expect.stringContaining('The IQA, the assessor and a unit under its standards wait for those aims: import the file again once they appear.'),
      }),
    ]);
  });

  it('an IQA for a row with no other standard waits too, rather than going on as an additional IQA', () => {
    const plan = planProgramme({ template: TEMPLATE, standards: [], units: [], iqa: { id: 900, name: 'Harper Miller' } }, context(true));
    expect(plan.operations).toEqual([]);
    expect(plan.problems.map((p) => p.code)).toEqual(['template-given-no-aims-yet']);
  });

  it('once the aims are there, everything under them is planned as usual', () => {
    const ready = context(true);
    ready.existing = { learningAims: [{ ID: 1, StandardID: 4002 }, { ID: 2, StandardID: 4005 }], unitSummaries: [] };
    const plan = planProgramme(request, ready);
    expect(plan.problems).toEqual([]);
    expect(plan.operations.map((op) => op.id)).toEqual([
      '2:assign-standard:4006',
      '2:assign-unit:4002/CS1',
      '2:assign-unit:4006/FM1',
      `2:assign-staff:900/${ASSIGN_LEVEL.LearningAim}/4002`,
      `2:assign-staff:900/${ASSIGN_LEVEL.LearningAim}/4006`,
      `2:assign-staff:900/${ASSIGN_LEVEL.LearningAim}/4005`,
      `2:assign-staff:901/${ASSIGN_LEVEL.LearningAim}/4005`,
    ]);
  });
});
