import { Command, Option } from 'commander';
import { resetSandboxState, SandboxStateInUse, startSandbox, type RunningSandbox, type SandboxOptions } from '../sandbox';
import { probability, uniqueFieldList, userFieldList, wholeNumber } from './number-options';
import {
  ANSWER_VALUES,
  ASSIGN_ANSWERS,
  CREATE_ANSWERS,
  DATE_ANSWERS,
  RATE_SHAPES,
  SESSION_REFUSALS,
  TEMPLATE_DETAIL_ANSWERS,
  TEXT_FILTER_MODES,
  type AnswerValues,
  type SandboxSwitches,
  type SessionRefusal,
} from '../sandbox/switches';

interface SandboxCommandOptions {
  port: number;
  host: string;
  seed: number;
  rate?: number;
  windowMs?: number;
  rateShape?: SandboxSwitches['rateShape'];
  rateBurst?: number;
  retryAfter: boolean;
  emptySearch?: '204' | '[]' | 'null' | '404' | '404-bare';
  quotedToken?: boolean;
  tokenInObject?: boolean;
  sessionTokenIn?: 'body' | 'header' | 'header-and-expiry';
  customerAnswer?: 'object' | 'list';
  apiVersions?: 'both' | 'v2' | 'v2.1';
  unknownFilters?: 'ignored' | 'refused';
  pageNumbering?: 'from-1' | 'from-0';
  sessionsAtOnce?: 'many' | 'one';
  sessionLifetimeMs?: number;
  latencyMs?: number;
  latencyJitterMs?: number;
  callsAtOnce?: number;
  callsAtOnceRefusal?: string;
  errorRate?: number;
  lostResponseRate?: number;
  expireSessionsEvery?: number;
  loseEveryNthWrite?: number;
  webPageEveryNthWrite?: number;
  strayNotFound?: boolean;
  strayEmpty?: boolean;
  errorAfterEveryNthWrite?: number;
  outage?: 'none' | 'maintenance' | 'unreachable';
  pageCap?: number;
  pageCapOffsets?: SandboxSwitches['pageCapOffsets'];
  largestPageSize?: number;
  largerPages?: SandboxSwitches['largerPages'];
  unpagedCap?: number;
  unpagedSearchRoutes?: boolean;
  templateDetail?: string;
  templateNameKey?: SandboxSwitches['templateNameKey'];
  refusalStatus?: string;
  answerKeys?: SandboxSwitches['answerKeys'];
  userPageOrder?: SandboxSwitches['userPageOrder'];
  errorKeys?: SandboxSwitches['errorKeys'];
  archivedUsers?: SandboxSwitches['archivedUsers'];
  assignPath?: SandboxSwitches['assignPath'];
  pagedUserRows?: SandboxSwitches['pagedUserRows'];
  programmeRows?: SandboxSwitches['programmeRows'];
  unpagedProgrammeSearch?: boolean;
  rateHeaders?: boolean;
  sexCodes?: SandboxSwitches['sexCodes'];
  textFilters?: SandboxSwitches['textFilters'];
  dateAnswers?: SandboxSwitches['dateAnswers'];
  createAnswers?: SandboxSwitches['createAnswers'];
  assignAnswers?: SandboxSwitches['assignAnswers'];
  userUpdates?: SandboxSwitches['userUpdates'];
  learnerEmail?: SandboxSwitches['learnerEmail'];
  textInput?: SandboxSwitches['textInput'];
  createIgnores?: string[];
  sessionRefusal?: string;
  updateIgnores?: string[];
  templateApply?: SandboxSwitches['templateApply'];
  templateApplyMs?: number;
  numberFilters?: SandboxSwitches['numberFilters'];
  searchLag?: number;
  textLimit?: number;
  longText?: SandboxSwitches['longText'];
  staffAssignAgain?: SandboxSwitches['staffAssignAgain'];
  keychain?: SandboxSwitches['keychain'];
  uniqueUserFields?: string[];
  programmeAssignAgain?: SandboxSwitches['programmeAssignAgain'];
  summaryUnitIds?: SandboxSwitches['summaryUnitIds'];
  uniqueUserCreate?: SandboxSwitches['uniqueUserCreate'];
  placeCreate?: SandboxSwitches['placeCreate'];
  staffReferences?: SandboxSwitches['staffReferences'];
  searchAnswers?: SandboxSwitches['searchAnswers'];
  answerValues?: AnswerValues;
  state?: string;
  reset?: boolean;
  json?: boolean;
}

