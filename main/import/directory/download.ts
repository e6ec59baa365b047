import type { OneFileClient } from '../../onefile/client';
import { entityOf, isSearchRefusal, pagesWhereCut, unpagedOrPages } from './unpaged';
import { usersUnconfirmed } from './unconfirmed-users';
import type { FrameworkTemplate, OneFileUser } from '../../onefile/schemas';
import {
DIRECTORY_VERSION,
type Directory,
type DirectoryPlace,
type DirectoryStandard,
type DirectoryTemplate,
type DirectoryUnit,
type DirectoryUser,
type ListedKind,
} from './types';
import { ROLE, type RoleId } from '../plan/types';
import { STAFF_ROLES, WHOLE_DIRECTORY, type DirectoryNeeds } from './needs';
import { templateContents, toDirectoryUser } from './rows';
import { ROLES_FOR_FIELD } from './resolve';

export type { Directory, DirectoryPlace, DirectoryStandard, DirectoryTemplate, DirectoryUnit, DirectoryUser } from './types';

/**
 * Downloading an organisation's directory: one paged search per kind of record, the
 * largest pages the API allows, so the directory of a 1,000-learner centre costs a few
 * dozen calls (about 2% of importing it). Done once per run; see cache.ts.
 */

/** The client calls the download needs (the real client, or a fake in a test). */
export type DirectoryClient = Pick<OneFileClient, 'searchClassrooms' | 'searchPlacements' | 'searchUsers' | 'searchStandards' | 'searchUnits' | 'searchFrameworkTemplates'> &
  /**
   * The documented unpaged searches: all of a kind in one call, for kinds whose rows
   * need nothing beyond ID, name and MIS ID. Without them the paged searches are used.
   */
  Partial<Pick<OneFileClient, 'listClassrooms' | 'listPlacements' | 'listUsers' | 'listStandards' | 'listUnits'>> &
  /** Whether this OneFile is known to cut unpaged searches short, and telling it so. */
  Partial<Pick<OneFileClient, 'unpagedSearch' | 'unpagedSearchSeen' | 'unpagedSeenWhole' | 'unpagedAnsweredWhole' | 'searchFrameworkTemplatePages' | 'archivedFilter' | 'userFilters' | 'userFiltersSeen' | 'listSize' | 'listSizeSeen'>>;

export type DirectoryStep = 'classrooms' | 'placements' | 'staff' | 'learners' | 'standards' | 'units' | 'templates';

/** The organisation's lists whose size is remembered from one read to the next (`pageOf` in downloadDirectory). */
type SizedList = 'learners' | 'classrooms' | 'placements' | `staff-${RoleId}`;

export interface DirectoryProgress {
  /** The kind of record the latest page brought. */
  step: DirectoryStep;
  /** Records read so far in this step. */
  records: number;
  /** Calls made so far in the whole download. */
  calls: number;
  /** Kinds of record (the steps) read completely so far, of `DIRECTORY_STEP_COUNT`: they are read side by side. */
  stepsDone: number;
}

export const DIRECTORY_STEP_COUNT = 7;

export interface DownloadOptions {
  onProgress?: (progress: DirectoryProgress) => void;
  /** Rows asked for per page. Default: the client's (DEFAULT_PAGE_SIZE, or what the probe found). */
  pageSize?: number;
  clock?: () => Date;
  /** The kinds the file needs (directoryNeeds); default the whole directory. Learners are always read. */
  needs?: DirectoryNeeds;
  /**
   * Every kind page by page, never by the unpaged search: for what must be whole whatever
   * OneFile's unpaged searches do (an export; a kind read again). Also when the client
   * knows this OneFile cuts unpaged answers short.
   */
  pagedOnly?: boolean;
  /** False to leave learners out: only for reading other kinds again (`confirmListedMisses`). */
  learners?: boolean;
}


/**
 * Downloads the directory of one organisation: the kinds the file needs, each in as
 * few calls as the API allows. Learners (and staff the file imports) through the paged
 * search, whose rows carry email and ULN; classes, placements, staff named by the file
 * and standards through the documented unpaged search, one call each; units in one
 * organisation-wide call when the file has a Units column. The kinds are read side by
 * side (every call through the client's rate limiter), so the wait is the longest
 * search, not the sum. Every call is counted as it is made, a search's closing empty
 * page included. A template's contents are not read here: the plan asks for them only
 * where a row needs them (plan/template-contents.ts).
 */
