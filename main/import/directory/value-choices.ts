import { AppError } from '../../../shared/app-error';
import { fieldDefinition } from '../../../shared/fields';
import { readIlrCodes } from '../../../shared/ilr';
import { rawCellOf, type MappedRow } from '../../../shared/mapped-rows';
import type { Mapping } from '../../../shared/mapping';
import { cleanText, normaliseHeader, splitList } from '../../../shared/normalise';
import { canLeaveOut, LEFT_OUT, profileFromMapping, type MappingProfile } from '../../../shared/profile';
import { REFERENCE_NOUNS } from '../../../shared/problem-groups';
import type { Table } from '../../../shared/table';
import type { Directory } from './types';
import { createResolver, isReferenceField, rememberResolution, type ReferenceField } from './resolve';

/**
 * A person's choices of OneFile record for names in the file ("Business Administrator"
 * means standard 4001), made on a terminal or given with `--accept` in a script, and
 * saved exactly as the app saves a choice: into the value maps of the mapping profile
 * for the file's headers, so next week's file resolves by itself.
 *
 * Pure: parsing, checking against the directory, and the profile to save. Saving the
 * profile is the caller's (`saveProfile` in the profile store).
 */

export interface ValueChoice {
  field: ReferenceField;
  /** The value as the file writes it. */
  value: string;
  /** The OneFile record's ID and name; `LEFT_OUT` and "left out" for a standard or unit that is none. */
  id: number | string;
  name: string;
  /** A standard or unit that is no OneFile record (an MIS report's "ZPROG001"): left out of its rows' lists. */
  leftOut?: true;
}

/** The choice that leaves a standard or unit out of its rows' lists. */
export function leftOutChoice(field: ReferenceField, value: string): ValueChoice {
  return { field, value, id: LEFT_OUT, name: 'left out', leftOut: true };
}

/** One `--accept "Column:file value=OneFile name or ID"`, split but not yet checked. */
export interface AcceptText {
  column: string;
  value: string;
  target: string;
}

export class ChoiceError extends AppError {
  constructor(message: string) {
    super('bad-choice', message);
    this.name = 'ChoiceError';
  }
}

/** The column a name in `--accept` means: its header, its letter, or its field (key or label). */
export function columnForName(name: string, table: Pick<Table, 'headers' | 'columns'>, mapping: Mapping): { header: string; letter: string; field: ReferenceField | null } | null {
  const wanted = normaliseHeader(name);
  const byHeader = mapping.columns.find((c) => normaliseHeader(c.header) === wanted);
  const byLetter = mapping.columns.find((c) => table.columns[c.index] === cleanText(name).toUpperCase());
  const byField = mapping.columns.find((c) => c.field && (normaliseHeader(c.field) === wanted || normaliseHeader(fieldDefinition(c.field).label) === wanted));
  const column = byHeader ?? byField ?? byLetter;
  if (!column) return null;
  return { header: column.header, letter: table.columns[column.index], field: column.field && isReferenceField(column.field) ? column.field : null };
}

/** The distinct values a reference column holds (a list column's items one by one). */
export function valuesInColumn(rows: readonly MappedRow[], field: ReferenceField): Map<string, string> {
  const list = fieldDefinition(field).type === 'reference-list';
  const values = new Map<string, string>();
  for (const row of rows) {
    const cell = rawCellOf(row, field);
    const text = cell?.value;
    if (!text) continue;
    for (const item of list ? splitList(text) : [cleanText(text)]) {
      const key = cleanText(item).toLowerCase();
      if (key && !values.has(key)) values.set(key, cleanText(item));
      // A StdCode column's "6" is also known as the importer reads it, "StdCode 6" (see shared/ilr).
      const read = readIlrCodes(field, cell?.header, cleanText(item));
      if (read !== cleanText(item) && !values.has(read.toLowerCase())) values.set(read.toLowerCase(), read);
    }
  }
  return values;
}

/**
 * Splits `Column:file value=OneFile name or ID`. A header, value or name may itself
 * hold ":" or "=": the split chosen is the one whose column exists and whose value is
 * in that column, else the first of each.
 */
export function splitAccept(text: string, knows: { column(name: string): boolean; value(column: string, value: string): boolean }): AcceptText {
  const colons = [...text.matchAll(/:/g)].map((m) => m.index!);
  if (colons.length === 0) throw new ChoiceError(`--accept "${text}": write it as "Column:value in the file=OneFile name or ID".`);
  const splits: AcceptText[] = [];
  for (const colon of colons) {
    const rest = text.slice(colon + 1);
    for (const equals of [...rest.matchAll(/=/g)].map((m) => m.index!)) {
      splits.push({ column: text.slice(0, colon).trim(), value: rest.slice(0, equals).trim(), target: rest.slice(equals + 1).trim() });
    }
  }
  if (splits.length === 0) throw new ChoiceError(`--accept "${text}": write it as "Column:value in the file=OneFile name or ID" (the "=" is missing).`);
  return (
    splits.find((s) => knows.column(s.column) && knows.value(s.column, s.value)) ??
    splits.find((s) => knows.column(s.column)) ??
    splits[0]
  );
}

