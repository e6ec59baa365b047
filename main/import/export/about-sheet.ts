import type { Directory } from '../directory/types';
import { EXPORT_INFO_COLUMNS } from './columns';
import type { SheetSpec } from './sheets';

/**
 * The export's last sheet: where the workbook came from, what each sheet holds, how to
 * import the Learners sheet back, and what OneFile did not send (a OneFile whose
 * search rows are brief sends no dates or ULNs: those columns are then empty, which
 * importing reads as "leave as it is", never as "clear").
 */

export interface AboutInputs {
  directory: Directory;
  organisation: { id: number; name: string };
  environment: string;
  at: Date;
  sheets: SheetSpec[];
  withAims: boolean;
}

/** Learner fields no learner record carried: OneFile's rows did not include them. */
function fieldsNotSent(directory: Directory): string[] {
  if (directory.learners.length === 0) return [];
  const names: Record<string, string> = { Email: 'email', ULN: 'ULN', NINO: 'NI number', DOB: 'date of birth', DefaultAssessorID: 'assessor', ClassroomID: 'class', PlacementID: 'placement', StartOn: 'start date', PlannedEndDate: 'planned end date' };
  return Object.entries(names)
    .filter(([key]) => directory.learners.every((learner) => !(key in learner.record)))
    .map(([, name]) => name);
}

export function aboutSheet(inputs: AboutInputs): SheetSpec {
  const { organisation, sheets } = inputs;
  const missing = fieldsNotSent(inputs.directory);
  const lines = [
    `Exported from OneFile (${inputs.environment}), organisation ${organisation.name} (${organisation.id}), on ${inputs.at.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    ...sheets.map((sheet) => `${sheet.name}: ${sheet.rows.length} row${sheet.rows.length === 1 ? '' : 's'}.`),
    '',
    'The Learners sheet imports back as it is: each row finds its learner by the OneFile ID (then the MIS ID, ULN or email).',
    'Change a cell and import the sheet: only the cells you changed are sent to OneFile. An emptied cell is left as it is in OneFile, never cleared.',
    'Assessor, Class and Placement name each record the way the importer finds exactly that one (its name, or its MIS ID or ID where names repeat).',
    `These columns are for reference and are not imported: ${EXPORT_INFO_COLUMNS.filter((c) => inputs.withAims || c !== 'Learning aims').join(', ')}.`,
    'Staff, Classes, Placements, Standards and Framework templates list what the Learners sheet (or a new one) can name.',
    ...(missing.length > 0 ? ['', `OneFile's learner search did not send: ${missing.join(', ')}. Those columns are empty; importing leaves those fields as they are.`] : []),
    '',
    'This workbook holds learners\' personal data: keep it where only those who need it can read it.',
  ];
  return {
    name: 'About this export',
    header: false,
    columns: [{ header: 'About this export', type: 'text', width: 120 }],
    rows: lines.map((line) => [line]),
  };
}
