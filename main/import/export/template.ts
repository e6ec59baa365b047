import type ExcelJS from 'exceljs';
import { fieldDefinition, requiredFieldsFor, type FieldKey } from '../../../shared/fields';
import type { Directory } from '../directory/types';
import { recordLabels, sortedLabels, type LabelledField, type RecordLabels } from './labels';
import { addSheet, addValidation, columnLetter, newWorkbook, type ColumnSpec, type SheetSpec } from './sheets';
import { instructionsSheet } from './template-instructions';

/**
 * A template for new learners that is right first time: its headers are the field
 * names the importer maps by itself at 100 %, required columns are marked, dates are
 * dates, MIS ID and ULN are text, and Assessor, Class, Placement, Employer contact, IQA,
 * Observer, Standards and Framework template are Excel drop-down lists of what this
 * organisation's OneFile holds, each entry written the way the importer finds exactly
 * that record (./labels.ts). A sheet filled from its own lists has no name to resolve.
 */

export interface TemplateColumn {
  field: FieldKey;
  type: ColumnSpec['type'];
  /** The drop-down list: the records of this reference field. */
  list?: LabelledField;
}

export const TEMPLATE_COLUMNS: readonly TemplateColumn[] = [
  { field: 'MISID', type: 'text' },
  { field: 'FirstName', type: 'text' },
  { field: 'LastName', type: 'text' },
  { field: 'Email', type: 'text' },
  { field: 'ULN', type: 'text' },
  { field: 'NINO', type: 'text' },
  { field: 'DOB', type: 'date' },
  { field: 'StartOn', type: 'date' },
  { field: 'PlannedEndDate', type: 'date' },
  { field: 'Assessor', type: 'text', list: 'Assessor' },
  { field: 'Classroom', type: 'text', list: 'Classroom' },
  { field: 'Placement', type: 'text', list: 'Placement' },
  { field: 'Employer', type: 'text', list: 'Employer' },
  { field: 'IQA', type: 'text', list: 'IQA' },
  { field: 'Observer', type: 'text', list: 'Observer' },
  { field: 'Standards', type: 'text', list: 'Standards' },
  { field: 'FrameworkTemplate', type: 'text', list: 'FrameworkTemplate' },
];

/** Rows the drop-downs and formats cover (Excel's rules apply to these cells). */
export const TEMPLATE_ROWS = 1000;
export const LISTS_SHEET = 'Lists';
/** Excel keeps an inline list to 255 characters; longer ones (and any with a comma) go on the hidden Lists sheet. */
const INLINE_LIST_MAX = 255;
const REQUIRED = new Set<FieldKey>(requiredFieldsFor('learner'));

/** A header as the template writes it: the field's own name, `*` after a required one (the mapper reads past it). */
export function templateHeader(field: FieldKey): string {
  return `${fieldDefinition(field).label}${REQUIRED.has(field) ? ' *' : ''}`;
}

function prompt(column: TemplateColumn, entries: number | undefined): { title: string; text: string } {
  const definition = fieldDefinition(column.field);
  const parts = [REQUIRED.has(column.field) ? 'Required.' : 'Optional.', definition.help];
  if (column.list) parts.push(entries ? 'Choose from the drop-down list (what OneFile calls it).' : 'OneFile has none in this organisation yet.');
  if (column.field === 'Standards') parts.push('Several: separate them with ;');
  if (column.type === 'date') parts.push('Type it as dd/mm/yyyy.');
  return { title: definition.label, text: parts.join(' ') };
}

export interface TemplateLists {
  /** Per listed field, the entries offered. */
  entries: Partial<Record<LabelledField, string[]>>;
}

export function templateLists(labels: RecordLabels): TemplateLists {
  const entries: TemplateLists['entries'] = {};
  for (const column of TEMPLATE_COLUMNS) if (column.list) entries[column.list] = sortedLabels(labels[column.list]);
  return { entries };
}

