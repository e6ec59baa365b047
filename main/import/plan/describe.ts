import { FIELD_KEYS, fieldDefinition, type FieldKey } from '../../../shared/fields';
import { displayName } from '../directory/person-names';
import type { Directory } from '../directory/types';
import { KEY_LABEL } from './match-learner';
import { DATE_FIELDS, type FieldValue } from './user';
import { calendarDayOf } from '../../onefile/dates';
import type { PlacesToCreate, RowPlan } from './types';

/**
 * What an update does, in the words the plan and the results report show a person:
 * "class → Business Admin L3, email → amy@example.com", IDs named as OneFile names
 * them. Each operation's description carries it, so the journal, the progress list and
 * the results say per row what was changed.
 */

/** The user fields holding another record's ID: what they are called, and where their names are. */
const ID_FIELD_WORDS: Record<string, { label: string; name: (directory: Directory, id: number) => string | undefined }> = {
  DefaultAssessorID: { label: 'assessor', name: (d, id) => person(d, id) },
  DefaultEmployerID: { label: 'employer', name: (d, id) => person(d, id) },
  ClassroomID: { label: 'class', name: (d, id) => d.classrooms.find((c) => c.id === id)?.name },
  PlacementID: { label: 'placement', name: (d, id) => d.placements.find((p) => p.id === id)?.name },
};

function person(directory: Directory, id: number): string | undefined {
  const user = directory.staff.find((u) => u.id === id);
  return user ? displayName(user) : undefined;
}

/** A user field (OneFile's key) in the words a person reads: "placement", "date of birth", "MIS ID". */
export function labelOf(field: string): string {
  const id = ID_FIELD_WORDS[field];
  if (id) return id.label;
  if (!(FIELD_KEYS as readonly string[]).includes(field)) return field;
  const label = fieldDefinition(field as FieldKey).label;
  // "MIS ID", "ULN", "NI number" keep their capitals; "First name" reads as "first name" mid-sentence.
  return /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}

function valueOf(field: string, value: FieldValue, directory: Directory): string {
  const id = ID_FIELD_WORDS[field];
  if (id && typeof value === 'number') return id.name(directory, value) ?? `ID ${value}`;
  const text = String(value);
  return (DATE_FIELDS.has(field) && calendarDayOf(text)) || text;
}

/** "class → Business Admin L3, placement → Tesco - York (created by this import)". */
export function describeChanges(changes: Record<string, FieldValue>, directory: Directory, places: PlacesToCreate = {}, placeNames: Record<string, string> = {}): string {
  const parts = Object.entries(changes).map(([field, value]) => `${labelOf(field)} → ${valueOf(field, value, directory)}`);
  for (const [field, creation] of Object.entries(places)) parts.push(`${labelOf(field)} → ${placeNames[creation] ?? creation} (created by this import)`);
  return parts.join(', ');
}

/**
 * The records a new user is given, named as OneFile names them: "assessor James Fayre,
 * class Business Admin L2, placement Tesco - York (created by this import)".
 */
export function describeRecordsGiven(fields: Record<string, FieldValue>, directory: Directory, places: PlacesToCreate = {}, placeNames: Record<string, string> = {}): string {
  const parts = Object.entries(fields)
    .filter(([field, value]) => ID_FIELD_WORDS[field] !== undefined && typeof value === 'number')
    .map(([field, value]) => `${labelOf(field)} ${valueOf(field, value, directory)}`);
  for (const [field, creation] of Object.entries(places)) parts.push(`${labelOf(field)} ${placeNames[creation] ?? creation} (created by this import)`);
  return parts.join(', ');
}

/** The update's description: a link says so ("Link ... (found by ULN): MIS ID → ..."). */
export function updateDescription(plan: Pick<RowPlan, 'name' | 'link'>, changes: string): string {
  if (plan.link) return `Link ${plan.name} (found by ${KEY_LABEL[plan.link.by]}): ${changes}`;
  return `Update ${plan.name}: ${changes}`;
}