export interface AcceptContext {
  table: Pick<Table, 'headers' | 'columns'>;
  mapping: Mapping;
  rows: readonly MappedRow[];
  directory: Directory;
}

/**
 * Checks an `--accept` against the file and OneFile: the column must be one whose
 * names are looked up in OneFile, the value must be in it, and the target must be
 * exactly one record of that kind (by name, MIS ID, code or ID). Throws a ChoiceError
 * that says which part is wrong and what would be right.
 */
export function checkAccept(text: string, context: AcceptContext): ValueChoice {
  const parts = splitAccept(text, knownTo(context));
  const { field, value } = fileValue(`--accept "${text}"`, parts, context);
  const resolution = createResolver(context.directory).resolveReference(field, parts.target);
  if (resolution.status === 'matched') return { field, value, id: resolution.id, name: resolution.name };
  if (resolution.status === 'ambiguous') {
    const which = resolution.candidates.slice(0, 5).map((c) => `${c.name} (ID ${c.id})`).join(', ');
    throw new ChoiceError(`--accept "${text}": "${parts.target}" fits more than one record in OneFile: ${which}. Give its ID instead.`);
  }
  const near = resolution.suggestions.slice(0, 3).map((s) => `"${s.name}" (ID ${s.id})`).join(', ');
  throw new ChoiceError(`--accept "${text}": OneFile has nothing called "${parts.target}"${near ? `; did you mean ${near}?` : '.'}`);
}

/** What `splitAccept` asks of the file: whether it has a column, and a value in it. */
function knownTo(context: AcceptContext): { column(name: string): boolean; value(column: string, value: string): boolean } {
  const column = (name: string) => columnForName(name, context.table, context.mapping);
  return {
    column: (name) => column(name) !== null,
    value: (name, value) => {
      const found = column(name);
      return found?.field ? valuesInColumn(context.rows, found.field).has(cleanText(value).toLowerCase()) : false;
    },
  };
}

/** The field and the file's value a choice names; a ChoiceError, naming `option`, when the file has no such column or value. */
function fileValue(option: string, parts: Pick<AcceptText, 'column' | 'value'>, context: AcceptContext): { field: ReferenceField; value: string } {
  const found = columnForName(parts.column, context.table, context.mapping);
  if (!found) throw new ChoiceError(`${option}: the file has no column "${parts.column}". Its columns: ${context.table.headers.join(', ')}.`);
  if (!found.field) {
    throw new ChoiceError(`${option}: column ${found.letter} (${found.header}) is not one whose names are looked up in OneFile (assessor, class, placement, standards, units...).`);
  }
  const values = valuesInColumn(context.rows, found.field);
  const value = values.get(cleanText(parts.value).toLowerCase());
  if (value === undefined) {
    const some = [...values.values()].slice(0, 5).map((v) => `"${v}"`).join(', ');
    throw new ChoiceError(`${option}: no row has "${parts.value}" in column ${found.letter} (${found.header})${some ? `; it has ${some}` : ''}.`);
  }
  return { field: found.field, value };
}

/**
 * Checks a `--leave-out "Column:file value"`: a standard or unit in the file that is no
 * OneFile record (an MIS report's programme aim, "ZPROG001"), to be left out of its
 * rows' lists. Only a standards or units column can leave a value out: every row needs
 * its assessor, class and placement.
 */
export function checkLeaveOut(text: string, context: AcceptContext): ValueChoice {
  const colons = [...text.matchAll(/:/g)].map((m) => m.index!);
  if (colons.length === 0) throw new ChoiceError(`--leave-out "${text}": write it as "Column:value in the file".`);
  const splits = colons.map((colon) => ({ column: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() }));
  const known = knownTo(context);
  const parts = splits.find((s) => known.column(s.column) && known.value(s.column, s.value)) ?? splits.find((s) => known.column(s.column)) ?? splits[0];
  const { field, value } = fileValue(`--leave-out "${text}"`, parts, context);
  if (!canLeaveOut(field)) {
    throw new ChoiceError(`--leave-out "${text}": only a standard or unit can be left out of a row (every row needs its ${REFERENCE_NOUNS[field]}); give the OneFile record with --accept.`);
  }
  return leftOutChoice(field, value);
}

/**
 * The profile to save after choices: the profile in use (or one made from the
 * mapping), its columns as mapped now, and each choice in its value maps, exactly as
 * the app's "choose" does (`rememberResolution`).
 */
export function profileWithChoices(base: MappingProfile | undefined, mapping: Mapping, choices: readonly ValueChoice[]): MappingProfile {
  let profile: MappingProfile = { ...(base ?? profileFromMapping(mapping)), columns: profileFromMapping(mapping).columns };
  for (const choice of choices) profile = rememberResolution(profile, choice.field, choice.value, choice.id);
  return profile;
}
