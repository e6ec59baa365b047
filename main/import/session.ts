import { DEFAULT_BUDGET_PER_MINUTE, DEFAULT_WINDOW_MS } from '../../shared/defaults';
import type { RowsInFlightSetting } from './run/rows-in-flight';
import type { RoleKey } from '../../shared/fields';
import { type EveryRowValues, type Mapping, type MappedColumn } from '../../shared/mapping';
import type { MappedRow } from '../../shared/mapped-rows';
import type { MappingProfile } from '../../shared/profile';
import type { Table } from '../../shared/table';
import { type FileIssue, type Issue } from '../../shared/validate';
import type { ReadOptions } from '../spreadsheet';
import { loadDirectory, type LoadedDirectory } from './directory/cache';
import { directoryNeedsOf, planImport, roleOfRow, withDefaultRole } from './plan/plan';
import { planReaders } from './plan/readers';
import { planProgress } from './plan/progress';
import type { TaskProgress } from './export/progress';
import type { Directory } from './directory/types';
import type { DirectoryProgress } from './directory/download';
import { listUnresolvedValues, stillUnresolved, type UnresolvedValue } from './plan/references';
import { isAskedFor, type CreateMissing } from './plan/create-missing';
import { createResolver } from './directory/resolve';
import { earlierRuns } from './journal/assignment-ledger';
import { ledgerWithStoppedRuns } from './run/stopped-runs';
import type { NewUserEmails } from '../../shared/contract-run-types';
import { directoryCache, findOrganisation, type Connection, type EnvironmentDescription } from './environment/connection';
import { startRun, type RunData, type RunHandle, type StartRunOptions } from './run/run-folder';
import { retake, takeIn, withEveryRow, type Intake, type ProfileInUse } from './intake';
import { untilOneFileAnswers, type WaitForOneFile } from './environment/until-answering';

export { profileForHeaders, profilesFolder, type ProfileInUse, type MappingOptions } from './intake';

/**
 * The import session: one spreadsheet on its way into OneFile. `prepareImport` reads,
 * maps, validates, connects, downloads the organisation's directory and plans, and
 * hands back everything a person checks before pressing Import (the table, the
 * mapping, the file's problems, the plan and its summary). `start` then runs the plan
 * in a run folder with a journal, and writes the reports. The CLI drives it directly;
 * the desktop app drives the same session through the contract.
 */

export type SessionStep = 'reading' | 'mapping' | 'validating' | 'connecting' | 'directory' | 'planning';

export interface PrepareOptions {
  file: string;
  read?: Pick<ReadOptions, 'sheet' | 'headerRow' | 'encoding' | 'delimiter' | 'includeEndedLearners' | 'includeHiddenRows'>;
  /** Values for fields the file has no column for, the same on every row (an ILR's assessor and class); added to the profile's. */
  everyRow?: EveryRowValues;
  /** A mapping profile; without one, a profile saved for these headers in the data folder, else auto-mapping. */
  profile?: MappingProfile;
  /** The file `profile` was read from (the plan names it). */
  profileFile?: string;
  /**
   * Connects to the OneFile to import into, once the file has been read: the face
   * decides which one (and starts the built-in sandbox if it is that), with
   * main/connection's `connect`, or hands in a connection it already has.
   */
  connect: () => Promise<Connection>;
  organisationId: number;
  dataDir: string;
  budgetPerMinute?: number;
  windowMs?: number;
  /** Rows in flight: a number, or `auto` (the default) to match OneFile's latency. */
  concurrency?: RowsInFlightSetting;
  skipInvalid?: boolean;
  /** Classes and placements OneFile lacks that the import may create, by name, or all of them (`--create-missing`). Default none. */
  createMissing?: CreateMissing;
  /** Send every IQA and observer assignment again, even those earlier runs made (someone may have removed them in OneFile). */
  reassignStaff?: boolean;
  dateOrder?: 'dmy' | 'mdy';
  defaultRole?: RoleKey;
  /** Use a directory downloaded in the last few minutes (a dry run right after another). Live runs download afresh. */
  useCachedDirectory?: boolean;
  now?: () => Date;
  onStep?: (step: SessionStep) => void;
  /** The plan's reads of the users the file matches, as they are answered (see plan/progress.ts). */
  onPlanProgress?: (progress: TaskProgress) => void;
  /** The directory's pages as they are read, and each kind of record once read whole. */
  onDirectoryProgress?: (progress: DirectoryProgress) => void;
  /** Wait out a OneFile not answering before the run (prepareImport; a weekly import at a maintenance hour). Absent: its failure ends the preparation at once. */
  waitForOneFile?: WaitForOneFile;
}

