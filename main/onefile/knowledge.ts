import { DEFAULT_PAGE_SIZE } from '../../shared/defaults';
import type { LearnerEmailReading } from '../../shared/learner-email';
import type { PageBase } from './paging';

/**
 * What is known of one OneFile environment beyond its guides: measured by the probe
 * (`onefile-import probe`), learned during a run, or chosen by the user. The client
 * starts from it; without it every assumption is taken at its safest.
 */

/** `POST User/{id}/Assign`: whose ID goes in the path (onefile-api.md: contested). */
export type AssignPathReading = 'staff-in-path' | 'learner-in-path';
export const ASSIGN_PATH_READINGS: readonly AssignPathReading[] = ['staff-in-path', 'learner-in-path'];
export const DEFAULT_ASSIGN_PATH: AssignPathReading = 'staff-in-path';

/** Whether an optional call (one no guide documents) answers here. */
export type CallAvailability = 'available' | 'unavailable';

export interface ApiKnowledge {
  /**
   * The API version's path this OneFile answered sign-in at (`/api/v2/`, `/api/v2.1/`),
   * where the address's own path had no Authentication route: calls start there.
   * Unknown (the address's path) until a sign-in found otherwise (session.ts).
   */
  apiPath?: string;
  /** Rows asked for per page. Default DEFAULT_PAGE_SIZE (shared/defaults.ts). */
  pageSize?: number;
  /** The most rows this OneFile serves a page whatever is asked, as the probe measured it (then pages are asked at that size). */
  pageCap?: number;
  /** Pages of this many rows are known to be served whole (the probe saw one): a page shorter than it ends a search. */
  servesWhole?: number;
  /**
   * An import found OneFile serving this many rows a page, fewer than the probe had
   * measured (`pageCap`, `servesWhole`): the measurement is dropped and no longer ends
   * searches. Cleared by the next probe, which measures again.
   */
  pagesShorterSinceProbe?: number;
  /** The largest page this OneFile serves (one larger refused, or empty where one this size held rows): pages are asked no larger. Found by a search (paging.ts) or the probe. */
  largestPageSize?: number;
  /**
   * The number of this OneFile's first page: 1 as the guides have it, or 0. Found by a
   * search (onefile/paging.ts) or the probe; unknown until then (1, checked).
   */
  pageBase?: PageBase;
  /** `GET FrameworkTemplate/{id}` (in no guide): a template's standards and units. */
  templateContents?: CallAvailability;
  /** Default `staff-in-path`, what every public integration does. */
  assignPath?: AssignPathReading;
  /**
   * When a framework template's learning aims appear after `FrameworkTemplate/{id}/Assign`
   * answers: `at-once`, or `in-background` (seconds later). Learned by reading a learner's
   * aims after an assign (run/template-check.ts); unknown until then.
   */
  templateApply?: TemplateApplyReading;
  /**
   * What `POST User/{id}` does with the fields it is not sent: keeps them (`fields-sent`,
   * [seen]) or clears them (`whole-record`). Learned by reading a learner back around an
   * import's first update (run/update-check.ts); unknown until then.
   */
  userUpdates?: UserUpdatesReading;
  /**
   * `refused`: this OneFile answered a user search asking for archived users
   * (`IncludeArchived`, a filter of ours no guide names) with 400, so user searches leave
   * it out, and archived users may be missing from them (onefile/users.ts). Unknown
   * (taken) until then.
   */
  archivedFilter?: 'refused';
  /**
   * `capped`: this OneFile's unpaged searches (`POST {Entity}/Search`, documented to return
   * every match) were seen answering fewer rows than the paged search holds, so every kind
   * is read page by page. Found by the probe, or by an import reading a kind again by pages
   * before calling a name missing (directory/download.ts); unknown until then.
   */
  unpagedSearch?: UnpagedSearchReading;
  /**
   * By kind of record (a limit may be set on one search and not another), the most rows its
   * unpaged search was seen answering whole (the probe's users; pages read after an answer a
   * cap could be): fewer are whole (directory/unpaged.ts). Believed for a week (findings.ts).
   */
  unpagedSeenWhole?: Partial<Record<UnpagedEntity, number>>;
  /**
   * User fields (OneFile keys) this OneFile was seen keeping, read back after a create
   * (`create`) or an update (`update`) that sent them (run/kept-fields.ts), with those its
   * `GET User/{id}` does not show (they cannot be checked): a write carrying only these is
   * not read back again. A field seen not kept is checked every time.
   */
  userFieldsKept?: UserFieldsKept;
  /**
   * How long after a write this OneFile's searches were seen to show what it made: 0 when a
   * search showed a user made a moment before (run/verify.ts, a "witness"), more when a
   * record was found only on a later look (the longest such wait, in ms). Unknown until a
   * check after a lost answer needed it: then "not made" is believed only after looking
   * again for a while.
   */
  searchLagMs?: number;
  /**
   * `even`: this OneFile refused a burst of calls its window had room for (it counts "100 a
   * minute" as a token bucket or a spike arrest does, not as a window), so calls are sent
   * one every window / budget (onefile/limiter.ts). Learned from a 429; unknown (bursts
   * allowed) until then.
   */
  ratePacing?: 'even';
  /**
   * This OneFile refused calls paced evenly at `budget` a window (the budget set then) and
   * admitted `calls`: imports with that budget set send `calls` a window (onefile/limiter.ts,
   * `admitAtMost`), and their plans estimate at it; `calls` as many as `budget` again (a
   * lowered budget raised back, `mayRaise`): nothing is held against it. A budget set
   * otherwise is the user's word on the account's allowance and starts afresh.
   */
  admittedBudget?: AdmittedBudget;
  /**
   * Whether this OneFile creates a learner without an email: `optional` once one was
   * created (OneFile's guide to creating users does not require it), `required` once one
   * was refused for it (the API table says every user needs one). Learned by an import
   * (run/learner-email.ts); unknown (tried) until then.
   */
  learnerEmail?: LearnerEmailReading;
  /**
   * Whether this OneFile's user search honours its `OrganisationID` and `Role` filters,
   * where its rows say neither (directory/unconfirmed-users.ts): asked with two calls by a
   * directory read, then believed for a week like the other readings (findings.ts), so the
   * imports in between do not ask again. Unknown until then.
   */
  userFilters?: UserFiltersReading;
  /**
   * How many rows each of an organisation's lists held when a directory last read it whole
   * (`5740:learners`), so that a later search is not ended sooner on a measurement
   * (paging.ts, `knownRows`). Kept with the findings, replaced at each read.
   */
  listSizes?: Record<string, number>;
}

