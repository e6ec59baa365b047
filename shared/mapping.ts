/**
 * Auto-mapping: which target field each spreadsheet column holds.
 *
 * In order of trust: a saved mapping profile, the field's own key or label ("FirstName",
 * "Date of birth"), an alias an MIS export uses ("Forename", "Learner Ref"), a weak
 * alias ("Group", "Company"), and last a fuzzy match for typos ("Surnmae", "Emial
 * Address") through fuse.js, scored both ways so a header must resemble the alias as a
 * whole, not merely contain part of it. Two columns never share a field silently: the
 * best keeps it and the others are left unmapped and listed as a conflict.
 *
 * A header of "Employer" means the workplace, which OneFile calls a placement, so it
 * maps to `Placement`; OneFile's `Employer` is a person (an employer user) and takes
 * headers such as "Line Manager" or "Employer Contact". Aliases win over key names for
 * that reason.
 */

import Fuse from 'fuse.js';
import { fieldDefinition, FIELDS, requiredFieldsFor, ROLE_KEYS, type FieldKey, type RoleKey } from './fields';
import { ILR_FIELD_NAMES, isAddressPart } from './ilr';
import { normaliseHeader } from './normalise';
import type { MappingProfile } from './profile';
import { headerAsWritten } from './table';
import { WHOLE_NAME_PARTS } from './whole-name';
import type { FileIssue } from './validate';
import { profileColumns } from './profile';

/**
 * `taken`: the header matched a field another column (a better match) keeps; see `MappingConflict`.
 * `unlike`: the header only looked like a field's name (`guessed`), and the column's values are not of its kind.
 */
export type MatchReason = 'profile' | 'exact' | 'alias' | 'fuzzy' | 'taken' | 'unlike' | 'none';

/**
 * The file's values that stand for OneFile's: field → (file value → OneFile name or ID).
 * A standard or unit may also map to `LEFT_OUT` (see ./profile): a person said it is no
 * OneFile record (an MIS report's programme aim, "ZPROG001"), and it is left out of the row's list.
 */
export type ValueMaps = Partial<Record<FieldKey, Record<string, string>>>;

export interface ColumnMapping {
  /** The column's position in the table (0-based), as in `Table.headers`. */
  index: number;
  header: string;
  field: FieldKey | null;
}

/** Values for fields no column holds, the same on every row: field → text as a cell would hold it. */
export type EveryRowValues = Partial<Record<FieldKey, string>>;

/** What `mapTable` applies: the columns' fields, the value maps and the values for every row. */
export interface Mapping {
  columns: ColumnMapping[];
  values?: ValueMaps;
  /** E.g. the assessor and class of every learner in an ILR file, which has no column for them. */
  everyRow?: EveryRowValues;
}

export interface MappedColumn extends ColumnMapping {
  /** 0..1: 1 for a profile or exact name, 0.95 alias, 0.8 weak alias, 0.4-0.7 fuzzy, 0 none. */
  confidence: number;
  reason: MatchReason;
  /** `unlike`: the field the header looked like. */
  guessed?: FieldKey;
}

export interface MappingConflict {
  field: FieldKey;
  /**
   * Every header that matched the field, the one that kept it first. For `FullName`: the
   * first-name and last-name columns that are used, then the column of whole names.
   */
  headers: string[];
}

export interface AutoMapResult {
  columns: MappedColumn[];
  conflicts: MappingConflict[];
  /** Required fields no column is mapped to. */
  missingRequired: FieldKey[];
}

export interface AutoMapOptions {
  /** The role of every row when no column is mapped to Role. Default learner. */
  defaultRole?: RoleKey;
}

const CONFIDENCE = { profile: 1, exact: 1, alias: 0.95, weak: 0.8 } as const;
/** Fuzzy matches worse than this (fuse.js score, 0 = perfect) are not matches. */
const FUZZY_THRESHOLD = 0.3;
/** A fuzzy match must beat the best match for another field by this much. */
const FUZZY_MARGIN = 0.05;
/** Headers shorter than this (letters and digits) are too short to guess at. */
const FUZZY_MIN_LENGTH = 4;

