import { withoutGivenRecently } from './given-recently';
import type { EnvironmentFacts } from './notes';
import { assignmentKey, staffAssignmentOf, templateAssignmentKey } from '../journal/assignment-ledger';
import { fieldDefinition, requiredFieldsFor, ROLE_IDS, type FieldKey, type RoleKey } from '../../../shared/fields';
import { isOneFileError } from '../../onefile/errors';
import { FINDING_FIELDS, LEARNER_WITHOUT_EMAIL } from '../../../shared/validate';
import { createFieldsWithoutColumn } from '../../../shared/missing-columns';
import { newLearnerNeedsEmail } from '../../../shared/learner-email';
import { isWholeNamePart, mappedFields, rawCellOf } from '../../../shared/mapped-rows';
import { tidySpaces } from '../directory/person-names';
import type { Directory } from '../directory/types';
import type { MatchKey } from './match-learner';
import type { RowDraft } from './plan';
import { DIRECT_USER_FIELDS, diffUser, unknownFields, type ExistingRecord, type FieldValue } from './user';
import { hasError, ROLE, type Operation, type PlacesToCreate, type RoleId, type RowProblem, type UserRef } from './types';
import { describeChanges, updateDescription } from './describe';
import { NO_PROGRAMME, planProgramme, wantsProgramme, type LearnerProgramme } from './programme';

/**
 * One row's operations: create the user or update what differs, then the learner's
 * programme and staff. And the reads a matched user needs first.
 */

/**
 * A matched learner's programme; `calls` is what reading it cost (default 2). The unit
 * summaries are needed only when the row names units: a reader may skip them otherwise.
 */
export type ProgrammeReader = (learnerId: number, needs: { unitSummaries: boolean }) => Promise<LearnerProgramme & { calls?: number }>;
/** A user's full record (`GET User/{id}`): one call. */
export type UserReader = (userId: number) => Promise<ExistingRecord>;

export interface RowReads {
  record?: ExistingRecord;
  programme?: LearnerProgramme;
}

const ROLE_KEY_BY_ID = new Map<number, RoleKey>(Object.entries(ROLE_IDS).map(([key, id]) => [id, key as RoleKey]));

/** The OneFile user fields that hold a reference column's resolved ID, and that column's field. */
export const REFERENCE_OF_ID_FIELD = { DefaultAssessorID: 'Assessor', ClassroomID: 'Classroom', DefaultEmployerID: 'Employer', PlacementID: 'Placement' } as const;

/** The user fields a row gives OneFile: its own values and the IDs its references resolved to. */
export function wantedUserFields(draft: RowDraft): Record<string, FieldValue> {
  const { values } = draft.mapped;
  const fields: Record<string, FieldValue> = {};
  for (const field of DIRECT_USER_FIELDS) {
    const value = values[field];
    if (value !== undefined && value !== '') fields[field] = value;
  }
  // A placement is any user's (employers and observers have one too); an assessor, class and employer only a learner's.
  for (const [field, reference] of Object.entries(REFERENCE_OF_ID_FIELD)) {
    const ref = draft.refs[reference];
    if (ref && (field === 'PlacementID' || draft.plan.role === ROLE.Learner)) fields[field] = ref.id;
  }
  return fields;
}

/**
 * What an update asks of a user OneFile has. A first and last name split from one whole
 * name are a guess at where the split is: when OneFile has the same whole name (split
 * elsewhere, or the surname not in capitals), the name is not changed.
 */
function wantedOfExisting(draft: RowDraft, wanted: Record<string, FieldValue>, existing: ExistingRecord): Record<string, FieldValue> {
  if (!isWholeNamePart(draft.mapped, 'FirstName') || !isWholeNamePart(draft.mapped, 'LastName')) return wanted;
  const whole = (first: unknown, last: unknown) => tidySpaces(`${String(first ?? '')} ${String(last ?? '')}`).toLowerCase();
  if (whole(wanted.FirstName, wanted.LastName) !== whole(existing.FirstName, existing.LastName)) return wanted;
  const { FirstName: _first, LastName: _last, ...others } = wanted;
  return others;
}

