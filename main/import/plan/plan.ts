import type { MappedRow } from '../../../shared/mapped-rows';
import { ROLE_IDS, type RoleKey } from '../../../shared/fields';
import { FEWEST_ROWS_IN_FLIGHT, type RowsInFlightSetting } from '../run/rows-in-flight';
import type { Issue } from '../../../shared/validate';
import type { Directory, DirectoryUser } from '../directory/types';
import { mayMatch } from './identity-check';
import { createUserMatcher, DEFAULT_MATCH_ORDER, KEY_LABEL, matchKeyValue, type MatchKey, type UserMatch } from './match-learner';
import { matchByOneFileId, type OneFileIdMatch } from './match-by-id';
import { displayName } from '../directory/person-names';
import { referenceProblem, resolveRowReferences, type RowReferences } from './references';
import { summarisePlan, templateLooksOf, updateReadsOf } from './summary';
import { directoryReading } from './directory-reading';
import { hasError, ROLE, type ImportPlan, type Operation, type RoleId, type RowPlan, type RowProblem } from './types';
import { buildRowOperations, fileColumns, readMatchedUsers, requireCreateFields, type MatchedUserReads, type ProgrammeReader, type UserReader } from './row';
import { archivedUserMatched, lookUpBeforeCreating, type UserLookup } from './lookups';
import { directoryForMatching, type UsersMade } from './users-made';
import { directoryNeeds, type DirectoryNeeds } from '../directory/needs';
import { createTemplateContents, type TemplateContentsReading } from './template-contents';
import { wantsProgramme } from './programme';
import { environmentNotes, type EnvironmentFacts } from './notes';
import type { Resolver } from '../directory/resolve';
import { Creations, placeLookCalls, type CreateMissing } from './create-missing';
import { withStandardTitles, type StandardsReader } from './standard-titles';
import { noteNamesakes } from './namesakes';
import { joinRowsOfOnePerson, leaderOf } from './joined-rows';

export type { ProgrammeReader, UserReader } from './row';

/**
 * The plan: per row, what the import will do, decided before anything is written.
 * A dry run stops here and shows it; a live run executes exactly this plan.
 *
 * A row is 'blocked' when it has an error (a validation error, a reference that did
 * not resolve to exactly one record, a match that fits two users, a duplicate of an
 * earlier row). With `skipInvalid` such rows are 'skipped' instead and the rest runs;
 * without it the runner refuses to start while `summary.blocked` is above 0.
 *
 * Archived users that a row matches are reported (warning) and left alone.
 */

export interface PlanOptions {
  organisationId: number;
  /** The organisation's name, to accept an Organisation column that names it. */
  organisationName?: string;
  /** Which keys recognise an existing user, in order. Default MIS ID, ULN, email. */
  matchOrder?: readonly MatchKey[];
  skipInvalid?: boolean;
  budgetPerMinute: number;
  windowMs?: number;
  /** Rows in flight during the run (for the ETA); a number also caps how many reads the plan makes at once. */
  concurrency?: RowsInFlightSetting;
  /** OneFile's latency as measured while reading the directory: for the ETA. */
  latencyMs?: number;
  /** Classes and placements OneFile lacks to create, asked for by name (or all): create-missing.ts. Default none. */
  createMissing?: CreateMissing;
}

