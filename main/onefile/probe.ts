import { DEFAULT_PAGE_SIZE } from '../../shared/defaults';
import type { OneFileClient } from './client';
import type { ApiKnowledge } from './knowledge';
import { checkSearchFilters } from './probe-filters';
import { checkPaging, checkUnpagedSearch, countLearners, failedAnswer } from './probe-paging';
import type { CallInfo } from './transport';

/**
 * The probe: a read-only look at a OneFile environment before its first import. It
 * checks each point where the real API may differ from the guides' examples
 * (docs/onefile-assumptions.md), says what it found and what the importer will do
 * about it, and returns what the engine should know (`knowledge`). It sends no write
 * and at most `MOST_PROBE_CALLS` calls, all through the client's rate limiter.
 */

export const MOST_PROBE_CALLS = 30;

export type FindingStatus = 'as-expected' | 'differs' | 'unknown' | 'failed';

export interface ProbeFinding {
  /** Stable name of the check, e.g. `page-cap`. */
  check: string;
  /** What was checked, in words. */
  title: string;
  /** What OneFile did. */
  found: string;
  status: FindingStatus;
  /** What the importer will do about it. */
  action: string;
}

export interface ProbeReport {
  probedAt: string;
  /** The organisation probed (the one asked for, or the customer's first). */
  organisation?: { id: number; name: string };
  organisations?: Array<{ id: number; name: string }>;
  customer?: { id: number; name: string };
  findings: ProbeFinding[];
  /** For the engine: page size and cap, whether template contents can be read. */
  knowledge: ApiKnowledge;
  /** Archived learners returned when a search asks for them, or never seen. */
  archivedLearners?: 'returned' | 'not-seen';
  /** Whether learner search rows carry these keys. */
  learnerRowsCarry?: { email: boolean; uln: boolean };
  latencyMs?: number;
  rateHeaders?: Record<string, string>;
  /** Calls made, Authentication included. */
  calls: number;
  /** Writes sent: always 0. */
  writes: 0;
  /** False when the probe could not sign in or find the organisation. */
  completed: boolean;
}

/** The client the probe needs: reads only. */
export type ProbeClient = Pick<
  OneFileClient,
  | 'getCustomer'
  | 'searchOrganisations'
  | 'searchPageAsSent'
  | 'searchAsSent'
  | 'getFrameworkTemplate'
  | 'templateContentsAvailability'
  | 'searchLearningAims'
  | 'searchUnitSummaries'
  | 'getUser'
  | 'latencyMs'
  | 'tokenForm'
  | 'apiPathAnswering'
  | 'renamedAnswerKeys'
>;

const SIGN_IN_FOUND = {
  plain: { found: 'the session token came as the raw body, as documented', action: 'Used as it is.' },
  quoted: { found: 'the session token came as a JSON string ("...")', action: 'The importer strips the quotes.' },
  object: { found: 'the session token came in a JSON object ({"TokenID": "..."})', action: 'The importer reads it from there.' },
  header: { found: 'the session token came in an X-TokenID answer header, not the body', action: 'The importer reads it from the header, whatever the body holds.' },
};

export interface ProbeOptions {
  organisationId?: number;
  /** Rows asked for per page (the importer's setting). Default DEFAULT_PAGE_SIZE. */
  pageSize?: number;
  now?: () => Date;
}

/** Builds a probe listener for the client's `onCall`: counts calls and keeps rate-limit headers. */
export function probeCallRecorder(): { onCall: (info: CallInfo) => void; calls: () => number; rateHeaders: () => Record<string, string> | undefined } {
  let calls = 0;
  let headers: Record<string, string> | undefined;
  return {
    onCall: (info) => {
      calls += 1;
      if (info.rateHeaders) headers = { ...headers, ...info.rateHeaders };
    },
    calls: () => calls,
    rateHeaders: () => headers,
  };
}