/** The row's class or placement that this run creates: the field and the creation that will give its ID. */
export function placesToCreate(draft: RowDraft): PlacesToCreate {
  const places: PlacesToCreate = {};
  const { toCreate } = draft.refs;
  if (toCreate?.Classroom && draft.plan.role === ROLE.Learner) places.ClassroomID = toCreate.Classroom.id;
  if (toCreate?.Placement) places.PlacementID = toCreate.Placement.id;
  return places;
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

/** How far the plan's reads of matched users have gone: read so far, of how many, and how many are read at once. */
export interface MatchedUserReads {
  reads: number;
  rowsToRead: number;
  inFlight: number;
}

export interface ReadOptions {
  readUser?: UserReader;
  readProgramme?: ProgrammeReader;
  concurrency: number;
  wantsProgramme: (draft: RowDraft) => boolean;
  onProgress?: (progress: MatchedUserReads) => void;
}

/**
 * Reads what matched users' rows need, and counts the calls. A user OneFile no longer
 * has (deleted since the directory was read) blocks its row; any other failure stops
 * the plan, since a plan made on guesses is not one to run.
 */
export async function readMatchedUsers(drafts: readonly RowDraft[], options: ReadOptions): Promise<{ byRow: Map<number, RowReads>; calls: number; programmeSearches: number }> {
  const byRow = new Map<number, RowReads>();
  let calls = 0;
  /** Searches of a learner's learning aims and unit summaries: each ends on a page of its own (see notes.ts). */
  let programmeSearches = 0;
  const needs = drafts
    .map((draft) => {
      const user = draft.user!;
      const needsUser = options.readUser !== undefined && unknownFields(wantedUserFields(draft), user.record).length > 0;
      const needsProgramme = options.readProgramme !== undefined && options.wantsProgramme(draft);
      return { draft, needsUser, needsProgramme };
    })
    .filter((n) => n.needsUser || n.needsProgramme);
  let done = 0;
  // Told before the first read too: a plan with a thousand users to read says so from the start.
  if (needs.length > 0) options.onProgress?.({ reads: 0, rowsToRead: needs.length, inFlight: options.concurrency });
  await eachLimited(needs, options.concurrency, async ({ draft, needsUser, needsProgramme }) => {
    const reads: RowReads = {};
    const userId = draft.user!.id;
    try {
      if (needsUser) {
        calls += 1;
        reads.record = await options.readUser!(userId);
      }
      if (needsProgramme) {
        const unitSummaries = draft.refs.Units.length > 0;
        const programme = await options.readProgramme!(userId, { unitSummaries });
        calls += programme.calls ?? 2;
        programmeSearches += unitSummaries ? 2 : 1;
        reads.programme = { learningAims: programme.learningAims, unitSummaries: programme.unitSummaries };
      }
    } catch (error) {
      if (!isOneFileError(error) || error.kind !== 'not-found') throw error;
      draft.plan.problems.push({
        code: 'user-gone',
        severity: 'error',
        message: `OneFile no longer has user ${userId}, found when its directory was read: refresh the directory and plan again.`,
      });
    }
    byRow.set(draft.plan.row, reads);
    done += 1;
    options.onProgress?.({ reads: done, rowsToRead: needs.length, inFlight: options.concurrency });
  });
  return { byRow, calls, programmeSearches };
}

export interface BuildContext {
  organisationId: number;
  directory: Directory;
  matchOrder?: readonly MatchKey[];
  reads?: RowReads;
  /** Staff assignments made by earlier runs (assignment-ledger.ts): not sent again. */
  knownAssignments?: ReadonlySet<string>;
  /** Standards and units earlier runs gave, and when (assignment-ledger.ts): not sent again within the hour (given-recently.ts). */
  programmeGiven?: ReadonlyMap<string, number>;
}

/**
 * A row that creates must give every field a create needs: a cell left empty, or a
 * field the file has no column for (said once for all of them). Only the rows that
 * create are asked: a user OneFile has needs none of them.
 */
export function requireCreateFields(draft: RowDraft, environment?: Pick<EnvironmentFacts, 'learnerEmail'>): void {
  const { plan, mapped } = draft;
  const roleKey = ROLE_KEY_BY_ID.get(plan.role)!;
  // Said already: the cell is required, has an error of its own (Excel's #N/A reads as no value), or no column holds it;
  // or a whole name of one word has said that it has no last name.
  const saidAlready = (field: FieldKey) =>
    plan.problems.some((p) => (p.field === field && (p.code === 'required' || p.severity === 'error')) || p.code === 'create-fields-missing') ||
    (isWholeNamePart(mapped, field) && plan.problems.some((p) => p.field === 'FullName' && p.severity === 'error'));
  // The rule Review and Map say of the file before the plan (shared/missing-columns).
  // Asked of the mapping, not of the row's cells (reading every row's would keep them all).
  const mappedHere = new Set(mappedFields(mapped));
  const withoutColumn = createFieldsWithoutColumn(roleKey, (field) => mappedHere.has(field));
  const unmapped = withoutColumn.filter((field) => !saidAlready(field)).map((field) => fieldDefinition(field).label);
  for (const field of requiredFieldsFor(roleKey)) {
    if (mapped.values[field] !== undefined || !mappedHere.has(field) || saidAlready(field)) continue;
    const cell = rawCellOf(mapped, field);
    if (!cell) continue;
    plan.problems.push({
      column: cell.column,
      header: cell.header,
      field,
      code: 'required',
      severity: 'error',
      message: `${fieldDefinition(field).label} is required to create a ${roleKey.replace('-', ' ')}: fill in the cell.`,
    });
  }
  if (unmapped.length > 0) plan.problems.push(createFieldsProblem(roleKey, unmapped, FINDING_FIELDS.find((f) => mapped.values[f] !== undefined)));
  if (roleKey === 'learner' && mapped.values.Email === undefined) learnerWithoutEmail(draft, environment?.learnerEmail);
}

/** Adds the row's operations (and any problems found while making them) to its plan. */
export function buildRowOperations(draft: RowDraft, context: BuildContext): void {
  const { plan, mapped, refs } = draft;
  const wanted = wantedUserFields(draft);
  const places = placesToCreate(draft);
  let learner: UserRef;

  if (!plan.matched) {
    requireCreateFields(draft);
    if (hasError(plan)) return;
    const order = context.matchOrder ?? ['MISID', 'ULN', 'Email'];
    const keyField = order.find((k): k is 'MISID' | 'ULN' | 'Email' => k !== 'NINO' && wanted[k] !== undefined);
    plan.operations.push({
      id: `${plan.row}:create-user:new`,
      kind: 'create-user',
      description: `Create ${roleName(plan.role)} ${plan.name}`,
      role: plan.role,
      fields: { OrganisationID: context.organisationId, Role: plan.role, ...wanted },
      matchKey: keyField ? { field: keyField, value: String(wanted[keyField]) } : null,
      ...(Object.keys(places).length > 0 ? { placesToCreate: places } : {}),
    });
    learner = { createdByRow: true };
  } else if (draft.user) {
    const existing: ExistingRecord = { ...draft.user.record, ...(context.reads?.record ?? {}) };
    const { changes, before } = diffUser(wantedOfExisting(draft, wanted, existing), existing);
    for (const field of Object.keys(places)) before[field] = existing[field] ?? null;
    if (Object.keys(changes).length > 0 || Object.keys(places).length > 0) {
      const names = Object.fromEntries(Object.values(refs.toCreate ?? {}).map((c) => [c.id, c.name]));
      plan.operations.push({
        id: `${plan.row}:update-user:${draft.user.id}`,
        kind: 'update-user',
        description: updateDescription(plan, describeChanges(changes, context.directory, places, names)),
        user: { existing: draft.user.id },
        changes,
        before,
        ...(Object.keys(places).length > 0 ? { placesToCreate: places } : {}),
      });
    }
    learner = { existing: draft.user.id };
  } else {
    return; // matched an archived user: left alone
  }

  if (plan.role !== ROLE.Learner) return;
  const request = { template: refs.FrameworkTemplate, standards: refs.Standards, units: refs.Units };
  if (plan.matched && wantsProgramme(request) && !context.reads?.programme) {
    // Never plan assignments blind: they would duplicate the learner's aims.
    plan.problems.push({
      code: 'programme-not-read',
      severity: 'error',
      message: `${plan.name}'s learning aims and unit summaries could not be read, so their standards and units cannot be planned without risking duplicates: plan again.`,
    });
    return;
  }
  const titles = new Map(context.directory.standards.map((s) => [s.id, s.title]));
  const programme = planProgramme(
    {
      ...request,
      ...(refs.IQA ? { iqa: refs.IQA } : {}),
      ...(refs.Observer ? { observer: refs.Observer } : {}),
      ...(refs.aimAssessors ? { aimAssessors: refs.aimAssessors } : {}),
    },
    {
      row: plan.row,
      learner,
      existing: context.reads?.programme ?? NO_PROGRAMME,
      standardTitle: (id) => titles.get(id) ?? `standard ${id}`,
      templateGivenBefore: (templateId) =>
        'existing' in learner && (context.knownAssignments?.has(templateAssignmentKey(learner.existing, templateId)) ?? false),
      cell: (field) => {
        const cell = mapped.raw[field];
        return cell ? { column: cell.column, header: cell.header, field } : { field };
      },
    },
  );
  const recent = withoutGivenRecently(programme.operations, context.programmeGiven, Date.now());
  plan.problems.push(...programme.problems, ...recent.problems);
  plan.operations.push(...recent.operations.filter((operation) => !alreadyAssigned(operation, context.knownAssignments)));
}

/** A staff assignment the ledger says OneFile already has for this existing learner. */
function alreadyAssigned(operation: Operation, known: ReadonlySet<string> | undefined): boolean {
  if (!known || operation.kind !== 'assign-staff' || !('existing' in operation.learner)) return false;
  return known.has(assignmentKey(staffAssignmentOf(operation, operation.learner.existing)));
}

/**
 * A row that finds nobody in OneFile creates, and a create needs fields the file has no
 * column for (an assignment file with a new learner in it): this row alone is blocked,
 * named with what it lacks; the rows about users OneFile has go ahead.
 */
function createFieldsProblem(roleKey: RoleKey, labels: string[], key: string | undefined): RowProblem {
  const who = roleKey.replace('-', ' ');
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  return {
    // Said against the key that found nobody, so the grouped line reads "MIS ID: ...".
    ...(key ? { field: key } : {}),
    code: 'create-fields-missing',
    severity: 'error',
    message:
      `No ${who} in OneFile has this row's MIS ID, ULN, NI number or email, so it would create a new ${who}, which needs ${list}; ` +
      `the file has no column for ${labels.length === 1 ? 'it' : 'them'}. Add ${labels.length === 1 ? 'it' : 'them'} to the file to create this ${who}, ` +
      `or correct the MIS ID, ULN or email if the ${who} is already in OneFile.`,
  };
}

function roleName(role: RoleId): string {
  return (ROLE_KEY_BY_ID.get(role) ?? 'user').replace('-', ' ');
}

/** Each mapped field's column letter, as the first row has it (every row of a file has the same columns). */
export function fileColumns(drafts: readonly RowDraft[]): Partial<Record<string, string>> | undefined {
  const first = drafts[0]?.mapped.raw;
  if (!first) return undefined;
  const columns: Partial<Record<string, string>> = {};
  for (const [field, cell] of Object.entries(first)) if (cell?.column) columns[field] = cell.column;
  return Object.keys(columns).length > 0 ? columns : undefined;
}

/**
 * A new learner without an email: said once (validation said it of a blank cell), and where
 * this OneFile refused such a learner before (run/learner-email.ts remembered it) the row
 * is blocked instead, saying so; where it created one, nothing is said but the warning.
 */
function learnerWithoutEmail({ plan, mapped }: RowDraft, reading: EnvironmentFacts['learnerEmail']): void {
  if (plan.problems.some((p) => p.field === 'Email' && p.severity === 'error')) return;
  const cell = mapped.raw.Email;
  if (!newLearnerNeedsEmail(reading)) {
    // Said once, and not of a row blocked for something else (it would not be sent).
    if (!plan.problems.some((p) => p.code === 'email-missing' || p.severity === 'error')) {
      plan.problems.push({ field: 'Email', code: 'email-missing', severity: 'warning', message: LEARNER_WITHOUT_EMAIL });
    }
    return;
  }
  const at = plan.problems.findIndex((p) => p.code === 'email-missing');
  if (at !== -1) plan.problems.splice(at, 1);
  plan.problems.push({
    ...(cell ? { column: cell.column, header: cell.header } : {}),
    field: 'Email',
    code: 'email-required-here',
    severity: 'error',
    message:
      'This OneFile refused a learner without an email in an earlier import, so this new learner would be refused too: ' +
      (cell ? 'fill in their email.' : 'map a column to Email, or fill in their emails.'),
  });
}
