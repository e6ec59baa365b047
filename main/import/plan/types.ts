/**
 * The plan: what an import will do to OneFile, row by row. Produced by the planner
 * (directory + resolution + matching), consumed by the runner (journal + limiter),
 * the dry run's summary and the reports. Plain data: it is written into the run's
 * folder, so a resumed run executes exactly the plan that was shown.
 */

import { ROLE_IDS } from '../../../shared/fields';

/** OneFile's role numbers (from `shared/fields.ts`, the one table of them), named as the engine uses them. */
export const ROLE = {
  Learner: ROLE_IDS.learner,
  TraineeAssessor: ROLE_IDS['trainee-assessor'],
  Assessor: ROLE_IDS.assessor,
  IQA: ROLE_IDS.iqa,
  Employer: ROLE_IDS.employer,
  Observer: ROLE_IDS.observer,
} as const;
export type RoleId = (typeof ROLE)[keyof typeof ROLE];

/** Assignment levels for `POST User/{id}/Assign`. Default (no level) is not used by the importer. */
export const ASSIGN_LEVEL = { Additional: 1, UnitSummary: 2, LearningAim: 3 } as const;
export type AssignLevel = (typeof ASSIGN_LEVEL)[keyof typeof ASSIGN_LEVEL];

/**
 * Where an operation's subject user comes from: an existing OneFile user matched at
 * plan time, or the user this row's `create-user` operation creates (known only once
 * it has run, and recorded in the journal).
 */
export type UserRef = { existing: number } | { createdByRow: true };

interface OperationBase {
  /**
   * Stable within a run: `${row}:${kind}:${target}`. The journal keys outcomes by it,
   * so a resumed run knows which operations are done.
   */
  id: string;
  /** Human description for progress and reports, e.g. "Assign standard Business Administrator L3". */
  description: string;
}

/** The user fields that hold a class's or a placement's ID. */
export type PlaceField = 'ClassroomID' | 'PlacementID';

/**
 * Fields whose ID is a class or placement this run creates (create-missing.ts): the
 * creation's operation ID, replaced by the record's OneFile ID once it has been made.
 */
export type PlacesToCreate = Partial<Record<PlaceField, string>>;

/** `POST User`: body is OneFile's field names, every reference already an ID. */
export interface CreateUserOperation extends OperationBase {
  kind: 'create-user';
  role: RoleId;
  fields: Record<string, string | number | boolean>;
  /** The upsert key used to find this user again if the answer was lost. */
  matchKey: { field: 'MISID' | 'ULN' | 'Email'; value: string } | null;
  placesToCreate?: PlacesToCreate;
}

/** `POST User/{id}`: only the fields that differ. `before` is what OneFile had (for the report). */
export interface UpdateUserOperation extends OperationBase {
  kind: 'update-user';
  user: UserRef;
  changes: Record<string, string | number | boolean>;
  before: Record<string, string | number | boolean | null>;
  placesToCreate?: PlacesToCreate;
}

/**
 * `POST Classroom` / `POST Placement`: a class or placement the file names that OneFile
 * lacks, created once for the whole run because a person asked for it by name (never
 * silently). Not a row's: the rows that name it wait for it (ImportPlan.creations).
 */
export interface CreatePlaceOperation extends OperationBase {
  kind: 'create-classroom' | 'create-placement';
  /** The name as the file writes it (tidied): what OneFile will call it. */
  name: string;
  /**
   * The highest ID of that kind the directory held: an answer (or a check's find) no higher
   * is one OneFile had already, not made by the run (its undo leaves it). Absent in older plans.
   */
  newestKnownId?: number;
}

/** `POST FrameworkTemplate/{id}/Assign/{userId}/{onlyChangeAssigned}`. */
export interface AssignTemplateOperation extends OperationBase {
  kind: 'assign-template';
  learner: UserRef;
  templateId: number;
  templateName: string;
  onlyChangeAssigned: boolean;
  /** The template's standards: their learning aims prove the assignment happened. */
  standardIds: number[];
}

/** `POST Standard/{id}/Assign/{learnerID}` -> LearningAimID. */
export interface AssignStandardOperation extends OperationBase {
  kind: 'assign-standard';
  learner: UserRef;
  standardId: number;
  standardTitle: string;
}

/** `POST Unit/{id}/Assign/{learnerID}/{standardID}` -> UnitSummaryID. */
export interface AssignUnitOperation extends OperationBase {
  kind: 'assign-unit';
  learner: UserRef;
  unitId: string;
  unitTitle: string;
  standardId: number;
}

/** `POST User/{staffId}/Assign` with `{LearnerID, Level, StandardID | UnitID}`. */
export interface AssignStaffOperation extends OperationBase {
  kind: 'assign-staff';
  learner: UserRef;
  staffUserId: number;
  staffName: string;
  staffRole: RoleId;
  level: AssignLevel;
  standardId?: number;
  unitId?: string;
}

/**
 * Undo (main/import/undo): `POST User/{id}` writing back the values a run changed, as
 * they were before it (null: the field was empty). `expected` is what the run had set
 * and OneFile still held when the undo was planned; a field someone changed since is
 * not in `values` (it is left, and reported).
 */
export interface RestoreUserOperation extends OperationBase {
  kind: 'restore-user';
  user: UserRef;
  values: Record<string, string | number | boolean | null>;
  expected: Record<string, string | number | boolean | null>;
}

/** Undo: `POST User/{id}/Archive` for a user the undone run created. */
export interface ArchiveUserOperation extends OperationBase {
  kind: 'archive-user';
  user: UserRef;
}

