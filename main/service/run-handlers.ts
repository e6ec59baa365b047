import { DEFAULT_WINDOW_MS } from '../../shared/defaults';
import { AppError } from '../../shared/app-error';
import * as fs from 'node:fs/promises';
import { connectForRun } from '../connection/connect';
import * as path from 'node:path';
import type { ServiceHandlers } from '../../shared/contract';
import type { ReportFormat, ReportKind } from '../../shared/contract-types';
import { loadDirectory, planImport, planReaders, readRun, assignmentLedger, directoryCache, readAssignmentLedger, resumeRun, startRun, estimateDurationMs, type ImportSession, type FinishedRun, type RunHandle, type ProgressEvent as EngineProgress, coversNeeds, directoryNeedsOf, withDefaultRole } from '../import';
import { buildState, tokenKey } from './connection-handlers';
import { environmentIdOf, environmentOption } from './environment-options';
import { discardUpload } from './file-handlers';
import { checkReferences } from './references';
import { createRunTracker, type RunMeta, type RunTracker } from './run-tracker';
import { runHistory } from './run-history';
import { planView } from './plan-view';
import { importSettingsView } from './import-settings';
import { estimateAtLimiterMs, type PacedClient } from './run-pace';
import { environmentSettings } from './environment-settings';
import { dataChanged, engineConnection, oneDirectoryLoadAtATime, requireOrganisation, requireWorkbook, type ServiceContext } from './service-context';
import { allIssues, fileIssues } from './workbook';
import { createMissingFor } from './create-missing';

/**
 * Plan (the dry run), run, follow, pause, resume, cancel; the history of runs and
 * their reports. Runs are the engine's (`run/run-folder`): a run folder, a journal, the
 * reports; this only starts them with what the screens prepared and follows them.
 */

type RunHandlers = Pick<
  ServiceHandlers,
  'planImport' | 'startRun' | 'pauseRun' | 'resumeRun' | 'cancelRun' | 'listRuns' | 'resumeFromHistory' | 'exportReport' | 'openReport'
>;

const MIME: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};


/** Holds the engine's events until the run's tracker exists (its ID is known only once the run has started). */
function bufferedEvents() {
  let target: RunTracker | null = null;
  const early: EngineProgress[] = [];
  return {
    onEvent: (event: EngineProgress) => (target ? target.onEvent(event) : early.push(event)),
    deliverTo(tracker: RunTracker) {
      target = tracker;
      early.splice(0).forEach((event) => tracker.onEvent(event));
    },
  };
}

