import type { FileView, MappingView } from '../../shared/contract-types';
import { FIELDS, fieldDefinition, isRequired, type FieldKey } from '../../shared/fields';
import type { MatchReason } from '../../shared/mapping';
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
    headerRowUncertain: read.headerRowGuessed && candidates.length > 0,
    headerCandidates: [
      { row: table.source.headerRow, cells: table.headers.slice(0, 6) },
      ...candidates.map((row) => ({ row, cells: [] as string[] })),
    ],
    encoding: table.source.encoding ?? null,
    delimiter: table.source.delimiter ?? null,
    rows: table.rows.length,
    columns: table.headers.length,
    warnings: read.warnings,
    version: context.fileVersion,
  };
}

const REASONS: Record<MatchReason, string> = {
  profile: 'From your saved mapping profile.',
  exact: 'The header is the field’s own name.',
  alias: 'A header MIS exports use for this field.',
  fuzzy: 'The header looks like this field’s name (a guess: check it).',
  none: 'No field matched this header; it is not imported.',
};

function reasonText(workbook: Workbook, index: number, reason: MatchReason, confidence: number): string {
  if (workbook.chosen.has(index)) return 'You chose this.';
  if (reason === 'alias' && confidence < 0.9) return 'A header that usually means this field, but not always: check it.';
  return REASONS[reason];
}

export function mappingView(workbook: Workbook): MappingView {
  const mappedFields = new Set<string>([...workbook.columns.map((c) => c.field).filter((f): f is FieldKey => f !== null), ...Object.keys(workbook.mapping.everyRow ?? {})]);
  return {
    columns: workbook.columns.map((column) => ({
      index: column.index,
      letter: workbook.table.columns[column.index] ?? '',
      header: column.header,
      samples: sampleValues(workbook, column.index),
      field: column.field,
      confidence: workbook.chosen.has(column.index) ? 1 : column.confidence,
      reason: reasonText(workbook, column.index, column.reason, column.confidence),
    })),
    fields: FIELDS.map((f) => ({ key: f.key, label: f.label, help: f.help, required: isRequired(f.key, 'learner'), type: f.type })),
    missingRequired: workbook.missingRequired.filter((f) => !mappedFields.has(f)).map((field) => ({ field, label: fieldDefinition(field).label })),
    conflicts: workbook.conflicts.map((conflict) => ({
      field: conflict.field,
      label: fieldDefinition(conflict.field).label,
      columns: conflict.headers.map((header) => workbook.columns.findIndex((c) => c.header === header)).filter((i) => i >= 0),
    })),
    profile: workbook.profile ? { name: workbook.profile.name, automatic: workbook.profile.automatic } : null,
    everyRow: (Object.entries(workbook.mapping.everyRow ?? {}) as Array<[FieldKey, string]>).map(([field, value]) => ({ field, label: fieldDefinition(field).label, value })),
  };
}
