import { createInterface } from 'node:readline/promises';
import { fileJson, issuesByRow } from './check-output';
import { resolveHintLines } from './resolve-hint';
import { DEFAULT_PAGE_SIZE } from '../../shared/defaults';
import { callBudget, positiveInteger, rowsInFlightOption } from './number-options';
import { knownFailure } from './exit-codes';
import { directorySaid, planReadsSaid } from './task-bar';
import { connect } from '../connection/connect';
import {
  describeRowsInFlight,
  parseCreateMissing,
  createMissingArgument,
  columnMisfits,
  defaultDataDir,
  planWarningGroups,
  prepareImport,
  checkReportFolder,
  type CreatableField,
  type RowsInFlightSetting,
  type ImportSession,
  type PreparedImport,
  type SessionStep,
} from '../import';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ROLE_KEYS, type RoleKey } from '../../shared/fields';
import { describeIlrSummary } from '../../shared/ilr';
import type { EveryRowValues } from '../../shared/mapping';
import { IMPORT_HELP } from './import-help';
import { sourceReadOptions, delimiterOption, DELIMITER_HELP, ENCODING_HELP, everyRowOption, EVERY_ROW_HELP, INCLUDE_ENDED_HELP, INCLUDE_HIDDEN_HELP } from './source-options';
import type { MappingProfile } from '../../shared/profile';
import { ASSIGN_PATH_READINGS, isAddressGivenByHand, type AssignPathReading } from '../onefile';
import { loadProfile } from '../mapping-store/profile-store';
import * as path from 'node:path';
import { problemGroupLines } from '../../shared/problem-groups';
import { estimateAtLimiterMs } from '../service/run-pace';
import { followRun, processRunIo, sayWaitingBeforeRun, type RunIo } from './follow-run';
import { fileProblemLines, planProblemGroups, planText, PROBLEM_LINES, runPlace } from './run-output';
import { columnOfField, resolveNames } from './resolve-flow';
import { planFreshEnough } from './fresh-plan';
import { writeDryRunPlan } from './dry-run-plan';
import { resolveCommands, shellWord, type ResolveTarget } from './resolve-hint';
import type { OutageTiming } from '../import';

/**
 * `onefile-import import <file>`: read, map, check, plan and import a spreadsheet into
 * OneFile, in a run folder that `resume` can carry on from. The customer token comes
 * from ONEFILE_CUSTOMER_TOKEN, never the command line; `--env sandbox` without one
 * uses the built-in sandbox.
 */

export interface ImportOptions {
  env: string;
  org: number;
  mapping?: string;
  sheet?: string;
  headerRow?: number;
  encoding?: string;
  delimiter?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  reassignStaff?: boolean;
  concurrency?: RowsInFlightSetting;
  budget?: number;
  reportDir?: string;
  dataDir?: string;
  yes?: boolean;
  json?: boolean;
  /** Print only the final line and the problems (scheduled runs). */
  quiet?: boolean;
  dateOrder?: 'dmy' | 'mdy';
  role?: RoleKey;
  /** ILR files: read the learners whose apprenticeship has ended or was withdrawn too. */
  includeEnded?: boolean;
  /** XLSX: read the rows Excel hides too. */
  includeHiddenRows?: boolean;
  /** `--every-row Field=value`: a value for every row of a field the file has no column for. */
  everyRow?: EveryRowValues;
  /** Hidden: a shorter rate window, for tests against the sandbox. */
  rateWindowMs?: number;
  /** Hidden: shorter waits for a OneFile not answering (before and during the run), for tests. */
  outageTiming?: OutageTiming;
  assignPath?: AssignPathReading;
  pageSize?: number;
  /** `--create-missing "Placement:Tesco - York"`: classes and placements OneFile lacks to create, by name. */
  createMissing?: Array<{ field: CreatableField; name: string }>;
  /** `--create-missing-all`: every class and placement OneFile lacks (with nothing close to it). */
  createMissingAll?: boolean;
}

export interface ImportIo extends RunIo {
  env: NodeJS.ProcessEnv;
  /** Asks a person a question on the terminal (null answer: input ended); null when there is no terminal to ask on. */
  ask: ((question: string) => Promise<string | null>) | null;
  /** The clock a plan's age is judged by (the system's by default). */
  now?: () => Date;
}

