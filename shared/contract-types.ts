/**
 * What the view sees of the import session: plain, serialisable data shaped for
 * screens, never the engine's own objects (those hold the whole file; the view gets a
 * page of rows at a time). Results of `./contract`'s methods and payloads of its events.
 *
 * No secret is ever part of these types: the customer token goes in through `connect`
 * and never comes back out.
 */

import type { IlrSummary } from './ilr';
import type { FileIssueCode } from './validate';
import type { EnvironmentId, OrganisationView, PlanView, RunHistoryView, RunView } from './contract-run-types';

export type {
  EnvironmentId,
  ExportedReport,
  NotificationEvent,
  OrganisationView,
  PlannedUpdateView,
  PlanView,
  ProgressEvent,
  ReportFormat,
  ReportKind,
  RowRunState,
  RunHistoryView,
  RunKind,
  RunRowView,
  RunStateEvent,
  RunStateName,
  RunTotalsView,
  RunView,
  UndoCountsView,
} from './contract-run-types';
export type { TaskProgressEvent, UndoPlanView, WorkbookFileView } from './contract-workbook-types';
export type { ImportSettingsView } from './import-settings';

/** The text encodings a CSV can be re-read with when the guess was wrong. */
export const ENCODING_CHOICES = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'] as const;
export type EncodingChoice = (typeof ENCODING_CHOICES)[number];


export interface EnvironmentOption {
  id: EnvironmentId;
  label: string;
  /** One sentence for the user: what this environment is for. */
  description: string;
  /** The published address; null for the sandbox (started on demand) and custom. */
  baseUrl: string | null;
  /** Real learners' data: the view marks it and a run asks for confirmation. */
  live: boolean;
  needsToken: boolean;
}

/** Where a customer token entered with "remember" is kept. */
export interface TokenStorageInfo {
  /** `keychain`: encrypted with the OS keychain. `session`: memory only, gone when the app closes. */
  kind: 'keychain' | 'session';
  /** What to tell the user, e.g. why a token cannot be remembered on this machine. */
  message: string;
}

/** What this computer keeps about one organisation (see forgetOrganisationData), or what was deleted. */
/** One check of the probe: what it looked at, what OneFile did, and what the importer will do about it. */
export interface ProbeFindingView {
  check: string;
  title: string;
  found: string;
  status: 'as-expected' | 'differs' | 'unknown' | 'failed';
  action: string;
}

/** "Check this OneFile": the probe's read-only look at the connected environment. */
export interface ProbeView {
  environmentLabel: string;
  organisation: OrganisationView | null;
  probedAt: string;
  /** Calls made (Authentication included); writes are always 0. */
  calls: number;
  writes: 0;
  /** False when it could not sign in or read the organisation. */
  completed: boolean;
  findings: ProbeFindingView[];
  /** Said once: whose ID goes in POST User/{id}/Assign needs a write to check. */
  notChecked: string;
  /** What imports have learned here by their writes (a template's aims, what an update keeps), kept beside the findings. */
  learned: string;
}

export interface OrganisationDataView {
  organisation: OrganisationView;
  environmentLabel: string;
  runs: number;
  /** The cached directory (learners' names, emails, ULNs) and the record of staff assignments. */
  cachedFiles: number;
  uploads: number;
  /** In words: "2 runs (plans, rows, journals and reports), 1 cached record (...)", or "nothing". */
  description: string;
  /** True once deleted; false for the preview a confirmation shows. */
  forgotten: boolean;
}

export interface ConnectionView {
  environment: EnvironmentId;
  environmentLabel: string;
  live: boolean;
  /** The API address (no token, no credentials: safe to show). */
  baseUrl: string;
  customer: { id: number; name: string };
  organisations: OrganisationView[];
  organisation: OrganisationView | null;
}

export interface HeaderCandidateView {
  /** The row number as Excel shows it. */
  row: number;
  /** The first cells of that row, for the picker's preview. */
  cells: string[];
}

export interface FileView {
  /** Base name only: full paths stay in main. */
  name: string;
  format: 'csv' | 'xlsx' | 'ilr';
  /** ILR files: how many learners were read and left out, and whether ended ones are included. */
  ilr: IlrSummary | null;
  /** XLSX: every sheet's name; CSV: empty. */
  sheets: string[];
  sheet: string | null;
  headerRow: number;
  /** True when the header row was guessed and another candidate was close: show the picker. */
  headerRowUncertain: boolean;
  headerCandidates: HeaderCandidateView[];
  /** CSV: the encoding the bytes were read with; null for XLSX. */
  encoding: string | null;
  delimiter: string | null;
  rows: number;
  columns: number;
  warnings: string[];
  /** XLSX: rows under the header that Excel hides (filtered out, hidden by hand), and whether they are read; null when none is. */
  hiddenRows: { count: number; read: boolean } | null;
  /** Changes each time a file is opened or re-read, so the view knows to refresh. */
  version: number;
}

