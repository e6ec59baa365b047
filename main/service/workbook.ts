import { AppError } from '../../shared/app-error';
import * as path from 'node:path';
import { fieldDefinition, type FieldKey, type RoleKey } from '../../shared/fields';
import { conflictIssues, fieldsGiven, requiredColumns, toMapping, type MappedColumn, type Mapping, type MappingConflict } from '../../shared/mapping';
import { joinParts, mapTable } from '../../shared/mapped-rows';
import { cellOf, PackedRow } from '../../shared/packed-row';
import type { MappingProfile } from '../../shared/profile';
import type { Table } from '../../shared/table';
import { createValidationState, type FileIssue, type Issue, type ValidationContext, type ValidationState } from '../../shared/validate';
import { columnSamples, FIT_SAMPLE } from '../../shared/value-fit';
import { WHOLE_NAME_PARTS } from '../../shared/whole-name';
import { damagedProfileWarning, findSavedProfile } from '../mapping-store/profile-store';
import { type ReadOptions, type ReadResult } from '../spreadsheet';
import { fileSha256, mapColumns, readSource } from '../import';

/**
 * One spreadsheet in the app: read, mapped and validated, with the user's edits. The
 * engine's own steps (reading, auto-mapping, `mapTable`, the incremental validation
 * state) are used as they are; this keeps them together while the user changes the
 * mapping and fixes cells, so an edited cell is re-checked at once and nothing is
 * read again unless a read option changes.
 *
 * Edits go into a copy of the table, so an errors report and a re-run carry the fix.
 * The copy shares the rows as read (100,000 of them need not be copied) and an edit
 * replaces its row there, leaving the file as read untouched.
 */

export interface WorkbookSettings {
  dataDir: string;
  now: () => Date;
  defaultRole?: RoleKey;
  /** The name to show, when the file on disk is named otherwise (an uploaded copy keeps the user's own name here). */
  displayName?: string;
}

export interface Workbook {
  path: string;
  name: string;
  /** The file's SHA-256 as read: a run records it, and an uploaded copy may be deleted before a later run of the same rows. */
  sha256: string;
  readOptions: Pick<ReadOptions, 'sheet' | 'headerRow' | 'encoding' | 'includeEndedLearners' | 'includeHiddenRows'>;
  read: ReadResult;
  /** The table with the user's edits. */
  table: Table;
  columns: MappedColumn[];
  conflicts: MappingConflict[];
  missingRequired: FieldKey[];
  mapping: Mapping;
  /** The profile in use (its value maps are the mapping's), and whether it was found by itself. */
  profile: { name: string; automatic: boolean; value: MappingProfile } | null;
  context: ValidationContext;
  validation: ValidationState;
  /** The file's own text of each cell the user changed, by `${index}:${column}` (see `cellEdits`). */
  originals: Map<string, string>;
  /** Columns whose field the user chose on the mapping screen. */
  chosen: Set<number>;
}

export function profilesDir(dataDir: string): string {
  return path.join(dataDir, 'profiles');
}

function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The profile's display name: its description, or the header fingerprint's file name. */
export function profileName(profile: MappingProfile, fallback: string): string {
  return profile.description?.trim() || fallback;
}

function revalidate(workbook: Workbook): void {
  workbook.context.valueMaps = workbook.mapping.values;
  workbook.validation = createValidationState(mapTable(workbook.table, workbook.mapping, workbook.context), workbook.context);
}

/** Reads a file (or reads it again with other options) and maps and validates it. */
export async function openWorkbook(
  filePath: string,
  readOptions: Workbook['readOptions'],
  settings: WorkbookSettings,
  profile?: { name: string; value: MappingProfile; automatic: boolean },
): Promise<Workbook> {
  // The engine's one way in (intake.ts): our own reports' quotes undone, report columns never data.
  let read = await readSource(filePath, readOptions);
  const table = read.table;
  const copy: Table = { ...table, rows: [...table.rows] };
  const defaultRole = settings.defaultRole ?? 'learner';
  let chosen = profile ?? null;
  if (!chosen) {
    const { profile: found, damaged } = await findSavedProfile(profilesDir(settings.dataDir), table.headers);
    if (found) chosen = { name: profileName(found, 'Saved for these columns'), value: found, automatic: true };
    // Said where the file's own notices are (Load), and the file opens mapped automatically.
    if (damaged) read = { ...read, warnings: [...read.warnings, `Mapping profile: ${damagedProfileWarning(damaged)}`] };
  }
  const context: ValidationContext = { today: localDate(settings.now()), defaultRole };
  const mapped = mapColumns(copy, chosen?.value, defaultRole, context);
  const workbook: Workbook = {
    path: filePath,
    name: settings.displayName ?? path.basename(filePath),
    sha256: fileSha256(filePath),
    readOptions,
    read,
    table: copy,
    ...mapped,
    mapping: toMapping(mapped.columns, chosen?.value),
    profile: chosen,
    context,
    validation: undefined as unknown as ValidationState,
    originals: new Map(),
    chosen: new Set(),
  };
  revalidate(workbook);
  return workbook;
}

