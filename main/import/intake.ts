import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FieldKey, RoleKey } from '../../shared/fields';
import { autoMap, conflictIssues, toMapping, type EveryRowValues, type MappedColumn, type MappingConflict, type ValueMaps } from '../../shared/mapping';
import { mapTable } from '../../shared/mapped-rows';
import type { MappingProfile } from '../../shared/profile';
import type { Table } from '../../shared/table';
import { cellOf } from '../../shared/packed-row';
import type { ReadOptions as ValueReadOptions } from '../../shared/validators';
import { columnSamples, FIT_SAMPLE, misfitNote, valueFit } from '../../shared/value-fit';
import { validateRows, type FileIssue, type ValidationContext } from '../../shared/validate';
import { findSavedProfile, profilePath } from '../mapping-store/profile-store';
import { readSpreadsheet, type ReadOptions, type ReadResult } from '../spreadsheet';
import { isOwnColumn } from '../../shared/own-columns';
import { restoreNeutralisedCells } from './report/own-report';

/**
 * The way in, written once: read the file, undo what our own reports did to it, find
 * its mapping profile, map its columns and check every row. `check`, `import`,
 * `resolve`, `resume`'s source and the app's open file all come through here, so a
 * file reads, maps and validates the same whichever face it is given to.
 */

export type SourceReadOptions = Pick<ReadOptions, 'sheet' | 'headerRow' | 'encoding' | 'delimiter' | 'includeEndedLearners' | 'includeHiddenRows'>;

/** The mapping profile an import used, and where it came from (the plan names it). */
export interface ProfileInUse {
  /** `file`: given with --mapping; `saved`: found by itself for these headers (saved by the app or `resolve`); `none`: auto-mapping only. */
  source: 'file' | 'saved' | 'none';
  /** The profile's file. For `none`, where a profile for these headers would be saved. */
  path: string;
  /** Its description, when it has one (the app saves its name there). */
  name?: string;
  value?: MappingProfile;
  /** With a given profile: the saved profile for these headers whose value choices were added to it. */
  choicesFrom?: string;
  /** The profile saved for these headers could not be read, and why (`findSavedProfile`): not used. */
  damaged?: string;
}

export interface MappingOptions {
  dateOrder?: 'dmy' | 'mdy';
  defaultRole?: RoleKey;
  now?: () => Date;
}