export interface RecentFileView {
  /** An opaque key for `openRecentFile`; the full path is not sent to the view. */
  id: string;
  name: string;
  /** The folder it was in, for the user to tell two files of the same name apart. */
  folder: string;
  openedAt: string;
}

export interface FieldView {
  key: string;
  label: string;
  help: string;
  /** Required for a learner row (the usual case). */
  required: boolean;
  type: string;
}

export interface MappedColumnView {
  index: number;
  /** Column letter as Excel shows it. */
  letter: string;
  header: string;
  /** Up to five non-empty values from the top of the file. */
  samples: string[];
  field: string | null;
  /** 0..1: 1 for an exact header or a saved profile, lower for a guess the user should check. */
  confidence: number;
  /** Why it was mapped this way, in words. */
  reason: string;
}

export interface MappingView {
  columns: MappedColumnView[];
  fields: FieldView[];
  /**
   * Required fields no column maps to. `onlyForNew`: a column that finds users already in
   * OneFile (MIS ID, ULN, NI number, email) is mapped, so rows about them go ahead without
   * these fields and only a row about a new user is blocked (see shared/missing-columns).
   */
  missingRequired: Array<{ field: string; label: string }>;
  /** Whether `missingRequired` are needed only to create new users (see above); `who`: "learners", or "users" with a Role column. */
  missingFor: { onlyForNew: boolean; who: 'learners' | 'users' };
  /**
   * Two columns mapped to one field: the first `used` columns are used (for `usedFor`),
   * the others are not imported. A column of whole names beside first-name and last-name
   * columns is one too (`field` FullName, two used).
   */
  conflicts: Array<{ field: string; label: string; columns: number[]; used: number; usedFor: string }>;
  /** Fields given one value for every row (no column holds them), e.g. an ILR's assessor and class. */
  everyRow: Array<{ field: string; label: string; value: string }>;
  /** The saved profile applied, if any. */
  profile: { name: string; automatic: boolean } | null;
}

export interface ProfileView {
  name: string;
  /** True when the profile was saved for exactly this file's headers. */
  matchesFile: boolean;
  savedAt: string;
}

/**
 * Which rows Review lists, each row in one of `errors` (it has an error: `unresolved` are
 * among them) and `valid` (Ready: it goes ahead); `warnings` are the ready rows with a warning.
 */
export type RowFilter = 'all' | 'errors' | 'warnings' | 'unresolved' | 'valid';

/**
 * One column's filter, as Excel's AutoFilter on a header: the rows whose cell in `column`
 * is one of `values` (spaces at either end and case aside) or, with `without`, none of
 * them; with `holding`, only those whose cell holds that text too (a search of the
 * column's values taken whole, as Excel's "Select All Search Results").
 */
export interface ColumnFilter {
  column: number;
  values: string[];
  without?: boolean;
  holding?: string;
}

/**
 * Review's rows narrowed by the values of their cells: a filter per column at most, and a
 * row listed when it passes every one (as Excel's filters on several columns combine);
 * with a RowFilter, rows that pass both. Empty: no value filter.
 */
export type ValueFilter = ColumnFilter[];

/** One column's sort, as asked for: the column, the way, and which asking of it this is. */
export interface RowSortLevel {
  column: number;
  descending: boolean;
  /** Which asking of the sort this is: the same column and way asked again sorts the rows afresh. */
  version: number;
}

/**
 * Review's rows in the order of one column's values, as Excel's "Sort A to Z" (numbers by
 * their value, empty cells last either way). Rows of one value stay in the order they
 * were listed in when the sort was chosen, as Excel's sort keeps them: in the order of the
 * `earlier` sorts (the latest first), else the file's; so Surname, then Employer, lists
 * each employer's learners by surname. The order is taken when the sort is asked for, as
 * Excel's is: an edit does not move a row, until the sort is asked for again (a new `version`).
 */
export interface RowSort extends RowSortLevel {
  /** The sorts chosen before this one, the latest first (none of this column): they order each value's rows. */
  earlier?: RowSortLevel[];
}

/** The most sorts one listing keeps (Excel's Sort dialog takes 64 levels). */
export const MOST_SORT_LEVELS = 8;