export interface ImportSession extends RunData {
  columns: MappedColumn[];
  fileIssues: FileIssue[];
  /** Runs the plan in a new run folder. */
  start(options?: Partial<Omit<StartRunOptions, 'data'>>): Promise<RunHandle>;
  /** Closes the connection (and the built-in sandbox). */
  close(): Promise<void>;
}

/** Undoes the formula-neutralising quote in our own reports only (see ./own-report). */

const DEFAULT_BUDGET = DEFAULT_BUDGET_PER_MINUTE;

/**
 * A file read, mapped and checked, with the organisation's directory downloaded: all
 * that resolving names needs, before any planning read. `resolve` stops here;
 * `prepareImport` goes on to plan.
 */
export interface OpenedImport {
  file: ImportSession['file'];
  table: Table;
  /** The header row was found by looking, not given. */
  headerRowGuessed: boolean;
  columns: MappedColumn[];
  mapping: Mapping;
  /** The mapped rows, after the value maps. */
  rows: MappedRow[];
  validationIssues: Issue[];
  fileIssues: FileIssue[];
  profile: ProfileInUse;
  organisation: { id: number; name: string };
  /** Whether OneFile emails each user made in the organisation (its flags): said in the plan. */
  newUserEmails?: NewUserEmails;
  environment: EnvironmentDescription;
  connection: Connection;
  directory: Directory;
  directoryCalls: number;
  /** Every distinct name in the file that is not exactly one OneFile record, with its rows. */
  unresolvedValues(): UnresolvedValue[];
  /** The same file and directory mapped again with another profile (after a choice was saved): no call to OneFile. */
  withProfile(profile: ProfileInUse): OpenedImport;
  /** The same file and profile on the organisation's directory read again now (a plan left too long, see PLAN_FRESH_MS). */
  readAgain(): Promise<OpenedImport>;
  close(): Promise<void>;
}

/** An import ready to start: the plan, and a way to plan again after choices (same connection and directory). */
export interface PreparedImport extends ImportSession, OpenedImport {
  replan(profile: ProfileInUse): Promise<PreparedImport>;
  /** Planned again on the organisation's directory read again now: what OneFile holds now, the same file and profile. */
  planAgain(): Promise<PreparedImport>;
  close(): Promise<void>;
}

/** Reads, maps and validates the file (intake.ts), connects, and downloads the organisation's directory. */
export async function openImport(options: PrepareOptions): Promise<OpenedImport> {
  return openOn(await readForImport(options), options);
}

/** Reads, maps and validates the file (intake.ts). */
async function readForImport(options: PrepareOptions): Promise<Intake> {
  (options.onStep ?? (() => {}))('reading');
  return takeIn(options.file, {
    dataDir: options.dataDir,
    read: options.read,
    given: options.profile ? { value: options.profile, path: options.profileFile ?? 'mapping profile' } : undefined,
    everyRow: options.everyRow,
    dateOrder: options.dateOrder,
    defaultRole: options.defaultRole,
    now: options.now,
  });
}

/**
 * Connects and downloads the organisation's directory, for a file read. `answered` is told
 * once OneFile has answered (signed in, the organisation found), before the directory is read.
 */
