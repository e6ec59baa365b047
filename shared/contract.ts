import { z } from 'zod';
import { FIELD_KEYS, REFERENCE_FIELD_KEYS, ROLE_KEYS, type RoleKey } from './fields';
import {
  ASSIGN_PATH_CHOICES,
  isMatchOrder,
  MATCH_KEY_NAMES,
  MAX_BUDGET_PER_MINUTE,
  MAX_ROWS_IN_FLIGHT,
  type AssignPathChoice,
  type ImportSettingsView,
  type MatchKeyName,
} from './import-settings';
import type { AlikeCellsView, ChoiceView, ColumnValuesView, FoundCellView, GoToCellView, PasteResultView, ProblemGroupView, ReferenceOptionView, ReplaceResultView } from './contract-review-types';
import type { EventName, MethodName } from './contract-names';
import type {
  AppStateView,
  ConnectionView,
  CountsView,
  EnvironmentOption,
  ExportedReport,
  FileView,
  GridRowView,
  MappingView,
  NotificationEvent,
  OrganisationDataView,
  PlanView,
  ProbeView,
  ProfileView,
  ProgressEvent,
  RowsPage,
  RunHistoryView,
  RunStateEvent,
  RunView,
  UnresolvedView,
} from './contract-types';
import { ENCODING_CHOICES } from './contract-types';
import { READING_TASKS, type UndoPlanView, type WorkbookFileView } from './contract-workbook-types';
import { listing, rowSort, valueFilter } from './contract-grid';

/**
 * The service contract between the import session (main) and the view (renderer):
 * every method's name, the zod schema its input must pass and the type of its
 * result; every event's payload. Written once; Electron's IPC registration, the
 * preload bridge, the browser-mode HTTP host and the renderer's typed client are all
 * derived from it (see `./contract-dispatch` and `./contract-client`), so a method
 * cannot exist on one side only and every input is checked where it crosses over.
 *
 * Inputs are strict objects: an unknown key is a mistake, not something to ignore.
 */

/** A method's input schema, with its result type carried along for the type checker only. */
export interface MethodSpec<Input extends z.ZodType, Result> {
  input: Input;
  /** Never set: it only carries the result type. */
  readonly result?: Result;
}

function method<Result>() {
  return <Input extends z.ZodType>(input: Input): MethodSpec<Input, Result> => ({ input });
}

const none = () => z.strictObject({});

/** The largest file the view may hand over (base64 of 100 MB). Bigger files go through the Open dialog or the CLI. */
export const MAX_UPLOAD_BASE64_CHARS = Math.ceil((100 * 1024 * 1024) / 3) * 4;

/** The most cells one paste sets (a block of 1,000 rows by 20 columns): a bigger change belongs in the file itself. */
export const MAX_PASTED_CELLS = 20_000;

const environmentId = z.enum(['sandbox', 'practice', 'beta', 'live', 'custom']);
const runId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be a run ID as listed in the history');
const reportKind = z.enum(['results', 'errors', 'undo']);
const reportFormat = z.enum(['xlsx', 'csv']);