export async function downloadDirectory(client: DirectoryClient, organisationId: number, options: DownloadOptions = {}): Promise<Directory> {
  const needs = options.needs ?? WHOLE_DIRECTORY;
  let calls = 0;
  let stepsDone = 0;
  const progress = (step: DirectoryStep, records: number) => options.onProgress?.({ step, records, calls, stepsDone });
  /**
   * Every page call of a search is counted as it is made, the empty one that ends it included.
   * An empty first page is asked again before it is believed (`confirmEmpty`): a stray empty
   * answer would make every learner look new, or leave every name of a kind unmatched.
   */
  const page = { ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}), onCall: () => (calls += 1), confirmEmpty: true };
  /**
   * The page options of the search of one of the organisation's lists: with how many rows it
   * held when last read whole (or counted by the probe), so that no page ends it sooner on a
   * measurement (paging.ts); never read or counted, only an empty page ends it. (An empty first
   * page is asked again even where the list held none when last read: the learners an import
   * made since are in no count.)
   */
  const pageOf = (kind: SizedList) => ({ ...page, knownRows: client.listSize?.(organisationId, kind) ?? Number.POSITIVE_INFINITY });
  /** Counts a kind of record as read once all its searches are; a list's size is remembered for the next read. */
  const finished = async <T>(step: DirectoryStep, reading: Promise<T[]>, sized?: SizedList): Promise<T[]> => {
    const records = await reading;
    stepsDone += 1;
    progress(step, records.length);
    // An unpaged answer may be cut short (unpaged-cap.ts): only a list read page by page says its size.
    if (sized && !(listed as string[]).includes(sized)) client.listSizeSeen?.(organisationId, sized, records.length);
    return records;
  };

  /** Reads every page of a search, reporting progress. A search that fails part-way fails the download: no plan from a partial list. */
  async function readAll<T>(step: DirectoryStep, pages: AsyncIterable<T[]>): Promise<T[]> {
    const all: T[] = [];
    for await (const rows of pages) {
      all.push(...rows);
      progress(step, all.length);
    }
    return all;
  }

  let pagedOnly = options.pagedOnly === true || client.unpagedSearch?.() !== undefined;
  const listed: ListedKind[] = [];
  /** One unpaged call where offered and answered whole as far as is known, else the paged search; refused (no such route), pages from then on. */
  async function readList<T>(step: DirectoryStep, kind: ListedKind, list: (() => Promise<T[]>) | undefined, pages: () => AsyncIterable<T[]>): Promise<T[]> {
    if (!list || pagedOnly) return readAll(step, pages());
    calls += 1;
    const read = await unpagedOrPages(client, entityOf(kind), list, () => readAll(step, pages()));
    if (read.pagesFromNow) pagedOnly = true;
    if (read.paged) return read.rows;
    const rows = read.rows;
    listed.push(kind);
    progress(step, rows.length);
    return rows;
  }

  const place = (row: { ID: number; Name: string; MISID?: string }): DirectoryPlace => ({
    id: row.ID,
    name: row.Name.trim(),
    misid: row.MISID?.trim() || null,
  });

  // Archived users are asked for too: a row about an archived learner must be
  // recognised (and reported), never created a second time.
  const filter = (role: RoleId) => ({ OrganisationID: organisationId, Role: role, IncludeArchived: true });
  const users = (role: RoleId) => client.searchUsers(filter(role), page);
  /** A staff role's users that the file's staff rows are matched against: read whole, like the learners (one missed would be created again). */
  const staffRecords = async (role: RoleId) => {
    const rows = await readAll('staff', client.searchUsers(filter(role), pageOf(`staff-${role}`)));
    client.listSizeSeen?.(organisationId, `staff-${role}`, rows.length);
    return rows;
  };
  const readStaff = (role: RoleId) =>
    needs.staffRecords.includes(role)
      ? staffRecords(role)
      : readList('staff', `staff-${role}`, client.listUsers && (() => client.listUsers!(filter(role))), () => users(role));

  const readStandards = async () => {
    const rows = needs.standards
      ? await readList('standards', 'standards', client.listStandards && (() => client.listStandards!({ OrganisationID: organisationId })), () => client.searchStandards({ OrganisationID: organisationId }, page))
      : [];
    const standards: DirectoryStandard[] = rows.map((s) => ({
      id: s.ID,
      title: s.Title.trim(),
      reference: typeof s.Reference === 'string' && s.Reference.trim() ? s.Reference.trim() : null,
    }));
    stepsDone += 1;
    const units = needs.units ? await finished('units', downloadUnits(client, organisationId, standards, readAll, (step, list, pages) => readList(step, 'units', list, pages), page)) : [];
    if (!needs.units) stepsDone += 1;
    return { standards, units };
  };

  const readTemplates = async (): Promise<DirectoryTemplate[]> => {
    if (!needs.templates) return [];
    const filter = { OrganisationID: organisationId };
    let rows: FrameworkTemplate[] | undefined;
    // The paged route is in no guide: refused, the documented unpaged answer stands.
    const templatePages = () =>
      readAll('templates', client.searchFrameworkTemplatePages!(filter, page)).catch((error: unknown) => {
        if (isSearchRefusal(error)) return undefined;
        throw error;
      });
    if (pagedOnly && client.searchFrameworkTemplatePages) rows = await templatePages();
    if (!rows) {
      calls += 1; // the documented unpaged search: one call, whatever it holds
      rows = await readAll('templates', client.searchFrameworkTemplates(filter));
      // A round number of them may be a cut (unpaged.ts): the pages say, where this OneFile has them.
      const paged = client.searchFrameworkTemplatePages ? await pagesWhereCut(client, 'FrameworkTemplate', rows, templatePages) : undefined;
      if (paged?.pagesFromNow) pagedOnly = true;
      if (paged) rows = paged.rows;
      else listed.push('templates');
    }
    return rows.map((row) => ({ id: row.ID, name: row.Name.trim(), ...templateContents(row) }));
  };

  const skipped = async <T>(): Promise<T[]> => [];
  const [classrooms, placements, staff, learnerRows, programmes, templates] = await Promise.all([
    finished(
      'classrooms',
      needs.classrooms
        ? readList('classrooms', 'classrooms', client.listClassrooms && (() => client.listClassrooms!({ OrganisationID: organisationId })), () => client.searchClassrooms({ OrganisationID: organisationId }, pageOf('classrooms')))
        : skipped<{ ID: number; Name: string; MISID?: string }>(),
      needs.classrooms ? 'classrooms' : undefined,
    ).then((rows) => rows.map(place)),
    finished(
      'placements',
      needs.placements
        ? readList('placements', 'placements', client.listPlacements && (() => client.listPlacements!({ OrganisationID: organisationId })), () => client.searchPlacements({ OrganisationID: organisationId }, pageOf('placements')))
        : skipped<{ ID: number; Name: string; MISID?: string }>(),
      needs.placements ? 'placements' : undefined,
    ).then((rows) => rows.map(place)),
    finished('staff', Promise.all(needs.staffRoles.map(async (role) => (await readStaff(role)).map((u) => toDirectoryUser(u, role)))).then((lists) => lists.flat())),
    options.learners === false ? finished('learners', skipped<OneFileUser>()) : finished('learners', readAll('learners', client.searchUsers(filter(ROLE.Learner), pageOf('learners'))), 'learners'),
    readStandards(),
    finished('templates', readTemplates()),
  ]);
  const { standards, units } = programmes;
  const unconfirmed = await usersUnconfirmed(client, organisationId, learnerRows, staff, page.onCall);

  return {
    learnerRowsCarry: keysCarried(learnerRows, ['Email', 'ULN']),
    ...(unconfirmed ? { usersUnconfirmed: true } : {}),
    ...(client.archivedFilter?.() === 'refused' ? { archivedLeftOut: true } : {}),
    version: DIRECTORY_VERSION,
    organisationId,
    fetchedAt: (options.clock?.() ?? new Date()).toISOString(),
    calls,
    read: needs,
    ...(listed.length > 0 ? { listed } : {}),
    classrooms,
    placements,
    staff,
    learners: learnerRows.map((u) => toDirectoryUser(u, ROLE.Learner)),
    standards,
    units,
    templates,
  };
}

