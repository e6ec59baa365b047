import { aRoleOf } from '../../../shared/fields';
import { fieldValue, type MappedRow } from '../../../shared/mapped-rows';
import { isOneFileError } from '../../onefile/errors';
import { ROLES_FOR_FIELD, type Candidate, type NotHere, type ReferenceField, type Resolution, type Resolver } from '../directory/resolve';
import type { Directory } from '../directory/types';
import type { UserReader } from './row';
import { ROLE, type RoleId } from './types';

/**
 * Where the directory's users are unconfirmed (the user search ignored its organisation
 * or role filter and its rows say neither: directory/unconfirmed-users.ts), each staff
 * list holds every user the search gave: other organisations' staff and learners too. A
 * name the file gives for an assessor, IQA, employer or observer is resolved among them.
 * Played (sandbox `numberFilters: ignored`, `pagedUserRows: brief`): an assessor only
 * another organisation has was taken for the learners' assessor, and in a OneFile that
 * stores the ID as given (`staffReferences: unchecked`) THE NEW LEARNERS WERE GIVEN
 * ANOTHER ORGANISATION'S ASSESSOR; and an assessor whose name another organisation's user
 * shares was "ambiguous", blocking every row of theirs.
 *
 * So every staff user a row's staff name resolves to, or is one of the candidates of, is
 * read first (`GET User/{id}`, which says the organisation and role): one of another
 * organisation, or not of a role the field takes, or gone, is no longer a match, and the
 * row is told who OneFile's search gave instead. Costs one read per distinct staff user
 * the file names, only in such a OneFile.
 */

const STAFF_FIELDS = ['Assessor', 'IQA', 'Employer', 'Observer'] as const satisfies readonly ReferenceField[];

interface ReadStaff {
  organisationId?: number;
  role?: RoleId;
  gone?: true;
}

/** Why the user read is not of the organisation and a role the field takes; undefined when they are (or the record does not say). */
function whyNotHere(read: ReadStaff, field: ReferenceField, organisationId: number): string | undefined {
  if (read.gone) return 'no longer in OneFile';
  if (read.organisationId !== undefined && read.organisationId !== organisationId) return `of organisation ${read.organisationId}`;
  const roles = ROLES_FOR_FIELD[field] ?? [];
  if (read.role !== undefined && !roles.includes(read.role)) return aRoleOf(read.role);
  return undefined;
}

/** What `confirmNamedStaff` found: the resolver to resolve staff names with, and the reads behind it. */
export interface NamedStaffReads {
  resolver: Resolver;
  calls: number;
  /** Another resolver (Review's, rebuilt when a name is chosen) kept to the same staff; absent where nothing needed reading. */
  confine?: (resolver: Resolver) => Resolver;
  /** Reads the staff that more rows' names fit and were not read yet (a cell edited in Review), through `resolver`: the reads it took. `confine` then keeps to them too. */
  readMore?: (rows: readonly MappedRow[], resolver: Resolver) => Promise<number>;
}

/**
 * The resolver the plan resolves staff names with: `resolver` itself where the directory's
 * users are confirmed; otherwise one that leaves out every user a staff name led to that
 * reading showed is not this organisation's staff of that role.
 */
export async function confirmNamedStaff(
  rows: readonly MappedRow[],
  directory: Directory,
  resolver: Resolver,
  readUser: UserReader | undefined,
  roleOf: (row: MappedRow) => RoleId,
): Promise<NamedStaffReads> {
  if (!directory.usersUnconfirmed || !readUser) return { resolver, calls: 0 };
  const read = new Map<number, ReadStaff>();
  const readNamed = async (some: readonly MappedRow[], names: Resolver): Promise<number> => {
    const named = new Set<number>();
    const asked = new Set<string>();
    for (const row of some) {
      if (roleOf(row) !== ROLE.Learner) continue;
      for (const field of STAFF_FIELDS) {
        const text = fieldValue(row, field);
        if (text === undefined || asked.has(`${field}\u0000${text}`)) continue;
        asked.add(`${field}\u0000${text}`);
        for (const id of idsOf(names.resolveReference(field, text))) if (!read.has(id)) named.add(id);
      }
    }
    for (const id of named) read.set(id, await readStaff(readUser, id));
    return named.size;
  };
  const calls = await readNamed(rows, resolver);
  const notHere = (field: ReferenceField, id: number | string): string | undefined => {
    const staff = read.get(Number(id));
    return staff && whyNotHere(staff, field, directory.organisationId);
  };
  const confine = (base: Resolver) => staffOfThisOrganisation(base, notHere);
  return { resolver: confine(resolver), calls, confine, readMore: readNamed };
}

/** A member of staff's organisation and role as OneFile holds them now, or gone. */
async function readStaff(readUser: UserReader, id: number): Promise<ReadStaff> {
  try {
    const record = await readUser(id);
    const organisationId = Number(record.OrganisationID);
    const role = Number(record.Role);
    return {
      ...(record.OrganisationID != null && Number.isInteger(organisationId) ? { organisationId } : {}),
      ...(record.Role != null && Number.isInteger(role) ? { role: role as RoleId } : {}),
    };
  } catch (error) {
    if (!(isOneFileError(error) && error.kind === 'not-found')) throw error;
    return { gone: true };
  }
}

function idsOf(resolution: Resolution): number[] {
  if (resolution.status === 'matched') return [Number(resolution.id)];
  if (resolution.status === 'ambiguous') return resolution.candidates.map((c) => Number(c.id));
  return [];
}

/** `resolver`, with the staff `notHere` names a reason for taken out of every answer about a staff field. */
function staffOfThisOrganisation(resolver: Resolver, notHere: (field: ReferenceField, id: number | string) => string | undefined): Resolver {
  const without = (field: ReferenceField, candidates: readonly Candidate[]) => {
    const kept: Candidate[] = [];
    const left: NotHere[] = [];
    for (const c of candidates) {
      const why = notHere(field, c.id);
      if (why === undefined) kept.push(c);
      else left.push({ id: Number(c.id), name: c.name, why });
    }
    return { kept, left };
  };
  return {
    resolveReference(field, value, scope) {
      const resolution = resolver.resolveReference(field, value, scope);
      if (!(STAFF_FIELDS as readonly string[]).includes(field)) return resolution;
      if (resolution.status === 'matched') {
        const why = notHere(field, resolution.id);
        return why === undefined ? resolution : { status: 'unmatched', suggestions: [], notHere: [{ id: Number(resolution.id), name: resolution.name, why }] };
      }
      if (resolution.status === 'ambiguous') {
        const { kept, left } = without(field, resolution.candidates);
        if (left.length === 0) return resolution;
        // Every candidate was read: the one left is the only one of this organisation's staff.
        if (kept.length === 1) return { status: 'matched', id: kept[0].id, name: kept[0].name, via: 'normalised' };
        if (kept.length === 0) return { status: 'unmatched', suggestions: [], notHere: left };
        return { status: 'ambiguous', candidates: kept };
      }
      return resolution;
    },
    nameOf: (field, id) => resolver.nameOf(field, id),
  };
}
