import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApiKnowledge, AssignPathReading, UserFieldsKept } from '../../onefile';
import type { ProbeReport } from '../../onefile/probe';
import { ensurePrivateFolder, writePrivateFileSync } from '../../private-files';
import type { EnvironmentFacts } from '../plan/notes';

/**
 * What is known of one OneFile environment beyond its guides, kept in the data folder
 * (`environments/<hash of the environment>.json`, no token, no address in the name):
 * the probe's last report, what later runs learned (an optional call refused), and the
 * user's settings for it (the Assign path reading, the page size). Every connection to
 * that environment starts from it.
 */

export interface EnvironmentFindings {
  version: 1;
  /** `sandbox` for the built-in sandbox (its address changes), else the base URL. */
  environmentKey: string;
  /** For the engine: page size and cap, template contents, the Assign reading. */
  knowledge: ApiKnowledge;
  /** For the plan's notes. */
  facts: EnvironmentFacts;
  /** The last probe's report, when one was run. */
  probe?: ProbeReport;
  /** When each reading that OneFile could change was seen (ISO): believed for READING_LIFE_MS after. */
  seenOn?: Partial<Record<AgingReading, string>>;
  updatedAt: string;
}

/**
 * Readings of how this OneFile behaves that an upgrade of OneFile could change without a
 * word, and that are not looked at again once known (each saves a check): when a
 * template's learning aims appear, what an update does with the fields it is not sent,
 * the fields a write keeps, how soon a search shows a new user, how pages are numbered,
 * whether a search may ask for archived users, whether the user search honours its
 * organisation and role filters. Believed wrong, each loses or doubles something (an
 * update wiping learners' dates; a template or a learner sent again after a lost answer;
 * the first page's learners missed; archived learners never seen again and made anew;
 * another organisation's learner updated). So each is believed for a week after it was seen, then left out of what an
 * import starts from: the next import that needs it checks it again (a read or two), and
 * saves what it sees with a new date. A reading saved before dates were kept is checked
 * again once.
 */
export const AGING_READINGS = ['templateApply', 'userUpdates', 'userFieldsKept', 'searchLagMs', 'pageBase', 'archivedFilter', 'userFilters', 'unpagedSeenWhole'] as const satisfies ReadonlyArray<keyof ApiKnowledge>;
export type AgingReading = (typeof AGING_READINGS)[number];
export const READING_LIFE_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether a reading seen at `seenOn` is still believed at `now` (a date ahead of the clock is not). */
function believed(seenOn: string | undefined, now: Date): boolean {
  const at = seenOn === undefined ? Number.NaN : Date.parse(seenOn);
  return Number.isFinite(at) && now.getTime() - at < READING_LIFE_MS && at <= now.getTime() + 60_000;
}

/** The findings an import starts from: readings older than a week (or of no date) left out, to be checked again. */
export function believedFindings(findings: EnvironmentFindings | undefined, now = new Date()): EnvironmentFindings | undefined {
  if (!findings) return undefined;
  const knowledge = { ...findings.knowledge };
  for (const key of AGING_READINGS) if (knowledge[key] !== undefined && !believed(findings.seenOn?.[key], now)) delete knowledge[key];
  return { ...findings, knowledge };
}

/**
 * The readings a client holds (`held`) that are no longer believed at `now`, by the dates
 * the saved findings give them: a connection kept open for days (the app left running)
 * leaves these out before its next plan or run, as a new connection would. A reading held
 * but never saved with a date is among them.
 */
export function readingsPastBelief(held: ApiKnowledge, saved: EnvironmentFindings | undefined, now = new Date()): AgingReading[] {
  return AGING_READINGS.filter((key) => held[key] !== undefined && !believed(saved?.seenOn?.[key], now));
}

export function findingsPath(dataDir: string, environmentKey: string): string {
  const hash = createHash('sha256').update(environmentKey.trim().toLowerCase()).digest('hex').slice(0, 16);
  return path.join(dataDir, 'environments', `${hash}.json`);
}

