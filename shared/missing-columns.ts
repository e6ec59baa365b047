import { fieldDefinition, requiredFieldsFor, ROLE_KEYS, ROLE_LABELS, type FieldKey, type RoleKey } from './fields';
import { hasAnyFieldValue, type MappedRow } from './mapped-rows';
import type { FileIssue } from './validate';

/**
 * Required fields no column is mapped to, said once for the file. Who needs them
 * depends on whether a row creates, which only the planner knows (it has OneFile's
 * directory): a row with a MIS ID, ULN, NI number or email may be about a user who
 * exists and needs none of them (issue 13: assignment files). So for such rows the
 * file is warned once and only the rows that turn out to create are blocked (by the
 * plan); a row with no key at all can only create, and its missing column is an error.
 */

/** The fields that can find a user already in OneFile (the planner's match keys). */
export const FINDING_FIELDS: readonly FieldKey[] = ['MISID', 'ULN', 'NINO', 'Email'];

/** True when the row has a value that may find a user already in OneFile. */
export function mayFindExistingUser(row: MappedRow): boolean {
  return hasAnyFieldValue(row, FINDING_FIELDS);
}

const REQUIRED_BY_ROLE = new Map<RoleKey, readonly FieldKey[]>(ROLE_KEYS.map((role) => [role, requiredFieldsFor(role)]));

/**
 * The fields OneFile needs to create a user of this role that neither a column nor a value
 * for every row gives (`hasColumn` says which are given). A row that creates is blocked for
 * them: the plan blocks it by this rule (main/import/plan/row.ts), and Review and Map say it
 * of the file before the plan (`missingColumnIssues`), when only OneFile can tell which rows create.
 */
export function createFieldsWithoutColumn(role: RoleKey, hasColumn: (field: FieldKey) => boolean): FieldKey[] {
  return REQUIRED_BY_ROLE.get(role)!.filter((field) => !hasColumn(field));
}

/** "a, b or c". */
function either(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * The file issues for required fields with no column: an error per field for rows that
 * can only create, one warning for all the fields rows that may find a user lack.
 */
export function missingColumnIssues(
  rows: readonly MappedRow[],
  mapped: ReadonlySet<FieldKey>,
  roleOf: (row: MappedRow) => RoleKey | null,
  describeRows: (rows: readonly number[]) => string,
): FileIssue[] {
  const hasColumn = (field: FieldKey) => mapped.has(field);
  // Every field a role requires has a column (most files): no row need be looked at.
  if (ROLE_KEYS.every((role) => createFieldsWithoutColumn(role, hasColumn).length === 0)) return [];
  const issues: FileIssue[] = [];
  const needing = new Map<FieldKey, { role: RoleKey; rows: number[] }>();
  const forNewOnly = new Map<FieldKey, number[]>();
  const rolesForNewOnly = new Set<RoleKey>();
  for (const row of rows) {
    const role = roleOf(row);
    if (!role) continue;
    const mayExist = mayFindExistingUser(row);
    for (const field of createFieldsWithoutColumn(role, hasColumn)) {
      if (mayExist) {
        const list = forNewOnly.get(field) ?? [];
        list.push(row.row);
        forNewOnly.set(field, list);
        rolesForNewOnly.add(role);
        continue;
      }
      const entry = needing.get(field) ?? { role, rows: [] };
      entry.rows.push(row.row);
      needing.set(field, entry);
    }
  }
  for (const [field, { role, rows: needy }] of needing) {
    const label = fieldDefinition(field).label;
    const whom = needy.length === rows.length ? `every ${ROLE_LABELS[role]}` : `rows ${describeRows(needy)}`;
    issues.push({
      code: 'missing-column',
      severity: 'error',
      field,
      rows: needy,
      message: `No column is mapped to ${label}, which ${whom} needs: map a column to ${label}, give one value for every row, or add a column to the file.`,
    });
  }
  if (forNewOnly.size > 0) issues.push(createColumnsIssue(forNewOnly, rolesForNewOnly));
  return issues;
}

/** One warning for the columns only a new user needs, in a file whose rows may be about users OneFile already has. */
function createColumnsIssue(forNewOnly: Map<FieldKey, number[]>, roles: Set<RoleKey>): FileIssue {
  const labels = [...forNewOnly.keys()].map((field) => fieldDefinition(field).label);
  const people = roles.size === 1 && roles.has('learner') ? 'learners' : 'users';
  const one = labels.length === 1;
  const rows = [...new Set([...forNewOnly.values()].flat())].sort((a, b) => a - b);
  return {
    code: 'create-columns-missing',
    severity: 'warning',
    rows,
    message:
      `No column is mapped to ${either(labels)}: ${one ? 'it is' : 'they are'} needed only to create new ${people}. ` +
      `Rows about ${people} already in OneFile (found by MIS ID, ULN, NI number or email) go ahead without ${one ? 'it' : 'them'}; ` +
      `a row about a new one is blocked. To create new ${people}, map a column to ${one ? 'it' : 'each'}, or give one value for every row.`,
  };
}