/**
 * One question on the terminal (stderr, so stdout stays for results). Ctrl+D or Ctrl+C
 * answers null: the person has stopped answering.
 */
export function askOnTerminal(question: string): Promise<string | null> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise<string | null>((resolve) => {
    let answered = false;
    const finish = (answer: string | null) => {
      if (answered) return;
      answered = true;
      rl.close();
      resolve(answer);
    };
    rl.on('SIGINT', () => finish(null));
    rl.on('close', () => finish(null));
    rl.question(question).then(finish, () => finish(null));
  });
}

export const processImportIo: ImportIo = {
  ...processRunIo,
  env: process.env,
  ask: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : null,
};

const STEP_WORDS: Record<SessionStep, string> = {
  reading: 'Reading the spreadsheet',
  mapping: 'Mapping the columns',
  validating: 'Checking every row',
  connecting: 'Connecting to OneFile',
  directory: "Downloading the organisation's directory",
  planning: 'Planning the import',
};

/** Errors that mean "the run could not start": said in words, exit 2. */
function startError(error: unknown): string | null {
  return knownFailure(error)?.message ?? null;
}

/** Asks before a live import, showing the organisation and the planned counts; refuses with no terminal. */
export async function confirmLive(session: Pick<ImportSession, 'plan' | 'organisation'>, io: Pick<ImportIo, 'ask' | 'err'>): Promise<boolean> {
  const s = session.plan.summary;
  const what =
    `You are about to import into LIVE OneFile, organisation ${session.organisation.id} "${session.organisation.name}": ` +
    `create ${s.create}, update ${s.update}${s.link ? `, link ${s.link}` : ''} users; ${s.assignments.templates + s.assignments.standards + s.assignments.units + s.assignments.staff} assignments; ` +
    (s.creations?.length ? `create ${s.creations.map((c) => `${c.kind === 'classroom' ? 'class' : 'placement'} "${c.name}"`).join(', ')}; ` : '') +
    `${s.calls.writes} changes in all.`;
  if (!io.ask) {
    io.err(`${what}\nRefusing to import into live OneFile without confirmation: no terminal to ask on. Add --yes to confirm.\n`);
    return false;
  }
  const answer = await io.ask(`${what}\nType yes to go ahead: `);
  if (answer?.trim().toLowerCase() === 'yes') return true;
  io.err('Not confirmed: nothing was imported.\n');
  return false;
}


/** Classes and placements OneFile lacks, with nothing close: the import can create them if asked (never by itself). */
export function createHintLines(session: Pick<PreparedImport, 'unresolvedValues'>): string[] {
  const creatable = session.unresolvedValues().filter((value) => value.creatable);
  if (creatable.length === 0) return [];
  const flags = creatable.map((value) => `--create-missing ${shellWord(createMissingArgument(value.field, value.value))}`);
  return ['Or, if they are new, have the import create them in OneFile first (add to the command):', `  ${flags.join(' ')}`];
}

/** The session's unresolved names and the commands that resolve them. */
function resolveHint(session: PreparedImport, file: string, options: ImportOptions) {
  const unresolved = session.unresolvedValues();
  if (unresolved.length === 0) return null;
  const target: ResolveTarget = {
    file: path.resolve(file),
    env: options.env,
    org: options.org,
    mapping: options.mapping ? path.resolve(options.mapping) : undefined,
    sheet: options.sheet,
    headerRow: options.headerRow,
    encoding: options.encoding,
    delimiter: options.delimiter,
    includeEnded: options.includeEnded,
    includeHiddenRows: options.includeHiddenRows,
    dataDir: options.dataDir ? path.resolve(options.dataDir) : undefined,
    role: options.role,
  };
  return resolveCommands(target, unresolved, (field) => columnOfField(session, field)?.header ?? field);
}

/**
 * Why the import will not start, in one sentence; null when it can. The file's own
 * problems are printed above it, except with --json, whose line holds them in `fileIssues`.
 */
function refusal(session: PreparedImport, json = false): string | null {
  if (session.blockingFileIssues.length > 0) return `Nothing was imported: the file has problems to fix first (${json ? 'in fileIssues' : 'above'}).`;
  const blocked = session.plan.rows.filter((row) => row.action === 'blocked');
  if (blocked.length === 0) return null;
  return (
    `Nothing was imported: ${blocked.length} row${blocked.length === 1 ? ' has' : 's have'} errors (first: row ${blocked[0].row}). ` +
    'Fix them and import again, or add --skip-invalid to import the rest.'
  );
}