const keysOf = (rows: Record<string, unknown>[]) => [...new Set(rows.flatMap((row) => Object.keys(row)))];
/** The keys, the ones the importer reads first, at most a dozen named. */
function describeKeys(keys: string[]): string {
  if (keys.length === 0) return 'no rows to see';
  const first = ['ID', 'FirstName', 'LastName', 'MISID', 'Email', 'ULN', 'Name', 'Title', 'StandardID', 'UnitID', 'UserID', 'Archived'];
  const ordered = [...first.filter((key) => keys.includes(key)), ...keys.filter((key) => !first.includes(key))];
  return ordered.length > 12 ? `${ordered.slice(0, 12).join(', ')} and ${ordered.length - 12} more` : ordered.join(', ');
}

export async function probeOneFile(client: ProbeClient, recorder: ReturnType<typeof probeCallRecorder>, options: ProbeOptions = {}): Promise<ProbeReport> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const findings: ProbeFinding[] = [];
  const report: ProbeReport = {
    probedAt: (options.now?.() ?? new Date()).toISOString(),
    findings,
    knowledge: { pageSize },
    calls: 0,
    writes: 0,
    completed: false,
  };
  const add = (finding: ProbeFinding) => findings.push(finding);
  const finish = () => {
    report.calls = recorder.calls();
    report.latencyMs = client.latencyMs();
    report.rateHeaders = recorder.rateHeaders();
    add({
      check: 'rate-headers',
      title: 'Rate-limit headers',
      found: report.rateHeaders ? Object.entries(report.rateHeaders).map(([k, v]) => `${k}: ${v}`).join('; ') : 'none sent',
      status: report.rateHeaders ? 'differs' : 'as-expected',
      action: report.rateHeaders
        ? 'Retry-After is honoured; the importer keeps its own count of the budget (100 a minute unless you raise it).'
        : 'None are documented: the importer keeps its own count of the budget and waits for the window after a 429.',
    });
    if (report.latencyMs !== undefined) {
      add({
        check: 'latency',
        title: 'Time OneFile takes to answer',
        found: `median ${Math.round(report.latencyMs)} ms`,
        status: 'as-expected',
        action: 'The plan\'s time estimate allows for it, and rows in flight grow to keep the rate limit busy.',
      });
    }
    return report;
  };

  // Sign-in, customer, organisations: without them nothing else can be checked.
  let customer;
  try {
    customer = await client.getCustomer();
  } catch (error) {
    add({ check: 'sign-in', title: 'Sign-in with the customer token', found: error instanceof Error ? error.message : String(error), status: 'failed', action: 'Nothing can be imported until sign-in works: check the token and the environment.' });
    return finish();
  }
  report.customer = { id: customer.ID, name: customer.Name };
  const form = client.tokenForm();
  add({
    check: 'sign-in',
    title: 'Sign-in and the session token',
    found: SIGN_IN_FOUND[form ?? 'plain'].found,
    status: form === 'quoted' || form === 'object' || form === 'header' ? 'differs' : 'as-expected',
    action: SIGN_IN_FOUND[form ?? 'plain'].action,
  });
  const apiPath = client.apiPathAnswering();
  if (apiPath) {
    report.knowledge.apiPath = apiPath;
    add({
      check: 'api-path',
      title: "The API version's path",
      found: `this OneFile answers at ${apiPath}, not at the address's own path (which has no sign-in)`,
      status: 'differs',
      action: `Every call goes to ${apiPath}; the address in Settings may stay as it is.`,
    });
  }
  let organisations;
  try {
    organisations = await client.searchOrganisations(customer.ID);
  } catch (error) {
    add({ check: 'organisations', title: "The customer's organisations", found: failedAnswer(error), status: 'failed', action: 'Nothing can be imported until the organisations can be read.' });
    return finish();
  }
  report.organisations = organisations.map((o) => ({ id: o.ID, name: o.Name }));
  const organisation = options.organisationId !== undefined ? organisations.find((o) => o.ID === options.organisationId) : organisations[0];
  add({
    check: 'organisations',
    title: 'Customer and organisations',
    found: `${customer.Name} (${customer.ID}): ${organisations.map((o) => `${o.ID} ${o.Name}`).join(', ') || 'no organisations'}`,
    status: organisation ? 'as-expected' : 'failed',
    action: organisation
      ? `Probing organisation ${organisation.ID} "${organisation.Name}".`
      : options.organisationId !== undefined
        ? `Organisation ${options.organisationId} is not one of them: check the organisation ID.`
        : 'The token opens no organisation: nothing can be imported.',
  });
  if (!organisation) return finish();
  report.organisation = { id: organisation.ID, name: organisation.Name };
  const org = organisation.ID;

  await checkPaging(client, org, pageSize, report, add);
  // From here pages are numbered as the guides count them (from 1), and asked as this OneFile numbers them.
  const shift = report.knowledge.pageBase === 0 ? -1 : 0;
  const paged: ProbeClient = { ...client, searchPageAsSent: (entity, filter, page, size) => client.searchPageAsSent(entity, filter, page + shift, size) };
  await checkUnpagedSearch(paged, org, report, add);
  await countLearners(paged, org, pageSize, report, add);
  const learners = await checkRows(paged, org, report, add);
  await checkArchived(paged, org, report, add);
  await checkTemplates(paged, org, report, add);
  await checkProgrammeSearches(paged, learners[0], add);
  add(answerKeysFinding(client.renamedAnswerKeys()));
  report.completed = true;
  return finish();
}

