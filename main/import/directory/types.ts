import type { RoleId } from '../plan/types';
import type { DirectoryNeeds } from './needs';

/**
 * The organisation's directory: everything a spreadsheet's names can refer to, downloaded
 * once per run so that resolving 1,000 rows costs a few dozen calls, not thousands.
 * Plain JSON data (it is cached on disk), never a token.
 */

/** A user as the directory holds them. */
export interface DirectoryUser {
  id: number;
  role: RoleId;
  firstName: string;
  lastName: string;
  misid: string | null;
  /** Lower case. */
  email: string | null;
  uln: string | null;
  /** True only when OneFile said so; searches may hide archived users altogether. */
  archived: boolean;
  /**
   * The search row's other fields as OneFile sent them (PascalCase), used to see what
   * an update would change. A field absent here is not known yet: the planner reads
   * `GET User/{id}` for a matched learner only when it needs one of those.
   */
  record: Record<string, string | number | boolean | null>;
}

/** A classroom or placement. */
export interface DirectoryPlace {
  id: number;
  name: string;
  misid: string | null;
}

export interface DirectoryStandard {
  id: number;
  title: string;
  /** The apprenticeship standard's code (ST0070) when OneFile sends it. */
  reference: string | null;
}

export interface DirectoryUnit {
  /** Opaque text: unit IDs may be `KS_COMM1` as well as numbers. */
  id: string;
  title: string;
  standardId: number;
}

export interface DirectoryTemplate {
  id: number;
  name: string;
  /**
   * The template's standards when OneFile lists them with the template; null when it
   * does not (then a learner's aims cannot prove the template is already applied).
   */
  standardIds: number[] | null;
  /** The template's units when OneFile lists them; null when unknown. */
  unitIds: string[] | null;
}

export interface Directory {
  /** Bumped when the shape changes, so an old cache file is ignored rather than misread. */
  version: 1;
  organisationId: number;
  /** ISO time the download finished. */
  fetchedAt: string;
  /** API calls the download took (Authentication not included). */
  calls: number;
  classrooms: DirectoryPlace[];
  placements: DirectoryPlace[];
  /** Assessors (5) and trainee assessors (4), IQAs (10), employers (40), observers (45). */
  staff: DirectoryUser[];
  /** Learners (1). */
  learners: DirectoryUser[];
  /**
   * Whether OneFile's learner search rows carry email and ULN at all. When they do not,
   * learners cannot be matched by them from the directory, and the planner looks a new
   * learner up by email before creating it. Absent in caches written before it existed.
   */
  learnerRowsCarry?: { email: boolean; uln: boolean };
  /**
   * True where OneFile refused to be asked for archived users (`IncludeArchived`): the
   * users were read without them, and an archived learner a row is about would look new.
   */
  archivedLeftOut?: boolean;
  /**
   * True where the user search rows say no organisation or role and the search was seen
   * ignoring those filters (unconfirmed-users.ts): the lists may hold other organisations'
   * users and other roles, so each user a row would be matched with is read first.
   */
  usersUnconfirmed?: boolean;
  /** The kinds this directory was read for (directory/needs.ts); absent in caches written before: the whole directory. */
  read?: DirectoryNeeds;
  /**
   * The kinds read by an unpaged search (one call, documented to answer every match)
   * rather than page by page: a OneFile cutting such answers short would have left
   * records out of them, so a name the file needs and they lack is read again by pages
   * before it is called missing (download.ts, `confirmListedMisses`).
   */
  listed?: ListedKind[];
  standards: DirectoryStandard[];
  units: DirectoryUnit[];
  templates: DirectoryTemplate[];
}

export const DIRECTORY_VERSION = 1;

/** A kind of record an unpaged search can bring: staff by role (`staff-5` for assessors). */
export type ListedKind = 'classrooms' | 'placements' | 'standards' | 'units' | 'templates' | `staff-${number}`;
