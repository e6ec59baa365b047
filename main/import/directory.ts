import type { OneFileClient } from '../onefile/client';
import { OneFileError } from '../onefile/errors';
import type { OneFileUser } from '../onefile/schemas';
import {
  DIRECTORY_VERSION,
  type Directory,
  type DirectoryPlace,
  type DirectoryStandard,
  type DirectoryTemplate,
  type DirectoryUnit,
  type DirectoryUser,
} from './directory-types';
import { ROLE, type RoleId } from './plan-types';

export type { Directory, DirectoryPlace, DirectoryStandard, DirectoryTemplate, DirectoryUnit, DirectoryUser } from './directory-types';

/**
 * Downloading an organisation's directory: one paged search per kind of record, the
 * largest pages the API allows, so the directory of a 1,000-learner centre costs a few
 * dozen calls (about 2% of importing it). Done once per run; see directory-cache.ts.
 */

/** The client calls the download needs (the real client, or a fake in a test). */
export type DirectoryClient = Pick<
  OneFileClient,
  'searchClassrooms' | 'searchPlacements' | 'searchUsers' | 'searchStandards' | 'searchUnits' | 'searchFrameworkTemplates'
> & {
  /**
   * `GET FrameworkTemplate/{id}` (not in OneFile's guides [assume]): the template's
   * standards and units, when the client offers it. Without it a template's contents
   * are unknown unless its search row lists them.
   */
  getFrameworkTemplate?: (id: number) => Promise<Record<string, unknown> | null>;
};

export type DirectoryStep = 'classrooms' | 'placements' | 'staff' | 'learners' | 'standards' | 'units' | 'templates';

export interface DirectoryProgress {
  step: DirectoryStep;
  /** Records read so far in this step. */
  records: number;
  /** Calls made so far in the whole download. */
  calls: number;
}

export interface DownloadOptions {
  onProgress?: (progress: DirectoryProgress) => void;
  /** Rows per page. Default 100 (what OneFile is known to accept). */
  pageSize?: number;
  clock?: () => Date;
}

/** Staff roles downloaded, in this order: assessors, trainee assessors, IQAs, employers, observers. */
export const STAFF_ROLES: readonly RoleId[] = [ROLE.Assessor, ROLE.TraineeAssessor, ROLE.IQA, ROLE.Employer, ROLE.Observer];

const DEFAULT_PAGE_SIZE = 100;

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

/**
 * Downloads the directory of one organisation. Calls are counted as the paged search
 * makes them: one per page read, plus the final empty page a search ends with when
 * its last page was full.
 */
export async function downloadDirectory(client: DirectoryClient, organisationId: number, options: DownloadOptions = {}): Promise<Directory> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = { pageSize };
  let calls = 0;

  /** Reads every page of a search, counting calls and reporting progress. */
  async function readAll<T>(step: DirectoryStep, pages: AsyncIterable<T[]>, paged = true): Promise<T[]> {
    const all: T[] = [];
    let lastLength = -1;
    for await (const rows of pages) {
      calls += 1;
      all.push(...rows);
      lastLength = rows.length;
      options.onProgress?.({ step, records: all.length, calls });
    }
    // An empty search (204) or a full last page costs one more call that yields nothing.
    if (lastLength === -1 || (paged && lastLength === pageSize)) {
      calls += 1;
      options.onProgress?.({ step, records: all.length, calls });
    }
    return all;
  }

  const place = (row: { ID: number; Name: string; MISID?: string }): DirectoryPlace => ({
    id: row.ID,
    name: row.Name.trim(),
    misid: row.MISID?.trim() || null,
  });

  const classrooms = (await readAll('classrooms', client.searchClassrooms({ OrganisationID: organisationId }, page))).map(place);
  const placements = (await readAll('placements', client.searchPlacements({ OrganisationID: organisationId }, page))).map(place);

  // Archived users are asked for too: a row about an archived learner must be
  // recognised (and reported), never created a second time.
  const users = (role: RoleId) => client.searchUsers({ OrganisationID: organisationId, Role: role, IncludeArchived: true }, page);
  const staff: DirectoryUser[] = [];
  for (const role of STAFF_ROLES) {
    staff.push(...(await readAll('staff', users(role))).map((u) => toDirectoryUser(u, role)));
  }
  const learners = (await readAll('learners', users(ROLE.Learner))).map((u) => toDirectoryUser(u, ROLE.Learner));

  const standards: DirectoryStandard[] = (await readAll('standards', client.searchStandards({ OrganisationID: organisationId }, page))).map((s) => ({
    id: s.ID,
    title: s.Title.trim(),
    reference: typeof s.Reference === 'string' && s.Reference.trim() ? s.Reference.trim() : null,
  }));

  const units = await downloadUnits(client, organisationId, standards, readAll, page);

  const templates: DirectoryTemplate[] = [];
  for (const row of await readAll('templates', client.searchFrameworkTemplates({ OrganisationID: organisationId }), false)) {
    let contents = templateContents(row);
    if (contents.standardIds === null && client.getFrameworkTemplate) {
      calls += 1;
      const detail = await client.getFrameworkTemplate(row.ID);
      if (detail) contents = templateContents(detail);
      options.onProgress?.({ step: 'templates', records: templates.length + 1, calls });
    }
    templates.push({ id: row.ID, name: row.Name.trim(), ...contents });
  }

  return {
    version: DIRECTORY_VERSION,
    organisationId,
    fetchedAt: (options.clock?.() ?? new Date()).toISOString(),
    calls,
    classrooms,
    placements,
    staff,
    learners,
    standards,
    units,
    templates,
  };
}

type ReadAll = <T>(step: DirectoryStep, pages: AsyncIterable<T[]>, paged?: boolean) => Promise<T[]>;

/**
 * Units: one organisation-wide search when its rows say which standard each unit
 * belongs to (a handful of calls however many standards there are); otherwise one
 * search per standard.
 */
async function downloadUnits(
  client: DirectoryClient,
  organisationId: number,
  standards: DirectoryStandard[],
  readAll: ReadAll,
  page: { pageSize: number },
): Promise<DirectoryUnit[]> {
  if (standards.length === 0) return [];
  const known = new Set(standards.map((s) => s.id));
  let wide: Awaited<ReturnType<typeof readAll<{ ID: string; Title: string; StandardID?: number }>>> = [];
  try {
    wide = await readAll('units', client.searchUnits({ OrganisationID: organisationId }, page));
  } catch (error) {
    // An API that refuses an organisation-wide unit search still answers per standard.
    if (!(error instanceof OneFileError) || error.kind !== 'validation') throw error;
  }
  if (wide.length > 0 && wide.every((u) => u.StandardID !== undefined)) {
    return wide.filter((u) => known.has(u.StandardID!)).map((u) => ({ id: u.ID, title: u.Title.trim(), standardId: u.StandardID! }));
  }
  const units: DirectoryUnit[] = [];
  for (const standard of standards) {
    const rows = await readAll('units', client.searchUnits({ StandardID: standard.id }, page));
    units.push(...rows.map((u) => ({ id: u.ID, title: u.Title.trim(), standardId: standard.id })));
  }
  return units;
}
