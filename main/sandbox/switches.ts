import type { RateShape, AnswerValues, CreateAnswers, AssignAnswers, DateAnswers, TextFilterMode, TemplateDetailAnswer, SessionRefusal } from './switch-values';

export * from './switch-values';

/**
 * The sandbox's knobs. Every one is live: tests change `running.switches.x` mid-run
 * and the next call sees the new value.
 */
export interface SandboxSwitches {
  /** Calls allowed per window per customer token (OneFile documents 100 a minute). */
  rateLimit: number;
  /** Sliding window length in ms (60 000 like OneFile; tests scale it down, e.g. 500). */
  windowMs: number;
  /**
   * How the limit is counted: `sliding` (at most `rateLimit` in any `windowMs`), `fixed` (at
   * most `rateLimit` in each `windowMs` counted from the epoch: a per-minute counter reset on
   * the minute), or `bucket` (a token bucket: `rateBurst` calls at once at most, refilled at
   * `rateLimit` per `windowMs`, as an API gateway's rate and burst, or a spike arrest, count).
   * OneFile documents only "100 calls per minute".
   */
  rateShape: RateShape;
  /** With `rateShape: bucket`, the most calls admitted at once (the bucket's size). */
  rateBurst: number;
  /** Send `Retry-After` (whole seconds, rounded up) on 429. OneFile documents none. */
  retryAfter: boolean;
  /**
   * How an empty search answers: `204` No Content (seen in production), `[]`, `null` with 200
   * (what a .NET action returning nothing may send), or `404` with a message ("No records
   * found"), as an API that reads "nothing found" as "not found" may, or `404-bare` with no
   * body at all (an ASP.NET `NotFound()`).
   */
  emptySearch: '204' | '[]' | 'null' | '404' | '404-bare';
  /**
   * How a search's rows come: `array` (a bare JSON array, as the guides say), or
   * `envelope`, an object holding them with paging figures (`{"Items": [...], "TotalCount":
   * 250, "Page": 1, "PageSize": 100}`), as many .NET APIs answer lists. An empty search is
   * still as `emptySearch` says (204 by default; `[]` becomes an envelope with no items).
   */
  searchAnswers: 'array' | 'envelope';
  /** Answer Authentication with a JSON string `"abc"` instead of the raw token. */
  quotedToken: boolean;
  /** Answer Authentication with a JSON object `{"TokenID": "abc"}` instead of the raw token (over `quotedToken`). */
  tokenInObject: boolean;
  /**
   * Where the session token comes: `body` (as our reading of the guides has it), or in an
   * `X-TokenID` answer header, as one guide's words can be read ("the session that is
   * returned in an X-TokenID header"): `header` with an empty body, `header-and-expiry`
   * with the body the session's expiry as a JSON string (text a reader of bodies takes
   * for a token).
   */
  sessionTokenIn: 'body' | 'header' | 'header-and-expiry';
  /** `GET Customer` answers the customer (`object`, as the guide shows) or a list holding only it (`list`). */
  customerAnswer: 'object' | 'list';
  /**
   * The API version paths answered: `both` (`/api/v2.1/`, what integrations use, and
   * `/api/v2/`, what the guides write), or only one of them; any other path is 404, as
   * a server without that version would answer.
   */
  apiVersions: 'both' | 'v2' | 'v2.1';
  /**
   * A search body key the guides do not name for that search (`IncludeArchived`,
   * `Archived`: ours, [assume]): `ignored`, as a lenient binder does, or `refused` with
   * 400 (code -122), as a OneFile binding its filters strictly would.
   */
  unknownFilters: 'ignored' | 'refused';
  /**
   * How paged searches number their pages: `from-1` (the guides, and every integration)
   * or `from-0`, as many paging APIs do: page 1 is then the second page, and a client
   * starting at 1 never sees the first.
   */
  pageNumbering: 'from-1' | 'from-0';
  /** Session token lifetime in ms (OneFile: 24 h). */
  sessionLifetimeMs: number;
  /**
   * Sessions live at once per customer token: `many` (the guides: "several may be live at
   * once"), or `one`, as an API keeping one session per token does: a sign-in ends the
   * sessions before it, so two programs sharing a token end each other's.
   */
  sessionsAtOnce: 'many' | 'one';
  /** Fixed latency added to every call before it is handled. */
  latencyMs: number;
  /** Plus a random 0..jitter ms. */
  latencyJitterMs: number;
  /**
   * The most calls OneFile (or a gateway in front of it) handles at once, 0 for no limit; one
   * more is refused, undone, with `callsAtOnceRefusal`: 429 (a gateway's concurrency policy),
   * 503 (a server's request queue full) or 403 (IIS refusing "too many concurrent requests").
   */
  callsAtOnce: number;
  callsAtOnceRefusal: 429 | 503 | 403;
  /** 0..1: probability that a call answers 500 without doing anything. */
  errorRate: number;
  /** 0..1: probability that a write is performed and persisted, then its connection dropped unanswered. */
  lostResponseRate: number;
  /** The next N calls answer 429 regardless of the window (decrements per call). */
  burst429: number;
  /** 0 = off; otherwise every N-th call first invalidates every session token. */
  expireSessionsEvery: number;