export type Add = (finding: ProbeFinding) => void;

/** The keys of every answer the probe read: as the guides spell them, or otherwise (read under the guides' spelling). */
function answerKeysFinding(renamed: Array<[string, string]>): ProbeFinding {
  const title = 'The keys of answers (ID, FirstName, MISID as the guides write them)';
  return renamed.length === 0
    ? { check: 'answer-keys', title, found: 'as the guides write them', status: 'as-expected', action: 'Read as they come.' }
    : {
        check: 'answer-keys',
        title,
        found: `spelled otherwise: ${renamed.map(([from, to]) => `${from} for ${to}`).join(', ')}`,
        status: 'differs',
        action: "Every key the importer knows is read under the guides' spelling, whatever its case; keys it does not know are ignored.",
      };
}

/** The keys of each kind of search row; whether learner rows carry ULN and email. Returns some learner IDs. */
async function checkRows(client: ProbeClient, org: number, report: ProbeReport, add: Add): Promise<number[]> {
  let learnerIds: number[] = [];
  try {
    const learners = await client.searchPageAsSent('User', { OrganisationID: org, Role: 1 }, 1, 10);
    learnerIds = learners.map((row) => Number(row.ID)).filter((id) => Number.isInteger(id) && id > 0);
    const keys = keysOf(learners);
    const carry = { email: learners.length === 0 || keys.includes('Email'), uln: learners.length === 0 || keys.includes('ULN') };
    report.learnerRowsCarry = carry;
    const missing = [!carry.email && 'email', !carry.uln && 'ULN'].filter(Boolean).join(' and ');
    add({
      check: 'learner-rows',
      title: 'Learner search rows (paged)',
      found: describeKeys(keys),
      status: missing ? 'differs' : learners.length === 0 ? 'unknown' : 'as-expected',
      action: missing
        ? `They carry no ${missing}: ${!carry.email ? 'each new learner is looked up by email before it is created' : ''}${!carry.email && !carry.uln ? '; ' : ''}${!carry.uln ? "learners are recognised by MIS ID and email, and by ULN only among the learners of a row's name (ULN is not a documented filter)" : ''}.`
        : 'Learners are recognised by MIS ID, ULN and email from the directory.',
    });
    add(await checkSearchFilters(client, org, learners, carry.email, failedAnswer));
  } catch (error) {
    add({ check: 'learner-rows', title: 'Learner search rows (paged)', found: failedAnswer(error), status: 'failed', action: 'Learners cannot be read, so nothing can be planned.' });
  }
  const kinds: Array<{ check: string; title: string; entity: string; filter: object; needs: string[] }> = [
    { check: 'staff-rows', title: 'Assessor search rows', entity: 'User', filter: { OrganisationID: org, Role: 5 }, needs: ['ID', 'FirstName', 'LastName'] },
    { check: 'classroom-rows', title: 'Classroom search rows', entity: 'Classroom', filter: { OrganisationID: org }, needs: ['ID', 'Name'] },
    { check: 'placement-rows', title: 'Placement search rows', entity: 'Placement', filter: { OrganisationID: org }, needs: ['ID', 'Name'] },
    { check: 'standard-rows', title: 'Standard search rows', entity: 'Standard', filter: { OrganisationID: org }, needs: ['ID', 'Title'] },
  ];
  let standardId: number | undefined;
  for (const kind of kinds) {
    try {
      const rows = await client.searchPageAsSent(kind.entity, kind.filter, 1, 10);
      if (kind.entity === 'Standard') standardId = rows.map((row) => Number(row.ID)).find((id) => Number.isInteger(id) && id > 0);
      add(rowFinding(kind.check, kind.title, rows, kind.needs));
    } catch (error) {
      add({ check: kind.check, title: kind.title, found: failedAnswer(error), status: 'failed', action: 'This kind of record cannot be read: names of it cannot be resolved. Contact OneFile support with this report.' });
    }
  }
  if (standardId !== undefined) {
    try {
      add(rowFinding('unit-rows', 'Unit search rows (one standard)', await client.searchPageAsSent('Unit', { StandardID: standardId }, 1, 10), ['ID', 'Title']));
    } catch (error) {
      add({ check: 'unit-rows', title: 'Unit search rows (one standard)', found: failedAnswer(error), status: 'failed', action: 'Units cannot be read: Units columns cannot be resolved.' });
    }
  }
  return learnerIds;
}