export type Operation =
  | RestoreUserOperation
  | ArchiveUserOperation
  | CreateUserOperation
  | UpdateUserOperation
  | AssignTemplateOperation
  | AssignStandardOperation
  | AssignUnitOperation
  | AssignStaffOperation
  | CreatePlaceOperation;

export type OperationKind = Operation['kind'];

/**
 * What a row will do, decided before anything is written. 'joined': a later row about
 * the person an earlier row imports (a row per standard): that row carries its
 * standards and units, and this one sends nothing (RowPlan.joinedTo).
 */
export type RowAction = 'create' | 'update' | 'unchanged' | 'joined' | 'blocked' | 'skipped';

export interface RowProblem {
  /** Column letter, when the problem belongs to one cell. */
  column?: string;
  header?: string;
  field?: string;
  value?: string;
  code: string;
  /** Human: what is wrong and what to do. */
  message: string;
  severity: 'error' | 'warning';
  /** Ranked suggestions for an unmatched or ambiguous reference. */
  suggestions?: Array<{ id: number | string; name: string; score: number }>;
  /** A warning about this value alone: listed on its own line (see shared/problem-groups). */
  ownLine?: boolean;
  /** 'same-person': the earlier row (as Excel numbers it) this row is imported with. */
  sameAs?: number;
  /** 'same-person': the row is a copy of that row, alike in every column (not a row per standard). */
  exactCopy?: boolean;
}

/** Whether the row has an error: it is blocked (or skipped) and sends nothing. */
export function hasError(plan: Pick<RowPlan, 'problems'>): boolean {
  return plan.problems.some((problem) => problem.severity === 'error');
}

export interface RowPlan {
  /** The row as Excel shows it. */
  row: number;
  /** Index into the table's rows (for the errors report: original cells untouched). */
  index: number;
  role: RoleId;
  action: RowAction;
  /** The matched existing user, if any, and by which key. */
  matched?: { userId: number; by: 'MISID' | 'ULN' | 'NINO' | 'Email' | 'OneFileID' };
  /**
   * A learner OneFile has without the row's MIS ID, found by ULN, NI number or email:
   * the update gives them the MIS ID (a "link", its own category in plan and results).
   */
  link?: { by: 'ULN' | 'NINO' | 'Email' };
  /** A 'joined' row: the row (as Excel numbers it) that imports its person, with its standards and units. */
  joinedTo?: number;
  /** A 'joined' row's own assessor, whom that row assigns for this row's standards (joined-rows.ts). */
  joinedAssessor?: string;
  /** Display name for progress lists. */
  name: string;
  operations: Operation[];
  problems: RowProblem[];
}

export interface PlanSummary {
  rows: number;
  create: number;
  /** Updates, links not included. */
  update: number;
  /** Rows that link a learner OneFile has to the row's MIS ID (RowPlan.link). Absent in older plans. */
  link?: number;
  unchanged: number;
  /** Later rows about a person an earlier row imports (RowAction 'joined'). Absent in older plans. */
  joined?: number;
  blocked: number;
  skipped: number;
  assignments: { templates: number; standards: number; units: number; staff: number };
  /** Classes and placements the run creates first, each with the rows that wait for it. Absent when none. */
  creations?: Array<{ kind: 'classroom' | 'placement'; name: string; rows: number }>;
  calls: {
    /** Directory download (already spent when the plan is shown, unless cached). */
    directory: number;
    /**
     * Reads made while planning (matched learners' details and programmes): already
     * spent when the plan is shown. Optional for plans written before it existed.
     */
    planning?: number;
    /** Reads the run will make (e.g. checks after an unknown outcome are not counted). */
    reads: number;
    writes: number;
    /** Everything the import costs: directory + planning + reads + writes. */
    total: number;
  };
  /**
   * Honest estimate of the run (reads + writes; directory and planning are already
   * spent) at the budget: max(calls / budget, calls * latency / concurrency), in ms.
   */
  etaMs: number;
  budgetPerMinute: number;
  /** The same counts split into learners and staff rows (create / update / leave alone). */
  byRole?: Record<'learners' | 'staff', { create: number; update: number; unchanged: number }>;
  /** Why rows are blocked or skipped: one entry per problem code, most rows first, with an example message. */
  blockedReasons?: Array<{ code: string; rows: number; message: string }>;
  /** Warnings over all rows (rows still run). */
  warnings?: number;
  /**
   * What the plan needs the user to know about this OneFile: where it differs from the
   * guides and what the importer does about it (notes.ts). Absent when nothing.
   */
  notes?: Array<{ code: string; message: string }>;
}

export interface ImportPlan {
  organisationId: number;
  rows: RowPlan[];
  /**
   * The file's column (its letter) for each mapped field, so that what is found wrong only
   * when the row runs (a field OneFile did not keep) points at its cell in the errors
   * report. Absent in older plans.
   */
  columns?: Partial<Record<string, string>>;
  /**
   * When the plan's directory was read from OneFile (ISO). A run whose plan read OneFile
   * before another run wrote to the organisation is not started or resumed (run/later-writes.ts).
   * Absent in older plans: the run's creation time stands for it.
   */
  readOneFileAt?: string;
  /**
   * The highest user ID the directory held (learners and staff read): a create answered with
   * only an ID no higher may be a user OneFile had already, and is read back (run/created-user-check.ts).
   */
  newestUserId?: number;
  /**
   * How long planning took after that (ms): reads of matched learners, at the rate limit,
   * can take minutes for a large file. A plan's age (run/plan-age.ts) is the time since it
   * read OneFile less this: the time it waited, not the time it worked. Absent in older plans.
   */
  planningMs?: number;
  /** Classes and placements to create before the rows that name them (ticked by a person). */
  creations?: CreatePlaceOperation[];
  summary: PlanSummary;
}
