import { DEFAULT_BUDGET_PER_MINUTE, DEFAULT_WINDOW_MS } from '../../shared/defaults';
import { randomUUID } from 'node:crypto';
import type { ServiceHandlers } from '../../shared/contract';
import type { FileView } from '../../shared/contract-types';
import { readSettings, writeSettings, type AppSettings } from './app-settings';
import { buildState, createConnectionHandlers } from './connection-handlers';
import { createEventHub } from './event-hub';
import { createFileHandlers, openPath, openUploadedStream } from './file-handlers';
import { createOrganisationDataHandlers } from './organisation-data-handlers';
import { createProbeHandlers } from './probe-handlers';
import { createRunHandlers } from './run-handlers';
import { createPlanHandlers } from './plan-handlers';
import { createReportHandlers } from './report-handlers';
import { createSettingsHandlers } from './settings-handlers';
import type { AppServiceOptions, ServiceContext } from './service-context';
import type { ServiceRuntime } from './service-types';
import { createUploadGate, DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_UPLOAD_RETENTION_DAYS, isUploadedCopy, sweepUploadedCopies } from './uploads';
import { ensurePrivateFolder } from '../private-files';
import { existsSync } from 'node:fs';
import { updateRun } from '../import';
import { createCreateMissingHandlers, NO_CREATIONS } from './create-missing';
import { createUndoHandlers } from './undo-handlers';
import { createWorkbookHandlers } from './workbook-handlers';

export type { AppServiceOptions, NativeDialogs } from './service-context';

/**
 * The app's service: the contract's handlers over one import session, built on the
 * engine (`main/spreadsheet`, `shared` mapping and validation, `main/import`). Both
 * faces use it: the Electron shell registers it on IPC, browser mode serves it over
 * loopback HTTP. What only the shell does (the File menu, a double-clicked file,
 * asking before closing mid-run) goes through the extra functions here.
 */
export interface AppService extends ServiceRuntime {
  /** Opens a file chosen outside the view (menu, OS file association) and tells the view. */
  openPath(filePath: string): Promise<FileView>;
  /** True while an import is running or paused: closing should ask first. */
  hasActiveRun(): boolean;
  /** Recent files, for the File menu. */
  recentFiles(): Array<{ id: string; name: string; folder: string }>;
  clearRecentFiles(): Promise<void>;
  /** Closes the OneFile connection (and the built-in sandbox). A running import is cancelled first. */
  close(): Promise<void>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * At start-up: the data folder made private (an older one may be 0755), and uploaded
 * copies past the retention period deleted, with their recent-file entries.
 */
async function tidyDataFolder(dataDir: string, now: Date): Promise<AppSettings> {
  ensurePrivateFolder(dataDir);
  const settings = await readSettings(dataDir);
  sweepUploadedCopies(dataDir, settings.uploadRetentionDays ?? DEFAULT_UPLOAD_RETENTION_DAYS, now);
  const recentFiles = settings.recentFiles.filter((f) => !isUploadedCopy(dataDir, f.path) || existsSync(f.path));
  if (recentFiles.length === settings.recentFiles.length) return settings;
  const tidied = { ...settings, recentFiles };
  await writeSettings(dataDir, tidied);
  return tidied;
}

export async function createAppService(options: AppServiceOptions): Promise<AppService> {
  const hub = createEventHub();
  const now = options.now ?? (() => new Date());
  const context: ServiceContext = {
    options: {
      ...options,
      // Explicitly undefined options (a CLI flag not given) fall back to OneFile's defaults.
      budgetPerMinute: options.budgetPerMinute ?? DEFAULT_BUDGET_PER_MINUTE,
      windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
      concurrency: options.concurrency ?? 'auto',
    },
    now,
    hub,
    settings: await tidyDataFolder(options.dataDir, now()),
    connection: null,
    workbook: null,
    fileChoices: { dateOrder: null, defaultRole: 'learner' },
    fileVersion: 0,
    grid: null,
    references: null,
    directoryFresh: false,
    directory: { status: 'none', fetchedAt: null, message: null },
    unresolved: null,
    createMissing: NO_CREATIONS,
    dataVersion: 0,
    planned: null,
    stateRevision: 0,
    instance: randomUUID(),
    directoryLoad: null,
    run: null,
    runStarting: false,
    secrets: new Set(),
    uploadGate: createUploadGate(),
  };
  const handlers: ServiceHandlers = {
    ...createConnectionHandlers(context),
    ...createOrganisationDataHandlers(context),
    ...createProbeHandlers(context),
    ...createFileHandlers(context),
    ...createPlanHandlers(context),
    ...createRunHandlers(context),
    ...createReportHandlers(context),
    ...createSettingsHandlers(context),
    ...createCreateMissingHandlers(context),
    ...createWorkbookHandlers(context),
    // Undo is started as History resumes a run: by the run handlers' own resume.
    ...createUndoHandlers(context, (runId) => handlers.resumeFromHistory({ runId })),
  };
  const redact = (text: string) => {
    let out = text;
    for (const secret of context.secrets) {
      if (secret.length >= 4) out = out.replace(new RegExp(escapeRegExp(secret), 'g'), '[customer token]');
    }
    return out;
  };

  return {
    handlers,
    on: hub.on,
    redact,
    uploads: {
      maxBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
      open: (fileName, body) => openUploadedStream(context, fileName, body),
    },
    async openPath(filePath) {
      const view = await openPath(context, filePath);
      hub.emit('state', await buildState(context));
      return view;
    },
    hasActiveRun: () => context.run?.isActive() ?? false,
    recentFiles: () => context.settings.recentFiles.map((f) => ({ id: f.id, name: f.name, folder: f.folder })),
    async clearRecentFiles() {
      context.settings = { ...context.settings, recentFiles: [] };
      await writeSettings(options.dataDir, context.settings);
      hub.emit('state', await buildState(context));
    },
    async close() {
      const run = context.run;
      if (run?.isActive()) {
        const paused = run.view().state === 'paused';
        run.handle().runner.cancel();
        await run.handle().finished.catch(() => undefined);
        // The runner stops by cancelling; a run the user paused stays paused for the next start.
        if (paused) updateRun(options.dataDir, run.runId, { state: 'paused', message: 'Paused when the app was closed: resume it from History.' });
      }
      await context.connection?.engine?.close();
      context.connection = null;
    },
  };
}