export interface PlanInput {
  rows: readonly MappedRow[];
  directory: Directory;
  resolver: Resolver;
  options: PlanOptions;
  /** A matched learner's learning aims and unit summaries (read only for rows that ask for programme). */
  readProgramme?: ProgrammeReader;
  /** A matched user's full record, read only when the directory's search row lacks a field to compare. */
  readUser?: UserReader;
  /** Validation issues of these rows (shared/validate). */
  validationIssues?: readonly Issue[];
  /** Staff assignments OneFile already has from earlier runs (assignment-ledger.ts): never sent again. */
  knownAssignments?: ReadonlySet<string>;
  /** Standards and units earlier runs gave, and when (assignment-ledger.ts, `programmeGivenIn`): not sent again within the hour. */
  programmeGiven?: ReadonlyMap<string, number>;
  /** Calls spent on the directory for this run; default `directory.calls` (pass 0 when it came from the cache). */
  directoryCalls?: number;
  /** Reads made while planning, as they finish. */
  onProgress?: (progress: MatchedUserReads) => void;
  /** Looks a user up by email before creating, where the directory's rows carry no email (lookups.ts). */
  lookUpUser?: UserLookup;
  /** What is known of this OneFile that the plan should say (the probe's findings): see notes.ts. */
  environment?: EnvironmentFacts;
  /** Reads a framework template's contents where a row needs them (template-contents.ts); without it they stay unknown. */
  templateContents?: TemplateContentsReading;
  /** The organisation's standards, read when a matched learner's template names some and the directory has none. */
  readStandards?: StandardsReader;
  /** Users earlier runs created (the ledger's `usersMadeIn`): read by ID where a row names one the directory lacks (users-made.ts). */
  usersMade?: UsersMade;
}

/** A row on its way through planning. */
export interface RowDraft {
  mapped: MappedRow;
  plan: RowPlan;
  refs: RowReferences;
  match: UserMatch | OneFileIdMatch;
  /** The matched user, when the row will change it. */
  user?: DirectoryUser;
}

const KEY_FIELDS: readonly MatchKey[] = ['MISID', 'ULN', 'NINO', 'Email'];

/**
 * The rows as the planner takes them, rows without a Role value given the role chosen
 * for them (`--role`, the app's setting): the planner reads a row's role from its
 * values, and validation already read them with it. Every face plans through this.
 */
export function withDefaultRole(rows: readonly MappedRow[], role: RoleKey = 'learner'): readonly MappedRow[] {
  if (role === 'learner') return rows;
  const id = String(ROLE_IDS[role]);
  // Named, not spread: a mapped row reads its values and cells when asked (shared/mapped-rows.ts).
  return rows.map((row): MappedRow => (row.values.Role === undefined ? { row: row.row, values: { ...row.values, Role: id }, raw: row.raw } : row));
}

/** What these rows need of the organisation's directory: the kinds their values name, and the staff they import. */
export function directoryNeedsOf(rows: readonly MappedRow[]): DirectoryNeeds {
  const fields = new Set<string>();
  const roles = new Set<RoleId>();
  for (const row of rows) {
    for (const [field, value] of Object.entries(row.values)) if (value !== undefined && String(value).trim() !== '') fields.add(field);
    roles.add(roleOfRow(row));
  }
  return directoryNeeds(fields, roles);
}

/** The row's role: its Role value (a role number after validation), else learner. */
export function roleOfRow(row: MappedRow): RoleId {
  const value = Number(row.values.Role);
  return (Object.values(ROLE) as number[]).includes(value) ? (value as RoleId) : ROLE.Learner;
}

function issueProblem(issue: Issue): RowProblem {
  return {
    ...(issue.column ? { column: issue.column } : {}),
    ...(issue.header ? { header: issue.header } : {}),
    ...(issue.field ? { field: issue.field } : {}),
    value: issue.value,
    code: issue.code,
    message: issue.message,
    severity: issue.severity,
    ...(issue.sameAs !== undefined ? { sameAs: issue.sameAs } : {}),
    ...(issue.exactCopy ? { exactCopy: true } : {}),
  };
}

function cellOf(row: MappedRow, field: string): Pick<RowProblem, 'column' | 'header' | 'field' | 'value'> {
  const cell = row.raw[field as keyof MappedRow['raw']];
  return cell ? { column: cell.column, header: cell.header, field, value: cell.value } : { field };
}

/** A row naming another organisation than the one imported into. */
function otherOrganisation(mapped: MappedRow, options: PlanInput['options']): RowProblem | null {
  const named = mapped.values.Organisation?.trim().toLowerCase();
  if (named === undefined || named === String(options.organisationId) || named === options.organisationName?.trim().toLowerCase()) return null;
  return {
    ...cellOf(mapped, 'Organisation'),
    code: 'other-organisation',
    severity: 'error',
    message: `This row belongs to organisation "${mapped.values.Organisation}", but this import is for ${options.organisationName ?? `organisation ${options.organisationId}`}: import it into that organisation separately.`,
  };
}

