import { REFERENCE_FIELD_KEYS } from '../../../shared/fields';
import { isStandardCodeValue } from '../../../shared/ilr';
import type { ValueMaps } from '../../../shared/mapping';
import { misidKey } from '../../../shared/normalise';
import type { MappingProfile } from '../../../shared/profile';
import type { Directory, DirectoryUser } from './types';
import { displayName, exactPersonForms, normaliseName, personKey, personKeyFromText, surnameFirstKeys, tidySpaces } from './person-names';
import { ROLE, type RoleId } from '../plan/types';
import { createSuggester, type Suggester, type Suggestion } from './suggest';

/**
 * Turning what a spreadsheet says ("Business Admin Level 2", "Fayre, James", "JFAYE51P",
 * "412") into the one OneFile record it means, or saying honestly that it means none or
 * several. The resolver never picks between two candidates: an ambiguous value stops
 * its rows until a person chooses, and that choice is remembered in the mapping
 * profile's value maps so next week's file resolves by itself.
 *
 * Order, for each value:
 *  1. the profile's value map (a person's explicit choice wins over any guess; a value
 *     map whose target no longer resolves is ignored and reported);
 *  2. identifiers: OneFile ID, MIS ID (or a standard's code), email for people; one
 *     record -> matched, several -> ambiguous. A person's, a class's or a placement's MIS
 *     ID is compared as a learner's is (`misidKey`): 123 finds the assessor (or class)
 *     whose MIS ID is 000123, and names two when one has 0123 and another 123;
 *  3. exact name ("First Last" or "Last, First" for people);
 *  4. normalised name (case, spaces, NBSP, punctuation, accents, "&"/"and",
 *     "Level 2"/"Lvl 2"/"L2"); a person's name may also be written surname first
 *     without a comma ("FAYRE James"), and a name that fits one person either way
 *     round and another person the other way is ambiguous;
 *  5. otherwise unmatched, with fuse.js's ranked suggestions.
 */

export const REFERENCE_FIELDS = REFERENCE_FIELD_KEYS;
export type ReferenceField = (typeof REFERENCE_FIELDS)[number];

export function isReferenceField(field: string): field is ReferenceField {
  return (REFERENCE_FIELDS as readonly string[]).includes(field);
}

/** Which staff roles each people-field accepts. */
export const ROLES_FOR_FIELD: Partial<Record<ReferenceField, readonly RoleId[]>> = {
  Assessor: [ROLE.Assessor, ROLE.TraineeAssessor],
  IQA: [ROLE.IQA],
  Employer: [ROLE.Employer],
  Observer: [ROLE.Observer],
};

/** A mapping profile's value maps: field -> file value -> OneFile name or ID. */
export type { ValueMaps } from '../../../shared/mapping';

export type MatchVia = 'value-map' | 'id' | 'misid' | 'email' | 'exact' | 'normalised' | 'surname-first';

export interface Candidate {
  id: number | string;
  name: string;
  /** What tells two candidates apart: MIS ID, email, standard. */
  detail?: string;
}

export type Resolution =
  | { status: 'matched'; id: number | string; name: string; via: MatchVia }
  | {
      status: 'ambiguous';
      candidates: Candidate[];
      /** Every candidate has the value for MIS ID (as compared: 0123 and 123 are one): writing it otherwise tells none apart. */
      byMisid?: true;
    }
  | {
      status: 'unmatched';
      suggestions: Suggestion[];
      /** A value map entry for this value whose target OneFile no longer has. */
      staleValueMap?: string;
      /** Users the name fitted who proved not of this organisation's staff of that role (plan/confirm-staff.ts). */
      notHere?: NotHere[];
    };

/** A user a staff name fitted, read and found not of this organisation's staff of that role, and why ("of organisation 5741", "a learner"). */
export interface NotHere {
  id: number;
  name: string;
  why: string;
}

export interface ResolveScope {
  /** Units: prefer the units of these standards (a unit title may repeat across standards). */
  standardIds?: readonly number[];
  /** Match by MIS ID only (after the value maps): an ILR's EmpId is an employer reference number, never a OneFile ID or name. */
  misIdOnly?: boolean;
}

