import { WRITABLE_USER_FIELDS } from './user-fields';

/**
 * OneFile's guides write every key in PascalCase with `ID` in capitals (`ID`, `MISID`,
 * `DefaultAssessorID`) [doc], and the importer reads them so. A server serialising with
 * another naming policy (.NET's camel case: `id`, `misid`, `defaultAssessorID`) would
 * answer the same records under other keys; read as they come, every row would lack its
 * `ID`, or worse, a learner row its `MISID` and so look new. Key matching is
 * case-insensitive on the way in [seen], so it is taken to be on the way out too: every
 * key of an answer that matches one the importer knows, ignoring case, is read under the
 * importer's spelling. Keys it does not know are kept as they came.
 */

/** Every key the importer reads from an answer, as the guides spell it. */
const KNOWN_KEYS = [
  // Records and their references
  'ID', 'Name', 'Title', 'Description', 'Reference', 'Status', 'CustomerID', 'OrganisationID', 'UserID', 'StandardID', 'UnitID',
  'StandardIDs', 'Standards', 'Units', 'Username', 'Role', 'Archived', 'LastModified',
  'KeychainCreationForNewUserActive', 'KeychainEmailSuppression',
  // A user's fields (onefile-api.md, Users)
  ...WRITABLE_USER_FIELDS,
] as const;

const KNOWN = new Set<string>(KNOWN_KEYS);
const BY_LOWER = new Map<string, string>(KNOWN_KEYS.map((key) => [key.toLowerCase(), key]));

/**
 * The answer with every known key in the guides' spelling (changed in place: the value
 * was just parsed and is the caller's alone). Objects whose keys are already spelled so
 * are left untouched, so an answer as documented costs one set lookup a key.
 */
export function withGuideKeys(value: unknown, onRenamed?: (from: string, to: string) => void): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') value[i] = withGuideKeys(item, onRenamed);
    }
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  let misspelt = false;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const item = record[key];
    if (item !== null && typeof item === 'object') record[key] = withGuideKeys(item, onRenamed);
    if (!misspelt && !KNOWN.has(key) && guideSpelling(record, key) !== key) misspelt = true;
  }
  if (!misspelt) return record;
  // Rebuilt rather than renamed in place, so rows keep one shape (and V8 its fast properties).
  const rebuilt: Record<string, unknown> = {};
  for (const key of keys) {
    // JSON.parse makes `__proto__` an own key; set on a new object it would be its prototype.
    if (key === '__proto__') continue;
    const spelt = guideSpelling(record, key);
    if (spelt !== key) onRenamed?.(key, spelt);
    rebuilt[spelt] = record[key];
  }
  return rebuilt;
}

/** The guides' spelling of a key, unless the record also has it spelled so (then that one is kept, and this one as it came). */
function guideSpelling(record: Record<string, unknown>, key: string): string {
  if (KNOWN.has(key)) return key;
  const known = BY_LOWER.get(key.toLowerCase());
  return known === undefined || Object.hasOwn(record, known) ? key : known;
}