/**
 * A row about a user OneFile has: one row per user in the file, an archived user left
 * alone, a different kind of user said. `claimedUsers` maps each user to the first row about them.
 */
function claimMatchedUser(draft: RowDraft, user: DirectoryUser, by: NonNullable<RowPlan['matched']>['by'], claimedUsers: Map<number, number>, fileDuplicate: boolean): void {
  const { plan, mapped } = draft;
  const role = plan.role;
  plan.matched = { userId: user.id, by };
  plan.name = displayName(user) || plan.name;
  const earlier = claimedUsers.get(user.id);
  if (earlier !== undefined && !fileDuplicate) {
    plan.problems.push({
      code: 'duplicate-in-file',
      severity: 'error',
      message: `Row ${earlier} is already about ${displayName(user)} (OneFile ID ${user.id}): keep one row per person, or correct the MIS ID, ULN or email.`,
    });
  } else if (earlier === undefined) claimedUsers.set(user.id, mapped.row);
  if (user.archived) plan.problems.push(archivedUserMatched(user));
  else draft.user = user;
  if (user.role !== role && !(role === ROLE.Assessor && user.role === ROLE.TraineeAssessor)) {
    plan.problems.push({
      ...cellOf(mapped, 'Role'),
      code: 'role-differs',
      severity: 'warning',
      message: `${displayName(user)} is a different kind of user in OneFile (role ${user.role}) than the row says (role ${role}); the importer does not change roles.`,
    });
  }
}

/** A row that creates: no two rows create a user with one key (as matched: 0123 and 123 one MIS ID). `claimedKeys`: each key's first row. */
function claimNewUserKeys(draft: RowDraft, claimedKeys: Map<string, number>, fileDuplicate: boolean): void {
  const { plan, mapped } = draft;
  const { values } = mapped;
  for (const key of KEY_FIELDS) {
    const value = matchKeyValue(key, values[key]);
    if (!value) continue;
    const earlier = claimedKeys.get(`${key}:${value}`);
    if (earlier !== undefined && !fileDuplicate) {
      plan.problems.push({
        ...cellOf(mapped, key),
        code: 'duplicate-in-file',
        severity: 'error',
        message: `Row ${earlier} already creates a user with this ${KEY_LABEL[key]}: keep one row per person.`,
      });
      break;
    }
    if (earlier === undefined) claimedKeys.set(`${key}:${value}`, mapped.row);
  }
  if (plan.role === ROLE.Learner && !values.MISID && !values.ULN) {
    plan.problems.push({
      code: 'no-upsert-key',
      severity: 'warning',
      message: 'This learner has no MIS ID or ULN: a later import can recognise them only by their email, so it must not change.',
    });
  }
}