export interface Resolver {
  resolveReference(field: ReferenceField, value: string, scope?: ResolveScope): Resolution;
  /** The directory's display name for a record (for messages and descriptions). */
  nameOf(field: ReferenceField, id: number | string): string | undefined;
}

/** One record as the resolver compares it. */
interface Target {
  id: number | string;
  name: string;
  /** Identifiers besides the ID, as compared (`codeOf`): MIS ID, email, standard code. */
  codes: Array<{ value: string; via: MatchVia }>;
  exact: string[];
  key: string;
  detail?: string;
  standardId?: number;
}

interface FieldIndex {
  targets: Target[];
  suggester: Suggester;
}

const isPeopleField = (field: ReferenceField) => ROLES_FOR_FIELD[field] !== undefined;

/** The fields whose records carry an MIS ID: people, classes and placements (a standard's code is no MIS ID). */
const hasMisid = (field: ReferenceField) => isPeopleField(field) || field === 'Classroom' || field === 'Placement';

/**
 * An identifier as compared: lower case; an MIS ID as `misidKey` has it (one of digits
 * alone without the zeros at its front, which Excel drops from a number). A standard's
 * code is compared as written.
 */
function codeOf(field: ReferenceField, via: MatchVia, value: string): string {
  return via === 'misid' && hasMisid(field) ? misidKey(value) : value.toLowerCase();
}

function personTarget(field: ReferenceField, user: DirectoryUser): Target {
  const codes: Target['codes'] = [];
  if (user.misid) codes.push({ value: codeOf(field, 'misid', user.misid), via: 'misid' });
  if (user.email) codes.push({ value: user.email.toLowerCase(), via: 'email' });
  return {
    id: user.id,
    name: displayName(user),
    codes,
    exact: exactPersonForms(user),
    key: personKey(user),
    detail: [user.misid, user.email].filter(Boolean).join(', ') || undefined,
  };
}

function targetsFor(directory: Directory, field: ReferenceField): Target[] {
  const roles = ROLES_FOR_FIELD[field];
  if (roles) return directory.staff.filter((u) => roles.includes(u.role) && !u.archived).map((user) => personTarget(field, user));
  switch (field) {
    case 'Classroom':
    case 'Placement':
      return (field === 'Classroom' ? directory.classrooms : directory.placements).map((p) => ({
        id: p.id,
        name: p.name,
        codes: p.misid ? [{ value: codeOf(field, 'misid', p.misid), via: 'misid' as const }] : [],
        exact: [tidySpaces(p.name)],
        key: normaliseName(p.name),
        detail: p.misid ?? undefined,
      }));
    case 'FrameworkTemplate':
      return directory.templates.map((t) => ({ id: t.id, name: t.name, codes: [], exact: [tidySpaces(t.name)], key: normaliseName(t.name) }));
    case 'Standards':
      return directory.standards.map((s) => ({
        id: s.id,
        name: s.title,
        codes: s.reference ? [{ value: s.reference.toLowerCase(), via: 'misid' as const }] : [],
        exact: [tidySpaces(s.title)],
        key: normaliseName(s.title),
        detail: s.reference ?? undefined,
      }));
    case 'Units': {
      const standardTitle = new Map(directory.standards.map((s) => [s.id, s.title]));
      return directory.units.map((u) => ({
        id: u.id,
        name: u.title,
        codes: [],
        exact: [tidySpaces(u.title)],
        key: normaliseName(u.title),
        detail: standardTitle.get(u.standardId),
        standardId: u.standardId,
      }));
    }
    default:
      return [];
  }
}

function distinct(targets: Target[]): Target[] {
  const seen = new Map<string, Target>();
  for (const t of targets) seen.set(String(t.id), t);
  return [...seen.values()];
}

function candidates(targets: Target[]): Candidate[] {
  return targets.map((t) => ({ id: t.id, name: t.name, ...(t.detail ? { detail: t.detail } : {}) }));
}

function matched(target: Target, via: MatchVia): Resolution {
  return { status: 'matched', id: target.id, name: target.name, via };
}

/**
 * Steps 2-4 over a set of targets. Returns undefined when nothing matched at all, so
 * the caller can go on to the next source (a wider scope, suggestions).
 */