interface KnownName {
  field: FieldKey;
  reason: 'exact' | 'alias';
  confidence: number;
}

/** Normalised header → field. Aliases override keys and labels (see "Employer" above). */
function buildKnownNames(): Map<string, KnownName> {
  const known = new Map<string, KnownName>();
  for (const f of FIELDS) {
    for (const name of [f.key, f.label]) {
      known.set(normaliseHeader(name), { field: f.key, reason: 'exact', confidence: CONFIDENCE.exact });
    }
  }
  for (const f of FIELDS) {
    for (const alias of f.weakAliases) {
      const key = normaliseHeader(alias);
      if (known.get(key)?.field !== f.key) known.set(key, { field: f.key, reason: 'alias', confidence: CONFIDENCE.weak });
    }
  }
  for (const f of FIELDS) {
    for (const alias of f.aliases) {
      const key = normaliseHeader(alias);
      if (known.get(key)?.field !== f.key) known.set(key, { field: f.key, reason: 'alias', confidence: CONFIDENCE.alias });
    }
  }
  // The ILR's own field names are the sector's: as sure as a field's own name (see ./ilr).
  for (const [name, field] of Object.entries(ILR_FIELD_NAMES)) {
    known.set(normaliseHeader(name), { field, reason: 'exact', confidence: CONFIDENCE.exact });
  }
  return known;
}

const KNOWN_NAMES = buildKnownNames();

/**
 * Headers MIS exports use for what the import does not take, which would otherwise be
 * guessed as a field they only look like ("Completion Date" as Status, "Aim Reference"
 * as MIS ID, an employer contact's email as the employer user): never mapped by
 * themselves, the user can still choose a field for them.
 */
const NOT_FIELDS = new Set(
  [
    'Completion Date', 'Actual End Date', 'Date Left', 'Leaving Date', 'Date of Leaving', 'Withdrawal Date', 'Withdrawal Reason',
    'EPA Date', 'Gateway Date', 'Aim Reference', 'Learning Aim Reference', 'Learning Aim Ref', 'Employer Contact Email',
    'Employer Email', 'Assessor Email', 'Tutor Email',
  ].map(normaliseHeader),
);
const FUZZY_ENTRIES = [...KNOWN_NAMES.entries()].map(([text, known]) => ({ text, field: known.field }));
const FUZZY_INDEX = new Fuse(FUZZY_ENTRIES, {
  keys: ['text'],
  includeScore: true,
  ignoreLocation: true,
  threshold: FUZZY_THRESHOLD + 0.2,
});

/** The field a header names exactly or by alias, if any. */
export function knownField(header: string): KnownName | null {
  return KNOWN_NAMES.get(normaliseHeader(header)) ?? null;
}

/**
 * A typo-tolerant match. fuse.js's score says how well the header occurs inside a
 * name; the reverse search (the name inside the header) is scored too and the worse of
 * the two counts, so "Learner Status" does not match "Learner Start Date".
 */
export function fuzzyField(header: string): { field: FieldKey; score: number } | null {
  const text = normaliseHeader(header);
  if (text.length < FUZZY_MIN_LENGTH) return null;
  const reverse = new Fuse([text], { includeScore: true, ignoreLocation: true, threshold: 1 });
  const scored = FUZZY_INDEX.search(text, { limit: 12 })
    .map((hit) => {
      const back = reverse.search(hit.item.text)[0]?.score ?? 1;
      return { field: hit.item.field, text: hit.item.text, score: Math.max(hit.score ?? 1, back) };
    })
    .sort((a, b) => a.score - b.score || a.text.localeCompare(b.text));
  const best = scored[0];
  if (!best || best.score > FUZZY_THRESHOLD) return null;
  const rival = scored.find((candidate) => candidate.field !== best.field);
  if (rival && rival.score - best.score < FUZZY_MARGIN) return null;
  return { field: best.field, score: best.score };
}