/** Step 1, no network: role, validation, organisation, references, the match, in-file duplicates. */
function draftRows(input: PlanInput, creations: Creations): RowDraft[] {
  const { directory, resolver, options } = input;
  const order = options.matchOrder ?? DEFAULT_MATCH_ORDER;
  const learnerMatcher = createUserMatcher(directory.learners, order, 'learner');
  const staffMatcher = createUserMatcher(directory.staff, order, 'staff user');
  const issuesByRow = new Map<number, Issue[]>();
  for (const issue of input.validationIssues ?? []) {
    const list = issuesByRow.get(issue.row);
    if (list) list.push(issue);
    else issuesByRow.set(issue.row, [issue]);
  }
  const claimedUsers = new Map<number, number>();
  const claimedKeys = new Map<string, number>();

  return input.rows.map((mapped, index) => {
    const role = roleOfRow(mapped);
    const { values } = mapped;
    const name = [values.FirstName, values.LastName].filter(Boolean).join(' ') || `Row ${mapped.row}`;
    const plan: RowPlan = { row: mapped.row, index, role, action: 'create', name, operations: [], problems: [] };
    const issues = issuesByRow.get(mapped.row) ?? [];

    const elsewhere = otherOrganisation(mapped, options);
    if (elsewhere) plan.problems.push(elsewhere);

    const resolution = resolveRowReferences(mapped, role, resolver, directory);
    for (const issue of resolution.issues) {
      const creation = creations.consider(issue, mapped.row);
      if (creation && (issue.field === 'Classroom' || issue.field === 'Placement')) resolution.refs.toCreate = { ...resolution.refs.toCreate, [issue.field]: creation };
      else plan.problems.push(referenceProblem(issue, mapped));
    }
    if (resolution.ignored.length > 0) {
      plan.problems.push({
        code: 'ignored-for-role',
        severity: 'warning',
        message: `${resolution.ignored.join(', ')} ${resolution.ignored.length === 1 ? 'is' : 'are'} not used for a staff user and will not be sent.`,
      });
    }

    const matcher = role === ROLE.Learner ? learnerMatcher : staffMatcher;
    const byKeys = matcher.match({ MISID: values.MISID, ULN: values.ULN, NINO: values.NINO, Email: values.Email });
    const [kind, others] = role === ROLE.Learner ? [directory.learners, directory.staff] : [directory.staff, directory.learners];
    const match = matchByOneFileId(values.OneFileID, byKeys, kind, others, role === ROLE.Learner ? 'learner' : 'staff user');
    const draft: RowDraft = { mapped, plan, refs: resolution.refs, match };
    // A matched user already has the fields a new one must be given.
    for (const issue of issues) if (!((issue.code === 'required' || issue.code === 'email-missing') && match.kind === 'matched')) plan.problems.push(issueProblem(issue));
    const fileDuplicate = issues.some((i) => i.code === 'duplicate');
    // A later row about the person an earlier row imports: that row claims them, with this row's standards and units.
    const sameAs = issues.find((i) => i.code === 'same-person')?.sameAs;

    if (sameAs !== undefined) {
      plan.joinedTo = sameAs;
    } else if (match.kind === 'conflict') {
      plan.problems.push({ code: match.code, severity: 'error', message: match.message });
    } else if (match.kind === 'matched') {
      if (mayMatch(plan.problems, match.user, match.by, values)) claimMatchedUser(draft, match.user, match.by, claimedUsers, fileDuplicate);
    } else {
      claimNewUserKeys(draft, claimedKeys, fileDuplicate);
    }
    return draft;
  });
}

/**
 * Plans an import. Reads OneFile only for matched users: their full record when the
 * directory lacks a field to compare, their programme when the row asks for one.
 */
