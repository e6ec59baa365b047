/**
 * Columns of our own making, which a file can come back with: the errors report's
 * (what went wrong, and the learner's OneFile ID) and the export's reference columns
 * (the OneFile IDs of a learner's assessor, class and placement, whether they are
 * archived, their learning aims). They only inform: importing never maps them, and a
 * mapping profile is saved and found without them (`headerFingerprint`), so an errors
 * report imported again after its fixes finds the profile saved for the original file.
 */

/** Columns appended to the errors report; ignored when that file is imported again (and how a report of ours is known). */
export const REPORT_ERROR_COLUMNS = ['Error', 'Error column', 'Step'] as const;

/** The learner's OneFile ID, in both reports: in the errors report before its error columns, ignored on import like them. */
export const ONEFILE_ID_COLUMN = 'OneFile user ID';

/** The export's Learners sheet's columns that are not imported (what they say is OneFile's, shown for reference). */
export const EXPORT_INFO_HEADERS = {
  assessorId: 'Assessor ID',
  classroomId: 'Class ID',
  placementId: 'Placement ID',
  archived: 'Archived',
  learningAims: 'Learning aims',
} as const;

const normalised = (header: string) => header.replace(/\s+/g, ' ').trim().toLowerCase();
const REPORT = new Set([...REPORT_ERROR_COLUMNS, ONEFILE_ID_COLUMN].map(normalised));
const EXPORT_INFO = new Set(Object.values(EXPORT_INFO_HEADERS).map(normalised));

/** True for a header the errors report added (the mapper leaves such a column unmapped). */
export function isReportErrorColumn(header: string): boolean {
  return REPORT.has(normalised(header));
}

/** A column of our own making that only informs: the errors report's or the export's (importing leaves it unmapped). */
export function isOwnColumn(header: string): boolean {
  const key = normalised(header);
  return REPORT.has(key) || EXPORT_INFO.has(key);
}
