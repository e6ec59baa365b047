import type { DirectoryTemplate } from '../directory/types';
import { ASSIGN_LEVEL, ROLE, type Operation, type RoleId, type RowProblem, type UserRef } from './types';

/**
 * A learner's programme and staff, planned against what the learner already has.
 *
 * - A framework template is assigned with onlyChangeAssigned=false, and only to a
 *   learner who has none of its standards: a learner with all of them is left alone,
 *   one with some of them is blocked (OneFile would apply the whole template again).
 *   When OneFile does not say what the template holds, only to a learner with no
 *   learning aims at all; a learner this importer gave it before is left alone.
 * - Standards are assigned only where the learner has no learning aim for them; units
 *   only where the learner has no unit summary for them, under a standard the learner
 *   has or is given in the same row.
 * - Staff: the IQA at learning-aim level (3) for each standard of the row, or as an
 *   additional user (1) when the row names no standard; the observer as additional
 *   (1). Staff assignments cannot be read back from the API: the planner drops those
 *   an earlier run made (assignment-ledger.ts); any other is sent, and re-sending one
 *   is treated as idempotent (OneFile keeps one assignment), or, refused as already
 *   assigned, as done (onefile/users.ts, AssignAnswer).
 */

export interface LearnerProgramme {
  learningAims: Array<{ ID: number; StandardID: number; FrameworkTemplateID?: number | null }>;
  unitSummaries: Array<{ ID: number; UnitID: string | number; StandardID?: number | null }>;
}

export const NO_PROGRAMME: LearnerProgramme = { learningAims: [], unitSummaries: [] };

/**
 * A unit ID as compared: a unit summary's `UnitID` may be written in another case than the
 * unit search's (`ks_comm1` for `KS_COMM1`), by a OneFile whose database compares text
 * without case [assume]; compared case by case, the learner's unit looks missing and is sent
 * again (a second unit summary). The check after a lost answer compares so too (run/verify.ts).
 */
export const unitIdKey = (id: string | number): string => String(id).trim().toLowerCase();

export interface ProgrammeRequest {
  template?: DirectoryTemplate;
  standards: Array<{ id: number; title: string }>;
  /** Each unit with every standard the directory lists it under. */
  units: Array<{ id: string; title: string; standardIds: number[]; text: string }>;
  iqa?: { id: number; name: string };
  observer?: { id: number; name: string };
  /** Assessors of some of the learner's standards only (a later row of an aims report): assigned per learning aim. */
  aimAssessors?: Array<{ staff: { id: number; name: string }; standardIds: number[] }>;
}

export interface ProgrammeContext {
  row: number;
  learner: UserRef;
  /** What the learner has now (nothing for a learner this row creates). */
  existing: LearnerProgramme;
  standardTitle: (id: number) => string;
  /** True when an earlier run of this importer gave this existing learner the template (assignment-ledger.ts). */
  templateGivenBefore?: (templateId: number) => boolean;
  /** Problem fields: column and header of the cell a problem belongs to. */
  cell: (field: 'FrameworkTemplate' | 'Standards' | 'Units' | 'IQA') => Pick<RowProblem, 'column' | 'header' | 'field'>;
}

export interface ProgrammePlan {
  operations: Operation[];
  problems: RowProblem[];
}

/** True when the row asks for any programme structure (so a matched learner's aims must be read). */
export function wantsProgramme(request: Pick<ProgrammeRequest, 'template' | 'standards' | 'units'>): boolean {
  return request.template !== undefined || request.standards.length > 0 || request.units.length > 0;
}

/**
 * What to do with the row's template: assign it or not, the standards it gives the
 * learner, and those whose learning aims are still awaited (given before, not made yet:
 * nothing can be assigned under them until they are).
 */
interface TemplateOutcome {
  assign: boolean;
  standards: number[];
  awaited?: number[];
}

