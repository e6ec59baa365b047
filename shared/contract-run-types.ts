/**
 * The plan, the run and the history of runs as the view sees them (results of
 * `./contract`'s planImport, startRun, listRuns... and the payloads of its progress
 * events), with the two names they share with the rest of the contract: the
 * environment and the organisation. Re-exported by `./contract-types`.
 */

import type { ImportSettingsView } from './import-settings';

import type { LiveRunState } from './run-states';
import type { TaskProgressEvent } from './contract-workbook-types';

export type EnvironmentId = 'sandbox' | 'practice' | 'beta' | 'live' | 'custom';

export interface OrganisationView {
  id: number;
  name: string;
  /** Whether OneFile emails each user made here (its Keychain invitation), from the organisation's flags. */
  newUserEmails?: NewUserEmails;
}

/**
 * What OneFile does when a user is made in an organisation, as its flags say
 * (`KeychainCreationForNewUserActive`, `KeychainEmailSuppression`): `sent` (a Keychain, its
 * sign-in, is made for each new user and they are emailed to set it up), `suppressed` (made,
 * not emailed), `none` (no Keychain made with the user), `unknown` (the flags are not there).
 */
export type NewUserEmails = 'sent' | 'suppressed' | 'none' | 'unknown';

/** One learner the import updates: each field that changes, as OneFile has it and as it will be. */
export interface PlannedUpdateView {
  row: number;
  name: string;
  changes: Array<{ field: string; label: string; from: string; to: string }>;
}

export interface PlanView {
  organisation: OrganisationView;
  environment: EnvironmentId;
  live: boolean;
  skipInvalid: boolean;
  rows: number;
  create: number;
  update: number;
  /** Learners OneFile has without the row's MIS ID, found by ULN, NI number or email: given the MIS ID. */
  link?: number;
  unchanged: number;
  /** Later rows about a person an earlier row imports (a row per standard): imported with that row, nothing sent of their own. */
  joined?: number;
  blocked: number;
  skipped: number;
  assignments: { templates: number; standards: number; units: number; staff: number };
  /** Classes and placements ticked in Review, created first, with the rows that wait for each. */
  creations?: Array<{ kind: 'classroom' | 'placement'; name: string; rows: number }>;
  /**
   * Calls of the whole import, adding up to `total`: reading the organisation
   * (`directory`) and matched learners' details and programmes (`planning`), both
   * already made; and what the run will make (`reads`, `writes`).
   */
  calls: { directory: number; planning: number; reads: number; writes: number; total: number };
  etaMs: number;
  budgetPerMinute: number;
  /** The first blocked rows and why, for the plan screen. */
  blockedRows: Array<{ row: number; name: string; reason: string }>;
  /**
   * The warnings on rows that are imported, grouped (see shared/problem-groups): the
   * first ones, and how many more there are.
   */
  warnings: Array<{ where: string; problem: string; rows: string }>;
  moreWarnings: number;
  /** What this OneFile does differently from its guides, and what the importer does about it. */
  notes: Array<{ code: string; message: string }>;
  /** True when rows have errors and skipInvalid is off: the run would refuse. */
  needsSkipInvalid: boolean;
  /** The settings the import is made with (date order, role, matching, budget, rows in flight...). */
  settings: ImportSettingsView;
  /** Learners the import updates, with the fields that change (the first ones, in row order). */
  updates: PlannedUpdateView[];
}

/** A run's state as the window sees it (shared/run-states.ts says which are active or ended). */
export type RunStateName = LiveRunState;

export type RowRunState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface RunTotalsView {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  calls: number;
  callsPerMinute: number;
  /** Null until there is enough to estimate from. */
  etaMs: number | null;
  elapsedMs: number;
  /**
   * Set while no call can be sent: until OneFile's per-minute allowance frees (how long
   * until the next one may go), or while OneFile does not answer (since when, epoch ms, and
   * how long until the next look whether it is back).
   */
  waiting?: { reason: 'rate-limit'; resumesInMs: number } | { reason: 'onefile-unanswered'; resumesInMs: number; since: number; giveUpAfterMs: number } | null;
}