/**
 * A header naming one field twice over ("Trainer/Assessor", "Tutor / Assessor", "Employer
 * or Placement"): each part a name of the same field, the field is matched by alias, as
 * sure as its least sure part. Parts naming different fields ("Forename/Surname") match
 * nothing this way.
 */
function knownAlternatives(header: string): KnownName | null {
  const parts = header.split(/\s*[/&|]\s*|\s+or\s+/i).filter((part) => part.trim() !== '');
  if (parts.length < 2) return null;
  const known = parts.map((part) => KNOWN_NAMES.get(normaliseHeader(part)));
  const [first] = known;
  if (!first || known.some((name) => name?.field !== first.field)) return null;
  return { field: first.field, confidence: Math.min(CONFIDENCE.alias, ...known.map((name) => name!.confidence)), reason: 'alias' };
}

/**
 * A header with an aside in brackets that a known name lacks ("Date of Birth (dd/mm/yyyy)",
 * "Email [personal]"): matched without it, by alias at most.
 */
function knownWithoutAside(header: string): KnownName | null {
  const bare = header.replace(/\s*(\([^)]*\)|\[[^\]]*\])\s*/g, ' ').trim();
  if (bare === header.trim() || bare === '') return null;
  const known = KNOWN_NAMES.get(normaliseHeader(bare)) ?? knownAlternatives(bare);
  return known ? { field: known.field, confidence: Math.min(CONFIDENCE.alias, known.confidence), reason: 'alias' } : null;
}

const REASON_RANK: Record<MatchReason, number> = { profile: 0, exact: 1, alias: 2, fuzzy: 3, taken: 4, unlike: 5, none: 6 };

function matchColumn(index: number, header: string, fromProfile: Map<string, FieldKey | null> | null): MappedColumn {
  const named = normaliseHeader(header);
  if (fromProfile?.has(named)) return { index, header, field: fromProfile.get(named) ?? null, confidence: CONFIDENCE.profile, reason: 'profile' };
  // A header written twice in the file is matched as written: the column it keeps its name in wins (see autoMap).
  const written = headerAsWritten(header);
  const normalised = normaliseHeader(written);
  if (normalised === '') return { index, header, field: null, confidence: 0, reason: 'none' };
  const known = KNOWN_NAMES.get(normalised) ?? knownAlternatives(written) ?? knownWithoutAside(written);
  if (known) return { index, header, field: known.field, confidence: known.confidence, reason: known.reason };
  if (NOT_FIELDS.has(normalised)) return { index, header, field: null, confidence: 0, reason: 'none' };
  const fuzzy = fuzzyField(written);
  if (fuzzy) {
    const confidence = Math.round((0.7 - fuzzy.score) * 100) / 100;
    return { index, header, field: fuzzy.field, confidence, reason: 'fuzzy' };
  }
  return { index, header, field: null, confidence: 0, reason: 'none' };
}

/**
 * The fields a mapping gives a value, from the fields its columns (and values for every
 * row) are mapped to: a column of whole names gives the first and last name too.
 */
export function fieldsGiven(mapped: Iterable<FieldKey | null>): Set<FieldKey> {
  const given = new Set<FieldKey>();
  for (const field of mapped) {
    if (field === null) continue;
    given.add(field);
    if (field === 'FullName') for (const part of WHOLE_NAME_PARTS) given.add(part.field);
  }
  return given;
}

/** Fields a file must have a column for, given whether it says each row's role. */
export function requiredColumns(hasRoleColumn: boolean, defaultRole: RoleKey = 'learner'): FieldKey[] {
  if (!hasRoleColumn) return requiredFieldsFor(defaultRole);
  return requiredFieldsFor(defaultRole).filter((key) => ROLE_KEYS.every((role) => requiredFieldsFor(role).includes(key)));
}