export type UserFiltersReading = 'honoured' | 'ignored';

/** Calls a window a OneFile admitted while refusing the budget set. */
export interface AdmittedBudget {
  calls: number;
  budget: number;
}

/** Per kind of write, the user fields seen kept by it. */
export interface UserFieldsKept {
  create?: string[];
  update?: string[];
}

/** The write a user field went by: `POST User` or `POST User/{id}`. */
export type UserWrite = keyof UserFieldsKept;

/** Unpaged searches answer only their first rows (`capped`), or are not offered at all (`not-offered`): either way every kind is read page by page. */
export type UnpagedSearchReading = 'capped' | 'not-offered';

/** The kinds of record the directory reads with an unpaged search (`POST {Entity}/Search`). */
export type UnpagedEntity = 'User' | 'Classroom' | 'Placement' | 'Standard' | 'Unit' | 'FrameworkTemplate';

export type TemplateApplyReading = 'at-once' | 'in-background';
export type UserUpdatesReading = 'fields-sent' | 'whole-record';

/**
 * The client's live view of its environment: starts from what is known and records
 * what calls show (an optional call refused, a page cap met), so the rest of the run
 * (and the saved findings) act on it.
 */
export class EnvironmentKnowledge {
  private templateContents: CallAvailability | undefined;
  private learnedCap: number | undefined;

  /** `onLearned`: something worth keeping for the environment was learned mid-run (saved at once, so a killed run keeps it). */
  constructor(
    private known: ApiKnowledge = {},
    private readonly onLearned?: () => void,
  ) {
    this.templateContents = known.templateContents;
  }

  /** New findings for this environment (a probe just ran): they replace what was known. */
  adopt(known: ApiKnowledge): void {
    this.known = { ...known };
    this.templateContents = known.templateContents;
    this.learnedCap = undefined;
  }

  /** Readings no longer believed (seen too long ago, see findings.ts): left out, so the calls that need them look again. */
  forget(keys: readonly (keyof ApiKnowledge)[]): void {
    for (const key of keys) delete this.known[key];
  }

  get assignPath(): AssignPathReading {
    return this.known.assignPath ?? DEFAULT_ASSIGN_PATH;
  }

