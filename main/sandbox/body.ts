/**
 * Request bodies as OneFile reads them: JSON or application/x-www-form-urlencoded,
 * keys matched case-insensitively. Keys are rewritten to the canonical PascalCase
 * spelling so handlers read `body.OrganisationID` whatever the caller wrote.
 */
export type Body = Record<string, unknown>;

const CANONICAL_KEYS = [
  'ID', 'CustomerID', 'OrganisationID', 'Role', 'FirstName', 'LastName', 'Email', 'MISID', 'ULN', 'NINO',
  'DOB', 'StartOn', 'PlannedEndDate', 'DefaultAssessorID', 'DefaultEmployerID', 'ClassroomID', 'PlacementID',
  'CentreRegister', 'EpisodeName', 'CompanyName', 'HomeAddress', 'WorkAddress', 'Telephone', 'MobileNumber',
  'L12', 'L13', 'L14', 'L15', 'L16', 'LearnerStatusID', 'SupportFunding', 'Archived', 'IncludeArchived',
  'LastModified', 'Username', 'Name', 'Title', 'StandardID', 'UnitID', 'UserID', 'LearnerID', 'Level',
  'Status', 'LearningAimID', 'FrameworkTemplateID', 'Reference',
];

const CANONICAL_BY_LOWER = new Map(CANONICAL_KEYS.map((key) => [key.toLowerCase(), key]));

export class BodyError extends Error {}

/**
 * Parses a body. Empty means `{}`. Form bodies give string values; JSON keeps its
 * types. Anything that is not an object (an array, a number, bad JSON) is a BodyError.
 */
export function parseBody(text: string, contentType: string | undefined): Body {
  if (text.trim() === '') return {};
  if ((contentType ?? '').toLowerCase().includes('application/x-www-form-urlencoded')) {
    const body: Body = {};
    for (const [key, value] of new URLSearchParams(text)) body[canonicalKey(key)] = value;
    return body;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BodyError('The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BodyError('The request body must be a JSON object.');
  }
  const body: Body = {};
  for (const [key, value] of Object.entries(parsed)) body[canonicalKey(key)] = value;
  return body;
}

export function canonicalKey(key: string): string {
  return CANONICAL_BY_LOWER.get(key.trim().toLowerCase()) ?? key;
}

const HTML_REFERENCES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The body with every string HTML-encoded, as a server sanitising its input does (the `textInput` switch). */
export function htmlEncoded(body: Body): Body {
  const encoded: Body = {};
  for (const [key, value] of Object.entries(body)) encoded[key] = typeof value === 'string' ? value.replace(/[&<>"']/g, (c) => HTML_REFERENCES[c]) : value;
  return encoded;
}