/**
 * Maps each header to a field. Deterministic: the same headers (and profile) always
 * give the same answer. When several columns match one field the most confident keeps
 * it (a tie goes to the stronger reason, then the leftmost column).
 */
export function autoMap(headers: readonly string[], profile?: MappingProfile, options: AutoMapOptions = {}): AutoMapResult {
  const fromProfile = profile ? profileColumns(profile) : null;
  const columns = headers.map((header, index) => matchColumn(index, header, fromProfile));

  const conflicts: MappingConflict[] = [];
  const byField = new Map<FieldKey, MappedColumn[]>();
  for (const column of columns) {
    if (column.field) byField.set(column.field, [...(byField.get(column.field) ?? []), column]);
  }
  for (const [field, claimants] of byField) {
    if (claimants.length < 2) continue;
    // An address's lines and postcode in their own columns make one address (see ./ilr).
    if (claimants.every((column) => column.reason !== 'fuzzy' && isAddressPart(column.header))) continue;
    const ranked = [...claimants].sort(
      (a, b) => b.confidence - a.confidence || REASON_RANK[a.reason] - REASON_RANK[b.reason] || a.index - b.index,
    );
    for (const loser of ranked.slice(1)) {
      columns[loser.index] = { index: loser.index, header: loser.header, field: null, confidence: 0, reason: 'taken' };
    }
    conflicts.push({ field, headers: ranked.map((column) => column.header) });
  }
  // A column of whole names beside a first-name and a last-name column gives nothing they do not.
  const whole = columns.find((column) => column.field === 'FullName' && column.reason !== 'profile');
  const parts = WHOLE_NAME_PARTS.map(({ field }) => columns.find((column) => column.field === field));
  if (whole && parts.every((part) => part !== undefined)) {
    columns[whole.index] = { index: whole.index, header: whole.header, field: null, confidence: 0, reason: 'taken' };
    conflicts.push({ field: 'FullName', headers: [...parts.map((part) => part.header), whole.header] });
  }
  conflicts.sort((a, b) => headers.indexOf(a.headers[0]) - headers.indexOf(b.headers[0]));

  const mapped = fieldsGiven([...columns.map((column) => column.field), ...(Object.keys(profile?.everyRow ?? {}) as FieldKey[])]);
  const missingRequired = requiredColumns(mapped.has('Role'), options.defaultRole).filter((key) => !mapped.has(key));
  return { columns, conflicts, missingRequired };
}

/** The mapping to apply: the columns as auto-mapped (or edited) plus a profile's value maps. */
export function toMapping(columns: readonly ColumnMapping[], profile?: MappingProfile): Mapping {
  return {
    columns: columns.map(({ index, header, field }) => ({ index, header, field })),
    values: profile?.values ?? {},
    ...(profile?.everyRow ? { everyRow: profile.everyRow } : {}),
  };
}

/** Each conflict as a file issue: which column kept the field and which are not imported. */
export function conflictIssues(conflicts: readonly MappingConflict[]): FileIssue[] {
  return conflicts.map(({ field, headers }) => {
    if (field === 'FullName') {
      const [first, last, whole] = headers;
      return {
        code: 'mapping-conflict',
        severity: 'warning',
        field,
        message: `Column "${whole}" holds whole names, and "${first}" and "${last}" hold the first and last name: those are used and "${whole}" is not imported. Change the mapping if that is the wrong way round.`,
      };
    }
    const label = fieldDefinition(field).label;
    const others = headers.slice(1).map((header) => `"${header}"`).join(' and ');
    return {
      code: 'mapping-conflict',
      severity: 'warning',
      field,
      message: `Columns "${headers[0]}" and ${others} ${headers.length > 2 ? 'all' : 'both'} look like ${label}: "${headers[0]}" is used and ${others} ${headers.length > 2 ? 'are' : 'is'} not imported. Change the mapping if that is the wrong way round.`,
    };
  });
}