export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function fileSha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Where saved profiles live (the app's store). */
export function profilesFolder(dataDir: string): string {
  return path.join(dataDir, 'profiles');
}

/** Reads a source file as its user wrote it: the quote our own reports put before a formula-like cell is taken off again. */
export async function readSource(file: string, options?: SourceReadOptions): Promise<ReadResult> {
  const read = await readSpreadsheet(file, options);
  return { ...read, table: restoreNeutralisedCells(read.table) };
}

/**
 * The columns as auto-mapping (with the profile) gives them. The errors report's own
 * columns and the export's reference columns are never data, whatever a profile says,
 * and never a rival for a field ("Assessor ID" beside "Assessor" is no conflict).
 */
export function mapColumns(
  table: Table,
  profile: MappingProfile | undefined,
  defaultRole: RoleKey,
  context: ValueReadOptions,
): { columns: MappedColumn[]; conflicts: MappingConflict[]; missingRequired: ReturnType<typeof autoMap>['missingRequired'] } {
  const headers = table.headers.map((header) => (isOwnColumn(header) ? '' : header));
  let auto = autoMap(headers, profile, { defaultRole });
  // A guess its values belie is no guess: mapped again without it, another column may take the field.
  const unlike = guessesUnlikeTheirValues(table, auto.columns, context);
  if (unlike.size > 0) auto = autoMap(headers.map((header, i) => (unlike.has(i) ? '' : header)), profile, { defaultRole });
  const columns = auto.columns.map((c): MappedColumn => {
    const header = table.headers[c.index] ?? c.header;
    const guessed = unlike.get(c.index);
    if (guessed) return { ...c, header, field: null, confidence: 0, reason: 'unlike', guessed };
    return isOwnColumn(header) ? { ...c, header, field: null, confidence: 0, reason: 'none' as const } : c;
  });
  return { columns, conflicts: auto.conflicts, missingRequired: auto.missingRequired };
}

/** The rows from the top whose values judge a guess (see `guessesUnlikeTheirValues`). */
const ROWS_JUDGING_A_GUESS = 2000;
/** Fewer of a guessed column's values than this share read as the field: the guess is not made. */
const FEWEST_FITTING = 0.5;

/**
 * Columns mapped on a header only like a field's name ('fuzzy': "Start Notes" as Start
 * date) whose first values are mostly not of the field's kind ("Keen", "Late"): column
 * index to the field guessed. Mapped, each row would be an error ("not a date") for a
 * column that is no date; left out, the file imports, and Map and `check` say why (a
 * person may still choose the field). Names and free text are not judged (see valueFit).
 */
function guessesUnlikeTheirValues(table: Table, columns: readonly MappedColumn[], context: ValueReadOptions): Map<number, FieldKey> {
  const unlike = new Map<number, FieldKey>();
  const guesses = columns.filter((column) => column.reason === 'fuzzy' && column.field !== null);
  if (guesses.length === 0) return unlike;
  const samples = guesses.map(() => new Set<string>());
  const rows = Math.min(table.rows.length, ROWS_JUDGING_A_GUESS);
  for (let r = 0; r < rows; r++) {
    guesses.forEach((column, k) => {
      if (samples[k].size >= FIT_SAMPLE) return;
      const value = cellOf(table.rows[r], column.index).trim();
      if (value) samples[k].add(value);
    });
  }
  guesses.forEach((column, k) => {
    const judged = valueFit(column.field!, [...samples[k]], context);
    if (judged && judged.fit < FEWEST_FITTING) unlike.set(column.index, column.field!);
  });
  return unlike;
}

/** The validation context for a file checked today. */
export function validationContext(options: MappingOptions): ValidationContext {
  const now = options.now ?? (() => new Date());
  return { today: localDate(now()), dateOrder: options.dateOrder, defaultRole: options.defaultRole ?? 'learner' };
}

/**
 * Parallel to `columns`: what to say of each column whose first values are mostly not of
 * its field's kind (shared/value-fit, as Map says it), else null. For `check` and a dry
 * run's listing of the columns.
 */
export function columnMisfits(table: Table, columns: readonly MappedColumn[], options: MappingOptions): Array<string | null> {
  const samples = columnSamples(table, FIT_SAMPLE);
  const context = validationContext(options);
  return columns.map((column) => (column.field ? misfitNote(column.field, valueFit(column.field, samples[column.index] ?? [], context)) : null));
}

/** Map and validate: pure, cheap, done again whenever the profile changes (and all `check` does). */
export function mapAndValidate(table: Table, readWarnings: string[], profile: MappingProfile | undefined, options: MappingOptions) {
  const context = validationContext(options);
  const mapped = mapColumns(table, profile, context.defaultRole ?? 'learner', context);
  const mapping = toMapping(mapped.columns, profile);
  context.valueMaps = mapping.values;
  const rows = mapTable(table, mapping, context);
  const validation = validateRows(rows, context);
  const fileIssues: FileIssue[] = [
    ...readWarnings.map((message): FileIssue => ({ code: 'read-warning', severity: 'warning', message })),
    ...conflictIssues(mapped.conflicts),
    ...validation.fileIssues,
  ];
  return { columns: mapped.columns, mapping, rows, validationIssues: validation.rows.flat(), fileIssues };
}

/**
 * The profile for an import: the one given, else the one saved for these headers (as
 * the app finds it), else none. A given profile still gets the choices saved for these
 * headers (by the app or `resolve`) for the names it does not map itself.
 */
export async function profileForHeaders(dataDir: string, headers: readonly string[], given?: { value: MappingProfile; path: string }): Promise<ProfileInUse> {
  const dir = profilesFolder(dataDir);
  const { profile: saved, damaged } = await findSavedProfile(dir, headers);
  const file = profilePath(dir, headers);
  if (given) {
    const named = given.value.description ? { name: given.value.description } : {};
    const choices = saved?.values && Object.keys(saved.values).length > 0 ? saved.values : undefined;
    if (!choices) return { source: 'file', path: path.resolve(given.path), value: given.value, ...named, ...(damaged ? { damaged } : {}) };
    const values: ValueMaps = { ...choices };
    for (const [field, map] of Object.entries(given.value.values ?? {}) as Array<[keyof ValueMaps, Record<string, string>]>) values[field] = { ...values[field], ...map };
    return { source: 'file', path: path.resolve(given.path), value: { ...given.value, values }, ...named, choicesFrom: file };
  }
  if (!saved) return { source: 'none', path: file, ...(damaged ? { damaged } : {}) };
  return { source: 'saved', path: file, value: saved, ...(saved.description ? { name: saved.description } : {}) };
}

/** The profile with these values for every row added (they win over the profile's own). */
export function withEveryRow(profile: ProfileInUse, everyRow: EveryRowValues | undefined): ProfileInUse {
  if (!everyRow || Object.keys(everyRow).length === 0) return profile;
  const value: MappingProfile = { columns: {}, ...profile.value, everyRow: { ...profile.value?.everyRow, ...everyRow } };
  return { ...profile, value };
}

export interface IntakeOptions extends MappingOptions {
  dataDir: string;
  read?: SourceReadOptions;
  /** A profile given by the user (`--mapping`); without it, the one saved for these headers. */
  given?: { value: MappingProfile; path: string };
  everyRow?: EveryRowValues;
}

/** A file read, its profile found, mapped and checked. */
export interface Intake extends ReturnType<typeof mapAndValidate> {
  file: { name: string; path: string; sha256: string; sheet?: string; format?: Table['source']['format'] };
  table: Table;
  read: ReadResult;
  headerRowGuessed: boolean;
  profile: ProfileInUse;
}

/** Reads, finds the profile, maps and validates: the one way a file comes in. */
export async function takeIn(file: string, options: IntakeOptions): Promise<Intake> {
  const read = await readSource(file, options.read);
  const profile = withEveryRow(await profileForHeaders(options.dataDir, read.table.headers, options.given), options.everyRow);
  return {
    file: { name: path.basename(file), path: path.resolve(file), sha256: fileSha256(file), sheet: read.table.source.sheet, format: read.table.source.format },
    table: read.table,
    read,
    headerRowGuessed: read.headerRowGuessed,
    profile,
    ...mapAndValidate(read.table, read.warnings, profile.value, options),
  };
}

/** The same file mapped again with another profile (after a choice was saved): nothing read again. */
export function retake(intake: Intake, profile: ProfileInUse, options: MappingOptions): Intake {
  return { ...intake, profile, ...mapAndValidate(intake.table, intake.read.warnings, profile.value, options) };
}
