import { AppError } from '../../shared/app-error';
import type { SandboxSwitches } from '../sandbox';
import type { DirectoryView, EnvironmentId, OrganisationView, PlanView } from '../../shared/contract-types';
import { type RowsInFlightSetting, type Connection, type ImportPlan, type OutageTiming, type UnresolvedValue, type Directory } from '../import';
import { connect } from '../connection/connect';
import { resolveBaseUrl, type NetworkOptions } from '../onefile';
import type { AppSettings } from './app-settings';
import type { DateOrderChoice } from '../../shared/import-settings';
import type { RoleKey } from '../../shared/fields';
import { environmentSettings } from './environment-settings';
import type { EventHub } from './event-hub';
import type { GridIndex } from './grid';
import type { References } from './references';
import type { RunTracker } from './run-tracker';
import type { TokenStore } from './token-store';
import type { UploadGate } from './uploads';
import type { Workbook } from './workbook';
import type { TickedCreations } from './create-missing';

/** What only the desktop app can do: native dialogs and opening a file with its OS app. */
export interface NativeDialogs {
  /** The Open dialog; null when cancelled. */
  pickSpreadsheet(): Promise<string | null>;
  /** The Save dialog for a report; null when cancelled. */
  pickSaveLocation(suggestedName: string): Promise<string | null>;
  /** Opens a saved report with the app the OS uses for it (Excel). */
  openPath(filePath: string): Promise<void>;
}

export interface AppServiceOptions {
  /** The user's data folder: runs, profiles, the sandbox's state, settings. */
  dataDir: string;
  face: 'desktop' | 'browser';
  tokenStore: TokenStore;
  /** OneFile's budget, 100 calls a minute; tests use a short window. */
  budgetPerMinute?: number;
  windowMs?: number;
  /** Rows in flight: a number, or `auto` (the default). */
  concurrency?: RowsInFlightSetting;
  dialogs?: NativeDialogs;
  now?: () => Date;
  /** The largest spreadsheet accepted as bytes (default 100 MB; tests make it smaller). */
  maxUploadBytes?: number;
  /** The built-in sandbox plays a OneFile that differs from the guides (tests: `ui --sandbox-switches`). */
  sandboxSwitches?: Partial<SandboxSwitches>;
  /**
   * The system's proxy for an address (`http://host:port`), or undefined to go directly: the
   * desktop app asks Electron, which knows Windows' and macOS' settings. Absent (browser
   * mode, tests), the environment's HTTPS_PROXY and NO_PROXY are used, as on the command line.
   */
  proxyFor?: (url: string) => Promise<string | undefined>;
  /** How long an export, a template, an undo's plan or an import's plan waits for a OneFile that stops answering (default a run's; tests shorten it). */
  outageTiming?: OutageTiming;
}

export interface ActiveConnection {
  environment: EnvironmentId;
  /** What the engine's `connect` takes: an environment name or an address. */
  engineEnvironment: string;
  baseUrl: string;
  token?: string;
  /** Null after it was closed for a resumed sandbox run; opened again on next use. */
  engine: Connection | null;
  customer: { id: number; name: string };
  organisations: OrganisationView[];
  organisation: OrganisationView | null;
}

export interface PlannedImport {
  plan: ImportPlan;
  view: PlanView;
  /** The data version the plan was made from: any edit makes it stale. */
  dataVersion: number;
  /** When it was made, and the directory it was made on (said in the plan's workbook). */
  madeAt: Date;
  directory: Directory;
}

/**
 * The session's state behind the contract. One object, passed to the handler groups
 * (connection, file, run), so each reads like the domain and none hides state.
 */
export interface ServiceContext {
  options: Required<Pick<AppServiceOptions, 'budgetPerMinute' | 'windowMs' | 'concurrency'>> & AppServiceOptions;
  now: () => Date;
  hub: EventHub;
  settings: AppSettings;
  connection: ActiveConnection | null;
  workbook: Workbook | null;
  /** How the open file is read (import settings): the date order the user chose (null: follow the file) and the role of rows without one. */
  fileChoices: { dateOrder: DateOrderChoice | null; defaultRole: RoleKey };
  /** Goes up whenever a file is opened or read again. */
  fileVersion: number;
  grid: GridIndex | null;
  references: References | null;
  /** False when the directory came from the cache or a run has changed OneFile since. */
  directoryFresh: boolean;
  directory: DirectoryView;
  unresolved: UnresolvedValue[] | null;
  /** Classes and placements ticked in Review to be created by the import (./create-missing). */
  createMissing: TickedCreations;
  /** Goes up with every change to the rows, the mapping or the references. */
  dataVersion: number;
  planned: PlannedImport | null;
  /** The revision of the last state described to the view (see AppStateView.revision). */
  stateRevision: number;
  instance: string;
  /** The directory load in progress (Review's check or the plan's refresh): loads run one at a time. */
  directoryLoad: Promise<unknown> | null;
  run: RunTracker | null;
  /** A run (an import, a resume, an undo) is being started: until it is, `run` is the one before. */
  runStarting: boolean;
  /** Tokens seen this session, to scrub from any message. */
  secrets: Set<string>;
  /** One upload received at a time (see ./uploads). */
  uploadGate: UploadGate;
}