/**
 * `onefile-import sandbox`: runs the built-in OneFile on this machine until Ctrl+C
 * (SIGINT) or SIGTERM, so the app, the CLI or a script can import against it
 * without a real OneFile token.
 */
export function registerSandboxCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('sandbox')
    .description('Run the built-in OneFile sandbox (the OneFile API with example data) on 127.0.0.1 until stopped.')
    .option('--port <n>', 'port to listen on (0 = any free port)', wholeNumber, 0)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of the generated example centre', wholeNumber, 1)
    .option('--rate <n>', 'rate limit: calls per window (default 100)', wholeNumber)
    .option('--window-ms <ms>', 'rate limit window length in ms (default 60000)', wholeNumber)
    .addOption(
      new Option('--rate-shape <shape>', 'how the limit is counted: a sliding window, a fixed window reset on the minute, or a token bucket (--rate-burst at once)').choices([
        ...RATE_SHAPES,
      ]),
    )
    .option('--rate-burst <n>', 'with --rate-shape bucket: the most calls admitted at once (default 10)', wholeNumber)
    .option('--no-retry-after', 'do not send Retry-After on 429 (OneFile documents none)')
    .addOption(new Option('--empty-search <mode>', 'how an empty search answers (default 204; 404: "No records found."; 404-bare: no body)').choices(['204', '[]', 'null', '404', '404-bare']))
    .option('--quoted-token', 'answer Authentication with a JSON-quoted session token')
    .option('--token-in-object', 'answer Authentication with the session token in a JSON object ({"TokenID": ...})')
    .addOption(new Option('--customer-answer <form>', 'GET Customer answers the customer (object, as the guide shows) or a list holding only it').choices(['object', 'list']))
    .addOption(new Option('--api-versions <which>', 'the API version paths answered: both (default), only /api/v2/ (as the guides write), or only /api/v2.1/').choices(['both', 'v2', 'v2.1']))
    .addOption(new Option('--unknown-filters <how>', 'a search filter the guides do not name (IncludeArchived): ignored (default), or refused with 400').choices(['ignored', 'refused']))
    .addOption(new Option('--page-numbering <from>', 'paged searches number their pages from 1 (default, as the guides) or from 0').choices(['from-1', 'from-0']))
    .addOption(new Option('--sessions-at-once <n>', 'sessions live at once per customer token: many (default, as the guides) or one (a sign-in ends the others)').choices(['many', 'one']))
    .addOption(new Option('--session-token-in <where>', 'where Authentication puts the session token: the body (default), an X-TokenID header with an empty body, or that header beside the expiry in the body').choices(['body', 'header', 'header-and-expiry']))
    .option('--session-lifetime-ms <ms>', 'session token lifetime in ms (default 24 h)', wholeNumber)
    .option('--latency-ms <ms>', 'latency added to every call', wholeNumber)
    .option('--latency-jitter-ms <ms>', 'plus a random 0..N ms', wholeNumber)
    .option('--calls-at-once <n>', 'the most calls handled at once (0: no limit); one more is refused undone', wholeNumber)
    .addOption(new Option('--calls-at-once-refusal <status>', 'how one call too many is refused: 429 (a gateway), 503 (a full queue) or 403 (IIS)').choices(['429', '503', '403']))
    .option('--error-rate <r>', 'probability (0..1) that a call answers 500', probability)
    .option('--lost-response-rate <r>', 'probability (0..1) that a write is done but its answer dropped', probability)
    .option('--expire-sessions-every <n>', 'every N-th call invalidates all session tokens first', wholeNumber)
    .option('--lose-every-nth-write <n>', 'every N-th write is done but its answer dropped', wholeNumber)
    .addOption(new Option('--outage <how>', 'OneFile down from the start: none (default), maintenance (every call 503 with a maintenance page) or unreachable (no answer)').choices(['none', 'maintenance', 'unreachable']))
    .option('--stray-not-found', 'each page past the first of a paged search is answered a bare 404 the first time it is asked (a gateway\'s stray answer)')
    .option('--stray-empty', 'each page of a paged search that holds rows is answered as an empty search the first time it is asked (a gateway\'s stray answer)')
    .option('--web-page-every-nth-write <n>', 'every N-th write is not done and answered 200 with a web page (a proxy or maintenance page)', wholeNumber)
    .option('--error-after-every-nth-write <n>', 'every N-th write is done, then answered 502 with a gateway page and 500 in turn', wholeNumber)
    .option('--page-cap <n>', 'serve at most N rows a page whatever size is asked (0 = no cap)', wholeNumber)
    .addOption(new Option('--page-cap-offsets <mode>', 'where a capped page starts: at (page-1) x cap, or x the size asked').choices(['capped', 'requested']))
    .option('--largest-page-size <n>', 'the largest page size a paged search takes (0 = any); a larger one meets --larger-pages', wholeNumber)
    .addOption(new Option('--larger-pages <answer>', 'a page asked larger than --largest-page-size: refused (400, the default) or answered as an empty search').choices(['refused', 'empty']))
    .option('--unpaged-cap <n>', 'an unpaged search (documented to return every match) answers at most N rows, silently (0 = every match)', wholeNumber)
    .option('--no-unpaged-search-routes', 'answer the unpaged User, Classroom, Placement, Standard and Unit searches 404, as a OneFile without them would')
    .addOption(
      new Option('--template-detail <answer>', 'GET FrameworkTemplate/{id} (in no guide): served, or refused with this status').choices(
        TEMPLATE_DETAIL_ANSWERS.map(String),
      ),
    )
    .addOption(new Option('--template-name-key <key>', 'the name key of framework template search rows').choices(['Name', 'Title']))
    .addOption(new Option('--user-page-order <order>', 'paged user searches ordered by ID, or by last name alone with ties broken anew by every page').choices(['id', 'last-name']))
    .addOption(new Option('--answer-keys <case>', "the keys of every JSON answer: as the guides write them, or .NET's camel case (id, firstName, misid)").choices(['pascal', 'camel']))
    .addOption(new Option('--refusal-status <status>', 'the HTTP status of a refusal with its {code, message} body: 400 as seen, or 200').choices(['400', '200']))
    .addOption(new Option('--error-keys <shape>', "a refusal's body: {code, message}, {Code, Message}, or ASP.NET's without the code (model-state, problem-details)").choices(['lower', 'pascal', 'model-state', 'problem-details']))
    .addOption(new Option('--archived-users <mode>', 'archived users in searches: when asked for, or never').choices(['on-request', 'hidden']))
    .addOption(new Option('--assign-path <reading>', 'POST User/{id}/Assign: {id} is the staff user, or the learner').choices(['staff-in-path', 'learner-in-path']))
    .addOption(new Option('--paged-user-rows <shape>', 'paged user search rows: full records, or {ID, FirstName, LastName, MISID}').choices(['full', 'brief']))
    .addOption(new Option('--programme-rows <shape>', 'learning aim and unit summary rows: full, or the documented keys only').choices(['full', 'documented']))
    .option('--no-unpaged-programme-search', 'answer 404 to the unpaged LearningAim/Search and UnitSummary/Search (only the paged routes are documented)')
    .option('--rate-headers', 'send X-RateLimit-Limit and X-RateLimit-Remaining headers')
    .addOption(new Option('--sex-codes <codes>', "a user's L13 (sex): any text, or only the ILR's M and F (anything else a 400)").choices(['any', 'ilr']))
    .addOption(
      new Option('--text-filters <mode>', "how searches compare Email, MISID, Name...: exactly ignoring case, case-sensitive, 'contains', or ignored").choices([
        ...TEXT_FILTER_MODES,
      ]),
    )
    .addOption(
      new Option('--date-answers <form>', "how a user's dates are written: ISO UTC, without a zone, /Date(ms)/, or a calendar date as midnight in London").choices([
        ...DATE_ANSWERS,
      ]),
    )
    .addOption(
      new Option('--create-answers <answer>', 'what POST User, Classroom and Placement answer: the new record, its bare ID, or 201 with no body').choices([
        ...CREATE_ANSWERS,
      ]),
    )
    .addOption(
      new Option('--assign-answers <answer>', "what a standard or unit assign answers: the new aim's or summary's bare ID, the new record, or 204 with no body").choices([
        ...ASSIGN_ANSWERS,
      ]),
    )
    .addOption(
      new Option('--user-updates <kind>', 'what POST User/{id} does with the fields it is not sent: keeps them, or clears the optional ones (a whole-record update)').choices([
        'fields-sent',
        'whole-record',
      ]),
    )
    .addOption(new Option('--text-input <how>', "what becomes of text sent: stored as sent (default), or html-encoded (O'Connor stored and answered as O&#39;Connor, search filters compared so), or html-encoded-writes (only writes encoded: a search for O'Connor finds nothing)").choices(['as-sent', 'html-encoded', 'html-encoded-writes']))
    .addOption(new Option('--learner-email <rule>', 'whether POST User creates a learner without an email: required (400 naming it, the default) or optional').choices(['required', 'optional']))
    .addOption(
      new Option('--session-refusal <how>', 'how a call with an ended session is refused: 401, 400 naming the session, a redirect to a sign-in page, or that page with 200').choices(
        SESSION_REFUSALS.map(String),
      ),
    )
    .option('--create-ignores <fields>', 'user fields (PlacementID,DOB...) POST User accepts but does not keep: the user is stored and answered without them', userFieldList)
    .option('--update-ignores <fields>', 'user fields POST User/{id} accepts (204) but leaves as they were', userFieldList)
    .addOption(
      new Option('--template-apply <when>', "when a template assign makes the learner's learning aims: before its answer, in the background, or never").choices([
        'at-once',
        'in-background',
        'never',
      ]),
    )
    .option('--template-apply-ms <ms>', 'with --template-apply in-background: how long after the answer the aims appear (default 1500)', wholeNumber)
    .addOption(
      new Option('--number-filters <mode>', "user, learning aim and unit summary searches' OrganisationID, Role, UserID...: compared, or ignored").choices(['exact', 'ignored']),
    )
    .addOption(
      new Option('--answer-values <typing>', "how a success's values are typed: as documented, every number and flag as text, or Role as its name and ULN as a number").choices([
        ...ANSWER_VALUES,
      ]),
    )
    .option('--text-limit <n>', "the most characters a user's text field holds (default: no limit); what a longer one meets is --long-text", wholeNumber)
    .addOption(new Option('--long-text <how>', 'a text longer than --text-limit: server-error (500, the default), refused (400 naming the field) or truncated (kept cut short, answered as success)').choices(['server-error', 'refused', 'truncated']))
    .addOption(new Option('--search-answers <how>', 'how search rows come: array (a bare JSON array, the default) or envelope ({"Items": [...], "TotalCount": n})').choices(['array', 'envelope']))
    .addOption(new Option('--staff-assign-again <how>', 'a staff assignment the learner already has, sent again: kept-once (204, nothing added; the default) or refused (400: already assigned)').choices(['kept-once', 'refused']))
    .addOption(new Option('--keychain <flags>', "the organisations' Keychain flags: off (the default, as the guide's example), emails (OneFile emails each new user an invitation), suppressed, or unsaid (no such keys)").choices(['off', 'emails', 'suppressed', 'unsaid']))
    .addOption(new Option('--summary-unit-ids <case>', 'unit summary rows write a text unit ID as the unit search does (as-units, the default) or in lower case').choices(['as-units', 'lower-case']))
    .addOption(new Option('--programme-assign-again <how>', 'a standard or unit the learner already has, assigned again: made-again (a second aim or summary; the default) or refused (400: already assigned)').choices(['made-again', 'refused']))
    .option('--unique-user-fields <fields>', 'user fields no two users of the customer may share (Email,MISID,ULN,NINO): a create or update giving one a value another user has is refused (400)', uniqueFieldList)
    .addOption(new Option('--unique-user-create <how>', 'a create with a --unique-user-fields value another user has: refused (400; the default) or existing (answered 200 with that user, nothing made)').choices(['refused', 'existing']))
    .addOption(new Option('--place-create <how>', 'a class or placement created with the name of one the organisation has: made (another; the default) or existing (answered 200 with the one there, nothing made)').choices(['made', 'existing']))
    .addOption(new Option('--staff-references <how>', "a learner's DefaultAssessorID and DefaultEmployerID, and an assigned staff user: checked (of the learner's organisation and that role, else 400; the default) or unchecked (any user taken)").choices(['checked', 'unchecked']))
    .option('--search-lag <ms>', 'a user, class, placement, learning aim or unit summary shows in searches only this long after it is made (GET by ID at once)', wholeNumber)
    .option('--state <file>', 'keep the sandbox data in this file across restarts')
    .option('--reset', 'delete the --state file first, starting from the example data')
    .option('--json', 'print one JSON line {"baseUrl", "customerToken"} once listening, nothing else')
    .addHelpText(
      'after',
      '\nThe customer token it prints is the sandbox\'s fixed public demo token: it opens only this sandbox.\n' +
        'Example: onefile-import sandbox --port 8080 --state sandbox.jsonl --window-ms 500',
    )
    .action(async (options: SandboxCommandOptions) => {
      let sandbox: RunningSandbox;
      try {
        if (options.reset && options.state) await resetSandboxState(options.state);
      } catch (error) {
        if (!(error instanceof SandboxStateInUse)) throw error;
        process.stderr.write(`Could not reset the sandbox: ${error.message} Nothing was deleted.\n`);
        setExitCode(2);
        return;
      }
      try {
        sandbox = await startSandbox(toSandboxOptions(options));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'EADDRINUSE' ? `port ${options.port} is in use: choose another with --port, or leave it out (any free port).` : (error as Error).message;
        process.stderr.write(`Could not start the sandbox: ${why}\n`);
        setExitCode(2);
        return;
      }
      const signals = untilStopped();
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken })}\n`);
      } else {
        process.stdout.write(banner(sandbox, options));
      }
      await signals.stopped;
      await sandbox.close();
      if (!options.json) process.stdout.write('Sandbox stopped.\n');
      setExitCode(0);
      setImmediate(signals.release);
    });
}

function toSandboxOptions(options: SandboxCommandOptions): SandboxOptions {
  return {
    port: options.port,
    host: options.host,
    seed: options.seed,
    statePath: options.state,
    rateLimit: options.rate,
    windowMs: options.windowMs,
    rateShape: options.rateShape,
    rateBurst: options.rateBurst,
    retryAfter: options.retryAfter,
    emptySearch: options.emptySearch,
    quotedToken: options.quotedToken,
    tokenInObject: options.tokenInObject,
    sessionTokenIn: options.sessionTokenIn,
    customerAnswer: options.customerAnswer,
    apiVersions: options.apiVersions,
    unknownFilters: options.unknownFilters,
    pageNumbering: options.pageNumbering,
    sessionsAtOnce: options.sessionsAtOnce,
    sessionLifetimeMs: options.sessionLifetimeMs,
    latencyMs: options.latencyMs,
    latencyJitterMs: options.latencyJitterMs,
    callsAtOnce: options.callsAtOnce,
    callsAtOnceRefusal: options.callsAtOnceRefusal === undefined ? undefined : (Number(options.callsAtOnceRefusal) as SandboxSwitches['callsAtOnceRefusal']),
    errorRate: options.errorRate,
    lostResponseRate: options.lostResponseRate,
    expireSessionsEvery: options.expireSessionsEvery,
    loseEveryNthWrite: options.loseEveryNthWrite,
    webPageEveryNthWrite: options.webPageEveryNthWrite,
    strayNotFound: options.strayNotFound,
    strayEmpty: options.strayEmpty,
    errorAfterEveryNthWrite: options.errorAfterEveryNthWrite,
    outage: options.outage,
    pageCap: options.pageCap,
    pageCapOffsets: options.pageCapOffsets,
    largestPageSize: options.largestPageSize,
    largerPages: options.largerPages,
    unpagedCap: options.unpagedCap,
    unpagedSearchRoutes: options.unpagedSearchRoutes,
    templateDetail: options.templateDetail === undefined ? undefined : options.templateDetail === 'served' ? 'served' : (Number(options.templateDetail) as SandboxSwitches['templateDetail']),
    templateNameKey: options.templateNameKey,
    answerKeys: options.answerKeys,
    userPageOrder: options.userPageOrder,
    refusalStatus: options.refusalStatus === undefined ? undefined : (Number(options.refusalStatus) as SandboxSwitches['refusalStatus']),
    errorKeys: options.errorKeys,
    archivedUsers: options.archivedUsers,
    assignPath: options.assignPath,
    pagedUserRows: options.pagedUserRows,
    programmeRows: options.programmeRows,
    unpagedProgrammeSearch: options.unpagedProgrammeSearch,
    rateHeaders: options.rateHeaders,
    sexCodes: options.sexCodes,
    textFilters: options.textFilters,
    dateAnswers: options.dateAnswers,
    createAnswers: options.createAnswers,
    assignAnswers: options.assignAnswers,
    userUpdates: options.userUpdates,
    learnerEmail: options.learnerEmail,
    textInput: options.textInput,
    createIgnores: options.createIgnores,
    sessionRefusal: options.sessionRefusal === undefined ? undefined : (SESSION_REFUSALS.find((how) => String(how) === options.sessionRefusal) as SessionRefusal),
    updateIgnores: options.updateIgnores,
    templateApply: options.templateApply,
    templateApplyMs: options.templateApplyMs,
    numberFilters: options.numberFilters,
    searchLagMs: options.searchLag,
    textLimit: options.textLimit,
    longText: options.longText,
    staffAssignAgain: options.staffAssignAgain,
    keychain: options.keychain,
    uniqueUserFields: options.uniqueUserFields,
    programmeAssignAgain: options.programmeAssignAgain,
    summaryUnitIds: options.summaryUnitIds,
    uniqueUserCreate: options.uniqueUserCreate,
    placeCreate: options.placeCreate,
    staffReferences: options.staffReferences,
    searchAnswers: options.searchAnswers,
    answerValues: options.answerValues,
  };
}

const RATE_SHAPE_NOTE: Record<SandboxSwitches['rateShape'], (burst: number) => string> = {
  sliding: () => '',
  fixed: () => ', counted per fixed window',
  bucket: (burst) => `, at most ${burst} at once (token bucket)`,
};

function banner(sandbox: RunningSandbox, options: SandboxCommandOptions): string {
  const { switches } = sandbox;
  return [
    `OneFile sandbox listening at ${sandbox.baseUrl}`,
    `Customer token: ${sandbox.customerToken}  (the sandbox's fixed public demo token, not a secret)`,
    `Rate limit: ${switches.rateLimit} calls per ${switches.windowMs} ms${RATE_SHAPE_NOTE[switches.rateShape](switches.rateBurst)}${switches.retryAfter ? ', Retry-After on 429' : ''}`,
    `Data: ${options.state ? `kept in ${options.state}` : 'in memory (use --state FILE to keep it)'}, seed ${sandbox.seed}`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/**
 * Resolves on the first SIGINT or SIGTERM. The listeners are installed before the
 * sandbox is announced and stay until `release`, called once the sandbox has closed:
 * removing them inside the first signal's handler let that same signal kill the
 * process (exit by signal, no clean close) in about half of quick start-stop runs
 * under tsx, so a signal during closing is simply absorbed.
 */
function untilStopped(): { stopped: Promise<void>; release(): void } {
  let onSignal = () => {};
  const stopped = new Promise<void>((resolve) => {
    onSignal = () => resolve();
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopped,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