function templatePlan(request: ProgrammeRequest, context: ProgrammeContext, plan: ProgrammePlan): TemplateOutcome {
  const template = request.template!;
  const { existing } = context;
  const aimStandards = new Set(existing.learningAims.map((a) => a.StandardID));
  const known = template.standardIds;
  if (existing.learningAims.some((a) => a.FrameworkTemplateID === template.id)) return { assign: false, standards: known ?? [] };
  // Learning aim rows may not name their template: an earlier run's record of giving it
  // settles it. Even with no aims to show for it: a OneFile may make them in the background
  // (run/template-check.ts), and sending it again then would make them twice. Said, not sent.
  if (context.templateGivenBefore?.(template.id)) {
    const fromIt = known === null ? existing.learningAims.length > 0 : known.some((id) => aimStandards.has(id));
    if (!fromIt) {
      const waits = waitingSteps(request, known ?? []);
      plan.problems.push({
        ...context.cell('FrameworkTemplate'),
        value: template.name,
        code: 'template-given-no-aims-yet',
        severity: 'warning',
        message:
          `This importer gave the learner "${template.name}" before and OneFile answered that it did, but the learner has no learning aims from it yet. ` +
          'It is not sent again (OneFile may still be making them, and a second send could make them twice): if they do not appear, assign the template in OneFile.' +
          (waits ? ` ${waits} for those aims: import the file again once they appear.` : ''),
      });
      return { assign: false, standards: [], awaited: known ?? [] };
    }
    return { assign: false, standards: known ?? [] };
  }
  if (existing.learningAims.length === 0) return { assign: true, standards: known ?? [] };
  if (known === null) {
    plan.problems.push({
      ...context.cell('FrameworkTemplate'),
      value: template.name,
      code: 'template-contents-unknown',
      severity: 'error',
      message:
        `The learner already has learning aims, and OneFile does not say which standards the template "${template.name}" holds, ` +
        'so assigning it could give the learner a second copy of an aim. Assign the template in OneFile, or list its standards in a Standards column instead.',
    });
    return { assign: false, standards: [] };
  }
  const have = known.filter((id) => aimStandards.has(id));
  if (have.length === known.length) return { assign: false, standards: known };
  if (have.length > 0) {
    plan.problems.push({
      ...context.cell('FrameworkTemplate'),
      value: template.name,
      code: 'template-partly-assigned',
      severity: 'error',
      message:
        `The learner already has ${have.map(context.standardTitle).join(', ')} from the template "${template.name}" but not the rest; ` +
        'assigning the template again would duplicate those aims. List the missing standards in a Standards column instead.',
    });
    return { assign: false, standards: [] };
  }
  return { assign: true, standards: known };
}