export const methods = {
  getState: method<AppStateView>()(none()),
  listEnvironments: method<EnvironmentOption[]>()(none()),
  connect: method<ConnectionView>()(
    z.strictObject({
      environment: environmentId,
      /** Required for `custom`: https, or http on this machine only. */
      customBaseUrl: z.string().trim().min(1).max(2000).optional(),
      /** Omitted for the sandbox, or to use the token remembered for this environment. */
      customerToken: z.string().trim().min(1).max(1000).optional(),
      /** Keep the token in the OS keychain for next time. */
      rememberToken: z.boolean().default(false),
    }),
  ),
  disconnect: method<AppStateView>()(none()),
  forgetToken: method<AppStateView>()(z.strictObject({ environment: environmentId })),
  chooseOrganisation: method<ConnectionView>()(z.strictObject({ organisationId: z.number().int().positive() })),
  /**
   * What this computer keeps about an organisation of the connected OneFile (cached
   * directory, runs, uploads): listed with `confirm: false`, deleted with `confirm: true`.
   * Refused while one of its runs is active. OneFile itself is not changed.
   */
  forgetOrganisationData: method<OrganisationDataView>()(
    z.strictObject({ organisationId: z.number().int().positive(), confirm: z.boolean() }),
  ),
  /**
   * "Check this OneFile": the probe's read-only look at the connected environment (at
   * most 30 calls, no write). Its findings are saved for the environment and used by
   * the connection from then on.
   */
  probeOneFile: method<ProbeView>()(none()),
  /** Desktop only: the native Open dialog, run in main. Null when the user cancelled. */
  chooseFile: method<FileView | null>()(none()),
  /** A file the user dropped or picked in the view, as bytes. */
  openFile: method<FileView>()(
    z.strictObject({
      fileName: z.string().trim().min(1).max(255),
      contentBase64: z.string().max(MAX_UPLOAD_BASE64_CHARS),
    }),
  ),
  openRecentFile: method<FileView>()(z.strictObject({ id: z.string().min(1).max(100) })),
  /** "Import another file": the open file is put away (its rows, mapping, review and plan), so Load starts empty. Refused while a run is active. */
  closeFile: method<null>()(none()),
  setReadOptions: method<FileView>()(
    z.strictObject({
      sheet: z.string().min(1).max(255).optional(),
      headerRow: z.number().int().min(1).max(1_048_576).optional(),
      encoding: z.enum(ENCODING_CHOICES).optional(),
      /** ILR files: read the learners whose apprenticeship has ended too. */
      includeEndedLearners: z.boolean().optional(),
      /** XLSX: read the rows Excel hides too. */
      includeHiddenRows: z.boolean().optional(),
    }),
  ),
  getMapping: method<MappingView>()(none()),
  setColumnField: method<MappingView>()(
    z.strictObject({
      column: z.number().int().min(0),
      field: z.enum(FIELD_KEYS).nullable(),
      /** The field is another column's: that column takes this one's field instead of none. */
      swap: z.boolean().optional(),
    }),
  ),
  /** One value for every row of a field no column holds (an ILR's assessor and class); null clears it. */
  setEveryRow: method<MappingView>()(
    z.strictObject({ field: z.enum(FIELD_KEYS), value: z.string().trim().min(1).max(500).nullable() }),
  ),
  listProfiles: method<ProfileView[]>()(none()),
  saveProfile: method<ProfileView>()(z.strictObject({ name: z.string().trim().min(1).max(80) })),
  loadProfile: method<MappingView>()(z.strictObject({ name: z.string().trim().min(1).max(80) })),
  getRows: method<RowsPage>()(
    z.strictObject({
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(500),
      ...listing,
    }),
  ),
  getCounts: method<CountsView>()(none()),
  /** `others`: the rows sharing the value it had or has now in a field unique in the file, marked again with it (null: too many to send; read them again). */
  updateCell: method<{ row: GridRowView; others: GridRowView[] | null; counts: CountsView; alike: AlikeCellsView | null }>()(
    z.strictObject({
      index: z.number().int().min(0),
      column: z.number().int().min(0),
      value: z.string().max(10_000),
    }),
  ),
  /**
   * Cells pasted from a spreadsheet (a block copied in Excel), each set as if typed, in one
   * step: every cell's place is checked before any is set, so a paste is taken whole or not at all.
   */
  pasteCells: method<PasteResultView>()(
    z.strictObject({
      cells: z
        .array(z.strictObject({ index: z.number().int().min(0), column: z.number().int().min(0), value: z.string().max(10_000) }))
        .min(1)
        .max(MAX_PASTED_CELLS),
    }),
  ),
  /**
   * "Find in the file": the next cell whose text holds `text` (any case), after `after` (from
   * the top without it), wrapping round; with `backwards`, the one before it. With `sort`,
   * "next" is the next in the rows' order under that sort (as Review lists them), not the file's.
   */
  findInFile: method<FoundCellView>()(
    z.strictObject({
      text: z.string().trim().min(1).max(200),
      after: z.strictObject({ index: z.number().int().min(0), column: z.number().int().min(0) }).optional(),
      backwards: z.boolean().optional(),
      sort: rowSort,
    }),
  ),
  /** Go To (Ctrl+G), as Excel's: the cell a row number ("1234") or a cell reference ("F1234") names, as the file and the error report number them. */
  goToCell: method<GoToCellView>()(z.strictObject({ reference: z.string().max(40) })),
  /**
   * "Replace all", as Excel's: every cell holding `text` (any case, as `findInFile` finds
   * it) has it replaced by `replacement` as written, each time it stands there, in one
   * step (taken back as a paste of the cells' texts before). Refused over MAX_PASTED_CELLS cells.
   */
  replaceInFile: method<PasteResultView>()(
    z.strictObject({
      text: z.string().trim().min(1).max(200),
      replacement: z.string().max(10_000),
    }),
  ),
  /**
   * Where a row of the file (by index) stands in the grid as `filter`, `where` and `sort`
   * list the rows: the position a jump to it goes to, the grid's rows kept as they are;
   * null when they do not list it (the jump then shows every row).
   */
  rowPosition: method<{ position: number | null }>()(z.strictObject({ ...listing, index: z.number().int().min(0) })),
  /**
   * Where Ctrl+Down or Ctrl+Up goes from a cell of the grid, as in Excel (see
   * ../shared/data-edge): the position, over the rows as `filter` lists them, at the end of
   * the run of filled cells, or of the empty ones, that way in `column`.
   */
  findDataEdge: method<{ position: number }>()(
    z.strictObject({
      ...listing,
      column: z.number().int().min(0),
      position: z.number().int().min(0),
      direction: z.enum(['up', 'down']),
    }),
  ),
  /**
   * The rows, as `filter` lists them, whose cell in `column` is longest (a few, longest
   * first, with what the grid shows beside each): what a column is fitted to when its
   * header's edge is double-clicked, as in Excel, every row of the file and not only those on screen.
   */
  widestCells: method<{ rows: GridRowView[] }>()(
    z.strictObject({
      ...listing,
      column: z.number().int().min(0),
    }),
  ),
  /**
   * The values of `column` over the rows `filter` lists, each with how many rows hold it
   * (spaces at either end and case aside, as a value filter compares them), A to Z with
   * the empty cell last, those holding `search` only: Excel's filter drop-down, from which
   * a column's value filter is chosen. 10,000 at most, as Excel's; `distinct` counts them all.
   */
  columnValues: method<ColumnValuesView>()(
    z.strictObject({
      filter: z.enum(['all', 'errors', 'warnings', 'unresolved', 'valid']).default('all'),
      column: z.number().int().min(0),
      search: z.string().max(200).default(''),
      /** The value filter the grid has: the other columns' filters narrow the rows counted, as in Excel; the column's own does not. */
      where: valueFilter,
    }),
  ),
  /**
   * The open file with the cells changed in Review, as a workbook to keep or send back
   * (changed cells filled green, a sheet listing each change). Refused while none is changed.
   */
  saveEditedFile: method<ExportedReport>()(none()),
  /** "Fix all like this": every cell of a column holding `from` gets `to`, and its row is checked again. */
  replaceInColumn: method<ReplaceResultView>()(
    z.strictObject({ column: z.number().int().min(0), from: z.string().max(10_000), to: z.string().max(10_000) }),
  ),
  /** The file's problems by column and kind, errors first, each with its first cell. */
  listProblems: method<ProblemGroupView[]>()(none()),
  /** Downloads (or reuses) the organisation's directory and matches every reference against it. */
  checkReferences: method<CountsView>()(z.strictObject({ refresh: z.boolean().default(false) })),
  listUnresolved: method<UnresolvedView[]>()(none()),
  resolveValue: method<{ resolvedRows: number; counts: CountsView }>()(
    z
      .strictObject({
        field: z.enum(FIELD_KEYS),
        value: z.string().max(1000),
        /** The OneFile record the value stands for; none when `leaveOut`. */
        id: z.string().max(100).default(''),
        /** A standard or unit that is no OneFile record (an MIS report's "ZPROG001"): left out of its rows' lists. */
        leaveOut: z.boolean().optional(),
        /** Save the choice in the mapping profile so next week's file resolves by itself. */
        remember: z.boolean().default(true),
      })
      .refine((choice) => (choice.leaveOut ? choice.id === '' : choice.id !== ''), 'give the OneFile record’s ID, or leave the value out (with no ID)'),
  ),
  /** Every OneFile record of the organisation a reference field can name (classes, placements, assessors, standards, templates...). */
  listReferenceOptions: method<ReferenceOptionView[]>()(z.strictObject({ field: z.enum(REFERENCE_FIELD_KEYS) })),
  /** The names resolved by a choice (this file's, saved in the mapping profile). */
  listChoices: method<ChoiceView[]>()(none()),
  /** Takes a choice back: the name is looked up in OneFile as the file writes it again, here and next time. */
  undoChoice: method<{ counts: CountsView }>()(z.strictObject({ field: z.enum(REFERENCE_FIELD_KEYS), value: z.string().max(1000) })),
  /** Ticks (or unticks) a class or placement OneFile lacks to be created by the import, for the open file: never created without it. */
  setCreateMissing: method<{ create: boolean }>()(
    z.strictObject({ field: z.enum(['Classroom', 'Placement']), value: z.string().trim().min(1).max(1000), create: z.boolean() }),
  ),
  getImportSettings: method<ImportSettingsView>()(none()),
  /**
   * Changes how the import is made: the date order and the role of rows without one (for
   * the open file), and what is remembered for the connected environment (matching,
   * staff assignments, budget, rows in flight, the Assign path reading).
   */
  setImportSettings: method<ImportSettingsView>()(
    z.strictObject({
      /** `auto`: follow the file (day first unless its dates prove month first). */
      dateOrder: z.enum(['dmy', 'mdy', 'auto']).optional(),
      defaultRole: z.enum(ROLE_KEYS as [RoleKey, ...RoleKey[]]).optional(),
      matchOrder: z
        .array(z.enum(MATCH_KEY_NAMES as [MatchKeyName, ...MatchKeyName[]]))
        .refine(isMatchOrder, 'must name MISID, ULN or Email, each at most once')
        .optional(),
      reassignStaff: z.boolean().optional(),
      budgetPerMinute: z.number().int().min(1).max(MAX_BUDGET_PER_MINUTE).optional(),
      rowsInFlight: z.union([z.literal('auto'), z.number().int().min(1).max(MAX_ROWS_IN_FLIGHT)]).optional(),
      assignPath: z.enum(ASSIGN_PATH_CHOICES as [AssignPathChoice, ...AssignPathChoice[]]).optional(),
    }),
  ),
  planImport: method<PlanView>()(z.strictObject({ skipInvalid: z.boolean() })),
  /** The plan last made, every row with what the import will do to it, as a workbook to look over or send for sign-off. */
  exportPlan: method<ExportedReport>()(none()),
  startRun: method<RunView>()(
    z.strictObject({
      /** Live only: the organisation the user confirmed, which must be the one planned. */
      confirmLiveOrganisationId: z.number().int().positive().optional(),
    }),
  ),
  pauseRun: method<RunView>()(none()),
  resumeRun: method<RunView>()(none()),
  cancelRun: method<RunView>()(none()),
  listRuns: method<RunHistoryView[]>()(none()),
  resumeFromHistory: method<RunView>()(z.strictObject({ runId })),
  exportReport: method<ExportedReport>()(
    z.strictObject({ runId: runId.optional(), kind: reportKind, format: reportFormat }),
  ),
  openReport: method<{ opened: boolean }>()(
    z.strictObject({ runId: runId.optional(), kind: reportKind, format: reportFormat }),
  ),
  /**
   * "Export from OneFile": what the organisation holds, as one workbook whose Learners
   * sheet imports back as it is. Reads only; progress as `task` events.
   */
  exportFromOneFile: method<WorkbookFileView>()(
    z.strictObject({
      organisationId: z.number().int().positive(),
      includeArchived: z.boolean().default(false),
      /** Each learner's learning aims: one more call per learner. */
      withAims: z.boolean().default(false),
    }),
  ),
  /** "Download a template": a sheet for new learners with drop-down lists of what the organisation's OneFile holds. */
  downloadTemplate: method<WorkbookFileView>()(z.strictObject({ organisationId: z.number().int().positive() })),
  /**
   * Stops an export, a template, an undo's plan or an import's plan, at once: where it waits for a
   * OneFile that does not answer, and part-way through its reads (the calls waiting for the rate
   * limit are withdrawn; one already sent is let finish), saying nothing was written. `stopped`
   * false: no such task is running.
   */
  stopTask: method<{ stopped: boolean }>()(z.strictObject({ task: z.enum(READING_TASKS) })),
  /** "Undo this run": what the undo would put back, archive and leave, read from OneFile now. Writes nothing. */
  planUndo: method<UndoPlanView>()(z.strictObject({ runId })),
  /** Starts the undo (a run of its own, shown like an import), planned afresh; carries on one that stopped part-way. */
  startUndo: method<RunView>()(
    z.strictObject({
      runId,
      /** Live only: the organisation the user confirmed, which must be the run's. */
      confirmLiveOrganisationId: z.number().int().positive().optional(),
    }),
  ),
} satisfies Record<MethodName, MethodSpec<z.ZodType, unknown>>;