function resolveAmong(targets: Target[], field: ReferenceField, value: string): Resolution | undefined {
  const text = tidySpaces(value);
  if (!text) return undefined;
  const lower = text.toLowerCase();

  const byId = targets.filter((t) => String(t.id) === text || (field === 'Units' && String(t.id).toLowerCase() === lower));
  const misid = codeOf(field, 'misid', text);
  const isCode = (c: Target['codes'][number]) => c.value === (c.via === 'misid' ? misid : lower);
  const byCode = targets.filter((t) => t.codes.some(isCode));
  const identified = distinct([...byId, ...byCode]);
  if (identified.length === 1) {
    const only = identified[0];
    const via = byId.includes(only) ? 'id' : only.codes.find(isCode)!.via;
    return matched(only, via);
  }
  if (identified.length > 1) {
    const byMisid = byId.length === 0 && identified.every((t) => t.codes.some((c) => c.via === 'misid' && isCode(c)));
    return { status: 'ambiguous', candidates: candidates(identified), ...(byMisid ? { byMisid } : {}) };
  }

  const exact = distinct(targets.filter((t) => t.exact.includes(text)));
  const key = isPeopleField(field) ? personKeyFromText(text) : normaliseName(text);
  const normalised = exact.length > 0 ? exact : distinct(targets.filter((t) => t.key === key));
  // "FAYRE James": a person written surname first; never picked over someone it fits the other way round.
  const surnameFirst = isPeopleField(field) ? surnameFirstMatches(targets, text, normalised) : [];
  const found = distinct([...normalised, ...surnameFirst]);
  if (found.length > 1) return { status: 'ambiguous', candidates: candidates(found) };
  if (found.length === 0) return undefined;
  return matched(found[0], exact.length > 0 ? 'exact' : normalised.length > 0 ? 'normalised' : 'surname-first');
}

/** The people `text` names when read surname first, besides those it names as written. */
function surnameFirstMatches(targets: Target[], text: string, asWritten: Target[]): Target[] {
  const keys = surnameFirstKeys(text);
  return keys.length === 0 ? [] : targets.filter((t) => keys.includes(t.key) && !asWritten.includes(t));
}

