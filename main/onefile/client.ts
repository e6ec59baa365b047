import { z } from 'zod';
import { searchAnswer } from './schemas';
import { ApiCaller } from './caller';
import { createRedactor } from './errors';
import { apiPathOf, otherApiVersion, resolveBaseUrl } from './environments';
import { RecentMedian } from './latency';
import { describeRoute, networkDispatcher, type NetworkOptions } from './network';
import { DEFAULT_BUDGET_PER_MINUTE, DEFAULT_WINDOW_MS, type RateLimiter, type RateLimiterStats } from './limiter';
import { sharedRateLimiter } from './shared-limiter';
import { EnvironmentKnowledge, type ApiKnowledge, type TemplateApplyReading, type UnpagedEntity, type UnpagedSearchReading, type UserFiltersReading, type UserUpdatesReading, type UserWrite } from './knowledge';
import type { PageOptions } from './paging';
import * as programme from './programme';
import { DEFAULT_RENEW_AFTER_MS, Session, tidyCustomerToken } from './session';
import * as structure from './structure';
import { Transport, type CallInfo, type RetryPolicy } from './transport';
import * as users from './users';
import type { LearnerEmailReading } from '../../shared/learner-email';

export interface OneFileClientOptions {
  /** From `resolveBaseUrl`; a custom URL is checked again here (https unless loopback). */
  baseUrl: string;
  customerToken: string;
  /** Calls per window (1..300). Default 100, OneFile's documented limit. */
  budgetPerMinute?: number;
  /** The rate window. Default 60 000 ms; tests shorten it. */
  windowMs?: number;
  /** Sign in again after this long. Default 23 h (sessions last 24 h). */
  renewAfterMs?: number;
  /** Limit for one exchange, headers and body. Default 60 s. */
  requestTimeoutMs?: number;
  /** The network's proxy and trusted authorities (network.ts); default: the environment's proxy variables, the system's authorities where Node reads them. */
  network?: NetworkOptions;
  /** Largest answer read. Default 50 MB. */
  maxResponseBytes?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Retries of reads (and of writes that never left): default 4 tries, 500 ms base delay. */
  retry?: Partial<RetryPolicy>;
  /** Consecutive 429s on one call before giving up. Default 10. */
  max429?: number;
  /** A limiter to share; by default the process-wide one for this base URL and token. */
  limiter?: RateLimiter;
  /** The data folder: share the rate budget with this machine's other processes using the same token (budget-lease.ts). */
  shareBudgetIn?: string;
  /** Called after every HTTP exchange, for metrics. Carries no token. */
  onCall?: (info: CallInfo) => void;
  /**
   * What is known of this OneFile beyond its guides (the probe's findings and the
   * user's settings): page size and cap, whether a template's contents can be read,
   * the Assign path reading. Without it every assumption is taken at its safest.
   */
  knowledge?: ApiKnowledge;
  /** Something worth keeping for the environment was learned mid-run (e.g. how templates apply): what is known now. */
  onLearned?: (known: ApiKnowledge) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A OneFile API client: one signed-in session, the shared rate limiter, safe retries,
 * and a typed function per endpoint the import needs. Every failure is a OneFileError.
 */
export function createOneFileClient(options: OneFileClientOptions) {
  const baseUrl = resolveBaseUrl(options.baseUrl);
  const customerToken = tidyCustomerToken(options.customerToken);
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const limiter =
    options.limiter ??
    sharedRateLimiter(baseUrl, customerToken, {
      budget: options.budgetPerMinute ?? DEFAULT_BUDGET_PER_MINUTE,
      windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
      clock,
      sleep,
      shareDataDir: options.shareBudgetIn,
    });
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const network = options.network ?? {};
  const limits = { connectTimeoutMs: Math.min(requestTimeoutMs, 30_000), connections: 16 };
  const dispatchers = { read: networkDispatcher(network, limits), write: networkDispatcher(network, limits) };
  let session: Session | undefined;
  const latency = new RecentMedian();
  const redact = createRedactor(() => [customerToken, ...(session?.tokensIssued ?? [])]);
  // Where sign-in found this OneFile answering at the other API version's path before, calls start there.
  const otherVersion = otherApiVersion(baseUrl);
  const startAt = otherVersion && options.knowledge?.apiPath === apiPathOf(otherVersion) ? otherVersion : baseUrl;
  const transport = new Transport({
    baseUrl: startAt,
    dispatchers,
    limiter,
    retry: { attempts: options.retry?.attempts ?? 4, baseDelayMs: options.retry?.baseDelayMs ?? 500 },
    requestTimeoutMs,
    route: describeRoute(network, baseUrl),
    maxResponseBytes: options.maxResponseBytes ?? 50 * 1024 * 1024,
    max429: options.max429 ?? 10,
    clock,
    sleep,
    random: options.random ?? Math.random,
    onCall: (info) => {
      // Answered exchanges only: a refused connection says nothing of OneFile's pace.
      if (info.status > 0) latency.add(info.ms);
      options.onCall?.(info);
    },
  });
  session = new Session({
    transport,
    customerToken,
    renewAfterMs: options.renewAfterMs ?? DEFAULT_RENEW_AFTER_MS,
    clock,
    redact,
    otherBaseUrl: startAt === baseUrl ? otherVersion : baseUrl,
    onMoved: (url) => knowledge.apiPathSeen(apiPathOf(url)),
  });
  const api = new ApiCaller(transport, session, redact);
  const knowledge = new EnvironmentKnowledge(options.knowledge, () => options.onLearned?.(knowledge.snapshot()));
  // Pacing is the limiter's (shared by every client of this account) and the environment's knowledge: each tells the other.
  if (knowledge.ratePacing === 'even') limiter.paceEvenly();
  if (limiter.pacing === 'even') knowledge.ratePacingSeen('even');
  const stopHearingPacing = limiter.onPacing((pacing) => {
    if (pacing === 'even') knowledge.ratePacingSeen(pacing);
  });
  // So is the budget OneFile admits, when it admitted fewer than the budget set: kept for that budget only.
  const admitted = knowledge.admittedBudget;
  if (admitted && admitted.budget === limiter.configuredBudget) limiter.admitAtMost(admitted.calls);
  if (limiter.admitted !== undefined) knowledge.admittedBudgetSeen({ calls: limiter.admitted, budget: limiter.configuredBudget });
  const stopHearingAdmitted = limiter.onAdmitted((calls) => knowledge.admittedBudgetSeen({ calls, budget: limiter.configuredBudget }));
  /** Whether user searches may ask for archived users here (refused once, never again). */
  const archivedFilter = { refused: () => knowledge.archivedFilter === 'refused', seenRefused: () => knowledge.archivedFilterRefused() };
  /** Every search pages as this environment is known to page, unless the caller says otherwise; a cap met is remembered. */
  const paging = (page?: PageOptions): PageOptions => ({
    ...knowledge.paging(),
    onCapLearned: (cap) => knowledge.capLearned(cap),
    onLargestPageLearned: (size) => knowledge.largestPageSeen(size),
    onPageBaseLearned: (base) => knowledge.pageBaseSeen(base),
    ...page,
  });

  return {
    baseUrl,
    limiter,
    /** Calls sent, 429s, queue length: for the progress display. */
    stats: (): RateLimiterStats => limiter.stats(),
    /** How long OneFile has recently taken to answer one call (median, ms); undefined before the first answer. */
    latencyMs: (): number | undefined => latency.value(),
    /** Milliseconds until `calls` more calls could be sent at the rate limit. */
    eta: (calls: number): number => limiter.eta(calls),
    /** What is known of this OneFile now: the findings it started from plus what its calls showed. */
    knowledge: () => knowledge.snapshot(),
    /** Start from new findings (a probe just ran): later calls page and call as they say. */
    adoptKnowledge: (known: ApiKnowledge) => knowledge.adopt(known),
    /** Leaves readings out that are no longer believed: the calls that need them look again. */
    forgetReadings: (keys: readonly (keyof ApiKnowledge)[]) => knowledge.forget(keys),
    /** Keys of answers that came spelled otherwise than the guides write them, as they came and as read (for the probe). */
    renamedAnswerKeys: (): Array<[string, string]> => [...api.renamedKeys],
    /** How the session token came back from Authentication (for the probe); undefined before signing in. */
    tokenForm: () => session?.tokenForm,
    /** The API version's path calls go to, where it is not the address's own (sign-in found OneFile there). */
    apiPathAnswering: (): string | undefined => (transport.baseUrl === baseUrl ? undefined : apiPathOf(transport.baseUrl)),
    /** Closes the client's connections; calls after this fail. */
    close: async (): Promise<void> => {
      stopHearingPacing();
      stopHearingAdmitted();
      await Promise.all([dispatchers.read.close(), dispatchers.write.close()]);
    },

    /**
     * One page of a search as OneFile sent it, every key kept: for the probe, which
     * looks at the rows' shape and the page sizes OneFile serves. A read.
     */
    searchPageAsSent: (entity: string, filter: object, page: number, size: number) =>
      api.parsed(
        { method: 'POST', route: `POST ${entity}/Search/{page}/{size}`, path: `${entity}/Search/${page}/${size}`, body: filter, read: true },
        searchAnswer(z.looseObject({})),
      ) as Promise<Record<string, unknown>[]>,

    /** Every row of an unpaged search as OneFile sent it, every key kept: for the probe, which counts them. A read. */
    searchAsSent: (entity: string, filter: object) =>
      api.parsed(
        { method: 'POST', route: `POST ${entity}/Search`, path: `${entity}/Search`, body: filter, read: true },
        searchAnswer(z.looseObject({})),
      ) as Promise<Record<string, unknown>[]>,

    getCustomer: () => structure.getCustomer(api),
    searchOrganisations: (customerId: number) => structure.searchOrganisations(api, customerId),
    searchClassrooms: (filter: structure.NamedFilter, page?: PageOptions) => structure.searchClassrooms(api, filter, paging(page)),
    listClassrooms: (filter: structure.NamedFilter) => structure.listClassrooms(api, filter),
    getClassroom: (id: number) => structure.getClassroom(api, id),
    searchPlacements: (filter: structure.NamedFilter, page?: PageOptions) => structure.searchPlacements(api, filter, paging(page)),
    listPlacements: (filter: structure.NamedFilter) => structure.listPlacements(api, filter),
    getPlacement: (id: number) => structure.getPlacement(api, id),
    createClassroom: (place: structure.NewPlace) => structure.createClassroom(api, place),
    createPlacement: (place: structure.NewPlace) => structure.createPlacement(api, place),
    getLearnerStatuses: (organisationId: number) => structure.getLearnerStatuses(api, organisationId),

    searchUsers: (filter: users.UserFilter, page?: PageOptions) => users.searchUsers(api, filter, paging(page), archivedFilter),
    listUsers: (filter: users.UserFilter) => users.listUsers(api, filter, archivedFilter),
    /** `refused` where this OneFile refused `IncludeArchived`: its user searches may leave archived users out. */
    archivedFilter: () => knowledge.archivedFilter,
    getUser: (id: number) => users.getUser(api, id),
    createUser: (fields: users.UserFields) => users.createUser(api, fields),
    updateUser: (id: number, changedFields: Partial<users.UserFields>) => users.updateUser(api, id, changedFields),
    archiveUser: (id: number) => users.archiveUser(api, id),
    unarchiveUser: (id: number) => users.unarchiveUser(api, id),
    assignUser: (staffUserId: number, assignment: users.Assignment) => users.assignUser(api, staffUserId, assignment, knowledge.assignPath),

    searchStandards: (filter: programme.StandardFilter, page?: PageOptions) => programme.searchStandards(api, filter, paging(page)),
    listStandards: (filter: programme.StandardFilter) => programme.listStandards(api, filter),
    getStandard: (id: number) => programme.getStandard(api, id),
    searchUnits: (filter: programme.UnitFilter, page?: PageOptions) => programme.searchUnits(api, filter, paging(page)),
    listUnits: (filter: programme.UnitFilter) => programme.listUnits(api, filter),
    getUnit: (id: string) => programme.getUnit(api, id),
    searchFrameworkTemplates: (filter: { OrganisationID?: number }) => programme.searchFrameworkTemplates(api, filter),
    searchFrameworkTemplatePages: (filter: { OrganisationID?: number }, page?: PageOptions) => programme.searchFrameworkTemplatePages(api, filter, paging(page)),
    getFrameworkTemplate: (id: number) => programme.getFrameworkTemplate(api, id, knowledge),
    /** Whether `GET FrameworkTemplate/{id}` (in no guide) answers here: known, refused, or not yet tried. */
    templateContentsAvailability: () => knowledge.templateContentsAvailability,
    /** When a template's learning aims appear after its assign here: at once, in the background, or not known yet. */
    templateApply: () => knowledge.templateApply,
    /** What a read after a template assign showed (run/template-check.ts). */
    templateApplySeen: (reading: TemplateApplyReading) => knowledge.templateApplySeen(reading),
    userUpdates: () => knowledge.userUpdates,
    userUpdatesSeen: (reading: UserUpdatesReading) => knowledge.userUpdatesSeen(reading),
    /** The user fields a create or an update has been seen keeping here (run/kept-fields.ts). */
    userFieldsKept: (write: UserWrite) => knowledge.userFieldsKept(write),
    userFieldsSeenKept: (write: UserWrite, fields: readonly string[]) => knowledge.userFieldsSeenKept(write, fields),
    /** How long after a write this OneFile's searches were seen to show it (0: at once), if known (run/verify.ts). */
    searchLagMs: () => knowledge.searchLagMs,
    searchLagSeen: (ms: number) => knowledge.searchLagSeen(ms),
    /** Whether this OneFile's unpaged searches are known to answer only their first rows. */
    unpagedSearch: () => knowledge.unpagedSearch,
    unpagedSearchSeen: (reading: UnpagedSearchReading) => knowledge.unpagedSearchSeen(reading),
    /** The most rows a kind's unpaged search was seen answering whole here, if known: fewer than that cannot be a cut (directory/unpaged.ts). */
    unpagedSeenWhole: (entity: UnpagedEntity) => knowledge.unpagedSeenWholeOf(entity),
    unpagedAnsweredWhole: (entity: UnpagedEntity, rows: number) => knowledge.unpagedAnsweredWhole(entity, rows),
    /** Whether this OneFile's user search was seen honouring its organisation and role filters (directory/unconfirmed-users.ts). */
    userFilters: () => knowledge.userFilters,
    /** How many rows an organisation's list held when a directory last read it whole (paging.ts, `knownRows`). */
    listSize: (organisationId: number, kind: string) => knowledge.listSize(organisationId, kind),
    listSizeSeen: (organisationId: number, kind: string, rows: number) => knowledge.listSizeSeen(organisationId, kind, rows),
    userFiltersSeen: (reading: UserFiltersReading) => knowledge.userFiltersSeen(reading),
    /** Whether this OneFile creates a learner without an email, if an import has seen it (run/learner-email.ts). */
    learnerEmail: () => knowledge.learnerEmail,
    learnerEmailSeen: (reading: LearnerEmailReading) => knowledge.learnerEmailSeen(reading),
    assignFrameworkTemplate: (templateId: number, userId: number, onlyChangeAssigned: boolean) =>
      programme.assignFrameworkTemplate(api, templateId, userId, onlyChangeAssigned),
    assignStandard: (standardId: number, learnerId: number) => programme.assignStandard(api, standardId, learnerId),
    assignUnit: (unitId: string, learnerId: number, standardId: number) => programme.assignUnit(api, unitId, learnerId, standardId),
    searchLearningAims: (userId: number, page?: PageOptions) => programme.searchLearningAims(api, userId, paging(page)),
    searchUnitSummaries: (userId: number, page?: PageOptions) => programme.searchUnitSummaries(api, userId, paging(page)),
  };
}

/** The client the import engine, the CLI and the app use. */
export type OneFileClient = ReturnType<typeof createOneFileClient>;
