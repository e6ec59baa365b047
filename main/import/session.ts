import { createHash } from 'node:crypto';
import type { RowsInFlightSetting } from './rows-in-flight';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RoleKey } from '../../shared/fields';
import { autoMap, conflictIssues, toMapping, type Mapping, type MappedColumn } from '../../shared/mapping';
import { mapTable } from '../../shared/mapped-rows';
import type { MappingProfile } from '../../shared/profile';
import type { Table } from '../../shared/table';
import { validateRows, type FileIssue, type ValidationContext } from '../../shared/validate';
import { findProfile } from '../mapping-store/profile-store';
import { readSpreadsheet, type ReadOptions } from '../spreadsheet';
import { loadDirectory } from './directory-cache';
import { isReportErrorColumn } from './report';
import { unneutralise } from './neutralise';
import { planImport } from './plan';
import { createProgrammeReader, createUserReader } from './plan-readers';
import type { ImportPlan } from './plan-types';
import { createResolver } from './resolve';
import { readAssignmentLedger } from './assignment-ledger';
import { assignmentLedger, connect, directoryCache, findOrganisation, type Connection, type EnvironmentDescription } from './session-environment';
import { startRun, type RunHandle, type StartRunOptions } from './session-run';

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
  read?: Pick<ReadOptions, 'sheet' | 'headerRow' | 'encoding' | 'delimiter'>;
  /** A mapping profile; without one, a profile saved for these headers in the data folder, else auto-mapping. */
  profile?: MappingProfile;
  /** `sandbox`, `practice`, `beta`, `live`, or a base URL. */
  environment: string;
  organisationId: number;
  customerToken?: string;
  dataDir: string;
  budgetPerMinute?: number;
  windowMs?: number;
  /** Rows in flight: a number, or `auto` (the default) to match OneFile's latency. */
  concurrency?: RowsInFlightSetting;
  skipInvalid?: boolean;
  /** Send every IQA and observer assignment again, even those earlier runs made (someone may have removed them in OneFile). */
  reassignStaff?: boolean;
  dateOrder?: 'dmy' | 'mdy';
  defaultRole?: RoleKey;
  /** Use a directory downloaded in the last few minutes (a dry run right after another). Live runs download afresh. */
  useCachedDirectory?: boolean;
  now?: () => Date;
  onStep?: (step: SessionStep) => void;
}

export interface ImportSession {
  file: { name: string; path: string; sha256: string; sheet?: string };
  table: Table;
  columns: MappedColumn[];
  mapping: Mapping;
  fileIssues: FileIssue[];
  /** File problems that stop the import (a required column missing, US dates). */
  blockingFileIssues: FileIssue[];
  organisation: { id: number; name: string };
  environment: EnvironmentDescription;
  plan: ImportPlan;
  connection: Connection;
  budgetPerMinute: number;
  windowMs: number;
  concurrency: RowsInFlightSetting;
  skipInvalid: boolean;
  /** Runs the plan in a new run folder. */
  start(options?: Partial<StartRunOptions>): Promise<RunHandle>;
  /** Closes the connection (and the built-in sandbox). */
  close(): Promise<void>;
}

function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The table as the user wrote it: CSV cells neutralised against formula injection by
 * an earlier errors report (`'=...`) get their exact value back. XLSX cells were
 * never neutralised.
 */
export function restoreNeutralisedCells(table: Table): Table {
  if (table.source.format !== 'csv') return table;
  return { ...table, rows: table.rows.map((row) => ({ ...row, cells: row.cells.map(unneutralise) })) };
}

export function fileSha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export const DEFAULT_BUDGET = 100;
export const DEFAULT_WINDOW_MS = 60_000;

export async function prepareImport(options: PrepareOptions): Promise<ImportSession> {
  const step = options.onStep ?? (() => {});
  const now = options.now ?? (() => new Date());
  const budgetPerMinute = options.budgetPerMinute ?? DEFAULT_BUDGET;
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const concurrency = options.concurrency ?? 'auto';
  const skipInvalid = options.skipInvalid ?? false;

  step('reading');
  const read = await readSpreadsheet(options.file, options.read);
  const table = restoreNeutralisedCells(read.table);

  step('mapping');
  const profile = options.profile ?? (await findProfile(path.join(options.dataDir, 'profiles'), table.headers)) ?? undefined;
  const context: ValidationContext = { today: localDate(now()), dateOrder: options.dateOrder, defaultRole: options.defaultRole ?? 'learner' };
  const auto = autoMap(table.headers, profile, { defaultRole: context.defaultRole });
  // The errors report's own columns are never data, whatever a profile says.
  const columns = auto.columns.map((c) => (isReportErrorColumn(c.header) ? { ...c, field: null, confidence: 0, reason: 'none' as const } : c));
  const mapping = toMapping(columns, profile);
  context.valueMaps = mapping.values;
  const rows = mapTable(table, mapping, context);

  step('validating');
  const validation = validateRows(rows, context);
  const fileIssues: FileIssue[] = [
    ...read.warnings.map((message): FileIssue => ({ code: 'read-warning', severity: 'warning', message })),
    ...conflictIssues(auto.conflicts),
    ...validation.fileIssues,
  ];

  step('connecting');
  const connection = await connect({
    environment: options.environment,
    customerToken: options.customerToken,
    dataDir: options.dataDir,
    budgetPerMinute,
    windowMs,
  });
  try {
    const organisation = await findOrganisation(connection.client, options.organisationId);

    step('directory');
    const loaded = await loadDirectory({
      client: connection.client,
      organisationId: organisation.id,
      cache: directoryCache(options.dataDir, connection.environment),
      // A stale learner list could create a learner twice: only a dry run may reuse one.
      refresh: !options.useCachedDirectory,
    });

    step('planning');
    const plan = await planImport({
      rows,
      directory: loaded.directory,
      resolver: createResolver(loaded.directory, mapping.values),
      options: {
        organisationId: organisation.id,
        organisationName: organisation.name,
        skipInvalid,
        budgetPerMinute,
        windowMs,
        concurrency,
        // Measured on the directory's calls: the ETA allows for OneFile's pace today.
        latencyMs: connection.client.latencyMs(),
      },
      readProgramme: createProgrammeReader(connection.client),
      readUser: createUserReader(connection.client),
      validationIssues: validation.rows.flat(),
      directoryCalls: loaded.callsSpent,
      knownAssignments: options.reassignStaff ? undefined : readAssignmentLedger(assignmentLedger(options.dataDir, connection.environment, organisation.id)),
    });

    const session: ImportSession = {
      file: { name: path.basename(options.file), path: path.resolve(options.file), sha256: fileSha256(options.file), sheet: table.source.sheet },
      table,
      columns,
      mapping,
      fileIssues,
      blockingFileIssues: fileIssues.filter((issue) => issue.severity === 'error'),
      organisation: { id: organisation.id, name: organisation.name },
      environment: connection.environment,
      plan,
      connection,
      budgetPerMinute,
      windowMs,
      concurrency,
      skipInvalid,
      start: (runOptions = {}) =>
        startRun({
          dataDir: options.dataDir,
          session,
          ...runOptions,
        }),
      close: () => connection.close(),
    };
    return session;
  } catch (error) {
    await connection.close();
    throw error;
  }
}

export { resumeRun } from './session-run';
export type { RunHandle, FinishedRun, StartRunOptions, ResumeRunOptions } from './session-run';