/** Applies a profile to the open file: its column choices and value maps. */
export function applyProfileToWorkbook(workbook: Workbook, profile: { name: string; value: MappingProfile }): void {
  const mapped = mapColumns(workbook.table, profile.value, workbook.context.defaultRole ?? 'learner', workbook.context);
  Object.assign(workbook, mapped);
  workbook.mapping = toMapping(mapped.columns, profile.value);
  workbook.profile = { ...profile, automatic: false };
  workbook.chosen.clear();
  revalidate(workbook);
}

/**
 * Maps one column to a field (or to nothing). A field can belong to one column only:
 * a column that had it gives it up, as in any mapping screen; with `swap` it takes this
 * column's old field instead (the user swapped the two). A column of whole names takes
 * the first and last name from the columns that had them (the picker says so first).
 */
export function setColumnField(workbook: Workbook, column: number, field: FieldKey | null, swap = false): void {
  if (column >= workbook.columns.length) {
    throw new AppError('bad-choice', `The file has ${workbook.columns.length} columns; there is no column ${column + 1}.`);
  }
  const previous = workbook.columns.find((c) => c.index === column)?.field ?? null;
  const other = field ? workbook.columns.find((c) => c.index !== column && c.field === field) : undefined;
  // Whole names chosen for a column give the first and last name: the columns that gave them give them up.
  const givenUp = field === 'FullName' ? new Set(WHOLE_NAME_PARTS.map((part) => part.field)) : new Set<FieldKey>();
  workbook.columns = workbook.columns.map((c) => {
    if (c.index === column) return { ...c, field, confidence: field ? 1 : 0, reason: field ? c.reason : ('none' as const) };
    if (c === other) return swap && previous ? { ...c, field: previous, confidence: 1 } : { ...c, field: null, confidence: 0, reason: 'none' as const };
    if (c.field && givenUp.has(c.field)) return { ...c, field: null, confidence: 0, reason: 'none' as const };
    return c;
  });
  workbook.chosen.add(column);
  if (swap && other && previous) workbook.chosen.add(other.index);
  // A conflict the user has looked at (changed one of its columns or its field) is settled.
  const header = workbook.columns[column].header;
  workbook.conflicts = workbook.conflicts.filter((conflict) => conflict.field !== field && !conflict.headers.includes(header));
  workbook.mapping = { ...workbook.mapping, columns: workbook.columns.map(({ index, header, field: f }) => ({ index, header, field: f })) };
  updateMissingRequired(workbook);
  revalidate(workbook);
}

/** Required fields neither a column nor a value for every row gives. */
function updateMissingRequired(workbook: Workbook): void {
  const mapped = fieldsGiven([...workbook.columns.map((c) => c.field), ...(Object.keys(workbook.mapping.everyRow ?? {}) as FieldKey[])]);
  workbook.missingRequired = requiredColumns(mapped.has('Role'), workbook.context.defaultRole).filter((key) => !mapped.has(key));
}

/**
 * Gives a field one value for every row (or takes it away with null): how an ILR, which
 * has no assessor or class, gets them. A column mapped to the field wins over it.
 */
export function setEveryRow(workbook: Workbook, field: FieldKey, value: string | null): void {
  const everyRow = { ...workbook.mapping.everyRow };
  if (value === null) delete everyRow[field];
  else everyRow[field] = value;
  workbook.mapping = { ...workbook.mapping, everyRow };
  updateMissingRequired(workbook);
  revalidate(workbook);
}

/**
 * Reads the rows again with another date order or role for rows without one (the
 * import settings): `undefined` order means day first, with the file's month-first
 * dates raised as a file problem.
 */
export function setReadingChoices(workbook: Workbook, choices: { dateOrder: ValidationContext['dateOrder']; defaultRole: RoleKey }): void {
  if (workbook.context.dateOrder === choices.dateOrder && workbook.context.defaultRole === choices.defaultRole) return;
  workbook.context.dateOrder = choices.dateOrder;
  workbook.context.defaultRole = choices.defaultRole;
  updateMissingRequired(workbook);
  revalidate(workbook);
}

/** The field a column is mapped to, if any. */
export function fieldOfColumn(workbook: Workbook, column: number): FieldKey | null {
  return workbook.mapping.columns.find((c) => c.index === column)?.field ?? null;
}

/** The column (index) a field is read from, if any. */
export function columnOfField(workbook: Workbook, field: string): number | null {
  return workbook.mapping.columns.find((c) => c.field === field)?.index ?? null;
}

