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
  updatedAt: string;
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

/** Saves a probe's report: its measurements replace the old ones; the user's settings stay. */
export function saveProbeFindings(dataDir: string, environmentKey: string, report: ProbeReport): EnvironmentFindings {
  const old = base(dataDir, environmentKey);
  const knowledge: ApiKnowledge = { ...report.knowledge };
  if (old.knowledge.assignPath) knowledge.assignPath = old.knowledge.assignPath;
  // Learned by imports (a probe writes nothing, so it cannot see it): kept.
  if (old.knowledge.templateApply) knowledge.templateApply = old.knowledge.templateApply;
  if (old.knowledge.userUpdates) knowledge.userUpdates = old.knowledge.userUpdates;
  if (old.knowledge.userFieldsKept) knowledge.userFieldsKept = old.knowledge.userFieldsKept;
  if (old.knowledge.searchLagMs !== undefined) knowledge.searchLagMs = old.knowledge.searchLagMs;
  if (old.knowledge.ratePacing) knowledge.ratePacing = old.knowledge.ratePacing;
  if (old.knowledge.admittedBudget) knowledge.admittedBudget = old.knowledge.admittedBudget;
  if (old.knowledge.learnerEmail) knowledge.learnerEmail = old.knowledge.learnerEmail;
  if (old.knowledge.archivedFilter && !knowledge.archivedFilter) knowledge.archivedFilter = old.knowledge.archivedFilter;
  if (old.knowledge.pageBase !== undefined && knowledge.pageBase === undefined) knowledge.pageBase = old.knowledge.pageBase;
  // A cut-short unpaged search seen by an import stays known: the probe sees one only where its users outnumber the cap.
  if (old.knowledge.unpagedSearch && !knowledge.unpagedSearch) knowledge.unpagedSearch = old.knowledge.unpagedSearch;
  return write(dataDir, {
    ...old,
    knowledge,
    facts: { ...old.facts, ...(report.archivedLearners ? { archivedLearners: report.archivedLearners } : {}) },
    probe: report,
    updatedAt: report.probedAt,
  });
}

/** Remembers what a run learned (e.g. a template's contents cannot be read here), without touching the rest. */
export function saveLearned(dataDir: string, environmentKey: string, learned: ApiKnowledge, now = new Date()): void {
  const old = base(dataDir, environmentKey);
  const next = { ...old.knowledge };
  if (learned.apiPath && next.apiPath !== learned.apiPath) next.apiPath = learned.apiPath;
  if (learned.pageBase !== undefined && next.pageBase !== learned.pageBase) next.pageBase = learned.pageBase;
  if (learned.archivedFilter && next.archivedFilter !== learned.archivedFilter) next.archivedFilter = learned.archivedFilter;
  if (learned.templateContents && next.templateContents !== learned.templateContents) next.templateContents = learned.templateContents;
  if (learned.templateApply && next.templateApply !== learned.templateApply) next.templateApply = learned.templateApply;
  if (learned.userUpdates && next.userUpdates !== learned.userUpdates) next.userUpdates = learned.userUpdates;
  if (learned.unpagedSearch && next.unpagedSearch !== learned.unpagedSearch) next.unpagedSearch = learned.unpagedSearch;
  if (learned.ratePacing && next.ratePacing !== learned.ratePacing) next.ratePacing = learned.ratePacing;
  if (learned.admittedBudget) next.admittedBudget = learned.admittedBudget;
  if (learned.learnerEmail && next.learnerEmail !== learned.learnerEmail) next.learnerEmail = learned.learnerEmail;
  if (learned.userFieldsKept) next.userFieldsKept = keptUnion(next.userFieldsKept, learned.userFieldsKept);
  // The longest lag seen is kept: a shorter one seen later does not make the looks shorter.
  if (learned.searchLagMs !== undefined && (next.searchLagMs ?? -1) < learned.searchLagMs) next.searchLagMs = learned.searchLagMs;
  if (JSON.stringify(next) === JSON.stringify(old.knowledge)) return;
  write(dataDir, { ...old, knowledge: next, updatedAt: now.toISOString() });
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
  return {
    archivedFilter: saved.knowledge.archivedFilter,
    templateApply: saved.knowledge.templateApply,
    userUpdates: saved.knowledge.userUpdates,
    userFieldsKept: saved.knowledge.userFieldsKept,
    searchLagMs: saved.knowledge.searchLagMs,
    ratePacing: saved.knowledge.ratePacing,
    admittedBudget: saved.knowledge.admittedBudget,
    learnerEmail: saved.knowledge.learnerEmail,
    unpagedSearch: report.knowledge.unpagedSearch ? undefined : saved.knowledge.unpagedSearch,
  };
}

/**
 * What imports have learned of an environment by their writes, which a read-only probe
 * cannot see, in one sentence for the probe's report (command line and app).
 */
type LearnedByImports = Pick<ApiKnowledge, 'archivedFilter' | 'templateApply' | 'userUpdates' | 'unpagedSearch' | 'userFieldsKept' | 'searchLagMs' | 'ratePacing' | 'admittedBudget' | 'learnerEmail'>;

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

