/**
 * Mapping profiles: a provider that imports the same MIS export every week maps its
 * columns once and saves the answer. A profile is JSON the user can read and edit:
 *
 *   { "columns": { "Learner Ref": "MISID", "Notes": null },
 *     "values":  { "Classroom": { "Bus Admin L2": "Business Admin L2" } },
 *     "everyRow": { "Assessor": "Kate Anderson" } }
 *
 * `columns` maps a header (matched the way auto-mapping matches: case, spaces and
 * punctuation ignored) to a field key, or to null for "do not import". `values` maps a
 * value in the file to the OneFile name or ID it stands for, per field; a standard or
 * unit mapped to "" is no OneFile record and is left out of its row's list (an MIS
 * report's programme aim: `"Standards": { "ZPROG001": "" }`). `everyRow` gives
 * a field no column holds one value for every row (an ILR has no assessor or class).
 *
 * Profiles are found again by `headerFingerprint`, which ignores column order (and our
 * own report's and export's columns), so a file whose columns were rearranged still
 * finds its profile.
 */

import { z } from 'zod';
import { fieldDefinition, FIELD_KEYS, type FieldKey } from './fields';
import { isAddressPart } from './ilr';
import type { ColumnMapping, Mapping, ValueMaps } from './mapping';
import { cleanText, normaliseHeader } from './normalise';
import { isOwnColumn } from './own-columns';

const fieldKey = z.enum(FIELD_KEYS, {
  error: (issue) => `"${String(issue.input)}" is not a field: use one of ${FIELD_KEYS.join(', ')}`,
});

export const mappingProfileSchema = z
  .object({
    /** Free text for people reading the file. */
    description: z.string().optional(),
    columns: z.record(z.string(), fieldKey.nullable()),
    values: z.partialRecord(fieldKey, z.record(z.string(), z.string())).optional(),
    /** Values for fields the file has no column for, the same on every row (an ILR's assessor and class). */
    everyRow: z.partialRecord(fieldKey, z.string().trim().min(1, 'give a value, or leave the field out')).optional(),
  })
  .strict()
  .superRefine((profile, context) => {
    const seen = new Map<string, string>();
    for (const [header, field] of Object.entries(profile.columns)) {
      if (normaliseHeader(header) === '') {
        context.addIssue({ code: 'custom', path: ['columns', header], message: 'a header cannot be empty' });
      }
      if (field === null) continue;
      const earlier = seen.get(field);
      // An address's lines and postcode in their own columns are one address (see ./ilr).
      if (earlier !== undefined && !(isAddressPart(earlier) && isAddressPart(header))) {
        context.addIssue({
          code: 'custom',
          path: ['columns', header],
          message: `"${earlier}" and "${header}" are both mapped to ${field}: map one column to each field`,
        });
      }
      seen.set(field, header);
    }
    for (const [field, map] of Object.entries(profile.values ?? {})) {
      if (canLeaveOut(field as FieldKey)) continue;
      for (const [value, target] of Object.entries(map ?? {})) {
        if (!isLeftOut(target)) continue;
        context.addIssue({
          code: 'custom',
          path: ['values', field, value],
          message: `give the OneFile name or ID "${value}" stands for: only a standard or unit can be left out ("")`,
        });
      }
    }
    // One whole name on every row would make every learner the same person: whole names come from a column.
    if (profile.everyRow?.FullName !== undefined) {
      context.addIssue({ code: 'custom', path: ['everyRow', 'FullName'], message: 'a whole name cannot be the same on every row: map the column of names to FullName under "columns"' });
    }
  });

export type MappingProfile = z.infer<typeof mappingProfileSchema>;

export class ProfileError extends Error {
  override name = 'ProfileError';
}

/**
 * Checks a parsed JSON value is a profile. Throws a ProfileError whose message lists
 * every problem with where it is, e.g. `columns."Learner Ref": "MSID" is not a field`.
 */
export function parseProfile(json: unknown): MappingProfile {
  const result = mappingProfileSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.map((part) => (typeof part === 'string' && /^\w+$/.test(part) ? part : JSON.stringify(part))).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      message = where === 'values'
        ? `${keys} ${issue.keys.length > 1 ? 'are not fields' : 'is not a field'}: use one of ${FIELD_KEYS.join(', ')}`
        : `${keys} ${issue.keys.length > 1 ? 'are' : 'is'} not part of a profile, which has "columns", "values", "everyRow" and "description"`;
    }
    return where ? `${where}: ${message}` : message;
  });
  throw new ProfileError(`This is not a valid mapping profile:\n- ${problems.join('\n- ')}`);
}