  // Variations of what the real OneFile may do differently from the guides' examples
  // (onefile-api.md): each one a plausible answer the importer must survive.

  /** 0 = off; otherwise every N-th write (counted from the start) is done and persisted, then its answer dropped. */
  loseEveryNthWrite: number;
  /**
   * 0 = off; otherwise every N-th write is not done and answered 200 with a web page, as a
   * proxy or a maintenance page in OneFile's place answers.
   */
  webPageEveryNthWrite: number;
  /**
   * Each page past the first of a paged search is answered a bare 404 (no body, nothing
   * done) the first time it is asked (by its path and body), as a gateway in front of two
   * servers, one of them restarting, may answer; asked again, the page is answered.
   */
  strayNotFound: boolean;
  /**
   * Each page of a paged search that holds rows (the first included) is answered as an
   * empty search (as `emptySearch` writes one: 204 by default) the first time that page of
   * that search is asked, at any size, as a gateway or a server part-way through a restart
   * may answer; asked again, the page is answered. A search read to its end on such an
   * answer misses every row after it.
   */
  strayEmpty: boolean;
  /**
   * 0 = off; otherwise every N-th write is done and persisted, then answered with a server
   * error: in turn 502 with a gateway's page (a proxy that stopped waiting for OneFile) and
   * 500 with OneFile's message, as a server failing after its write would answer.
   */
  errorAfterEveryNthWrite: number;
  /**
   * OneFile down (live: set it mid-run and back): `none` answers; `maintenance` answers every
   * call 503 with a maintenance page; `unreachable` closes every connection, unanswered.
   */
  outage: 'none' | 'maintenance' | 'unreachable';
  /**
   * 0 = off; otherwise, once `outageAfterWrites` writes are done and more than
   * `outageAfterCalls` calls have come in (part-way through a task that only reads, an
   * export), every call for the next `outageMs` (the sandbox's clock) is answered as
   * `outage: maintenance` answers: an outage for a face that cannot flip `outage` itself.
   */
  outageMs: number;
  outageAfterWrites: number;
  outageAfterCalls: number;
  /** Most rows a paged search serves, whatever size is asked (0 = no cap; production use has seen 50). */
  pageCap: number;
  /** Where a capped page starts: `capped` (at (p-1) x cap) or `requested` (at (p-1) x the size asked: a client asking for 100 skips rows). */
  pageCapOffsets: 'capped' | 'requested';
  /**
   * The largest page size a paged search takes (0 = any, as the guides have it); a page
   * asked larger meets `largerPages`: `refused` (400 naming the size) or `empty` (answered
   * as an empty search, as a server whose query takes nothing past its limit would).
   */
  largestPageSize: number;
  largerPages: 'refused' | 'empty';
  /**
   * Most rows an unpaged search (`POST {Entity}/Search`, documented to return every match)
   * answers, silently, as a server with a default limit on unbounded queries would
   * (0 = every match, as documented).
   */
  unpagedCap: number;
  /**
   * Whether the unpaged `User/Search`, `Classroom/Search`, `Placement/Search`,
   * `Standard/Search` and `Unit/Search` are offered: `false` answers each 404 as a server
   * without the route does (one guide reads standards and units only page by page).
   * `Organisation/Search` and `FrameworkTemplate/Search` are the only routes of their kind and stay.
   */
  unpagedSearchRoutes: boolean;
  /** How `GET FrameworkTemplate/{id}` (in no guide) answers: `served` with the contents, or refused with this HTTP status. */
  templateDetail: TemplateDetailAnswer;
  /**
   * The HTTP status of a refusal with its `{code, message}` body: 400, as seen, or 200, as
   * an API that puts its errors in the body answers (the body is the same either way).
   */
  refusalStatus: 400 | 200;
  /**
   * The keys of every JSON answer: `pascal`, as the guides write them (`ID`, `FirstName`,
   * `MISID`), or `camel`, as .NET's camel-case naming policy writes them (`id`,
   * `firstName`, `misid`, `defaultAssessorID`).
   */
  answerKeys: 'pascal' | 'camel';
  /**
   * The order of a paged user search's rows: `id` (a stable order), or `last-name`, by
   * last name alone, each page's query breaking ties its own way, as `ORDER BY LastName`
   * with `OFFSET`/`FETCH` does: a row may come on two pages and another on none.
   */
  userPageOrder: 'id' | 'last-name';
  /** The name key of framework template search rows: `Name`, or `Title` (what a production integration reads). */
  templateNameKey: 'Name' | 'Title';
  /**
   * A 400 answer's body: `lower` `{code, message}`, `pascal` `{Code, Message}`, or without
   * OneFile's code as ASP.NET answers: `model-state` (Web API: `{Message: "The request is
   * invalid.", ModelState: {request: [...]}}`) or `problem-details` (Core: `{title, status,
   * errors: {request: [...]}}`), the refusal's words in the list.
   */
  errorKeys: 'lower' | 'pascal' | 'model-state' | 'problem-details';
  /** Archived users in searches: `on-request` (with IncludeArchived / Archived), or `hidden` (never returned). */
  archivedUsers: 'on-request' | 'hidden';
  /**
   * `POST User/{id}/Assign`: `staff-in-path` (what integrations do: `{id}` the staff user, `LearnerID`
   * in the body) or `learner-in-path` (the newest guide's reading: `{id}` the learner, the staff user as
   * `UserID` in the body).
   */
  assignPath: 'staff-in-path' | 'learner-in-path';
  /** Paged user search rows: `full` records, or `brief` `{ID, FirstName, LastName, MISID}` as unpaged ones. */
  pagedUserRows: 'full' | 'brief';
  /** Learning aim and unit summary rows: `full`, or `documented` keys only (no FrameworkTemplateID, dates). */
  programmeRows: 'full' | 'documented';
  /** Serve the unpaged `LearningAim/Search` and `UnitSummary/Search` (only the paged routes are documented). */
  unpagedProgrammeSearch: boolean;
  /**
   * How unit summary rows write a unit ID that is text (`KS_COMM1`): `as-units`, as the unit
   * search writes it, or `lower-case` (`ks_comm1`), as a OneFile whose database compares text
   * without case keeps an ID sent so by whoever assigned the unit.
   */
  summaryUnitIds: 'as-units' | 'lower-case';
  /** Send `X-RateLimit-Limit` / `X-RateLimit-Remaining` on every answer (none are documented). */
  rateHeaders: boolean;
  /** A user's `L13` (sex): `any` text kept, or `ilr`: only the ILR's codes, M or F, anything else a 400. */
  sexCodes: 'any' | 'ilr';
  /**
   * How searches compare a text filter (`Email`, `MISID`, `Name`, `Title`...): `exact` ignoring
   * case [assume], `case-sensitive`, `contains` (a LIKE '%x%', ignoring case), or `ignored`
   * (every row comes back whatever the text asked for; number filters still apply).
   */
  textFilters: TextFilterMode;
  /**
   * How a user's dates are written in answers: `iso` (`2001-06-04T00:00:00.000Z`, the guides'
   * form), `no-zone` (`2001-06-04T00:00:00`), `ms-json` (`/Date(991612800000)/`, older .NET), or
   * `london-midnight` (a calendar date kept as midnight in London: `2001-06-03T23:00:00.000Z`).
   */
  dateAnswers: DateAnswers;
  /**
   * What `POST User`, `POST Classroom` and `POST Placement` answer: `record` (200 with the new
   * record [seen]), `id` (200 with the bare ID, as the programme assigns do), or `empty` (201, no body).
   */
  createAnswers: CreateAnswers;
  /**
   * What `POST Standard/{id}/Assign` and `POST Unit/{id}/Assign` answer: `id` (200 with the new
   * learning aim's or unit summary's bare ID [seen]), `record` (200 with the new record), or
   * `empty` (204, no body).
   */
  assignAnswers: AssignAnswers;
  /**
   * What `POST User/{id}` does with the fields a body leaves out: `fields-sent` (keeps them: it
   * changes only the fields sent [seen]) or `whole-record` (clears every optional one, as a
   * server binding the body to a whole user would; the organisation, role, names, email,
   * assessor, class and placement are kept).
   */
  userUpdates: 'fields-sent' | 'whole-record';
  /**
   * Whether `POST User` creates a learner (Role 1) without an `Email`: `required` (400 naming
   * the email, as the API table has every user need one) or `optional` (created, no email, as
   * OneFile's guide to creating users lists a learner's required fields without it). Staff
   * always need one.
   */
  learnerEmail: 'required' | 'optional';
  /**
   * What becomes of the text a call sends: `as-sent`, or `html-encoded` (every string of a
   * body has `&`, `<`, `>`, `"` and `'` turned into character references on arrival, as a
   * server sanitising its input against scripts does): stored so and answered so
   * (`O&#39;Connor`, `Health &amp; Social Care`), and a search's filter compared so; or
   * `html-encoded-writes`: only what a write sends is encoded, so a search's filter is
   * compared as sent with what is stored encoded (`Marks & Spencer` finds nothing).
   */
  textInput: 'as-sent' | 'html-encoded' | 'html-encoded-writes';
  /**
   * User fields (OneFile keys: `PlacementID`, `DOB`, `MISID`...) that `POST User` accepts and
   * answers 200 to but does not keep, as a OneFile taking a placement only through
   * `AssignPlacement`, or parsing a date it cannot read as none, would: the new user is stored
   * (and answered) without them. Default none.
   */
  createIgnores: readonly string[];
  /**
   * How a call with a session token that has expired (or was never issued) is refused:
   * 401 (the importer's assumption), 400 with a `{code, message}` naming the session, a 302
   * to a sign-in page, or that sign-in page answered with 200, as a web app's forms sign-in
   * does. Authentication's refusal of the customer token stays 401.
   */
  sessionRefusal: SessionRefusal;
  /** The same for `POST User/{id}`: answered 204, those fields left as they were (a MIS ID fixed once set, say). */
  updateIgnores: readonly string[];
  /**
   * The most characters a user's text field holds (no guide says; 0: no limit). What a
   * longer value meets is `longText`: `server-error` (500 "An error has occurred.", as a
   * .NET API whose database refuses to truncate answers), `refused` (400 with a
   * `{code, message}` naming the field), or `truncated` (kept cut short, answered as success).
   */
  textLimit: number;
  longText: 'server-error' | 'refused' | 'truncated';
  /**
   * What `POST User/{id}/Assign` does with an assignment the learner already has (the same
   * staff user, level and standard or unit): `kept-once` (204, nothing added: the
   * importer's assumption), or `refused` (400 with a `{code, message}` saying it is
   * already assigned, as a public SDK notes a repeated unit assign "only passes first
   * time"). No guide says, and no documented call reads a learner's assigned staff back.
   */
  staffAssignAgain: 'kept-once' | 'refused';
  /**
   * The organisations' Keychain flags: `off` (both false, as the guide's example), `emails` (creation on, emails not
   * suppressed: OneFile emails each new user), `suppressed` (on, suppressed), or `unsaid` (neither key in the rows).
   */
  keychain: 'off' | 'emails' | 'suppressed' | 'unsaid';
  /**
   * User fields (`Email`, `MISID`, `ULN`, `NINO`) no two users of the customer may share, in
   * any organisation, archived or not: `POST User` or `POST User/{id}` giving a user a value
   * another user has is refused (400, a `{code, message}` naming the field and the value, as
   * a OneFile using the email as a login would). No guide says; the importer guarantees it
   * only among the learners of the organisation it reads. Default none: values may repeat.
   */
  uniqueUserFields: readonly string[];
  /**
   * What `POST User` with a `uniqueUserFields` value another user has meets: `refused` (the
   * 400 above; the default) or `existing`: answered 200 with the user who has it, as a
   * OneFile treating the email as a login and creating "or else returning" would, nothing made.
   */
  uniqueUserCreate: 'refused' | 'existing';
  /** `POST Classroom` / `POST Placement` named as one the organisation has (capitals, spaces aside): `made` (another) or `existing` (200 with that one, as "create or else return"). */
  placeCreate: 'made' | 'existing';
  /** A learner's `DefaultAssessorID`, `DefaultEmployerID` and assigned staff: `checked` (of its organisation and that role, else 400 [assume]) or `unchecked` (any user, as given). */
  staffReferences: 'checked' | 'unchecked';
  /**
   * What `POST Standard/{id}/Assign` and `POST Unit/{id}/Assign` do with a standard or unit the
   * learner already has: `made-again` (a second learning aim or unit summary: the sandbox's
   * default, so that a client sending one twice is caught) or `refused` (400, code -124, "...
   * is already assigned to learner ...", as a public SDK notes a repeated unit assign "only
   * passes first time").
   */
  programmeAssignAgain: 'made-again' | 'refused';
  /**
   * When `FrameworkTemplate/{id}/Assign` makes the learner's learning aims: `at-once` (before
   * its 204), `in-background` (`templateApplyMs` after it), or `never` (204 and nothing made,
   * as a OneFile reading onlyChangeAssigned the other way would do for a new learner).
   */
  templateApply: 'at-once' | 'in-background' | 'never';
  /** With `templateApply: in-background`, how long after the answer the aims appear. */
  templateApplyMs: number;
  /**
   * The number filters of user, learning aim and unit summary searches (`OrganisationID`,
   * `Role`, `UserID`...): `exact`, or `ignored` (every organisation's users, staff among
   * learners, every learner's aims).
   */
  numberFilters: 'exact' | 'ignored';
  /**
   * How long after a user, class, placement, learning aim or unit summary is made it first
   * shows in searches (paged and unpaged), as a search served from a replica or an index
   * that trails the writes would; `GET {Entity}/{id}` shows it at once. 0: at once.
   */
  searchLagMs: number;
  /**
   * How a success's values are typed: `documented` (numbers as numbers, `true`/`false`), `strings`
   * (every number and flag as text, `"5740"`, `"True"`, as a server writing values with .NET's
   * ToString would), or `names` (a user's `Role` as its name, `"Learner"`, as an enum converter
   * writes it, and the ULN as a JSON number, as a `long` field is written).
   */
  answerValues: AnswerValues;
}
