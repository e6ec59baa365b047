import type { OneFileUser } from '../../onefile/schemas';
import type { RoleId } from '../plan/types';
import type { DirectoryTemplate, DirectoryUser } from './types';

/** Search rows as the directory keeps them: users, and what a template's row says of its contents. */

/** Scalar fields of a user record kept for comparing updates (objects and arrays are dropped). */
function scalarRecord(user: OneFileUser): DirectoryUser['record'] {
  const record: DirectoryUser['record'] = {};
  for (const [key, value] of Object.entries(user)) {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') record[key] = value;
  }
  return record;
}

/** A OneFile user row as the directory keeps it. `role` is the role searched for. */
export function toDirectoryUser(user: OneFileUser, role: RoleId): DirectoryUser {
  const text = (value: string | undefined) => (value && value.trim() ? value.trim() : null);
  return {
    id: user.ID,
    role: (user.Role as RoleId | undefined) ?? role,
    firstName: user.FirstName?.trim() ?? '',
    lastName: user.LastName?.trim() ?? '',
    misid: text(user.MISID),
    email: text(user.Email)?.toLowerCase() ?? null,
    uln: text(user.ULN),
    archived: user.Archived === true,
    record: scalarRecord(user),
  };
}

/**
 * The template's standards and units, when the search row lists them
 * (`Standards: [{StandardID, Units: [{UnitID}]}]`, or plain ID arrays). Null when absent.
 */
export function templateContents(row: Record<string, unknown>): Pick<DirectoryTemplate, 'standardIds' | 'unitIds'> {
  const standards = row.Standards ?? row.StandardIDs;
  if (!Array.isArray(standards)) return { standardIds: null, unitIds: null };
  const standardIds: number[] = [];
  const unitIds: string[] = [];
  let unitsListed = false;
  for (const entry of standards) {
    if (typeof entry === 'number') standardIds.push(entry);
    else if (entry && typeof entry === 'object') {
      const item = entry as Record<string, unknown>;
      const id = Number(item.StandardID ?? item.ID);
      if (Number.isInteger(id) && id > 0) standardIds.push(id);
      if (Array.isArray(item.Units)) {
        unitsListed = true;
        for (const unit of item.Units) {
          const unitId = unit && typeof unit === 'object' ? (unit as Record<string, unknown>).UnitID : unit;
          if (typeof unitId === 'string' || typeof unitId === 'number') unitIds.push(String(unitId));
        }
      }
    }
  }
  return { standardIds, unitIds: unitsListed ? unitIds : null };
}