function rowFinding(check: string, title: string, rows: Record<string, unknown>[], needs: string[]): ProbeFinding {
  const keys = keysOf(rows);
  const lacking = rows.length ? needs.filter((key) => !keys.includes(key)) : [];
  return {
    check,
    title,
    found: describeKeys(keys),
    status: rows.length === 0 ? 'unknown' : lacking.length ? 'failed' : 'as-expected',
    action: lacking.length
      ? `They lack ${lacking.join(', ')}: names of this kind cannot be resolved. Contact OneFile support with this report.`
      : rows.length === 0
        ? 'None in this organisation to look at.'
        : 'Read as they are; other keys are ignored.',
  };
}

/** Archived learners: does a search that asks for them (`Archived: true`) return them? */
async function checkArchived(client: ProbeClient, org: number, report: ProbeReport, add: Add): Promise<void> {
  const title = 'Archived learners in searches';
  try {
    const rows = await client.searchPageAsSent('User', { OrganisationID: org, Role: 1, Archived: true }, 1, 10);
    if (rows.length === 0) {
      report.archivedLearners = 'not-seen';
      add({ check: 'archived', title, found: 'none came back when asked for', status: 'unknown', action: 'Either there are none, or OneFile hides them: the plan warns that a row about an archived learner would look new.' });
    } else if (rows.every((row) => row.Archived === true)) {
      report.archivedLearners = 'returned';
      add({ check: 'archived', title, found: `${rows.length} archived learners came back when asked for`, status: 'as-expected', action: 'A row about an archived learner is recognised and left alone, never created again.' });
    } else {
      report.archivedLearners = 'not-seen';
      add({ check: 'archived', title, found: 'the search ignored the Archived filter (active learners came back)', status: 'differs', action: 'Whether archived learners are returned is unknown: the plan warns that a row about one would look new.' });
    }
  } catch (error) {
    report.archivedLearners = 'not-seen';
    add({ check: 'archived', title, found: failedAnswer(error), status: 'unknown', action: 'The plan warns that a row about an archived learner would look new.' });
  }
}