/** The Learners sheet: headers only, with a prompt on each. */
export function templateSheet(lists: TemplateLists): SheetSpec {
  return {
    name: 'Learners',
    columns: TEMPLATE_COLUMNS.map((column) => ({
      header: templateHeader(column.field),
      type: column.type,
      required: REQUIRED.has(column.field),
      width: column.list ? 28 : column.type === 'date' ? 14 : 18,
      prompt: prompt(column, column.list ? lists.entries[column.list]?.length : undefined),
    })),
    rows: [],
  };
}

/** The list formula for a field: inline when short and comma-free, else a range of the Lists sheet. */
function listFormula(values: string[], listColumn: number): { formula: string; onSheet: boolean } {
  const inline = `"${values.join(',')}"`;
  if (inline.length <= INLINE_LIST_MAX && values.every((v) => !v.includes(',') && !v.includes('"'))) return { formula: inline, onSheet: false };
  const letter = columnLetter(listColumn);
  return { formula: `${LISTS_SHEET}!$${letter}$2:$${letter}$${values.length + 1}`, onSheet: true };
}

/** The drop-downs, date and ULN rules on the Learners sheet; lists too long to write inline go on the hidden Lists sheet. */
function addRules(workbook: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, lists: TemplateLists, rows: number): void {
  const listSheet: SheetSpec = { name: LISTS_SHEET, hidden: true, columns: [], rows: [] };
  const onSheet: string[][] = [];
  TEMPLATE_COLUMNS.forEach((column, index) => {
    const range = `${columnLetter(index + 1)}2:${columnLetter(index + 1)}${rows + 1}`;
    const label = fieldDefinition(column.field).label;
    if (column.list) {
      const values = lists.entries[column.list] ?? [];
      if (values.length === 0) return;
      const { formula, onSheet: long } = listFormula(values, onSheet.length + 1);
      if (long) {
        onSheet.push(values);
        listSheet.columns.push({ header: label, type: 'text' });
      }
      const several = column.field === 'Standards';
      addValidation(sheet, range, {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorStyle: several ? 'warning' : 'stop',
        errorTitle: `Not a ${label.toLowerCase()} in OneFile`,
        error: several
          ? 'Choose from the list; for several standards separate them with ; and press Yes to keep them.'
          : 'Choose from the list: it holds what OneFile calls each one. Download a new template if it is missing.',
      });
    } else if (column.type === 'date') {
      addValidation(sheet, range, {
        type: 'date',
        operator: 'greaterThan',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1900, 0, 1))],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Not a date',
        error: 'Type the date as dd/mm/yyyy, for example 04/03/2001.',
      });
    } else if (column.field === 'ULN') {
      addValidation(sheet, range, {
        type: 'textLength',
        operator: 'equal',
        allowBlank: true,
        formulae: [10],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: 'A ULN has 10 digits',
        error: 'The Unique Learner Number is 10 digits. Check it against the learner record.',
      });
    }
  });
  const longest = Math.max(0, ...onSheet.map((values) => values.length));
  listSheet.rows = Array.from({ length: longest }, (_, i) => onSheet.map((values) => values[i] ?? null));
  if (listSheet.columns.length > 0) addSheet(workbook, { ...listSheet, header: true });
}

export interface TemplateInputs {
  directory: Directory;
  organisation: { id: number; name: string };
  at: Date;
  rows?: number;
}

/** The whole template workbook: Learners (first, so it is the sheet imported), Instructions, and the hidden Lists. */
export function buildTemplate(inputs: TemplateInputs): { workbook: ExcelJS.Workbook; lists: TemplateLists } {
  const lists = templateLists(recordLabels(inputs.directory));
  const workbook = newWorkbook();
  const sheet = addSheet(workbook, templateSheet(lists));
  addSheet(workbook, instructionsSheet({ organisation: inputs.organisation, at: inputs.at, lists, required: [...REQUIRED].map(templateHeader) }));
  addRules(workbook, sheet, lists, inputs.rows ?? TEMPLATE_ROWS);
  return { workbook, lists };
}