export interface RunRowView {
  row: number;
  name: string;
  state: RowRunState;
  /** The operation in progress or the last one, in words. */
  step: string | null;
  message: string | null;
}

/** What a run does: an import of a file, or an undo of an earlier run (main/import/undo), each told in its own words. */
export type RunKind = 'import' | 'undo';

export interface RunView {
  runId: string;
  kind: RunKind;
  /** Set on an undo: the run it undoes. */
  undoOf?: string;
  state: RunStateName;
  /** Running, stopping or paused: the run holds the app until it ends (shared/run-states.ts). */
  active: boolean;
  /** Completed, cancelled, failed or interrupted: nothing more happens unless it is resumed. */
  ended: boolean;
  fileName: string;
  organisation: OrganisationView;
  environment: EnvironmentId;
  live: boolean;
  totals: RunTotalsView;
  message: string | null;
  /** The version of the open file (`FileView.version`) the run was planned from; absent for a run resumed from History or an undo. */
  fileVersion?: number;
}

/** Progress is state: the view keeps the latest of each kind and renders it. */
export type ProgressEvent =
  /** A task reading OneFile: a workbook, an undo plan, an import's plan, Review's check of names (./contract-workbook-types). */
  | TaskProgressEvent
  | {
      kind: 'run';
      runId: string;
      /** 0..1 */
      value: number;
      title: string;
      description: string;
      totals: RunTotalsView;
      /** Rows whose state changed since the previous event. */
      rows: RunRowView[];
    };

export interface RunStateEvent {
  runId: string;
  state: RunStateName;
  totals: RunTotalsView;
  message: string | null;
}

export interface NotificationEvent {
  level: 'info' | 'success' | 'warning' | 'error';
  title: string;
  message: string;
}

/** What an undo has done so far: users whose fields it put back (and those fields), users it archived. */
export interface UndoCountsView {
  putBack: number;
  fieldsPutBack: number;
  archived: number;
}

export interface RunHistoryView {
  runId: string;
  kind: RunKind;
  fileName: string;
  startedAt: string;
  finishedAt: string | null;
  state: RunStateName;
  environment: string;
  /** Real learners' data: the view marks it. */
  live?: boolean;
  organisation: OrganisationView | null;
  counts: { total: number; created: number; updated: number; linked?: number; unchanged: number; joined?: number; failed: number; skipped: number; pending: number };
  /** An unfinished run that can continue from its journal. */
  resumable: boolean;
  /**
   * Whether each report can be exported (a run with no failures has no errors report;
   * only an undo has an undo report: what it put back, archived, left, and what the
   * centre must remove in OneFile).
   */
  reports: { results: boolean; errors: boolean; undo: boolean };
  /** Set on an undo run: the run it undid (an undo is never undone). */
  undoOf?: string;
  /** Set on an undo run: what it put back and archived (its `counts` say only rows updated). */
  undoCounts?: UndoCountsView;
  /** Set on a run that was undone: the undo run (it is not resumed). */
  undoneBy?: string;
  /**
   * Set on a stopped import that another run changed the organisation after (its plan read
   * OneFile before that): why it is not resumed, and what to do (import the file again).
   */
  superseded?: string;
}

/** `undo`: an undo run's undo report, a workbook (.xlsx) only. */
export type ReportKind = 'results' | 'errors' | 'undo';
export type ReportFormat = 'xlsx' | 'csv';

export interface ExportedReport {
  fileName: string;
  mimeType: string;
  /** Desktop: where the user saved it. Null when the user cancelled or the face cannot save. */
  savedTo: string | null;
  /** Browser mode: the file itself, for the view to download. Null when saved. */
  contentBase64: string | null;
}
