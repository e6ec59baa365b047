import { USER_FIELD_KEYS } from '../../../shared/fields';
import { misidKey, normaliseEmail, normaliseNino, normalisePhone, normaliseSex, normaliseUln } from '../../../shared/normalise';
import { calendarDayOf } from '../../onefile/dates';
import { tidySpaces } from '../directory/person-names';

/**
 * A user's fields as the plan sends them, and what an update would change. An update
 * sends only the fields that differ, compared the way OneFile means them: emails
 * without case, dates by calendar day, IDs as numbers, phones and NI numbers without
 * spacing. A cell left empty never clears a value in OneFile.
 */

/** The row's own user fields, sent under the same name. */
export const DIRECT_USER_FIELDS = USER_FIELD_KEYS;

/** OneFile fields holding another record's ID. */
export const ID_FIELDS = ['DefaultAssessorID', 'ClassroomID', 'PlacementID', 'DefaultEmployerID'] as const;

/** A user's calendar dates. */
export const DATE_FIELDS: ReadonlySet<string> = new Set(['DOB', 'StartOn', 'PlannedEndDate']);

export type FieldValue = string | number | boolean;
export type ExistingRecord = Record<string, string | number | boolean | null | undefined>;

/** The calendar day of a date as OneFile sends it ('' when none; as written when it cannot be read as a date). */
export function calendarDay(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return '';
  return calendarDayOf(value) ?? value.trim();
}

/** The comparable form of a field's value. */
export function comparable(field: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (DATE_FIELDS.has(field)) return calendarDay(text);
  if ((ID_FIELDS as readonly string[]).includes(field)) return /^\d+$/.test(text.trim()) ? String(Number(text)) : tidySpaces(text);
  switch (field) {
    case 'Email':
      return normaliseEmail(text);
    case 'ULN':
      return normaliseUln(text);
    case 'NINO':
      return normaliseNino(text);
    case 'MISID':
      return misidKey(text);
    case 'Telephone':
    case 'MobileNumber':
      return normalisePhone(text);
    case 'L13':
      return normaliseSex(text);
    case 'HomeAddress':
    case 'WorkAddress':
      return tidySpaces(text.replace(/\s*(\r\n|\r|\n)\s*/g, ', ')).replace(/\s*,\s*/g, ', ');
    default:
      return tidySpaces(text);
  }
}

/**
 * A name written all in capitals (or all in small letters), as many MIS exports write
 * surnames, says nothing of its capitals: OneFile's "O'Brien" is not changed to "O'BRIEN".
 * A name with capitals of its own ("McDonald" for OneFile's "MCDONALD") is sent.
 */
function sameNameUnsaidCase(field: string, value: FieldValue, old: unknown): boolean {
  if ((field !== 'FirstName' && field !== 'LastName') || typeof value !== 'string' || typeof old !== 'string') return false;
  const text = tidySpaces(value);
  const caseless = text === text.toUpperCase() || text === text.toLowerCase();
  return caseless && text.toLowerCase() === tidySpaces(old).toLowerCase();
}

/** The fields whose value in OneFile is not known from this record (they need `GET User/{id}`). */
export function unknownFields(wanted: Record<string, FieldValue>, existing: ExistingRecord): string[] {
  return Object.keys(wanted).filter((field) => !Object.hasOwn(existing, field));
}

export interface UserChanges {
  changes: Record<string, FieldValue>;
  before: Record<string, FieldValue | null>;
}

/**
 * The fields of `wanted` that differ from `existing`. A field missing from `existing`
 * counts as empty, so it is sent (the caller reads the full user first when it can).
 */
export function diffUser(wanted: Record<string, FieldValue>, existing: ExistingRecord): UserChanges {
  const changes: Record<string, FieldValue> = {};
  const before: Record<string, FieldValue | null> = {};
  for (const [field, value] of Object.entries(wanted)) {
    const old = existing[field];
    if (comparable(field, old) === comparable(field, value) || sameNameUnsaidCase(field, value, old)) continue;
    changes[field] = value;
    before[field] = old === undefined ? null : old;
  }
  return { changes, before };
}