export function createRunHandlers(context: ServiceContext): RunHandlers {
  const { options, hub } = context;

  function activeRun() {
    if (!context.run) throw new AppError('run-not-found', 'No import has been started. Plan one, or resume one from History.');
    return context.run;
  }

  function afterRun(finished: FinishedRun | null): void {
    // The run changed OneFile: the directory in memory no longer tells the whole truth.
    context.directoryFresh = false;
    dataChanged(context);
    void finished;
    void buildState(context).then((state) => hub.emit('state', state));
  }

  /**
   * The run's rows are in its own folder once it has started: an uploaded copy it was
   * made from is no longer needed when it finishes, and is deleted before the view
   * hears that it finished.
   */
  function discardingUploadWhenFinished<H extends RunHandle>(handle: H, filePath: string | undefined): H {
    if (!filePath) return handle;
    const discard = () => discardUpload(context, filePath).catch(() => undefined);
    const finished = handle.finished.then(
      async (done) => {
        await discard();
        return done;
      },
      async (error: unknown) => {
        await discard();
        throw error;
      },
    );
    return { ...handle, finished };
  }

  function reportPath(runId: string | undefined, kind: ReportKind, format: ReportFormat): { file: string; fileName: string } {
    const id = runId ?? context.run?.runId;
    if (!id) throw new AppError('run-not-found', 'Which run? Pick one in History.');
    const run = readRun(options.dataDir, id);
    const files = run.reports?.[kind];
    if (!files) {
      throw new AppError('run-not-found', 
        kind === 'errors'
          ? `Run ${id} has no errors report: every row went in (or the run has not finished).`
          : `Run ${id} has no results report yet: it has not finished. Resume it from History.`,
      );
    }
    const stem = path.parse(run.file.name).name.replace(/[^\p{L}\p{N}.-]+/gu, '_');
    return { file: files[format], fileName: `${stem}-${kind}-${id}.${format}` };
  }

  return {
    async planImport(input) {
      const workbook = requireWorkbook(context);
      const { connection, organisation } = requireOrganisation(context);
      if (context.run?.isActive()) throw new AppError('run-active', 'An import is running. Plan the next one when it has finished.');
      const blocking = fileIssues(workbook).filter((issue) => issue.severity === 'error');
      if (blocking.length > 0) {
        throw new AppError('run-refused', `The file cannot be imported as it is: ${blocking.map((issue) => issue.message).join(' ')}`);
      }
      const engine = await engineConnection(context);
      // After Review's check if it is still running: never two directory loads side by side.
      const needs = directoryNeedsOf(withDefaultRole(workbook.validation.rows, importSettingsView(context).defaultRole));
      const directoryCalls = await oneDirectoryLoadAtATime(context, async () => {
        if (context.references && context.directoryFresh && coversNeeds(context.references.directory.read, needs)) return 0;
        // A stale list of learners could create a learner twice: plan on a fresh directory.
        const loaded = await loadDirectory({
          client: engine.client,
          organisationId: organisation.id,
          cache: directoryCache(options.dataDir, engine.environment),
          refresh: true,
          needs,
        });
        engine.rememberLearned();
        context.references = checkReferences(workbook, loaded.directory, context.now().toISOString());
        context.directoryFresh = true;
        context.directory = { status: 'ready', fetchedAt: context.references.fetchedAt, message: null };
        context.grid?.invalidate();
        dataChanged(context);
        return loaded.callsSpent;
      });
      if (context.workbook !== workbook) throw new AppError('plan-stale', 'Another file was opened while the import was being planned. Look at the plan again.');
      const references = context.references!;
      const settings = importSettingsView(context);
      const plan = await planImport({
        rows: withDefaultRole(workbook.validation.rows, settings.defaultRole),
        directory: references.directory,
        resolver: references.resolver,
        options: {
          organisationId: organisation.id,
          organisationName: organisation.name,
          skipInvalid: input.skipInvalid,
          budgetPerMinute: settings.budgetPerMinute,
          windowMs: options.windowMs,
          concurrency: settings.rowsInFlight,
          matchOrder: settings.matchOrder,
          latencyMs: engine.client.latencyMs(),
          createMissing: createMissingFor(context),
        },
        ...planReaders(engine, organisation.id),
        validationIssues: allIssues(workbook),
        directoryCalls,
        knownAssignments: settings.reassignStaff ? undefined : readAssignmentLedger(assignmentLedger(options.dataDir, engine.environment, organisation.id)),
      });
      const option = environmentOption(connection.environment);
      const view = planView(plan, {
        organisation,
        environment: connection.environment,
        live: option.live,
        skipInvalid: input.skipInvalid,
        settings,
        nameOf: (field, id) => references.resolver.nameOf(field, id),
        etaMs: estimateAtLimiterMs(engine.client, plan.summary.calls.reads + plan.summary.calls.writes, settings.rowsInFlight),
      });
      context.planned = { plan, view, dataVersion: context.dataVersion };
      return view;
    },

    async startRun(input) {
      const workbook = requireWorkbook(context);
      const { connection, organisation } = requireOrganisation(context);
      if (context.run?.isActive()) throw new AppError('run-active', 'An import is already running.');
      const planned = context.planned;
      if (!planned || planned.dataVersion !== context.dataVersion) {
        throw new AppError('plan-stale', 'The file changed since the plan was made. Look at the plan again before importing.');
      }
      const option = environmentOption(connection.environment);
      if (option.live && input.confirmLiveOrganisationId !== organisation.id) {
        throw new AppError('not-confirmed', `This import writes to OneFile Live. Confirm it for ${organisation.name} (organisation ${organisation.id}) to start.`);
      }
      const engine = await engineConnection(context);
      const issues = fileIssues(workbook);
      const settings = importSettingsView(context);
      const session: ImportSession = {
        file: { name: workbook.name, path: workbook.path, sha256: workbook.sha256, sheet: workbook.table.source.sheet, format: workbook.table.source.format },
        table: workbook.table,
        columns: workbook.columns,
        mapping: workbook.mapping,
        fileIssues: issues,
        blockingFileIssues: issues.filter((issue) => issue.severity === 'error'),
        organisation,
        environment: engine.environment,
        plan: planned.plan,
        connection: engine,
        budgetPerMinute: settings.budgetPerMinute,
        windowMs: options.windowMs,
        concurrency: settings.rowsInFlight,
        skipInvalid: planned.view.skipInvalid,
        start: (more = {}) => startRun({ dataDir: options.dataDir, session, ...more }),
        close: () => engine.close(),
      };
      const meta: RunMeta = { fileName: workbook.name, organisation, environment: connection.environment, live: option.live, rows: planned.plan.rows.length };
      const events = bufferedEvents();
      const estimateMs = (calls: number) => estimateAtLimiterMs(engine.client, calls, settings.rowsInFlight);
      const handle = discardingUploadWhenFinished(await session.start({ onEvent: events.onEvent, estimateMs }), workbook.path);
      const tracker = createRunTracker(handle.runId, meta, hub, engine.client);
      events.deliverTo(tracker);
      context.run = tracker;
      tracker.attach(handle, afterRun);
      return tracker.view();
    },

    async pauseRun() {
      const run = activeRun();
      run.handle().runner.pause();
      run.syncState();
      return run.view();
    },

    async resumeRun() {
      const run = activeRun();
      run.handle().runner.resume();
      run.syncState();
      return run.view();
    },

    async cancelRun() {
      const run = activeRun();
      run.handle().runner.cancel();
      run.syncState();
      return run.view();
    },

    listRuns: async () => runHistory(options.dataDir, context.run?.isActive() ? context.run.runId : null),

    async resumeFromHistory(input) {
      if (context.run?.isActive()) throw new AppError('run-active', 'An import is running. Resume the other one when it has finished.');
      const record = readRun(options.dataDir, input.runId);
      const environment = environmentIdOf(record.environment.name);
      const option = environmentOption(environment);
      let token: string | undefined;
      if (option.needsToken) {
        const connection = context.connection;
        token =
          (connection && connection.baseUrl === record.environment.baseUrl ? connection.token : undefined) ??
          (await options.tokenStore.get(tokenKey(environment, record.environment.baseUrl))) ??
          undefined;
        if (!token) throw new AppError('token-needed', `Run ${input.runId} imports into ${option.label}. Connect to ${option.label} with the customer token first, then resume it.`);
      }
      const organisation = { id: record.organisation.id, name: record.organisation.name ?? `Organisation ${record.organisation.id}` };
      const meta: RunMeta = { fileName: record.file.name, organisation, environment, live: option.live, rows: record.counts.rows };
      const events = bufferedEvents();
      // The environment's settings now: the user may have raised the budget since the run began.
      const settings = environmentSettings(context.settings, options, options.dataDir, {
        environment,
        baseUrl: record.environment.baseUrl,
        engineEnvironment: environment === 'sandbox' ? 'sandbox' : record.environment.baseUrl,
      });
      let paced: PacedClient | null = null;
      // The app's own connection when it is to the run's OneFile (the built-in sandbox is
      // not started a second time, nor is anyone signed in again); else one for the run.
      const engine = context.connection?.engine;
      const same = engine && (environment === 'sandbox' ? engine.environment.builtInSandbox : !engine.environment.builtInSandbox && engine.environment.baseUrl === record.environment.baseUrl);
      const windowMs = options.windowMs === DEFAULT_WINDOW_MS ? undefined : options.windowMs;
      const connection = same ? engine : await connectForRun(options.dataDir, record, { customerToken: token, budgetPerMinute: settings.budgetPerMinute, windowMs });
      let resumed;
      try {
        resumed = await resumeRun({
          dataDir: options.dataDir,
          runId: input.runId,
          connection,
          closeConnection: !same,
          windowMs,
          concurrency: settings.rowsInFlight,
          onEvent: events.onEvent,
          estimateMs: (calls) =>
            paced
              ? estimateAtLimiterMs(paced, calls, settings.rowsInFlight)
              : estimateDurationMs(calls, { budgetPerMinute: settings.budgetPerMinute, windowMs: options.windowMs, concurrency: settings.rowsInFlight }),
        });
      } catch (error) {
        if (!same) await connection.close();
        throw error;
      }
      paced = resumed.connection.client;
      const handle = discardingUploadWhenFinished(resumed, record.file.path);
      const tracker = createRunTracker(handle.runId, handle.journalWarning ? { ...meta, warning: handle.journalWarning } : meta, hub, resumed.connection.client);
      events.deliverTo(tracker);
      context.run = tracker;
      tracker.attach(handle, afterRun);
      return tracker.view();
    },

    async exportReport(input) {
      const { file, fileName } = reportPath(input.runId, input.kind, input.format);
      if (options.dialogs) {
        const target = await options.dialogs.pickSaveLocation(fileName);
        if (!target) return { fileName, mimeType: MIME[input.format], savedTo: null, contentBase64: null };
        await fs.copyFile(file, target);
        return { fileName: path.basename(target), mimeType: MIME[input.format], savedTo: target, contentBase64: null };
      }
      const bytes = await fs.readFile(file);
      return { fileName, mimeType: MIME[input.format], savedTo: null, contentBase64: bytes.toString('base64') };
    },

    async openReport(input) {
      if (!options.dialogs) throw new AppError('not-available', 'Export the report and open it from your Downloads folder.');
      const { file } = reportPath(input.runId, input.kind, input.format);
      await options.dialogs.openPath(file);
      return { opened: true };
    },
  };
}