/** `parseProfile` for JSON text, saying so when the text is not JSON at all. */
export function parseProfileText(text: string): MappingProfile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (cause) {
    // JSON.parse quotes the text it met: a spreadsheet given instead has NULs and other control characters there, which make a log a binary file.
    throw new ProfileError(`This mapping profile is not valid JSON: ${(cause as Error).message.replace(/[\u0000-\u001f\u007f]+/g, ' ')}`);
  }
  return parseProfile(json);
}

/** The profile's column choices keyed by normalised header. */
export function profileColumns(profile: MappingProfile): Map<string, FieldKey | null> {
  return new Map(Object.entries(profile.columns).map(([header, field]) => [normaliseHeader(header), field]));
}

/**
 * 32-bit FNV-1a over UTF-16 code units: small, pure and stable everywhere (no
 * TextEncoder, no crypto), which is all a lookup key for a handful of profiles needs.
 */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A short key for a set of headers, the same whatever their order, case, spacing or
 * punctuation: "Forename, Surname" and "SURNAME, forename" give the same fingerprint.
 * Empty headers are ignored, and so are the columns of our own making (./own-columns):
 * an errors report imported again after its fixes, which has the original file's
 * columns and its own, finds the profile saved for the original file. 8 hex digits.
 */
export function headerFingerprint(headers: readonly string[]): string {
  const normalised = headers
    .filter((header) => !isOwnColumn(header))
    .map(normaliseHeader)
    .filter((header) => header !== '')
    .sort();
  return fnv1a(normalised.join('\u001f')).toString(16).padStart(8, '0');
}

/**
 * The mapping a profile gives these headers: each header the profile names gets its
 * field, every other header is left unmapped. (Auto-mapping with a profile, `autoMap`,
 * also guesses the headers the profile does not name.)
 */
export function applyProfile(profile: MappingProfile, headers: readonly string[]): Mapping {
  const columns = profileColumns(profile);
  return {
    columns: headers.map((header, index) => ({ index, header, field: columns.get(normaliseHeader(header)) ?? null })),
    values: profile.values ?? {},
    ...(profile.everyRow ? { everyRow: profile.everyRow } : {}),
  };
}

/** A profile that reproduces a mapping: every column named, unmapped ones as null. */
export function profileFromMapping(mapping: Mapping, description?: string): MappingProfile {
  const columns: Record<string, FieldKey | null> = {};
  for (const column of mapping.columns as ColumnMapping[]) {
    if (normaliseHeader(column.header) !== '') columns[column.header] = column.field;
  }
  const profile: MappingProfile = { columns };
  if (description) profile.description = description;
  if (mapping.values && Object.keys(mapping.values).length > 0) profile.values = mapping.values;
  if (mapping.everyRow && Object.keys(mapping.everyRow).length > 0) profile.everyRow = mapping.everyRow;
  return profile;
}

/** A value map's target for a standard or unit that is no OneFile record: left out of its row's list. */
export const LEFT_OUT = '';

/** Whether a field's value maps may leave an item out: lists (standards, units), where the row's other items stand. */
export function canLeaveOut(field: FieldKey): boolean {
  return fieldDefinition(field).type === 'reference-list';
}

/** Whether a value map's target leaves its item out (`LEFT_OUT`, spaces aside). */
export function isLeftOut(target: string): boolean {
  return target.trim() === LEFT_OUT;
}

/**
 * The OneFile value a file value stands for under the value maps, or the value
 * unchanged (`LEFT_OUT` for an item a person left out). Keys match exactly first, then ignoring case and spacing.
 */
export function mapValue(values: ValueMaps | undefined, field: FieldKey, value: string): string {
  const map = values?.[field];
  if (!map) return value;
  if (Object.hasOwn(map, value)) return map[value];
  const wanted = cleanText(value).toLowerCase();
  for (const [from, to] of Object.entries(map)) {
    if (cleanText(from).toLowerCase() === wanted) return to;
  }
  return value;
}
