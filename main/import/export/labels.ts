import { createResolver, recordsOf, type ReferenceField, type Resolver } from '../directory/resolve';
import type { Directory } from '../directory/types';

/**
 * What a spreadsheet should say to name a OneFile record so that importing it finds
 * that record and no other: its name where the name is unique, else its MIS ID (a
 * standard's code, a person's email), else its OneFile ID. The export writes these in
 * the Learners sheet's Assessor, Class and Placement columns, and the template offers
 * them in its drop-down lists, so a sheet that uses them imports with no name to
 * resolve. Each label is checked with the importer's own resolver, never assumed.
 */

/** The reference fields a label is made for: the ones the export and the template name records by. */
export const LABELLED_FIELDS = ['Assessor', 'Classroom', 'Placement', 'Employer', 'IQA', 'Observer', 'Standards', 'FrameworkTemplate'] as const satisfies readonly ReferenceField[];
export type LabelledField = (typeof LABELLED_FIELDS)[number];

/** Per field, each record's label by its OneFile ID (as text); a record no label finds is absent. */
export type RecordLabels = Record<LabelledField, Map<string, string>>;

/** The ways a record may be named, best first: name, then its codes, then its ID. */
function namesFor(directory: Directory, field: LabelledField, id: string, name: string): string[] {
  const names = [name];
  if (field === 'Classroom' || field === 'Placement') {
    const place = (field === 'Classroom' ? directory.classrooms : directory.placements).find((p) => String(p.id) === id);
    if (place?.misid) names.push(place.misid);
  } else if (field === 'Standards') {
    const reference = directory.standards.find((s) => String(s.id) === id)?.reference;
    if (reference) names.push(reference);
  } else if (field !== 'FrameworkTemplate') {
    const person = directory.staff.find((u) => String(u.id) === id);
    if (person?.misid) names.push(person.misid);
    if (person?.email) names.push(person.email);
  }
  names.push(id);
  return names;
}

/** The first of a record's names that the resolver takes back to exactly that record; null when none does. */
export function labelFor(resolver: Resolver, directory: Directory, field: LabelledField, id: string, name: string): string | null {
  for (const candidate of namesFor(directory, field, id, name)) {
    if (!candidate.trim()) continue;
    const resolution = resolver.resolveReference(field, candidate);
    if (resolution.status === 'matched' && String(resolution.id) === id) return candidate;
  }
  return null;
}

/**
 * Every record's label, for every labelled field. Records the importer would not accept
 * for a field (an archived assessor) have none: the resolver does not offer them.
 */
export function recordLabels(directory: Directory): RecordLabels {
  const resolver = createResolver(directory);
  const labels = {} as RecordLabels;
  for (const field of LABELLED_FIELDS) {
    const byId = new Map<string, string>();
    for (const record of recordsOf(directory, field)) {
      const id = String(record.id);
      const label = labelFor(resolver, directory, field, id, record.name);
      if (label !== null) byId.set(id, label);
    }
    labels[field] = byId;
  }
  return labels;
}

/** A field's labels in the order a person looks for them (alphabetical, without case). */
export function sortedLabels(labels: Map<string, string>): string[] {
  return [...new Set(labels.values())].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base' }));
}