/**
 * Runs a directory load after any load already in progress, never beside it. Review
 * checks names in the background while the user may already be on the plan step: two
 * loads side by side would let the slower one land after the plan was made and make it
 * stale, so Start import would refuse it.
 */
export function oneDirectoryLoadAtATime<T>(context: ServiceContext, load: () => Promise<T>): Promise<T> {
  const previous = context.directoryLoad ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(load);
  const settled = next.catch(() => undefined);
  context.directoryLoad = settled;
  void settled.then(() => {
    if (context.directoryLoad === settled) context.directoryLoad = null;
  });
  return next;
}

/** The rows, mapping or references changed: the plan and the unresolved list are stale. */
export function dataChanged(context: ServiceContext): void {
  context.dataVersion += 1;
  context.planned = null;
  context.unresolved = null;
}

export function requireWorkbook(context: ServiceContext): Workbook {
  if (!context.workbook) throw new AppError('no-file', 'No spreadsheet is open. Drop one on the window or choose Browse.');
  return context.workbook;
}

export function requireOrganisation(context: ServiceContext): { connection: ActiveConnection; organisation: OrganisationView } {
  const connection = context.connection;
  if (!connection) throw new AppError('not-connected', 'Not connected to OneFile. Go to Connect and choose where to import.');
  if (!connection.organisation) throw new AppError('no-organisation', 'No organisation is chosen. Go to Connect and pick the organisation to import into.');
  return { connection, organisation: connection.organisation };
}

/** How calls to an environment travel on this computer's network: through the system's proxy where the face knows it. */
export async function networkFor(context: ServiceContext, engineEnvironment: string): Promise<NetworkOptions | undefined> {
  const proxyFor = context.options.proxyFor;
  if (!proxyFor || engineEnvironment === 'sandbox') return undefined;
  try {
    const proxyUrl = await proxyFor(resolveBaseUrl(engineEnvironment));
    // The system's answer is the whole of it (it reads the environment's variables too): direct means direct.
    return { proxyUrl, env: {} };
  } catch {
    // The system could not say: the environment's proxy variables, as on the command line.
    return undefined;
  }
}

/** The engine connection, opened again if it was closed (after a resumed sandbox run). */
export async function engineConnection(context: ServiceContext): Promise<Connection> {
  const connection = context.connection;
  if (!connection) throw new AppError('not-connected', 'Not connected to OneFile. Go to Connect and choose where to import.');
  connection.engine ??= await connect({
    network: await networkFor(context, connection.engineEnvironment),
    environment: connection.engineEnvironment,
    customerToken: connection.token,
    dataDir: context.options.dataDir,
    budgetPerMinute: environmentSettings(context.settings, context.options, context.options.dataDir, connection).budgetPerMinute,
    windowMs: context.options.windowMs,
    sandboxSwitches: context.options.sandboxSwitches,
  });
  // The app may have been open for days: what it learned of OneFile a week ago is looked at again, as a new connection would.
  if (!isRunActive(context)) connection.engine.forgetReadingsPastBelief(context.now());
  return connection.engine;
}

export function isRunActive(context: ServiceContext): boolean {
  return context.run !== null && context.run.isActive();
}

/**
 * The open file, to change (a cell, a paste, a name resolved, the mapping): not while an
 * import holds the app (running, or paused until it is resumed or cancelled). The run
 * imports the file as it was planned: a change meanwhile would be shown but not imported,
 * and its plan would meet the run. Review says so before anyone tries; main refuses anyway.
 */
export function requireChangeableWorkbook(context: ServiceContext): Workbook {
  if (isRunActive(context)) throw new AppError('run-active', 'An import is running: the file cannot be changed until it has finished. Go to Import to follow it, or to pause or cancel it.');
  return requireWorkbook(context);
}

/**
 * Starts a run (an import, a resume from History, an undo) unless one is running or being
 * started: Start pressed twice (a double click, a second tab in browser mode) is told so,
 * rather than meeting the first run's changes as a stale plan, or starting beside it.
 */
export async function startingOneRun<T>(context: ServiceContext, busy: string, start: () => Promise<T>): Promise<T> {
  if (context.runStarting || isRunActive(context)) throw new AppError('run-active', busy);
  context.runStarting = true;
  try {
    return await start();
  } finally {
    context.runStarting = false;
  }
}