/** The import command's work; returns the exit code (0 all rows in, 1 some not, 2 could not start). */
export async function runImport(file: string, options: ImportOptions, io: ImportIo = processImportIo): Promise<number> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const live = options.env.trim().toLowerCase() === 'live';
  const chatty = !options.json && !options.quiet;
  let session: PreparedImport | undefined;
  // A --report-dir that cannot take the reports is said before the file is read, not after the import.
  const folderProblem = options.reportDir === undefined ? undefined : checkReportFolder(options.reportDir, { create: true });
  if (folderProblem) {
    io.err(`${folderProblem}\n`);
    return notStarted(folderProblem);
  }
  try {
    let profile: MappingProfile | undefined;
    if (options.mapping) profile = await loadProfile(options.mapping);
    session = await prepareImport({
      file,
      read: sourceReadOptions(options),
      everyRow: options.everyRow,
      profile,
      profileFile: options.mapping,
      connect: () =>
        connect({
          environment: options.env,
          customerToken: io.env.ONEFILE_CUSTOMER_TOKEN || undefined,
          dataDir,
          budgetPerMinute: options.budget,
          windowMs: options.rateWindowMs,
          assignPath: options.assignPath,
          pageSize: options.pageSize,
        }),
      organisationId: options.org,
      dataDir,
      budgetPerMinute: options.budget,
      windowMs: options.rateWindowMs,
      concurrency: options.concurrency,
      skipInvalid: options.skipInvalid,
      createMissing: options.createMissingAll ? 'all' : options.createMissing,
      reassignStaff: options.reassignStaff,
      dateOrder: options.dateOrder,
      defaultRole: options.role,
      useCachedDirectory: options.dryRun,
      now: io.now,
      onStep: (step) => {
        if (chatty) io.err(`${STEP_WORDS[step]}...\n`);
      },
      // A weekly file whose learners OneFile has is read learner by learner: said as it goes, not left silent for minutes.
      onPlanProgress: chatty ? planReadsSaid(io.barStream, io.err) : undefined,
      onDirectoryProgress: chatty ? directorySaid(io.barStream, io.err) : undefined,
      // A weekly import at OneFile's maintenance hour waits for it, as a run does, rather than not starting.
      // An address typed by hand whose host name no one knows is a typo, said at once.
      waitForOneFile: { timing: options.outageTiming, onWaiting: options.quiet ? undefined : sayWaitingBeforeRun(io.err), addressGivenByHand: isAddressGivenByHand(options.env) },
    });

    // Names OneFile does not know: asked on a terminal, once per distinct value; never
    // guessed (with --json, or with no terminal, the hint below says how to choose).
    const ask = options.json ? null : io.ask;
    if (ask && session.unresolvedValues().length > 0) {
      const resolved = await resolveNames(session, dataDir, { ask, say: io.err });
      if (resolved.choices.length > 0) session = await session.replan(resolved.profile);
    }
    const now = io.now ?? (() => new Date());
    const say = (text: string) => (chatty ? io.err(text) : undefined);
    // A person took long to choose: the plan is made again on OneFile as it is now (a dry run, which starts nothing, may plan on a reading a few minutes old).
    if (!options.dryRun) ({ session } = await planFreshEnough(session, now(), say));

    const heading = { fileName: session.file.name, environment: session.environment.name, organisation: session.organisation };
    const problems = planProblemGroups(session.plan, session.fileIssues);
    const warnings = planWarningGroups(session.plan);
    const commands = resolveHint(session, file, options);
    const refused = refusal(session, options.json);
    const ilr = session.table.source.ilr;
    const report = [...(ilr ? [`${session.file.name}: ${describeIlrSummary(ilr)}`] : []), ...fileProblemLines(session.fileIssues), ...planText(session.plan, heading, { profile: session.profile, problems, warnings, dryRun: options.dryRun })];
    const json = { organisation: session.organisation, profile: profileJson(session), ...(ilr ? { ilr } : {}), summary: session.plan.summary, fileIssues: session.fileIssues, problems, warnings, resolve: commands };

    if (options.dryRun) {
      const planned = await writeDryRunPlan(session, { dataDir, reportDir: options.reportDir, now: now() });
      if (planned.problem) io.err(`${planned.problem}\n`);
      // The same reading, mapping and rows as `check --json` gives (one pipeline), then the plan.
      if (options.json) {
        const misfits = columnMisfits(session.table, session.columns, { dateOrder: options.dateOrder, defaultRole: options.role, now: io.now });
        const reports = { plan: planned.files ?? null, ...(planned.problem ? { reportProblem: planned.problem } : {}) };
        io.out(`${JSON.stringify({ dryRun: true, ...json, reports, ...fileJson({ ...session, misfits, issues: issuesByRow(session.rows, session.validationIssues) }) })}\n`);
      } else {
        const planLines = planned.files ? [`The plan, every row: ${planned.files.xlsx} (and as CSV: ${planned.files.csv})`] : [];
        io.out(`${[...report, ...resolveHintLines(commands), ...createHintLines(session), ...planLines, 'Dry run: nothing was sent to OneFile.'].join('\n')}\n`);
      }
      return refused ? 1 : 0;
    }

    if (chatty) io.out(`${report.join('\n')}\n`);
    if (refused) {
      if (options.quiet && !options.json) io.out(`${[...fileProblemLines(session.fileIssues), ...problemGroupLines(problems, PROBLEM_LINES)].join('\n')}\n`);
      io.err(`${[refused, ...resolveHintLines(commands), ...createHintLines(session)].join('\n')}\n`);
      return notStarted(refused, json);
    }
    // Quiet, as an unattended run is: what was left out of the file is said too (a hidden row, another sheet), with the problems.
    const quietLines = options.quiet && !options.json ? [...fileProblemLines(session.fileIssues), ...problemGroupLines(problems, PROBLEM_LINES)] : [];
    if (quietLines.length > 0) io.out(`${quietLines.join('\n')}\n`);
    if (chatty && commands) io.out(`${resolveHintLines(commands).join('\n')}\n`);
    if (live && !options.yes && !(await confirmLive(session, io))) return notStarted('Not confirmed for live OneFile: nothing was imported.', json);
    // A confirmation left waiting: planned again on OneFile as it is now, and asked again if that changed the plan.
    const confirmed = await planFreshEnough(session, now(), say);
    if (confirmed.changed) {
      session = confirmed.session;
      if (chatty) io.out(`${planText(session.plan, heading, { profile: session.profile, problems: planProblemGroups(session.plan, session.fileIssues), warnings: planWarningGroups(session.plan) }).join('\n')}\n`);
      const refusedNow = refusal(session, options.json);
      if (refusedNow) {
        io.err(`${refusedNow}\n`);
        return notStarted(refusedNow, { ...json, problems: planProblemGroups(session.plan, session.fileIssues) });
      }
      if (live && !options.yes && !(await confirmLive(session, io))) return notStarted('Not confirmed for live OneFile: nothing was imported.', json);
    } else session = confirmed.session;

    // Time left as the app tells it: from the client's own limiter, at what this OneFile admits (fewer a minute than planned, when it refused more).
    const pace = session.connection.client;
    const handle = await session.start({
      concurrency: options.concurrency,
      reportDir: options.reportDir,
      planAgeClock: now,
      estimateMs: (calls) => estimateAtLimiterMs(pace, calls, options.concurrency),
      ...(options.outageTiming ? { outage: options.outageTiming } : {}),
    });
    if (chatty) io.err(`Run ${handle.runId} started (Ctrl+C stops it cleanly; it can be resumed).\n`);
    return await followRun(handle, options.quiet ? { ...io, barStream: null } : io, options.json ?? false, { quiet: options.quiet, problems, fileIssues: session.fileIssues, place: runPlace(options), pace });
  } catch (error) {
    const message = startError(error);
    if (message === null) throw error;
    io.err(`${message}\n`);
    return notStarted(message);
  } finally {
    await session?.close();
  }

  /**
   * Exit 2, and with --json its one line: a script keeping only standard output (`> $log`)
   * has the reason too (the token refused, the file unreadable, OneFile silent), not an
   * empty log.
   */
  function notStarted(reason: string, more: Record<string, unknown> = {}): number {
    if (options.json) io.out(`${JSON.stringify({ state: 'not-started', reason, problems: [], resolve: null, ...more })}\n`);
    return 2;
  }
}

