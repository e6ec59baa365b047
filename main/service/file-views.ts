import type { FileView, MappingView } from '../../shared/contract-types';
import { FIELDS, fieldDefinition, isRequired, type FieldKey } from '../../shared/fields';
import { fieldsGiven, type MatchReason } from '../../shared/mapping';
import { FINDING_FIELDS } from '../../shared/missing-columns';
import { FIT_SAMPLE, misfitNote, valueFit } from '../../shared/value-fit';
import { WHOLE_NAME_PARTS } from '../../shared/whole-name';
import type { ServiceContext } from './service-context';
import { sampleValues, type Workbook } from './workbook';

/** The open file and its mapping, shaped for the Load and Map screens. */

export function fileView(context: ServiceContext, workbook: Workbook): FileView {
  const { read, table } = workbook;
  const candidates = read.headerCandidates.filter((row) => row !== table.source.headerRow);
  return {
    name: workbook.name,
    format: table.source.format,
    ilr: table.source.ilr ?? null,
    sheets: read.sheets.filter((s) => !s.hidden || s.name === table.source.sheet).map((s) => s.name),
    sheet: table.source.sheet ?? null,
    headerRow: table.source.headerRow,
    // A real choice only when no row looked like a header and one below was taken as it
    // (the reader offers the rows under it). A title line skipped above the header is no
    // rival: the first row with content is offered in the picker, but not warned about.
    headerRowUncertain: read.headerRowGuessed && candidates.some((row) => row > table.source.headerRow),
    headerCandidates: [
      { row: table.source.headerRow, cells: table.headers.slice(0, 6) },
      ...candidates.map((row) => ({ row, cells: [] as string[] })),
    ],
    encoding: table.source.encoding ?? null,
    delimiter: table.source.delimiter ?? null,
    rows: table.rows.length,
    columns: table.headers.length,
    warnings: read.warnings,
    hiddenRows: read.hiddenRowCount > 0 ? { count: read.hiddenRowCount, read: workbook.readOptions.includeHiddenRows === true } : null,
    version: context.fileVersion,
  };
}

const REASONS: Record<MatchReason, string> = {
  profile: 'From your saved mapping profile.',
  exact: 'The header is the field’s own name.',
  alias: 'A header MIS exports use for this field.',
  fuzzy: 'The header looks like this field’s name (a guess: check it).',
  taken: 'Looks like a field another column takes (see above).',
  unlike: 'Looks like a field by its header, not by its values: not imported.',
  none: 'No field matched this header; it is not imported.',
};

function reasonText(workbook: Workbook, index: number, reason: MatchReason, confidence: number, guessed?: FieldKey): string {
  if (workbook.chosen.has(index)) return 'You chose this.';
  if (reason === 'unlike' && guessed) {
    const label = fieldDefinition(guessed).label;
    // Short enough for the two lines Map shows: not imported, and why.
    return `Looks like ${label} by its header, not by its values: not imported.`;
  }
  if (reason === 'alias' && confidence < 0.9) return 'A header that usually means this field, but not always: check it.';
  return REASONS[reason];
}

function fitted(workbook: Workbook, index: number, field: FieldKey | null, confidence: number, reason: string): { confidence: number; reason: string } {
  const judged = field ? valueFit(field, sampleValues(workbook, index, FIT_SAMPLE), workbook.context) : null;
  // A few bad values are the data's problems (Review lists them), not the mapping's.
  const note = field ? misfitNote(field, judged) : null;
  return note ? { confidence: confidence * judged!.fit, reason: `${note} ${reason}` } : { confidence, reason };
}

export function mappingView(workbook: Workbook): MappingView {
  const mappedFields = fieldsGiven([...workbook.columns.map((c) => c.field), ...(Object.keys(workbook.mapping.everyRow ?? {}) as FieldKey[])]);
  return {
    columns: workbook.columns.map((column) => ({
      index: column.index,
      letter: workbook.table.columns[column.index] ?? '',
      header: column.header,
      samples: sampleValues(workbook, column.index),
      field: column.field,
      ...fitted(
        workbook,
        column.index,
        column.field,
        workbook.chosen.has(column.index) ? 1 : column.confidence,
        reasonText(workbook, column.index, column.reason, column.confidence, column.guessed),
      ),
    })),
    fields: FIELDS.map((f) => ({ key: f.key, label: f.label, help: f.help, required: isRequired(f.key, 'learner'), type: f.type })),
    missingRequired: workbook.missingRequired.filter((f) => !mappedFields.has(f)).map((field) => ({ field, label: fieldDefinition(field).label })),
    missingFor: {
      onlyForNew: FINDING_FIELDS.some((field) => mappedFields.has(field)),
      who: mappedFields.has('Role') || (workbook.context.defaultRole ?? 'learner') !== 'learner' ? 'users' : 'learners',
    },
    conflicts: workbook.conflicts.map((conflict) => {
      const label = fieldDefinition(conflict.field).label;
      const columns = conflict.headers.map((header) => workbook.columns.findIndex((c) => c.header === header)).filter((i) => i >= 0);
      // Whole names beside first and last names: those two columns are used (see autoMap).
      if (conflict.field === 'FullName') return { field: conflict.field, label, columns, used: 2, usedFor: WHOLE_NAME_PARTS.map((part) => fieldDefinition(part.field).label).join(' and ') };
      return { field: conflict.field, label, columns, used: 1, usedFor: label };
    }),
    profile: workbook.profile ? { name: workbook.profile.name, automatic: workbook.profile.automatic } : null,
    everyRow: (Object.entries(workbook.mapping.everyRow ?? {}) as Array<[FieldKey, string]>).map(([field, value]) => ({ field, label: fieldDefinition(field).label, value })),
  };
}