  /** Paging for every search: the size to ask for (a cap met earlier shrinks it), the measured cap, the first page's number. */
  paging(): { pageSize: number; pageCap?: number; servesWhole?: number; pageBase?: PageBase; largestPageSize?: number } {
    const asked = this.known.pageSize ?? DEFAULT_PAGE_SIZE;
    return {
      pageSize: Math.min(asked, this.learnedCap ?? asked),
      ...(this.known.largestPageSize !== undefined ? { largestPageSize: this.known.largestPageSize } : {}),
      ...(this.known.pageBase !== undefined ? { pageBase: this.known.pageBase } : {}),
      ...(this.known.pageCap !== undefined ? { pageCap: this.known.pageCap } : {}),
      ...(this.known.servesWhole !== undefined ? { servesWhole: this.known.servesWhole } : {}),
    };
  }

  /**
   * A search met a page cap: later searches ask for that size (a short page still ends
   * nothing unless the probe measured it). A measurement of more rows a page (the probe's,
   * from before OneFile served fewer) is out of date: dropped, here and in the saved
   * findings, so no search ends on a short page until the probe runs again.
   */
  capLearned(cap: number): void {
    if (cap < 1) return;
    this.learnedCap = Math.min(cap, this.learnedCap ?? cap);
    const measured = Math.min(this.known.pageCap ?? Infinity, this.known.servesWhole ?? Infinity);
    if (measured === Infinity || cap >= measured) return;
    const { pageCap: _cap, servesWhole: _whole, ...rest } = this.known;
    this.known = rest;
    this.learn({ pagesShorterSinceProbe: cap });
  }

  /** A search found that this OneFile serves no page larger than `size` (refused, or answered as empty). */
  largestPageSeen(size: number): void {
    if (size >= 1 && (this.known.largestPageSize ?? Infinity) > size) this.learn({ largestPageSize: size });
  }

  /** A search found how this OneFile numbers its pages. */
  pageBaseSeen(base: PageBase): void {
    if (this.known.pageBase === base) return;
    this.learn({ pageBase: base });
  }

  get templateContentsAvailability(): CallAvailability | undefined {
    return this.templateContents;
  }

  templateContentsAnswered(availability: CallAvailability): void {
    // Once refused, not tried again in this environment: the answer will not change mid-run.
    if (this.templateContents !== 'unavailable') this.templateContents = availability;
  }

  get templateApply(): TemplateApplyReading | undefined {
    return this.known.templateApply;
  }

  /** A template's learning aims were seen after its assign: once seen coming later, it stays `in-background`. */
  templateApplySeen(reading: TemplateApplyReading): void {
    if (this.known.templateApply === reading || this.known.templateApply === 'in-background') return;
    this.learn({ templateApply: reading });
  }

  get userUpdates(): UserUpdatesReading | undefined {
    return this.known.userUpdates;
  }

  /** What an update was seen doing with the fields it was not sent: once seen clearing them, it stays `whole-record`. */
  userUpdatesSeen(reading: UserUpdatesReading): void {
    if (this.known.userUpdates === reading || this.known.userUpdates === 'whole-record') return;
    this.learn({ userUpdates: reading });
  }

  get apiPath(): string | undefined {
    return this.known.apiPath;
  }

  /** Sign-in found OneFile answering at this path: later clients of the environment start there. */
  apiPathSeen(path: string): void {
    if (this.known.apiPath === path) return;
    this.learn({ apiPath: path });
  }

  get archivedFilter(): 'refused' | undefined {
    return this.known.archivedFilter;
  }

  /** A user search was refused for `IncludeArchived` and answered without it: from now on it is left out. */
  archivedFilterRefused(): void {
    if (this.known.archivedFilter === 'refused') return;
    this.learn({ archivedFilter: 'refused' });
  }

  get unpagedSearch(): UnpagedSearchReading | undefined {
    return this.known.unpagedSearch;
  }

  /** An unpaged search was seen answering fewer rows than the pages hold: from now on every kind is read by pages. */
  unpagedSearchSeen(reading: UnpagedSearchReading): void {
    if (this.known.unpagedSearch === reading) return;
    this.learn({ unpagedSearch: reading });
  }

  /** The most rows this kind's unpaged search was seen answering whole, if known. */
  unpagedSeenWholeOf(entity: UnpagedEntity): number | undefined {
    return this.known.unpagedSeenWhole?.[entity];
  }