export type Severity = 'error' | 'warning';

export interface CellIssueView {
  /** The column index the issue belongs to; null for a whole-row issue. */
  column: number | null;
  severity: Severity;
  code: string;
  message: string;
}

export interface GridRowView {
  /** Index into the file's rows: the key for `updateCell`. */
  index: number;
  /** The row number as Excel shows it. */
  row: number;
  cells: string[];
  status: 'valid' | 'warning' | 'error';
  issues: CellIssueView[];
  /** What the importer read, beside the file's text, by column: dates ("3 Jan 2000"), a whole name's parts ("first Ann, last Lee"). */
  readAs?: Array<{ column: number; text: string }>;
  /** Names the user chose a OneFile record for (Review's resolution): the file's text stays, the choice is shown beside it. */
  chosen?: Array<{ column: number; field: string; value: string; name: string }>;
  /** Columns whose cell was changed in Review and now differs from the file (absent when none). */
  edited?: number[];
}

export interface RowsPage {
  /** Rows matching the filter. */
  total: number;
  offset: number;
  rows: GridRowView[];
}

/** Review's row counts: every row is among either `withErrors` or `valid`, as RowFilter lists them. */
export interface CountsView {
  rows: number;
  /** Ready: rows with no error (those with only warnings among them). */
  valid: number;
  withErrors: number;
  /** Ready rows with a warning: a row with an error is counted among `withErrors` only, its warnings too. */
  readyWithWarnings: number;
  /** Rows holding at least one reference not yet matched in OneFile. */
  unresolvedRows: number;
  /** Distinct unmatched or ambiguous values. */
  unresolvedValues: number;
  /** Whether references have been checked against the organisation's directory. */
  referencesChecked: boolean;
  /**
   * Problems with the file as a whole (a required column missing, US dates). Errors stop the import.
   * By `code`, Review offers the way to fix each: 'missing-column' and 'create-columns-missing' on Map.
   */
  fileIssues: Array<{ code: FileIssueCode; severity: Severity; message: string }>;
  /** Cells changed in Review that now differ from the file (the file with them can be saved: `saveEditedFile`). */
  editedCells: number;
}

export interface SuggestionView {
  id: string;
  name: string;
  /** 0..1, higher is closer. */
  score: number;
  /** e.g. the MISID or email, to tell two people of the same name apart. */
  detail?: string;
}

export interface UnresolvedView {
  field: string;
  fieldLabel: string;
  value: string;
  kind: 'unmatched' | 'ambiguous';
  rows: number;
  suggestions: SuggestionView[];
  /** A class or placement OneFile lacks, with nothing close to it: it can be ticked to be created by the import. */
  creatable?: boolean;
  /** Ticked: the import creates it in OneFile before the rows that name it (never without the tick). */
  create?: boolean;
}

export interface DirectoryView {
  status: 'none' | 'loading' | 'ready' | 'failed';
  /** When the directory was downloaded (it may come from a cache). */
  fetchedAt: string | null;
  message: string | null;
}

export interface CapabilitiesView {
  /** Desktop: open and save dialogs run in main. Browser mode: the view uploads and downloads. */
  nativeDialogs: boolean;
  /** Desktop: open a saved report in Excel (or whatever opens it). */
  openInApp: boolean;
  face: 'desktop' | 'browser';
}

export interface AppStateView {
  environments: EnvironmentOption[];
  /** The environment to preselect: the last one used, or the sandbox on a first start. */
  preferredEnvironment: EnvironmentId;
  preferredCustomBaseUrl: string | null;
  /** Environments for which a token is remembered (the token itself never leaves main). */
  rememberedTokens: EnvironmentId[];
  tokenStorage: TokenStorageInfo;
  connection: ConnectionView | null;
  file: FileView | null;
  directory: DirectoryView;
  plan: PlanView | null;
  run: RunView | null;
  recentFiles: RecentFileView[];
  /** Unfinished runs in the history: the view offers to resume them on start. */
  unfinishedRuns: number;
  /**
   * The newest run that stopped part-way (paused, or its app closed or killed mid-run)
   * and is not running here: the view brings the user to it ("resume or leave it").
   */
  unfinishedRun: RunHistoryView | null;
  capabilities: CapabilitiesView;
  /**
   * Goes up with every state main describes. Answers and events travel on different
   * channels and can arrive out of order: the view keeps the newest and drops an older
   * one that arrives late. Counted per `instance`: the app started again starts again.
   */
  revision: number;
  /** Names this start of the app's service (browser mode's server may be restarted under an open page). */
  instance: string;
}