/** Each event's payload. */
export interface EventPayloads {
  state: AppStateView;
  progress: ProgressEvent;
  'run-state': RunStateEvent;
  notification: NotificationEvent;
}

type Methods = typeof methods;

type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : never;
/**
 * Every name in `METHOD_NAMES` has a schema here and nothing else does: a check the
 * compiler makes, read by nothing.
 * @public
 */
export const contractNamesAgree: SameKeys<Methods, MethodName> & SameKeys<EventPayloads, EventName> = true;

/** What the caller passes (defaults may be left out). */
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
/** What the handler receives, after parsing (defaults filled in). */
export type ParsedInput<K extends MethodName> = z.output<Methods[K]['input']>;
export type MethodResult<K extends MethodName> = Methods[K] extends MethodSpec<z.ZodType, infer R> ? R : never;

/** The main side: one handler per method. Implemented by `main/service`. */
export type ServiceHandlers = {
  [K in MethodName]: (input: ParsedInput<K>) => Promise<MethodResult<K>>;
};

export type EventListener<E extends EventName> = (payload: EventPayloads[E]) => void;

/** Calls with no required input may be made with no argument. */
type CallArgs<K extends MethodName> = {} extends MethodInput<K> ? [input?: MethodInput<K>] : [input: MethodInput<K>];

/** The view side: a typed function per method and allowlisted event subscriptions. */
export type ServiceClient = {
  [K in MethodName]: (...args: CallArgs<K>) => Promise<MethodResult<K>>;
} & {
  /** Subscribes to one event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
};