/** The findings for an environment; none (`undefined`) when it was never probed or set. A damaged file counts as none. */
export function readFindings(dataDir: string, environmentKey: string): EnvironmentFindings | undefined {
  let text: string;
  try {
    text = fs.readFileSync(findingsPath(dataDir, environmentKey), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as EnvironmentFindings;
    return value && value.version === 1 && typeof value.knowledge === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

function write(dataDir: string, findings: EnvironmentFindings): EnvironmentFindings {
  const file = findingsPath(dataDir, findings.environmentKey);
  ensurePrivateFolder(path.dirname(file));
  writePrivateFileSync(file, `${JSON.stringify(findings, null, 2)}\n`);
  return findings;
}

function base(dataDir: string, environmentKey: string): EnvironmentFindings {
  return readFindings(dataDir, environmentKey) ?? { version: 1, environmentKey, knowledge: {}, facts: {}, updatedAt: '' };
}

/** Readings only an import's writes can teach (a probe writes nothing): a probe's report keeps them as saved (list sizes: merged with the learners the probe counts). */
const LEARNED_ONLY_BY_IMPORTS = ['templateApply', 'userUpdates', 'userFieldsKept', 'searchLagMs', 'ratePacing', 'admittedBudget', 'learnerEmail', 'userFilters', 'listSizes'] as const satisfies ReadonlyArray<keyof ApiKnowledge>;
/** Readings a probe or an import may find: the probe's own wins, else the saved one stays. */
const LEARNED_BY_BOTH = ['archivedFilter', 'pageBase', 'unpagedSearch', 'largestPageSize'] as const satisfies ReadonlyArray<keyof ApiKnowledge>;

/** One reading copied, where `from` has it. */
function copyReading<K extends keyof ApiKnowledge>(from: ApiKnowledge, to: Pick<ApiKnowledge, K>, key: K): void {
  if (from[key] !== undefined) to[key] = from[key];
}

/** Saves a probe's report: its measurements replace the old ones; the user's settings stay. */
export function saveProbeFindings(dataDir: string, environmentKey: string, report: ProbeReport): EnvironmentFindings {
  const old = base(dataDir, environmentKey);
  const knowledge: ApiKnowledge = { ...report.knowledge };
  if (old.knowledge.assignPath) knowledge.assignPath = old.knowledge.assignPath;
  // Learned by imports (a probe writes nothing, so it cannot see it): kept.
  for (const key of LEARNED_ONLY_BY_IMPORTS) copyReading(old.knowledge, knowledge, key);
  // The probe counts the learners (probe-paging.ts): its count is the newest; other lists' sizes stay.
  if (report.knowledge.listSizes) knowledge.listSizes = { ...old.knowledge.listSizes, ...report.knowledge.listSizes };
  // Found by both: the probe's own where it found one. A cut-short unpaged search seen by an
  // import stays known: the probe sees one only where its users outnumber the cap.
  for (const key of LEARNED_BY_BOTH) if (knowledge[key] === undefined) copyReading(old.knowledge, knowledge, key);
  // What each kind's unpaged search was seen answering whole: the probe counts users; other kinds' stay while believed.
  const wholeBefore = believed(old.seenOn?.unpagedSeenWhole, new Date(report.probedAt)) ? old.knowledge.unpagedSeenWhole : undefined;
  if (wholeBefore || report.knowledge.unpagedSeenWhole) knowledge.unpagedSeenWhole = { ...wholeBefore, ...report.knowledge.unpagedSeenWhole };
  const seenOn = { ...old.seenOn };
  for (const key of AGING_READINGS) if (report.knowledge[key] !== undefined) seenOn[key] = report.probedAt;
  return write(dataDir, {
    ...old,
    knowledge,
    seenOn,
    facts: { ...old.facts, ...(report.archivedLearners ? { archivedLearners: report.archivedLearners } : {}) },
    probe: report,
    updatedAt: report.probedAt,
  });
}

/** Remembers what a run learned (e.g. a template's contents cannot be read here), without touching the rest. */
export function saveLearned(dataDir: string, environmentKey: string, learned: ApiKnowledge, now = new Date()): void {
  const old = base(dataDir, environmentKey);
  const next = { ...old.knowledge };
  // A reading no longer believed (left out of what the run started from) is in `learned`
  // only where the run saw it again: it replaces the old one, with today's date.
  const seenOn = { ...old.seenOn };
  for (const key of AGING_READINGS) {
    if (learned[key] === undefined || believed(old.seenOn?.[key], now)) continue;
    delete next[key];
    seenOn[key] = now.toISOString();
  }
  for (const key of [...LEARNED_ONLY_BY_IMPORTS, ...LEARNED_BY_BOTH, 'unpagedSeenWhole', 'apiPath', 'templateContents'] as const) {
    if (key !== 'userFieldsKept' && key !== 'searchLagMs') copyReading(learned, next, key);
  }
  if (learned.pagesShorterSinceProbe !== undefined) {
    // OneFile serves fewer rows a page than the probe measured: the measurement no longer ends searches.
    delete next.pageCap;
    delete next.servesWhole;
    next.pagesShorterSinceProbe = learned.pagesShorterSinceProbe;
  }
  if (learned.userFieldsKept) next.userFieldsKept = keptUnion(next.userFieldsKept, learned.userFieldsKept);
  // The longest lag seen is kept: a shorter one seen later does not make the looks shorter.
  if (learned.searchLagMs !== undefined && (next.searchLagMs ?? -1) < learned.searchLagMs) next.searchLagMs = learned.searchLagMs;
  if (JSON.stringify(next) === JSON.stringify(old.knowledge) && JSON.stringify(seenOn) === JSON.stringify(old.seenOn ?? {})) return;
  write(dataDir, { ...old, knowledge: next, seenOn, updatedAt: now.toISOString() });
}

/** "a create keeps DOB, MISID, PlacementID (seen read back)": fields not named are still checked. */
function keptSaid(write: string, fields: readonly string[] | undefined): string | undefined {
  return fields?.length ? `${write} was seen keeping ${fields.join(', ')}, or they cannot be read back (other fields it sends are read back after it)` : undefined;
}

/** The fields seen kept, as saved and as a run learned them: each write's both lists together. */
function keptUnion(saved: UserFieldsKept | undefined, learned: UserFieldsKept): UserFieldsKept {
  const union = (a: string[] = [], b: string[] = []) => [...new Set([...a, ...b])].sort();
  const kept: UserFieldsKept = {};
  for (const write of ['create', 'update'] as const) {
    const fields = union(saved?.[write], learned[write]);
    if (fields.length > 0) kept[write] = fields;
  }
  return kept;
}

/** The user's choice of Assign path reading for this environment. */
export function saveAssignPath(dataDir: string, environmentKey: string, reading: AssignPathReading, now = new Date()): EnvironmentFindings {
  const old = base(dataDir, environmentKey);
  return write(dataDir, { ...old, knowledge: { ...old.knowledge, assignPath: reading }, facts: { ...old.facts, assignPath: reading }, updatedAt: now.toISOString() });
}

/** Of a probe's saved findings, what imports learned and the probe did not find itself (what `learnedByImports` tells). */
export function learnedNotProbed(saved: EnvironmentFindings, report: ProbeReport): LearnedByImports {
  const learned: LearnedByImports = {};
  for (const key of [...LEARNED_ONLY_BY_IMPORTS, 'archivedFilter'] as const) copyReading(saved.knowledge, learned, key);
  if (!report.knowledge.unpagedSearch) copyReading(saved.knowledge, learned, 'unpagedSearch');
  return learned;
}

/**
 * What imports have learned of an environment by their writes, which a read-only probe
 * cannot see, in one sentence for the probe's report (command line and app).
 */
type LearnedByImports = Pick<ApiKnowledge, (typeof LEARNED_ONLY_BY_IMPORTS)[number] | 'archivedFilter' | 'unpagedSearch'>;

export function learnedByImports(knowledge: LearnedByImports): string {
  const templates = {
    'at-once': "a framework template's learning aims are made before its answer",
    'in-background': "a framework template's learning aims are made in the background, after its answer (each learner given one is waited for)",
  };
  const updates = {
    'fields-sent': 'an update keeps the fields it is not sent',
    'whole-record': 'an update clears the fields it is not sent (each learner updated is read first and sent whole)',
  };
  const seen = [
    knowledge.templateApply && templates[knowledge.templateApply],
    knowledge.userUpdates && updates[knowledge.userUpdates],
    knowledge.archivedFilter === 'refused' && 'a user search refuses to be asked for archived users (IncludeArchived): they are read without them, and a row about an archived learner would look new',
    knowledge.unpagedSearch === 'capped' && 'an unpaged search answers only its first rows (every kind is read page by page)',
    knowledge.unpagedSearch === 'not-offered' && 'unpaged searches are not offered (every kind is read page by page)',
    keptSaid('a create', knowledge.userFieldsKept?.create),
    keptSaid('an update', knowledge.userFieldsKept?.update),
    knowledge.searchLagMs === 0 && 'a search shows a new user at once',
    knowledge.searchLagMs !== undefined &&
      knowledge.searchLagMs > 0 &&
      `a search showed a new record only ${Math.ceil(knowledge.searchLagMs / 1000)} s after it was made (a write whose answer is lost is looked for at least twice as long before it is sent again)`,
    knowledge.userFilters === 'ignored' && "the user search ignores its organisation and role filters (every user a row's keys or names point at is read by ID before it is used)",
    knowledge.learnerEmail === 'optional' && 'a learner is created without an email',
    knowledge.learnerEmail === 'required' && 'a learner without an email is refused (such rows are held back until they have one)',
    knowledge.ratePacing === 'even' && 'the rate limit refuses a burst of calls the minute has room for (calls are sent one at a time, evenly spaced)',
    knowledge.admittedBudget &&
      knowledge.admittedBudget.calls < knowledge.admittedBudget.budget &&
      `it admitted about ${knowledge.admittedBudget.calls} calls a minute, not the ${knowledge.admittedBudget.budget} set (imports with that setting send ${knowledge.admittedBudget.calls})`,
  ].filter(Boolean);
  return seen.length === 0
    ? 'Learned by imports (not by this read-only check): nothing yet; the first import here looks at what its writes did.'
    : `Learned by imports (not by this read-only check): ${seen.join('; ')}.`;
}

