import type { SandboxSwitches } from './switches';

/** The sandbox's switches as the guides have OneFile (switches.ts says what each plays), and how a caller's are laid over them. */

/** The sandbox's fixed, public demo customer token. Not a secret: it opens only the sandbox. */
export const DEMO_CUSTOMER_TOKEN = 'sandbox-customer-token';

export const DEFAULT_SWITCHES: Readonly<SandboxSwitches> = Object.freeze({
  rateLimit: 100,
  windowMs: 60_000,
  rateShape: 'sliding',
  rateBurst: 10,
  retryAfter: true,
  emptySearch: '204',
  searchAnswers: 'array',
  quotedToken: false,
  tokenInObject: false,
  sessionTokenIn: 'body',
  customerAnswer: 'object',
  apiVersions: 'both',
  unknownFilters: 'ignored',
  pageNumbering: 'from-1',
  sessionLifetimeMs: 24 * 60 * 60 * 1000,
  sessionsAtOnce: 'many',
  latencyMs: 0,
  latencyJitterMs: 0,
  callsAtOnce: 0,
  callsAtOnceRefusal: 429,
  errorRate: 0,
  lostResponseRate: 0,
  burst429: 0,
  expireSessionsEvery: 0,
  loseEveryNthWrite: 0,
  webPageEveryNthWrite: 0,
  strayNotFound: false,
  strayEmpty: false,
  errorAfterEveryNthWrite: 0,
  outage: 'none',
  outageMs: 0,
  outageAfterWrites: 0,
  outageAfterCalls: 0,
  pageCap: 0,
  pageCapOffsets: 'capped',
  largestPageSize: 0,
  largerPages: 'refused',
  unpagedCap: 0,
  unpagedSearchRoutes: true,
  templateDetail: 'served',
  refusalStatus: 400,
  answerKeys: 'pascal',
  userPageOrder: 'id',
  templateNameKey: 'Name',
  errorKeys: 'lower',
  archivedUsers: 'on-request',
  assignPath: 'staff-in-path',
  pagedUserRows: 'full',
  programmeRows: 'full',
  unpagedProgrammeSearch: true,
  rateHeaders: false,
  sexCodes: 'any',
  textFilters: 'exact',
  dateAnswers: 'iso',
  createAnswers: 'record',
  assignAnswers: 'id',
  userUpdates: 'fields-sent',
  learnerEmail: 'required',
  textInput: 'as-sent',
  createIgnores: [],
  sessionRefusal: 401,
  updateIgnores: [],
  textLimit: 0,
  longText: 'server-error',
  staffAssignAgain: 'kept-once',
  keychain: 'off',
  uniqueUserFields: [],
  uniqueUserCreate: 'refused',
  placeCreate: 'made',
  staffReferences: 'checked',
  programmeAssignAgain: 'made-again',
  summaryUnitIds: 'as-units',
  templateApply: 'at-once',
  templateApplyMs: 1500,
  numberFilters: 'exact',
  searchLagMs: 0,
  answerValues: 'documented',
});

/** The defaults overlaid with whichever switches the caller set (undefined means "default"). */
export function resolveSwitches(partial: Partial<SandboxSwitches>): SandboxSwitches {
  const switches: SandboxSwitches = { ...DEFAULT_SWITCHES };
  for (const key of Object.keys(DEFAULT_SWITCHES) as (keyof SandboxSwitches)[]) {
    const value = partial[key];
    if (value !== undefined) (switches as unknown as Record<string, unknown>)[key] = value;
  }
  return switches;
}