/** What the row asks for under a template's standards whose aims are awaited ("The IQA and 2 units under its standards wait"), or '' for nothing. */
function waitingSteps(request: ProgrammeRequest, awaited: number[]): string {
  const under = (ids: number[]) => ids.some((id) => awaited.includes(id));
  const parts: string[] = [];
  if (request.iqa) parts.push('the IQA');
  if (request.aimAssessors?.some((a) => under(a.standardIds))) parts.push('the assessor');
  const units = request.units.filter((u) => under(u.standardIds)).length;
  if (units > 0) parts.push(units === 1 ? 'a unit' : `${units} units`);
  if (parts.length === 0) return '';
  const text = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const verb = parts.length === 1 && !/^\d/.test(parts[0]) ? 'waits' : 'wait';
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} under its standards ${verb}`;
}

/** The operations that give a learner the requested programme and staff. */
export function planProgramme(request: ProgrammeRequest, context: ProgrammeContext): ProgrammePlan {
  const plan: ProgrammePlan = { operations: [], problems: [] };
  const { row, learner, existing } = context;
  const aims = new Set(existing.learningAims.map((a) => a.StandardID));
  const fromTemplate = new Set<number>();
  const awaited = new Set<number>();
  let templateAssigned = false;

  if (request.template) {
    const template = request.template;
    const outcome = templatePlan(request, context, plan);
    outcome.standards.forEach((id) => fromTemplate.add(id));
    outcome.awaited?.forEach((id) => awaited.add(id));
    if (outcome.assign) {
      templateAssigned = true;
      if (template.standardIds === null && (request.standards.length > 0 || request.units.length > 0)) {
        plan.problems.push({
          ...context.cell('Standards'),
          code: 'template-and-standards',
          severity: 'error',
          message: `OneFile does not say what the template "${template.name}" holds, so the row's standards and units might duplicate it: use either the template or the standards and units.`,
        });
        return plan;
      }
      plan.operations.push({
        id: `${row}:assign-template:${template.id}`,
        kind: 'assign-template',
        description: `Assign framework template ${template.name}`,
        learner,
        templateId: template.id,
        templateName: template.name,
        onlyChangeAssigned: false,
        standardIds: template.standardIds ?? [],
      });
    }
  }

  const rowStandards: number[] = [];
  for (const standard of request.standards) {
    // One the template is making: not assigned beside it (that would be a second aim).
    if (awaited.has(standard.id)) continue;
    rowStandards.push(standard.id);
    if (aims.has(standard.id) || fromTemplate.has(standard.id)) continue;
    aims.add(standard.id);
    plan.operations.push({
      id: `${row}:assign-standard:${standard.id}`,
      kind: 'assign-standard',
      description: `Assign standard ${standard.title}`,
      learner,
      standardId: standard.id,
      standardTitle: standard.title,
    });
  }

  const available = new Set([...aims, ...fromTemplate]);
  const templateUnits = templateAssigned ? new Set((request.template?.unitIds ?? []).map(unitIdKey)) : new Set<string>();
  for (const unit of request.units) {
    const under = unit.standardIds.filter((id) => available.has(id));
    // Under a template's standard whose aim is awaited: said in the template's warning.
    if (under.length === 0 && unit.standardIds.some((id) => awaited.has(id))) continue;
    if (under.length !== 1) {
      plan.problems.push({
        ...context.cell('Units'),
        value: unit.text,
        code: under.length === 0 ? 'unit-outside-standards' : 'unit-ambiguous-standard',
        severity: 'error',
        message:
          under.length === 0
            ? `The unit "${unit.title}" belongs to ${unit.standardIds.map(context.standardTitle).join(', ')}, which the learner neither has nor is given in this row: add that standard to the Standards column.`
            : `The unit "${unit.title}" belongs to several of the learner's standards (${under.map(context.standardTitle).join(', ')}): write its unit ID to say which.`,
      });
      continue;
    }
    const standardId = under[0];
    const unitKey = unitIdKey(unit.id);
    const has = existing.unitSummaries.some((s) => unitIdKey(s.UnitID) === unitKey && (s.StandardID == null || s.StandardID === standardId));
    if (has || (fromTemplate.has(standardId) && templateUnits.has(unitKey))) continue;
    plan.operations.push({
      id: `${row}:assign-unit:${standardId}/${unit.id}`,
      kind: 'assign-unit',
      description: `Assign unit ${unit.title}`,
      learner,
      unitId: unit.id,
      unitTitle: unit.title,
      standardId,
    });
  }

  const staffStandards = [...new Set([...rowStandards, ...fromTemplate])];
  // An IQA for a row whose only standards are a template's awaited ones waits with them.
  if (request.iqa && !(staffStandards.length === 0 && awaited.size > 0)) {
    if (staffStandards.length === 0) {
      plan.problems.push({
        ...context.cell('IQA'),
        value: request.iqa.name,
        code: 'iqa-without-standard',
        severity: 'warning',
        message: `The row names no standard, so ${request.iqa.name} is assigned as an additional IQA rather than per learning aim.`,
      });
      plan.operations.push(staffOperation(row, learner, request.iqa, ROLE.IQA, ASSIGN_LEVEL.Additional));
    }
    for (const standardId of staffStandards) {
      plan.operations.push(staffOperation(row, learner, request.iqa, ROLE.IQA, ASSIGN_LEVEL.LearningAim, standardId, context.standardTitle(standardId)));
    }
  }
  if (request.observer) plan.operations.push(staffOperation(row, learner, request.observer, ROLE.Observer, ASSIGN_LEVEL.Additional));
  for (const { staff, standardIds } of request.aimAssessors ?? []) {
    for (const standardId of standardIds) {
      if (awaited.has(standardId)) continue;
      plan.operations.push(staffOperation(row, learner, staff, ROLE.Assessor, ASSIGN_LEVEL.LearningAim, standardId, context.standardTitle(standardId)));
    }
  }
  return plan;
}

function staffOperation(
  row: number,
  learner: UserRef,
  staff: { id: number; name: string },
  role: RoleId,
  level: typeof ASSIGN_LEVEL[keyof typeof ASSIGN_LEVEL],
  standardId?: number,
  standardTitle?: string,
): Operation {
  const what = role === ROLE.IQA ? 'IQA' : role === ROLE.Assessor ? 'assessor' : 'observer';
  return {
    id: `${row}:assign-staff:${staff.id}/${level}${standardId !== undefined ? `/${standardId}` : ''}`,
    kind: 'assign-staff',
    description: standardId !== undefined ? `Assign ${what} ${staff.name} for ${standardTitle}` : `Assign ${what} ${staff.name}`,
    learner,
    staffUserId: staff.id,
    staffName: staff.name,
    staffRole: role,
    level,
    ...(standardId !== undefined ? { standardId } : {}),
  };
}
