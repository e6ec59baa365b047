import type { LabelledField } from './labels';
import type { SheetSpec } from './sheets';

/** The template's Instructions sheet: how to fill it in, in the words the app and the CLI use. */

const LIST_NAMES: Record<LabelledField, string> = {
  Assessor: 'assessors',
  Classroom: 'classes',
  Placement: 'placements (employers)',
  Employer: 'employer contacts',
  IQA: 'IQAs',
  Observer: 'observers',
  Standards: 'standards',
  FrameworkTemplate: 'framework templates',
};

export function instructionsSheet(inputs: { organisation: { id: number; name: string }; at: Date; lists: { entries: Partial<Record<LabelledField, string[]>> }; required: string[] }): SheetSpec {
  const counts = (Object.entries(inputs.lists.entries) as Array<[LabelledField, string[]]>).map(([field, values]) => `${values.length} ${LIST_NAMES[field]}`);
  const lines = [
    `New learners for ${inputs.organisation.name} (organisation ${inputs.organisation.id}).`,
    `The drop-down lists were read from OneFile on ${inputs.at.toISOString().slice(0, 10)}: ${counts.join(', ')}.`,
    '',
    'How to fill it in',
    '1. One learner per row on the Learners sheet. Keep the headers as they are: the importer recognises every column by its header.',
    `2. Columns marked * are required for a new learner: ${inputs.required.join(', ')}.`,
    '3. Assessor, Class, Placement, Employer contact, IQA, Observer, Standards and Framework template: choose from the drop-down list. Each entry is what OneFile calls that record (its MIS ID or ID where two have the same name), so nothing needs resolving.',
    '4. Standards: one from the list, or several separated with ; (Excel asks whether to keep a value that is not on the list: answer Yes).',
    '5. Dates as dd/mm/yyyy (04/03/2001 is 4 March 2001). MIS ID and ULN are text, so leading zeros are kept.',
    '6. Select a header cell to see what its column is for.',
    '',
    'Then import it',
    'In the app: drop the file on the window. On the command line: onefile-import import <this file> --env <environment> --org <id> (add --dry-run to see the plan first).',
    'A learner already in OneFile (same MIS ID, ULN or email) is updated, not created twice.',
    '',
    'A class, placement or assessor added in OneFile after this date is not on the lists: download a new template.',
  ];
  return {
    name: 'Instructions',
    header: false,
    columns: [{ header: 'Instructions', type: 'text', width: 120 }],
    rows: lines.map((line) => [line]),
  };
}