/** The profile in use, for --json. */
function profileJson(session: PreparedImport) {
  const { source, path: file, name, choicesFrom, damaged } = session.profile;
  return { source, path: file, name: name ?? null, choicesFrom: choicesFrom ?? null, ...(damaged ? { damaged } : {}) };
}

/** `--create-missing Kind:Name`, repeatable: the names collected. */
export function createMissingOption(value: string, previous: Array<{ field: CreatableField; name: string }> = []) {
  const parsed = parseCreateMissing(value);
  if (!parsed) throw new InvalidArgumentError('give it as "Placement:Name" or "Class:Name", e.g. --create-missing "Placement:Tesco - York".');
  return [...previous, parsed];
}

export function registerImportCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('import')
    .description('Import a spreadsheet into OneFile: check it, show the plan, then create and update users and assign their programmes.')
    .argument('<file>', 'the spreadsheet: .xlsx, .csv, .tsv or .txt, or an ILR file (.xml); an errors report can be imported again as it is')
    .requiredOption('--env <environment>', 'sandbox, practice, beta, live, or a OneFile API address (https://...)')
    .requiredOption('--org <id>', 'the OneFile organisation ID to import into', positiveInteger('the organisation ID'))
    .option('--mapping <file>', 'a mapping profile (JSON) choosing columns and value maps (default: the one saved for the file\'s columns, if any)')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first visible sheet with data, or the one whose headers name far more fields)')
    .option('--header-row <n>', 'the header row as Excel numbers it (default: detected)', positiveInteger('the header row'))
    .option('--encoding <name>', ENCODING_HELP)
    .option('--delimiter <char>', DELIMITER_HELP, delimiterOption)
    .option('--include-ended', INCLUDE_ENDED_HELP)
    .option('--include-hidden-rows', INCLUDE_HIDDEN_HELP)
    .option('--every-row <field=value>', EVERY_ROW_HELP, everyRowOption, {})
    .option('--dry-run', "plan only: show what the import would do and send no change to OneFile; the plan, every row, is written as a workbook (the data folder's plans, or --report-dir)")
    .option('--skip-invalid', 'import the valid rows and report the invalid ones as skipped (default: refuse while any row has an error)')
    .option('--create-missing <kind:name>', 'create this class or placement, which OneFile lacks, before the rows that name it (repeatable): "Placement:Tesco - York", "Class:Business Admin L4"', createMissingOption)
    .option('--create-missing-all', 'create every class and placement the file names that OneFile lacks and has nothing close to')
    .option('--reassign-staff', 'send IQA and observer assignments again even where an earlier run made them (OneFile cannot list them back)')
    .option('--concurrency <n|auto>', `rows in flight at once (default: ${describeRowsInFlight('auto')}, as many as OneFile's latency needs)`, rowsInFlightOption)
    .option('--budget <n>', 'OneFile calls per minute (default 100, the documented limit; max 300)', callBudget)
    .addOption(
      new Option('--assign-path <reading>', "POST User/{id}/Assign: whose ID is {id} in this OneFile (remembered for the environment; default staff-in-path)").choices(
        ASSIGN_PATH_READINGS,
      ),
    )
    .option('--page-size <n>', `rows asked for per page of a search (default ${DEFAULT_PAGE_SIZE}; a OneFile that serves fewer is read past; the probe measures it)`, positiveInteger('the page size'))
    .option('--report-dir <dir>', "also write the results and errors reports to this folder (a dry run: the plan's workbook)")
    .option('--data-dir <dir>', 'where runs, journals and the sandbox data live (default: the user data folder)')
    .option('--yes', 'do not ask for confirmation before importing into live OneFile')
    .option('--json', 'print one JSON line at the end: {runId, state, created, updated, linked, unchanged, joined, failed, skipped, pending, calls, durationMs, message, resume? (a run not complete), reports, problems?, fileIssues?}; never asks')
    .option('--quiet', 'print only the final line and the problems (for scheduled runs)')
    .addOption(new Option('--date-order <order>', 'dmy reads 03/04/2001 as 3 April (UK, default); mdy as March 4').choices(['dmy', 'mdy']))
    .addOption(new Option('--role <role>', 'the role of rows without a Role column').choices(ROLE_KEYS).default('learner'))
    .addOption(new Option('--rate-window-ms <ms>', 'rate window length (tests)').argParser(positiveInteger('the window')).hideHelp())
    .addHelpText('after', IMPORT_HELP)
    .action(async (file: string, options: ImportOptions) => {
      setExitCode(await runImport(file, options));
    });
}