/** Refuses a cell the open file does not have (an edit or a paste made for a file opened since). */
export function requireCell(workbook: Workbook, index: number, column: number): void {
  if (!workbook.table.rows[index]) throw new AppError('bad-choice', `There is no row ${index + 1} in the file (it has ${workbook.table.rows.length}).`);
  if (column >= workbook.table.headers.length) {
    throw new AppError('bad-choice', `The file has ${workbook.table.headers.length} columns; there is no column ${column + 1}.`);
  }
}

/**
 * Sets one cell as the user typed it. A mapped cell is re-validated at once, with the
 * rows it shares an MIS ID, ULN, NI number or email with; returns the indexes of every row whose
 * issues may have changed.
 */
export function editCell(workbook: Workbook, index: number, column: number, value: string): number[] {
  requireCell(workbook, index, column);
  const row = workbook.table.rows[index];
  const cells = [...row.cells];
  const key = `${index}:${column}`;
  if (!workbook.originals.has(key)) workbook.originals.set(key, cells[column] ?? '');
  cells[column] = value;
  workbook.table.rows[index] = new PackedRow(row.row, cells, row.line);
  samplesKept.delete(workbook);
  const field = fieldOfColumn(workbook, column);
  if (!field) return [index];
  // Several columns that make one value (an address's lines and postcode): the value is all of them.
  const parts = workbook.mapping.columns.filter((c) => c.field === field).map((c) => cells[c.index] ?? '');
  return workbook.validation.updateCell(index, field, parts.length > 1 ? joinParts(parts) : value).map((changed) => changed.index);
}

/** A cell the user changed in Review: where, and the file's text against what it says now. */
export interface CellEdit {
  index: number;
  /** The row's number in the file as read. */
  row: number;
  column: number;
  was: string;
  now: string;
}

/** The columns of a row whose cell was changed in Review and differs from the file's text (`cells`: the row's cells now). */
export function editedColumnsOf(workbook: Workbook, index: number, cells: readonly string[]): number[] {
  if (workbook.originals.size === 0) return [];
  return cells.flatMap((text, column) => {
    const was = workbook.originals.get(`${index}:${column}`);
    return was !== undefined && was !== text ? [column] : [];
  });
}

/** The cells changed in Review whose text differs from the file's (one changed and put back is not), in the file's order. */
export function cellEdits(workbook: Workbook): CellEdit[] {
  const edits: CellEdit[] = [];
  for (const [key, was] of workbook.originals) {
    const [index, column] = key.split(':').map(Number);
    const now = cellOf(workbook.table.rows[index], column);
    if (now !== was) edits.push({ index, row: workbook.table.rows[index].row, column, was, now });
  }
  return edits.sort((a, b) => a.index - b.index || a.column - b.column);
}

/** Re-reads the cells of these rows for a field (after its value maps changed). */
export function rereadField(workbook: Workbook, field: FieldKey, indexes: Iterable<number>): void {
  const column = columnOfField(workbook, field);
  if (column === null) return;
  workbook.context.valueMaps = workbook.mapping.values;
  for (const index of indexes) {
    workbook.validation.updateCell(index, field, workbook.table.rows[index].cells[column] ?? '');
  }
}

/** Problems with the file as a whole: the reader's warnings, mapping conflicts, the validator's file issues. */
export function fileIssues(workbook: Workbook): FileIssue[] {
  return [
    ...workbook.read.warnings.map((message): FileIssue => ({ code: 'read-warning', severity: 'warning', message })),
    ...conflictIssues(workbook.conflicts),
    ...workbook.validation.fileIssues(),
  ];
}

/** Every validation issue of every row (for the planner). */
export function allIssues(workbook: Workbook): Issue[] {
  return workbook.validation.rows.flatMap((_row, index) => workbook.validation.issuesFor(index));
}

/** The most distinct values a column's samples are asked for (the mapping screen shows 5, and judges a field by FIT_SAMPLE). */
const MOST_SAMPLES = FIT_SAMPLE;

/** Every column's first distinct values (`columnSamples`), kept until a cell is edited: the mapping screen asks again at every change. */
const samplesKept = new WeakMap<Workbook, string[][]>();

function samplesOfEveryColumn(workbook: Workbook): string[][] {
  let samples = samplesKept.get(workbook);
  if (samples) return samples;
  samples = columnSamples(workbook.table, MOST_SAMPLES);
  samplesKept.set(workbook, samples);
  return samples;
}

/** Up to `limit` (at most 20) distinct non-empty values from the top of a column, for the mapping screen. */
export function sampleValues(workbook: Workbook, column: number, limit = 5): string[] {
  return (samplesOfEveryColumn(workbook)[column] ?? []).slice(0, Math.min(limit, MOST_SAMPLES));
}

export function fieldLabel(field: string): string {
  try {
    return fieldDefinition(field as FieldKey).label;
  } catch {
    return field;
  }
}