/**
 * Whether the learner rows carry these keys at all (null counts: the key is there).
 * Brief rows (`{ID, FirstName, LastName, MISID}`) cannot match a learner by email or
 * ULN, and the planner must look before it creates. No rows: nothing to miss.
 */
function keysCarried(rows: OneFileUser[], keys: Array<'Email' | 'ULN'>): { email: boolean; uln: boolean } {
  const carried = (key: string) => rows.length === 0 || rows.some((row) => key in row);
  return { email: keys.includes('Email') && carried('Email'), uln: keys.includes('ULN') && carried('ULN') };
}

type ReadAll = <T>(step: DirectoryStep, pages: AsyncIterable<T[]>) => Promise<T[]>;
type ReadList = <T>(step: DirectoryStep, list: (() => Promise<T[]>) | undefined, pages: () => AsyncIterable<T[]>) => Promise<T[]>;

/**
 * Units: one organisation-wide search when its rows say which standard each unit
 * belongs to (one call however many standards there are); otherwise one search per
 * standard.
 */
async function downloadUnits(
  client: DirectoryClient,
  organisationId: number,
  standards: DirectoryStandard[],
  readAll: ReadAll,
  readList: ReadList,
  page: { pageSize?: number; onCall: () => void },
): Promise<DirectoryUnit[]> {
  if (standards.length === 0) return [];
  const known = new Set(standards.map((s) => s.id));
  let wide: Array<{ ID: string; Title: string; StandardID?: number }> = [];
  try {
    wide = await readList('units', client.listUnits && (() => client.listUnits!({ OrganisationID: organisationId })), () => client.searchUnits({ OrganisationID: organisationId }, page));
  } catch (error) {
    // An organisation-wide unit search is [seen], not documented (the guide searches a
    // standard's units): any refusal of it falls back to one search per standard.
    if (!isSearchRefusal(error)) throw error;
  }
  if (wide.length > 0 && wide.every((u) => u.StandardID !== undefined)) {
    return wide.filter((u) => known.has(u.StandardID!)).map((u) => ({ id: u.ID, title: u.Title.trim(), standardId: u.StandardID! }));
  }
  const perStandard = await Promise.all(
    standards.map(async (standard) =>
      (await readAll('units', client.searchUnits({ StandardID: standard.id }, page))).map((u) => ({ id: u.ID, title: u.Title.trim(), standardId: standard.id })),
    ),
  );
  return perStandard.flat();
}

