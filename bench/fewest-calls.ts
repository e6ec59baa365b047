import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect } from '../main/connection/connect';
import { prepareImport } from '../main/import';
import { startSandbox, type RunningSandbox } from '../main/sandbox';
import { generateUln } from '../main/sandbox/uln';
import { seededRandom } from '../main/sandbox/random';
import { atMost, ratioOf, round, type BenchmarkReport, type Figure } from './figures';
import { benchTempDir } from './import-throughput';
import { organisationChoices } from './learner-file';

/**
 * The fewest calls for the files centres really send (issue 14): a weekly MIS export
 * of a few learners, and a term's intake with a standard each, imported into the
 * sandbox by the importer and, side by side on an identical sandbox, by a naive
 * importer written the way public integrations work (one call at a time, every name
 * looked up for every row). Calls are counted from the sandbox's call log, sign-in
 * included; times are wall-clock on the same latency.
 */

export const MIS_EXPORT_HEADER = ['Learner Ref', 'Forename', 'Surname', 'Date of Birth', 'ULN', 'NI Number', 'Email Address', 'Assessor', 'Class', 'Employer', 'Programme'];

const LATENCY_MS = 30;
const BUDGET = 100;

/** An MIS export: real ULNs and NI numbers, the organisation's own names for assessors, classes, placements and standards. */
export function writeMisExport(dir: string, sandbox: RunningSandbox, learners: number, tag: string): string {
  const choices = organisationChoices(sandbox);
  const standards = sandbox.store.all('standards').filter((s) => s.OrganisationID === 5740).map((s) => s.Title);
  const random = seededRandom(learners * 7919);
  const lines = [MIS_EXPORT_HEADER.join(',')];
  for (let n = 1; n <= learners; n++) {
    const ref = `${tag}${String(n).padStart(4, '0')}`;
    const nino = `${['AB', 'CE', 'JK', 'PR', 'SW'][n % 5]}${String(100000 + n).slice(-6)}${'ABCD'[n % 4]}`;
    lines.push(
      [
        ref,
        `Learner${n}`,
        `Mis${tag}`,
        `${String(1 + (n % 28)).padStart(2, '0')}/0${1 + (n % 9)}/200${n % 8}`,
        generateUln(random),
        nino,
        `${ref.toLowerCase()}@mis.example.com`,
        choices.assessors[n % choices.assessors.length],
        choices.classes[n % choices.classes.length],
        choices.placements[n % choices.placements.length],
        standards[n % standards.length],
      ].join(','),
    );
  }
  const file = path.join(dir, `${tag}.csv`);
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

function freshSandbox(windowMs: number): Promise<RunningSandbox> {
  return startSandbox({ seed: 1, rateLimit: BUDGET, windowMs, latencyMs: LATENCY_MS });
}

/** The importer: plan and run, as `onefile-import import` does. */
async function ours(file: string, dir: string, sandbox: RunningSandbox, windowMs: number): Promise<{ calls: number; ms: number; created: number }> {
  const dataDir = path.join(dir, 'data');
  const WINDOW_MS = windowMs;
  const started = Date.now();
  const session = await prepareImport({
    file,
    connect: () => connect({ environment: sandbox.baseUrl, customerToken: sandbox.customerToken, dataDir, budgetPerMinute: BUDGET, windowMs: WINDOW_MS }),
    organisationId: 5740,
    dataDir,
    budgetPerMinute: BUDGET,
    windowMs: WINDOW_MS,
  });
  try {
    const finished = await (await session.start()).finished;
    return { calls: sandbox.calls.filter((c) => c.status !== 429).length, ms: Date.now() - started, created: finished.outcome.results.filter((r) => r.action === 'created').length };
  } finally {
    await session.close();
  }
}

/**
 * The naive importer: signs in, then for every row in turn looks up the assessor, the
 * class, the placement and the standard by name and the learner by MIS ID, creates
 * the learner and assigns the standard. One call at a time, Retry-After honoured.
 */
async function naive(file: string, sandbox: RunningSandbox): Promise<{ calls: number; ms: number; created: number }> {
  const started = Date.now();
  const send = async (method: string, route: string, body?: unknown, token?: string): Promise<{ status: number; json: unknown; text: string }> => {
    for (;;) {
      const response = await fetch(new URL(route, sandbox.baseUrl), {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { 'X-TokenID': token } : { 'X-CustomerToken': sandbox.customerToken }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
        continue;
      }
      return { status: response.status, text, json: text && /^[[{]/.test(text.trim()) ? JSON.parse(text) : undefined };
    }
  };
  const token = (await send('POST', 'Authentication')).text.trim();
  const first = (rows: unknown) => (Array.isArray(rows) ? (rows[0] as { ID: number } | undefined) : undefined);
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1);
  let created = 0;
  for (const line of lines) {
    const [ref, forename, surname, dob, uln, nino, email, assessor, klass, employer, programme] = line.split(',');
    const [assessorFirst, ...assessorLast] = assessor.split(' ');
    const assessorRow = first((await send('POST', 'User/Search', { OrganisationID: 5740, Role: 5, FirstName: assessorFirst, LastName: assessorLast.join(' ') }, token)).json);
    const classRow = first((await send('POST', 'Classroom/Search', { OrganisationID: 5740, Name: klass }, token)).json);
    const placementRow = first((await send('POST', 'Placement/Search', { OrganisationID: 5740, Name: employer }, token)).json);
    const standardRow = first((await send('POST', 'Standard/Search', { OrganisationID: 5740, Title: programme }, token)).json);
    const existing = first((await send('POST', 'User/Search', { OrganisationID: 5740, MISID: ref }, token)).json);
    if (existing || !assessorRow || !classRow || !placementRow) continue;
    const [day, month, year] = dob.split('/');
    const user = (await send('POST', 'User', {
      OrganisationID: 5740, Role: 1, FirstName: forename, LastName: surname, Email: email, MISID: ref, ULN: uln, NINO: nino,
      DOB: `${year}-${month}-${day}T00:00:00.000Z`, DefaultAssessorID: assessorRow.ID, ClassroomID: classRow.ID, PlacementID: placementRow.ID,
    }, token)).json as { ID: number };
    created += 1;
    if (standardRow) await send('POST', `Standard/${standardRow.ID}/Assign/${user.ID}`, undefined, token);
  }
  return { calls: sandbox.calls.filter((c) => c.status !== 429).length, ms: Date.now() - started, created };
}

export interface FewestCallsCase {
  id: string;
  learners: number;
  /** The most calls in all the importer may make. */
  goal: number;
  /** Run the naive importer beside it. */
  naive: boolean;
  /** The rate window: OneFile's minute, or scaled down where the calls would wait for it (the count is the same). */
  windowMs: number;
}

export const FEWEST_CALLS_CASES: FewestCallsCase[] = [
  { id: 'fewest-calls-8', learners: 8, goal: 26, naive: true, windowMs: 60_000 },
  { id: 'fewest-calls-120', learners: 120, goal: 250, naive: false, windowMs: 2_000 },
];

export async function runFewestCalls(bench: FewestCallsCase): Promise<BenchmarkReport> {
  const started = Date.now();
  const dir = benchTempDir(bench.id);
  const figures: Figure[] = [];
  const sandbox = await freshSandbox(bench.windowMs);
  let ourRun;
  try {
    ourRun = await ours(writeMisExport(dir, sandbox, bench.learners, 'MIS'), dir, sandbox, bench.windowMs);
  } finally {
    await sandbox.close();
  }
  figures.push({
    name: 'calls in all (sign-in, directory, plan, import)',
    value: ourRun.calls,
    unit: 'calls',
    reference: { label: 'writes needed', value: bench.learners * 2 },
    ratio: ratioOf(ourRun.calls, bench.learners * 2),
    goal: atMost(ourRun.calls, bench.goal),
  });
  figures.push({ name: 'learners created', value: ourRun.created, unit: '', reference: { label: 'in the file', value: bench.learners } });
  figures.push({ name: 'time', value: round(ourRun.ms / 1000, 2), unit: 's' });
  if (bench.naive) {
    const other = await freshSandbox(bench.windowMs);
    try {
      const naiveRun = await naive(writeMisExport(dir, other, bench.learners, 'MIS'), other);
      figures.push({ name: 'naive importer: calls in all', value: naiveRun.calls, unit: 'calls', reference: { label: 'ours', value: ourRun.calls }, ratio: ratioOf(naiveRun.calls, ourRun.calls) });
      figures.push({ name: 'naive importer: time', value: round(naiveRun.ms / 1000, 2), unit: 's', reference: { label: 'ours s', value: round(ourRun.ms / 1000, 2) }, ratio: ratioOf(naiveRun.ms, ourRun.ms) });
      figures.push({ name: 'naive importer: learners created', value: naiveRun.created, unit: '' });
    } finally {
      await other.close();
    }
  }
  return {
    id: bench.id,
    title: `The fewest calls: a ${bench.learners}-row MIS export (Learner Ref, Forename, Surname, Date of Birth, ULN, NI Number, Email Address, Assessor, Class, Employer, Programme)`,
    setup: `Into a fresh sandbox (seed 1, ${LATENCY_MS} ms latency, ${BUDGET} calls a ${bench.windowMs === 60_000 ? 'minute' : `${bench.windowMs / 1000} s window (scaled: the count is the same)`}); calls counted from the sandbox's log, Authentication included${bench.naive ? '; the naive importer on an identical sandbox' : ''}.`,
    durationMs: Date.now() - started,
    figures,
  };
}