async function openOn(intake: Intake, options: PrepareOptions, answered: () => void = () => {}): Promise<OpenedImport> {
  const step = options.onStep ?? (() => {});
  const { file, table } = intake;
  step('connecting');
  // Only once the file reads: no sign-in (and no built-in sandbox started) for a file that cannot be imported.
  const connection = await options.connect();
  try {
    const organisation = await findOrganisation(connection.client, options.organisationId);
    answered();
    step('directory');
    const rowsWithRole = withDefaultRole(intake.rows, options.defaultRole);
    const readOneFile = (refresh: boolean) => loadDirectory({
      client: connection.client,
      organisationId: organisation.id,
      cache: directoryCache(options.dataDir, connection.environment, options.now),
      refresh,
      // Only the kinds of record the file names (and every learner).
      needs: directoryNeedsOf(rowsWithRole),
      onProgress: options.onDirectoryProgress,
      // A name missing from an unpaged answer is looked for again page by page before it is called missing.
      unresolvedFields: (directory) =>
        listUnresolvedValues(rowsWithRole, createResolver(directory, intake.mapping.values), directory, roleOfRow).map((v) => v.field),
    });
    const openedOn = (loaded: LoadedDirectory) => (profile: ProfileInUse, mapped: Intake = retake(intake, profile, options)): OpenedImport => {
      const resolver = createResolver(loaded.directory, mapped.mapping.values);
      return {
        file,
        table,
        headerRowGuessed: intake.headerRowGuessed,
        columns: mapped.columns,
        mapping: mapped.mapping,
        rows: mapped.rows,
        validationIssues: mapped.validationIssues,
        fileIssues: mapped.fileIssues,
        profile,
        organisation: { id: organisation.id, name: organisation.name },
        newUserEmails: organisation.newUserEmails,
        environment: connection.environment,
        connection,
        directory: loaded.directory,
        directoryCalls: loaded.callsSpent,
        // A name the import was asked to create is no longer one to resolve.
        unresolvedValues: () =>
          listUnresolvedValues(mapped.rows, resolver, loaded.directory, roleOfRow).filter((v) => !(v.creatable && isAskedFor(options.createMissing, v.field, v.value))),
        withProfile: (next) => openedOn(loaded)(withEveryRow(next, options.everyRow)),
        readAgain: async () => {
          const again = await readOneFile(true);
          connection.rememberLearned();
          return openedOn(again)(profile, mapped);
        },
        close: () => connection.close(),
      };
    };
    // A stale learner list could create a learner twice: only a dry run may reuse one.
    const loaded = await readOneFile(!options.useCachedDirectory);
    connection.rememberLearned();
    return openedOn(loaded)(intake.profile, intake);
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** Plans an opened import: per row, what it will do. Reads matched learners' details from OneFile. */
export async function planOpened(opened: OpenedImport, options: PrepareOptions): Promise<PreparedImport> {
  const budgetPerMinute = options.budgetPerMinute ?? DEFAULT_BUDGET;
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const concurrency = options.concurrency ?? 'auto';
  const skipInvalid = options.skipInvalid ?? false;
  const { connection, organisation } = opened;
  (options.onStep ?? (() => {}))('planning');
  const plan = await planImport({
    // Rows without a Role column are of the role chosen for them (--role), as in the app.
    rows: withDefaultRole(opened.rows, options.defaultRole),
    directory: opened.directory,
    resolver: createResolver(opened.directory, opened.mapping.values),
    options: {
      organisationId: organisation.id,
      organisationName: organisation.name,
      skipInvalid,
      // What the limiter will send: fewer than the setting where OneFile was seen to admit fewer.
      budgetPerMinute: Math.min(budgetPerMinute, connection.client.limiter.budget),
      windowMs,
      concurrency,
      // Measured on the directory's calls: the ETA allows for OneFile's pace today.
      latencyMs: connection.client.latencyMs(),
      createMissing: options.createMissing,
    },
    ...planReaders(connection, { id: organisation.id, newUserEmails: opened.newUserEmails }),
    validationIssues: opened.validationIssues,
    directoryCalls: opened.directoryCalls,
    onProgress: options.onPlanProgress && planProgress(connection.client, options.onPlanProgress).reads,
    ...earlierRuns(ledgerWithStoppedRuns(options.dataDir, connection.environment, organisation.id), options.reassignStaff),
  });
  const session: PreparedImport = {
    ...opened,
    unresolvedValues: () => stillUnresolved(opened.unresolvedValues(), plan),
    blockingFileIssues: opened.fileIssues.filter((issue) => issue.severity === 'error'),
    plan,
    budgetPerMinute,
    windowMs,
    concurrency,
    skipInvalid,
    start: (runOptions = {}) => startRun({ dataDir: options.dataDir, ...runOptions, data: session }),
    replan: (profile) => planOpened(opened.withProfile(profile), options),
    planAgain: async () => planOpened(await opened.readAgain(), options),
    close: () => connection.close(),
  };
  return session;
}

/**
 * Reads the file, connects, reads the directory and plans. With `waitForOneFile`, a
 * OneFile not answering meanwhile is waited out (environment/until-answering.ts): all but
 * the file's reading is done again once it answers, nothing having been written.
 */
export async function prepareImport(options: PrepareOptions): Promise<PreparedImport> {
  const intake = await readForImport(options);
  // Each try goes through the same steps: a step is said the first time it is reached, not
  // again at every try (the wait itself is said by onWaiting). A plan made later (names chosen) is said.
  const said = new Set<SessionStep>();
  let trying = true;
  const tries: PrepareOptions = {
    ...options,
    onStep: (step) => {
      if (trying && said.has(step)) return;
      said.add(step);
      options.onStep?.(step);
    },
  };
  try {
    return await untilOneFileAnswers(async (answered) => {
      const opened = await openOn(intake, tries, answered);
      try {
        return await planOpened(opened, tries);
      } catch (error) {
        await opened.close();
        throw error;
      }
    }, options.waitForOneFile);
  } finally {
    trying = false;
  }
}

export type { RunHandle, FinishedRun, StartRunOptions, ResumeRunOptions } from './run/run-folder';
