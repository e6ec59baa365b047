/**
 * The headers of the export's Learners sheet. Every column that holds something the
 * importer sends is headed with its field's own name, so the sheet maps by itself at
 * 100 % when it is imported again. The columns that only inform (the OneFile IDs of a
 * learner's assessor, class and placement, whether they are archived, their learning
 * aims) are named here, and importing leaves them out, as it leaves out the errors
 * report's own columns: editing one changes nothing in OneFile.
 */

export const LEARNER_HEADERS = {
  oneFileId: 'OneFile ID',
  misid: 'MIS ID',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  uln: 'ULN',
  nino: 'NI number',
  dob: 'Date of birth',
  assessor: 'Assessor',
  assessorId: 'Assessor ID',
  classroom: 'Class',
  classroomId: 'Class ID',
  placement: 'Placement',
  placementId: 'Placement ID',
  startOn: 'Start date',
  plannedEnd: 'Planned end date',
  archived: 'Archived',
  learningAims: 'Learning aims',
} as const;

/** The Learners sheet's columns that are not imported (what they say is OneFile's, shown for reference). */
export const EXPORT_INFO_COLUMNS: readonly string[] = [
  LEARNER_HEADERS.assessorId,
  LEARNER_HEADERS.classroomId,
  LEARNER_HEADERS.placementId,
  LEARNER_HEADERS.archived,
  LEARNER_HEADERS.learningAims,
];

const normalised = (header: string) => header.replace(/\s+/g, ' ').trim().toLowerCase();
const INFO = new Set(EXPORT_INFO_COLUMNS.map(normalised));

/** True for a column of the export that only informs: importing leaves it unmapped. */
export function isExportInfoColumn(header: string): boolean {
  return INFO.has(normalised(header));
}