/** Suggestions for a value that matched nothing; a person's name is also tried surname first. */
function suggestionsFor(suggester: Suggester, field: ReferenceField, text: string): Suggestion[] {
  if (!isPeopleField(field)) return suggester.suggest(normaliseName(text));
  const best = new Map<string, Suggestion>();
  for (const query of [personKeyFromText(text), ...surnameFirstKeys(text)]) {
    for (const suggestion of suggester.suggest(query)) {
      const known = best.get(String(suggestion.id));
      if (!known || known.score < suggestion.score) best.set(String(suggestion.id), suggestion);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, 5);
}

/** The value map entry for a value: exact first, then one whose normalised text is the same. */
function valueMapTarget(valueMaps: ValueMaps, field: ReferenceField, value: string): string | undefined {
  const map = valueMaps[field];
  if (!map) return undefined;
  const text = tidySpaces(value);
  if (map[text] !== undefined) return map[text];
  if (map[value] !== undefined) return map[value];
  const key = normaliseName(text);
  const hits = Object.entries(map).filter(([fileValue]) => normaliseName(fileValue) === key);
  const targets = new Set(hits.map(([, target]) => target));
  return targets.size === 1 ? hits[0][1] : undefined;
}

/**
 * An employer reference number (an ILR's EmpId) against the placements' MIS IDs only, as
 * any MIS ID is compared (`misidKey`). With no match, every record is offered: a number
 * is no name to compare, and a person chooses once (the choice becomes a value map).
 */
function byMisIdOnly(targets: Target[], field: ReferenceField, value: string, staleValueMap: string | undefined): Resolution {
  const wanted = codeOf(field, 'misid', tidySpaces(value));
  const hits = distinct(targets.filter((t) => t.codes.some((c) => c.via === 'misid' && c.value === wanted)));
  if (hits.length === 1) return matched(hits[0], 'misid');
  if (hits.length > 1) return { status: 'ambiguous', candidates: candidates(hits), byMisid: true };
  const everyRecord = targets.map((t) => ({ id: t.id, name: t.detail ? `${t.name} (${t.detail})` : t.name, score: 0 }));
  return { status: 'unmatched', suggestions: everyRecord, ...(staleValueMap ? { staleValueMap } : {}) };
}

/**
 * A resolver over one organisation's directory and one profile's value maps. Indexes
 * (and fuse.js's suggestion index) are built once per field, on first use.
 */
export function createResolver(directory: Directory, valueMaps: ValueMaps = {}): Resolver {
  const indexes = new Map<ReferenceField, FieldIndex>();
  const indexFor = (field: ReferenceField): FieldIndex => {
    let index = indexes.get(field);
    if (!index) {
      const targets = targetsFor(directory, field);
      const suggester = createSuggester(
        targets.map((t) => ({ id: t.id, name: t.detail && field === 'Units' ? `${t.name} (${t.detail})` : t.name, keys: [t.key] })),
      );
      index = { targets, suggester };
      indexes.set(field, index);
    }
    return index;
  };

  // A file repeats the same few classes, assessors and standards on every row: each
  // distinct value is resolved once.
  const remembered = new Map<string, Resolution>();
  const resolveReference = (field: ReferenceField, value: string, scope: ResolveScope = {}): Resolution => {
    const key = `${field}\u0000${value}\u0000${field === 'Units' ? (scope.standardIds ?? []).join(',') : ''}\u0000${scope.misIdOnly ? 'misid' : ''}`;
    let resolution = remembered.get(key);
    if (!resolution) {
      resolution = resolveOnce(field, value, scope);
      remembered.set(key, resolution);
    }
    return resolution;
  };

  const resolveOnce = (field: ReferenceField, value: string, scope: ResolveScope): Resolution => {
    const { targets, suggester } = indexFor(field);
    const scoped =
      field === 'Units' && scope.standardIds?.length
        ? targets.filter((t) => t.standardId !== undefined && scope.standardIds!.includes(t.standardId))
        : targets;

    let staleValueMap: string | undefined;
    const mapped = valueMapTarget(valueMaps, field, value);
    if (mapped !== undefined) {
      const viaMap = resolveAmong(scoped, field, mapped) ?? (scoped !== targets ? resolveAmong(targets, field, mapped) : undefined);
      if (viaMap?.status === 'matched') return { ...viaMap, via: 'value-map' };
      staleValueMap = mapped;
    }

    if (scope.misIdOnly) return byMisIdOnly(targets, field, value, staleValueMap);
    const found = resolveAmong(scoped, field, value) ?? (scoped !== targets ? resolveAmong(targets, field, value) : undefined);
    if (found) return found;

    const text = tidySpaces(value);
    // An ILR standard code is no name to compare: every standard is a candidate, for a person to choose once.
    if (field === 'Standards' && isStandardCodeValue(text)) {
      const everyStandard = targets.map((t) => ({ id: t.id, name: t.detail ? `${t.name} (${t.detail})` : t.name, score: 0 }));
      return { status: 'unmatched', suggestions: everyStandard, ...(staleValueMap ? { staleValueMap } : {}) };
    }
    return { status: 'unmatched', suggestions: suggestionsFor(suggester, field, text), ...(staleValueMap ? { staleValueMap } : {}) };
  };

  return {
    resolveReference,
    nameOf(field, id) {
      return indexFor(field).targets.find((t) => String(t.id) === String(id))?.name;
    },
  };
}

/**
 * Every record a field can name in this organisation, by name: what a person picks
 * from when a value's suggestions do not have the one they mean ("show all").
 */
export function recordsOf(directory: Directory, field: ReferenceField): Candidate[] {
  return candidates(distinct(targetsFor(directory, field))).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A person's confirmed choice, saved into the profile's value maps so the same file
 * value resolves by itself next time. Pure: returns a new profile; the caller saves it.
 */
export function rememberResolution(profile: MappingProfile, field: ReferenceField, fileValue: string, oneFileId: number | string): MappingProfile {
  const values: ValueMaps = { ...(profile.values ?? {}) };
  values[field] = { ...(values[field] ?? {}), [tidySpaces(fileValue)]: String(oneFileId) };
  return { ...profile, values };
}