export async function planImport(input: PlanInput): Promise<ImportPlan> {
  const planningStarted = performance.now();
  const { options } = input;
  const templates = createTemplateContents(input.templateContents);
  let directory = await templates.beforeDrafting(input.rows, input.directory, input.resolver);
  const usersMade = await directoryForMatching(input.rows, directory, { ...input, roleOf: roleOfRow });
  directory = usersMade.directory;
  const creations = new Creations(options.createMissing);
  const drafts = draftRows({ ...input, directory, resolver: usersMade.resolver }, creations);
  joinRowsOfOnePerson(drafts);
  const lookupCalls = await lookUpBeforeCreating(drafts, directory, input.lookUpUser, input.readUser, options.matchOrder);
  for (const draft of drafts) markLink(draft);
  await templates.forMatchedLearners(drafts);
  const titled = await withStandardTitles(directory, drafts, input.readStandards);
  directory = titled.directory;
  const toRead = drafts.filter((d) => d.user !== undefined && !hasError(d.plan));
  const reads = await readMatchedUsers(toRead, {
    readUser: input.readUser,
    readProgramme: input.readProgramme,
    concurrency: typeof options.concurrency === 'number' ? options.concurrency : FEWEST_ROWS_IN_FLIGHT,
    wantsProgramme: (d) => d.plan.role === ROLE.Learner && wantsProgramme({ template: d.refs.FrameworkTemplate, standards: d.refs.Standards, units: d.refs.Units }),
    onProgress: input.onProgress,
  });

  const plansByRow = new Map(drafts.map((d) => [d.plan.row, d.plan]));
  for (const draft of drafts) {
    // A row that will create is told all it lacks at once, errors or not; unless its email could not be looked up (a row with errors is not).
    const joined = draft.plan.joinedTo !== undefined;
    if (!joined && draft.match.kind === 'none' && (!hasError(draft.plan) || directory.learnerRowsCarry?.email !== false)) requireCreateFields(draft, input.environment);
    if (!joined && !hasError(draft.plan)) {
      buildRowOperations(draft, {
        organisationId: options.organisationId,
        directory,
        matchOrder: options.matchOrder,
        reads: reads.byRow.get(draft.plan.row),
        knownAssignments: input.knownAssignments,
        programmeGiven: input.programmeGiven,
      });
    }
    const plan = draft.plan;
    const leader = plan.joinedTo === undefined ? undefined : leaderOf(plan, plansByRow);
    if (hasError(plan)) {
      plan.action = options.skipInvalid ? 'skipped' : 'blocked';
      plan.operations = [];
    } else if (leader) {
      plan.action = 'joined';
      plan.name = leader.name;
      plan.operations = [];
    } else if (plan.matched) {
      plan.action = plan.operations.length > 0 ? 'update' : 'unchanged';
    } else {
      plan.action = 'create';
    }
  }

  noteNamesakes(drafts, directory);
  const rows = drafts.map((d) => d.plan);
  // Only creations a row that runs waits for are made: a creation for blocked rows alone is not.
  const runs = new Set(rows.filter((r) => r.action !== 'blocked' && r.action !== 'skipped').map((r) => r.row));
  const waitedFor = new Set(rows.filter((r) => runs.has(r.row)).flatMap((r) => r.operations.flatMap(placesAwaited)));
  const planned = creations.operations(directory).filter((op) => waitedFor.has(op.id));
  const summary = summarisePlan({
      rows,
      creations: planned.length,
      creationLooks: placeLookCalls(planned, directory, input.environment?.unpagedSearch, input.environment?.unpagedSeenWhole),
      templateLooks: templateLooksOf(input.environment?.templateApply),
      updateReads: updateReadsOf(input.environment?.userUpdates),
      keptOnUpdate: input.environment?.userFieldsKeptOnUpdate ?? [],
      directoryCalls: input.directoryCalls ?? input.directory.calls,
      planningCalls: reads.calls + lookupCalls + templates.outcome.calls + titled.calls + usersMade.calls,
      pace: {
        budgetPerMinute: options.budgetPerMinute,
        windowMs: options.windowMs,
        concurrency: options.concurrency,
        latencyMs: options.latencyMs,
      },
    });
  const notes = environmentNotes(rows, drafts, directory, input.environment, {
    lookupCalls, usersMadeRead: usersMade.found, programmeSearches: reads.programmeSearches,
    templatesRefused: templates.outcome.refused,
    templateContentsUnavailable: input.templateContents?.knownUnavailable() ?? false,
  });
  notes.push(...creations.notes());
  const made = creations.summary((row) => runs.has(row)).filter((c) => c.rows > 0);
  const columns = fileColumns(drafts);
  return {
    organisationId: options.organisationId,
    rows,
    ...(columns ? { columns } : {}),
    ...directoryReading(input.directory),
    planningMs: Math.round(performance.now() - planningStarted),
    ...(planned.length > 0 ? { creations: planned } : {}),
    summary: { ...summary, ...(made.length > 0 ? { creations: made } : {}), ...(notes.length > 0 ? { notes } : {}) },
  };
}

/** The creations an operation waits for. */
function placesAwaited(op: Operation): string[] {
  return (op.kind === 'create-user' || op.kind === 'update-user') && op.placesToCreate ? Object.values(op.placesToCreate) : [];
}

/**
 * A learner OneFile has without the row's MIS ID, found by another key: the update
 * links them (gives them the MIS ID). A different MIS ID in OneFile is no link: that
 * row changes the MIS ID like any other field.
 */
function markLink(draft: RowDraft): void {
  const { plan, user } = draft;
  const by = plan.matched?.by;
  // Found by its OneFile ID (an export imported back): a MIS ID given there is an update like any field.
  if (!user || !by || by === 'MISID' || by === 'OneFileID' || plan.role !== ROLE.Learner) return;
  if (!draft.mapped.values.MISID || user.misid) return;
  plan.link = { by };
}