/** Framework templates: the name key of their rows, and whether their contents can be read (`GET FrameworkTemplate/{id}`, in no guide). */
async function checkTemplates(client: ProbeClient, org: number, report: ProbeReport, add: Add): Promise<void> {
  let rows: Record<string, unknown>[];
  try {
    rows = await client.searchPageAsSent('FrameworkTemplate', { OrganisationID: org }, 1, 10);
  } catch {
    // The paged route is not documented for templates; the unpaged one is what the importer uses.
    rows = [];
  }
  const keys = keysOf(rows);
  add({
    check: 'template-rows',
    title: 'Framework template search rows',
    found: describeKeys(keys),
    status: rows.length === 0 ? 'unknown' : keys.includes('Title') || keys.includes('Name') ? 'as-expected' : 'failed',
    action: rows.length === 0 ? 'None to look at.' : 'The name is read from Title or Name, whichever is sent.',
  });
  const first = rows.map((row) => Number(row.ID)).find((id) => Number.isInteger(id) && id > 0);
  const title = "A template's contents (GET FrameworkTemplate/{id}, in no guide)";
  if (first === undefined) {
    add({ check: 'template-contents', title, found: 'no template to ask about', status: 'unknown', action: 'Asked during the import; if refused, templates go only to learners with no learning aims.' });
    return;
  }
  try {
    const detail = await client.getFrameworkTemplate(first);
    const listed = detail && Array.isArray((detail as Record<string, unknown>).Standards);
    report.knowledge.templateContents = detail ? 'available' : 'unavailable';
    add(
      detail
        ? {
            check: 'template-contents',
            title,
            found: listed ? 'answered with the template\'s standards and units' : 'answered, without a Standards list',
            status: listed ? 'as-expected' : 'differs',
            action: listed
              ? "A template is given to a learner whose learning aims show they lack it, and a lost answer is checked against the template's standards."
              : 'Contents unknown: templates go only to learners with no learning aims.',
          }
        : {
            check: 'template-contents',
            title,
            found: 'not offered (refused)',
            status: 'differs',
            action: "Contents unknown: templates go only to learners with no learning aims, and a lost answer is checked against the learner's learning aims. The call is not made again.",
          },
    );
  } catch (error) {
    add({ check: 'template-contents', title, found: failedAnswer(error), status: 'unknown', action: 'Asked again during the import; if refused, templates go only to learners with no learning aims.' });
  }
}

/** Learning aims and unit summaries through the documented paged routes, and `GET User/{id}`. */
async function checkProgrammeSearches(client: ProbeClient, learnerId: number | undefined, add: Add): Promise<void> {
  if (learnerId === undefined) {
    add({ check: 'programme-searches', title: "A learner's learning aims and unit summaries", found: 'no learner to ask about', status: 'unknown', action: 'Checked during the import.' });
    return;
  }
  const title = "A learner's learning aims and unit summaries (paged searches)";
  try {
    const [aims, summaries] = [await client.searchLearningAims(learnerId), await client.searchUnitSummaries(learnerId)];
    add({
      check: 'programme-searches',
      title,
      found: `${aims.length} learning aims, ${summaries.length} unit summaries; aim keys ${describeKeys(keysOf(aims as Record<string, unknown>[]))}`,
      status: 'as-expected',
      action: "Existing learners' programmes are read before anything is assigned, so no learning aim or unit summary is sent twice.",
    });
  } catch (error) {
    add({ check: 'programme-searches', title, found: failedAnswer(error), status: 'failed', action: 'Rows that assign templates, standards or units to existing learners will be blocked, since what they have cannot be seen.' });
  }
  try {
    const user = await client.getUser(learnerId);
    add({ check: 'user-record', title: 'One learner\'s full record (GET User/{id})', found: `${Object.keys(user).length} fields`, status: 'as-expected', action: 'Read for a matched learner when the search rows lack a field an update compares, and around the first update into this OneFile, to see that it keeps the fields it is not sent.' });
  } catch (error) {
    add({ check: 'user-record', title: "One learner's full record (GET User/{id})", found: failedAnswer(error), status: 'failed', action: 'Updates cannot be compared field by field, nor checked to keep the fields they are not sent: rows that change existing learners may be refused.' });
  }
}
