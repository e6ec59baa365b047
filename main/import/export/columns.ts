import { EXPORT_INFO_HEADERS } from '../../../shared/own-columns';

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
  assessorId: EXPORT_INFO_HEADERS.assessorId,
  classroom: 'Class',
  classroomId: EXPORT_INFO_HEADERS.classroomId,
  placement: 'Placement',
  placementId: EXPORT_INFO_HEADERS.placementId,
  startOn: 'Start date',
  plannedEnd: 'Planned end date',
  archived: EXPORT_INFO_HEADERS.archived,
  learningAims: EXPORT_INFO_HEADERS.learningAims,
} as const;

/** The Learners sheet's columns that are not imported (what they say is OneFile's, shown for reference). */
export const EXPORT_INFO_COLUMNS: readonly string[] = Object.values(EXPORT_INFO_HEADERS);