  /** This kind's unpaged search was seen answering this many rows whole (the pages held no more): the most seen is kept. */
  unpagedAnsweredWhole(entity: UnpagedEntity, rows: number): void {
    const known = this.unpagedSeenWholeOf(entity);
    if (known !== undefined && known >= rows) return;
    this.learn({ unpagedSeenWhole: { ...this.known.unpagedSeenWhole, [entity]: rows } });
  }

  /** The user fields seen kept by this kind of write (none known: every one is checked). */
  userFieldsKept(write: UserWrite): readonly string[] {
    return this.known.userFieldsKept?.[write] ?? [];
  }

  /** Fields a read showed this kind of write keeping: added to those known, kept with the findings. */
  userFieldsSeenKept(write: UserWrite, fields: readonly string[]): void {
    const known = this.userFieldsKept(write);
    const added = fields.filter((field) => !known.includes(field));
    if (added.length === 0) return;
    const kept = { ...this.known.userFieldsKept, [write]: [...known, ...added].sort() };
    this.learn({ userFieldsKept: kept });
  }

  get searchLagMs(): number | undefined {
    return this.known.searchLagMs;
  }

  /** A search was seen showing a write this long after it (0: at once); the longest seen is kept. */
  searchLagSeen(ms: number): void {
    const known = this.known.searchLagMs;
    const lag = Math.max(0, Math.round(ms));
    if (known !== undefined && known >= lag) return;
    this.learn({ searchLagMs: lag });
  }

  get ratePacing(): 'even' | undefined {
    return this.known.ratePacing;
  }

  /** OneFile refused a burst its window had room for: calls are paced evenly here from now on. */
  ratePacingSeen(pacing: 'even'): void {
    if (this.known.ratePacing === pacing) return;
    this.learn({ ratePacing: pacing });
  }

  get admittedBudget(): AdmittedBudget | undefined {
    return this.known.admittedBudget;
  }

  /** OneFile admitted only `calls` a window of the `budget` set (as many as the budget again: nothing is held against it). */
  admittedBudgetSeen(admitted: AdmittedBudget): void {
    const known = this.known.admittedBudget;
    if (known ? known.calls === admitted.calls && known.budget === admitted.budget : admitted.calls >= admitted.budget) return;
    this.learn({ admittedBudget: { calls: admitted.calls, budget: admitted.budget } });
  }

  get userFilters(): UserFiltersReading | undefined {
    return this.known.userFilters;
  }

  /** A directory read found the user search honouring its organisation and role filters, or ignoring them. */
  userFiltersSeen(reading: UserFiltersReading): void {
    if (this.known.userFilters === reading) return;
    this.learn({ userFilters: reading });
  }

  /** How many rows the organisation's list of this kind held when last read whole, if known. */
  listSize(organisationId: number, kind: string): number | undefined {
    return this.known.listSizes?.[`${organisationId}:${kind}`];
  }

  /** A directory read the organisation's list of this kind whole: its size, for the next read. */
  listSizeSeen(organisationId: number, kind: string, rows: number): void {
    const key = `${organisationId}:${kind}`;
    if (this.known.listSizes?.[key] === rows) return;
    this.learn({ listSizes: { ...this.known.listSizes, [key]: rows } });
  }

  get learnerEmail(): LearnerEmailReading | undefined {
    return this.known.learnerEmail;
  }

  /**
   * A learner without an email was created (`optional`) or refused for it (`required`). A
   * learner made without one is proof; a later refusal naming the email (it may name it for
   * another reason) does not undo it.
   */
  learnerEmailSeen(reading: LearnerEmailReading): void {
    if (this.known.learnerEmail === reading || (reading === 'required' && this.known.learnerEmail === 'optional')) return;
    this.learn({ learnerEmail: reading });
  }

  /** Something worth keeping for the environment was learned: known from now on, and told (`onLearned`). */
  private learn(learned: Partial<ApiKnowledge>): void {
    this.known = { ...this.known, ...learned };
    this.onLearned?.();
  }

  /** What is known now, to save with the environment's findings or show in the plan. */
  snapshot(): ApiKnowledge & { learnedPageCap?: number } {
    return {
      ...this.known,
      ...(this.templateContents ? { templateContents: this.templateContents } : {}),
      ...(this.learnedCap !== undefined ? { learnedPageCap: this.learnedCap } : {}),
    };
  }
}
