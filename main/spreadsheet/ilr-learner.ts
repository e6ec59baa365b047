/**
 * One ILR learner, reduced to what the import maps, and the decision whether it is a
 * row: a learner on an apprenticeship standard that is still in learning.
 *
 * The ILR's codes, from the ESFA's specification and its validation service:
 * - a learning delivery's `AimType` 1 is the programme aim (3 its components, 4 an aim
 *   outside a programme); `ProgType` 25 is an apprenticeship standard, whose `StdCode`
 *   says which one;
 * - `CompStatus` 1 continuing, 2 completed, 3 withdrawn, 6 a break in learning; an
 *   aim with a `LearnActEndDate` has ended whatever its status;
 * - `LearnerEmploymentStatus` records the learner's employment from `DateEmpStatApp`
 *   on; `EmpId` is the employer's reference number (ERN).
 *
 * Pure: the streaming reader fills an `IlrLearner` and asks this module for the row.
 */

/** The columns of the table an ILR is read into: the ILR's own field names, in this order. */
export const ILR_COLUMNS = [
  'LearnRefNumber',
  'ULN',
  'GivenNames',
  'FamilyName',
  'DateOfBirth',
  'Sex',
  'NINumber',
  'Email',
  'TelNo',
  'AddLine1',
  'AddLine2',
  'AddLine3',
  'AddLine4',
  'Postcode',
  'StdCode',
  'LearnStartDate',
  'LearnPlanEndDate',
  'EmpId',
] as const;

export type IlrColumn = (typeof ILR_COLUMNS)[number];

/** The learner's own elements that are read; every other element of a learner is skipped unread. */
export const LEARNER_FIELDS: ReadonlySet<string> = new Set(
  ['LearnRefNumber', 'ULN', 'GivenNames', 'FamilyName', 'DateOfBirth', 'Sex', 'NINumber', 'Email', 'TelNo', 'AddLine1', 'AddLine2', 'AddLine3', 'AddLine4', 'Postcode'],
);

/** A learning delivery's elements that are read. */
export const DELIVERY_FIELDS: ReadonlySet<string> = new Set(['AimType', 'ProgType', 'StdCode', 'LearnStartDate', 'LearnPlanEndDate', 'LearnActEndDate', 'CompStatus']);

/** An employment status's elements that are read. */
export const EMPLOYMENT_FIELDS: ReadonlySet<string> = new Set(['DateEmpStatApp', 'EmpId']);

export const AIM_TYPE_PROGRAMME = '1';
export const PROG_TYPE_APPRENTICESHIP_STANDARD = '25';
export const COMP_STATUS_CONTINUING = '1';
/** Completed, withdrawn, break in learning. */
export const COMP_STATUS_NOT_IN_LEARNING: ReadonlySet<string> = new Set(['2', '3', '6']);

export interface IlrLearner {
  /** The learner's place among the file's learners, 1 for the first. */
  position: number;
  fields: Map<string, string>;
  deliveries: Array<Map<string, string>>;
  employments: Array<Map<string, string>>;
}

export type LearnerStanding = 'in-learning' | 'ended' | 'not-apprenticeship';

export function newLearner(position: number): IlrLearner {
  return { position, fields: new Map(), deliveries: [], employments: [] };
}

function isApprenticeshipProgramme(delivery: Map<string, string>): boolean {
  return (
    delivery.get('AimType') === AIM_TYPE_PROGRAMME &&
    delivery.get('ProgType') === PROG_TYPE_APPRENTICESHIP_STANDARD &&
    (delivery.get('StdCode') ?? '') !== ''
  );
}

/** True while the aim is in learning: no actual end date, and continuing (or no status yet). */
export function inLearning(delivery: Map<string, string>): boolean {
  if ((delivery.get('LearnActEndDate') ?? '') !== '') return false;
  return !COMP_STATUS_NOT_IN_LEARNING.has(delivery.get('CompStatus') ?? COMP_STATUS_CONTINUING);
}

/** The later-starting of two aims (ISO dates compare as text); the later in the file on a tie. */
function laterStart(a: Map<string, string>, b: Map<string, string>): Map<string, string> {
  return (b.get('LearnStartDate') ?? '') >= (a.get('LearnStartDate') ?? '') ? b : a;
}

/**
 * The learner's apprenticeship programme aim: the one in learning that started last,
 * else (a learner whose apprenticeship has ended) the one that started last.
 */
export function programmeAim(learner: IlrLearner): Map<string, string> | undefined {
  const programmes = learner.deliveries.filter(isApprenticeshipProgramme);
  const open = programmes.filter(inLearning);
  const pool = open.length > 0 ? open : programmes;
  return pool.length === 0 ? undefined : pool.reduce(laterStart);
}

export function standingOf(learner: IlrLearner): LearnerStanding {
  const aim = programmeAim(learner);
  if (!aim) return 'not-apprenticeship';
  return inLearning(aim) ? 'in-learning' : 'ended';
}

/** The latest employment status (by the date it applies from; the later in the file on a tie). */
export function latestEmployment(learner: IlrLearner): Map<string, string> | undefined {
  if (learner.employments.length === 0) return undefined;
  return learner.employments.reduce((a, b) => ((b.get('DateEmpStatApp') ?? '') >= (a.get('DateEmpStatApp') ?? '') ? b : a));
}

/** The learner as a row of `ILR_COLUMNS` cells, '' where the ILR has nothing. */
export function learnerCells(learner: IlrLearner): string[] {
  const aim = programmeAim(learner);
  const employment = latestEmployment(learner);
  return ILR_COLUMNS.map((column) => {
    switch (column) {
      case 'StdCode':
      case 'LearnStartDate':
      case 'LearnPlanEndDate':
        return aim?.get(column) ?? '';
      case 'EmpId':
        return employment?.get('EmpId') ?? '';
      default:
        return learner.fields.get(column) ?? '';
    }
  });
}