/** The kinds of record other than staff an unpaged search may have brought in which a reference field's names are looked up. */
const LISTED_KINDS_OF_FIELD: Readonly<Record<string, readonly ListedKind[]>> = {
  Classroom: ['classrooms'],
  Placement: ['placements'],
  Standards: ['standards', 'units'],
  Units: ['standards', 'units'],
  FrameworkTemplate: ['templates'],
};

/** Those kinds for a field, its staff roles (the resolver's) included. */
function listedKindsOf(field: string): ListedKind[] {
  const roles = ROLES_FOR_FIELD[field as keyof typeof ROLES_FOR_FIELD] ?? [];
  return [...(LISTED_KINDS_OF_FIELD[field] ?? []), ...roles.map((role): ListedKind => `staff-${role}`)];
}

/**
 * `POST {Entity}/Search` is documented to answer every match, and the directory reads
 * classes, placements, named staff, standards and units with it, one call each. A
 * OneFile with a default limit on unbounded queries would answer only the first rows,
 * silently: a class past them would look missing, its rows be refused as naming nothing,
 * and a class asked to be created be created a second time. So before a name is called
 * missing, each kind it is looked up in that an unpaged search brought is read again
 * page by page (to the empty page that ends a search) and put in the directory in its
 * place. When the pages hold more than the unpaged answer did, the client is told: this
 * OneFile cuts unpaged searches short, and from then on every kind is read by pages.
 * Costs nothing when every name is found.
 */
export async function confirmListedMisses(
  client: DirectoryClient,
  directory: Directory,
  unresolvedFields: Iterable<string>,
  options: Pick<DownloadOptions, 'pageSize' | 'clock'> = {},
): Promise<{ directory: Directory; calls: number }> {
  const listed = new Set(directory.listed ?? []);
  const kinds = new Set<ListedKind>();
  for (const field of unresolvedFields) for (const kind of listedKindsOf(field)) if (listed.has(kind)) kinds.add(kind);
  if (kinds.size === 0) return { directory, calls: 0 };
  const read = directory.read ?? WHOLE_DIRECTORY;
  const roles = STAFF_ROLES.filter((role) => kinds.has(`staff-${role}`));
  const programme = kinds.has('standards') || kinds.has('units');
  const again = await downloadDirectory(client, directory.organisationId, {
    ...options,
    pagedOnly: true,
    learners: false,
    needs: {
      staffRoles: roles,
      staffRecords: [],
      classrooms: kinds.has('classrooms'),
      placements: kinds.has('placements'),
      standards: programme,
      units: programme && read.units,
      templates: kinds.has('templates'),
    },
  });
  let cutShort = false;
  const replaced = <T>(before: T[], after: T[]): T[] => {
    if (after.length > before.length) cutShort = true;
    return after;
  };
  const next: Directory = {
    ...directory,
    calls: directory.calls + again.calls,
    listed: directory.listed!.filter((kind) => !kinds.has(kind) && !(programme && (kind === 'standards' || kind === 'units'))),
  };
  if (kinds.has('classrooms')) next.classrooms = replaced(directory.classrooms, again.classrooms);
  if (kinds.has('placements')) next.placements = replaced(directory.placements, again.placements);
  if (roles.length > 0) {
    const ofRoles = (staff: DirectoryUser[]) => staff.filter((user) => roles.includes(user.role));
    next.staff = [...directory.staff.filter((user) => !roles.includes(user.role)), ...replaced(ofRoles(directory.staff), ofRoles(again.staff))];
  }
  if (programme) {
    next.standards = replaced(directory.standards, again.standards);
    if (read.units) next.units = replaced(directory.units, again.units);
  }
  // Templates read again by the unpaged search (the paged one refused) are the same answer: still listed.
  if (kinds.has('templates') && !again.listed?.includes('templates')) next.templates = replaced(directory.templates, again.templates);
  else if (kinds.has('templates')) next.listed!.push('templates');
  if (next.listed!.length === 0) delete next.listed;
  if (cutShort) client.unpagedSearchSeen?.('capped');
  return { directory: next, calls: again.calls };
}
