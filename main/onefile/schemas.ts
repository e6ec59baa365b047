import { z } from 'zod';

/**
 * The shapes OneFile answers with, PascalCase as it sends them (onefile-api.md).
 * Lenient where the API varies (extra keys kept, null optional values read as absent,
 * numeric IDs sent as text accepted), strict about what the importer relies on.
 */

/** A OneFile integer ID; also accepted as a digit string. */
export const oneFileId = z.union([z.int().positive(), z.string().regex(/^\d+$/).transform(Number)]);

/** Unit IDs are opaque text (`KS_COMM1`); numeric ones become strings too. */
export const unitId = z.union([z.string().trim().min(1), z.int()]).transform(String);

const NAMED_REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * Text as OneFile holds it, its HTML character references read back (`O&#39;Connor` is
 * O'Connor, `Health &amp; Social Care` is Health & Social Care): a OneFile sanitising its
 * input stores and answers text so [assume: text comes back as it was sent]. Unread, a
 * learner called O'Connor was "updated" every week and failed, and a placement with an `&`
 * looked missing.
 */
export function decodeHtmlReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_REFERENCES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Whether a OneFile sanitising its input would hold this text otherwise than sent (it has
 * `&`, `<`, `>`, `"` or `'`): such a OneFile may compare a search's filter with what it holds,
 * so a search by this text finds nothing though the record is there. A check that decides
 * "not made" from a search never filters by such text (run/verify.ts).
 */
export function changedByHtmlEncoding(value: string): boolean {
  return /[&<>"']/.test(value);
}

/**
 * The forms a OneFile sanitising its input could hold this text in: `&amp;`, `&lt;`, `&gt;`,
 * `&quot;`, and the apostrophe as .NET's encoders write it (`&#39;`), as OWASP's do
 * (`&#x27;`), as PHP's does (`&#039;`), or as XML and HTML5 encoders do (`&apos;`). Empty when the text has nothing to encode. A search that must not miss a
 * record (the look-up by email before creating) filters by each of them as well as by the
 * text as sent: a OneFile encoding only what it stores compares a filter as sent with what
 * it holds.
 */
export function htmlEncodedForms(value: string): string[] {
  if (!changedByHtmlEncoding(value)) return [];
  const common = value.replace(/[&<>"]/g, (c) => HTML_ENCODED[c]);
  return [...new Set(['&#39;', '&#x27;', '&#039;', '&apos;'].map((apostrophe) => common.replace(/'/g, apostrophe)))];
}

const HTML_ENCODED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** A name or title: required text, its character references read. */
const name = z.string().transform(decodeHtmlReferences);

/** Text; a number where a OneFile types the field as one (a ULN written as a `long`) is read as its digits. */
const text = z
  .union([z.string().transform(decodeHtmlReferences), z.number().transform(String)])
  .nullish()
  .transform((v) => v ?? undefined);
/** A number; also written as text (`"5"`), as a OneFile writing values with .NET's ToString does. */
const numberValue = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
/** A flag: `true`/`false`, also `"True"`/`"false"` or 1/0. */
const flagValue = z.union([
  z.boolean(),
  z.literal([0, 1]).transform((v) => v === 1),
  z.string().trim().toLowerCase().pipe(z.enum(['true', 'false', '1', '0'])).transform((v) => v === 'true' || v === '1'),
]);
const flag = flagValue.nullish().transform((v) => v ?? undefined);
const optionalId = oneFileId.nullish().transform((v) => v ?? undefined);

/** Role names an enum converter might write for the documented roles (letters only, lower case). */
const ROLE_BY_NAME: Record<string, number> = {
  learner: 1,
  traineeassessor: 4,
  assessor: 5,
  iqa: 10,
  iv: 10,
  iviqa: 10,
  internalverifier: 10,
  internalqualityassurer: 10,
  employer: 40,
  observer: 45,
};

/** A user's role: its number (also as text), or its name (`"Learner"`); a name not known is left unknown. */
const role = z
  .union([numberValue, z.string().transform((name) => ROLE_BY_NAME[name.toLowerCase().replace(/[^a-z]/g, '')])])
  .nullish()
  .transform((v) => v ?? undefined);

export const customerSchema = z.looseObject({ ID: oneFileId, Name: name });
export type Customer = z.output<typeof customerSchema>;

export const organisationSchema = z.looseObject({
  ID: oneFileId,
  Name: name,
  KeychainCreationForNewUserActive: flag,
  KeychainEmailSuppression: flag,
});
export type Organisation = z.output<typeof organisationSchema>;

/** A user as searches return it (few fields) or `GET User/{id}` (many). */
export const userSchema = z.looseObject({
  ID: oneFileId,
  FirstName: text,
  LastName: text,
  MISID: text,
  Username: text,
  OrganisationID: optionalId,
  Role: role,
  Email: text,
  ULN: text,
  NINO: text,
  DOB: text,
  StartOn: text,
  PlannedEndDate: text,
  DefaultAssessorID: optionalId,
  DefaultEmployerID: optionalId,
  ClassroomID: optionalId,
  PlacementID: optionalId,
  LearnerStatusID: optionalId,
  Archived: flag,
  LastModified: text,
});
export type OneFileUser = z.output<typeof userSchema>;

/**
 * `POST User`'s answer: the new user [seen], or only its ID (`123`, `"123"`), as the
 * programme assigns answer [assume], read as a user of which only the ID is known.
 */
export const createdUserSchema = z.union([userSchema, oneFileId.transform((ID) => userSchema.parse({ ID }))]);

export const classroomSchema = z.looseObject({ ID: oneFileId, Name: name, MISID: text, OrganisationID: optionalId });
export type Classroom = z.output<typeof classroomSchema>;

export const placementSchema = z.looseObject({ ID: oneFileId, Name: name, MISID: text, OrganisationID: optionalId });
export type Placement = z.output<typeof placementSchema>;

export const standardSchema = z.looseObject({ ID: oneFileId, Title: name, OrganisationID: optionalId });
export type Standard = z.output<typeof standardSchema>;

export const unitSchema = z.looseObject({ ID: unitId, Title: name, StandardID: optionalId, OrganisationID: optionalId });
export type Unit = z.output<typeof unitSchema>;

/** Rows carry `Title` (what a production integration reads) or `Name`: either is the template's name. */
export const frameworkTemplateSchema = z
  .looseObject({ ID: oneFileId, Name: text, Title: text, OrganisationID: optionalId })
  .refine((t) => t.Name !== undefined || t.Title !== undefined, { message: 'a framework template needs a Title or a Name' })
  .transform((t) => ({ ...t, Name: (t.Name ?? t.Title) as string }));
export type FrameworkTemplate = z.output<typeof frameworkTemplateSchema>;

/** A learning aim's status: not read by the importer, so one written as a name (`"InProgress"`) is no reason to refuse the row. */
const aimStatus = z
  .union([numberValue, z.string().transform(() => undefined)])
  .nullish()
  .transform((v) => v ?? undefined);

export const learningAimSchema = z.looseObject({ ID: oneFileId, StandardID: oneFileId, UserID: optionalId, Status: aimStatus });
export type LearningAim = z.output<typeof learningAimSchema>;

export const unitSummarySchema = z.looseObject({ ID: oneFileId, UnitID: unitId, StandardID: optionalId, UserID: optionalId });
export type UnitSummary = z.output<typeof unitSummarySchema>;

export const learnerStatusSchema = z.looseObject({ ID: oneFileId, Name: text, Description: text });
export type LearnerStatus = z.output<typeof learnerStatusSchema>;

/**
 * The bare integer ID answered by Standard and Unit assignment: `123`, `"123"` or,
 * tolerated, `{ "ID": 123 }`.
 */
export const createdIdSchema = z.union([oneFileId, z.looseObject({ ID: oneFileId }).transform((o) => o.ID)]);

/**
 * A search answer: a bare JSON array; undefined (204 or empty body) or `null` (200 with
 * `null`, as a .NET action returning nothing may answer [assume]) means no rows. Before,
 * `null` failed every import at its first empty search.
 */
export function searchAnswer<S extends z.ZodType>(row: S) {
  return z.preprocess(rowsOfAnEnvelope, z.array(row).nullish()).transform((rows) => rows ?? []);
}

/**
 * A search answered as an object holding its rows (an "envelope": `{"Items": [...],
 * "TotalCount": 250}`), as many .NET APIs answer lists, where the guides show a bare array
 * [assume]: before, every import stopped at its first search. The rows are taken only
 * from an object with exactly one list, under a name such APIs give it; anything else is
 * left to fail as an answer the importer cannot read (a list of errors, say, is never
 * taken for "no rows", which would make existing learners look new).
 */
function rowsOfAnEnvelope(answer: unknown): unknown {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return answer;
  const lists = Object.entries(answer).filter(([, value]) => Array.isArray(value));
  return lists.length === 1 && ENVELOPE_KEYS.has(lists[0][0].toLowerCase()) ? lists[0][1] : answer;
}

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['items', 'data', 'results', 'records', 'rows', 'value', 'list']);
