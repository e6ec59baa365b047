import { AppError } from '../../shared/app-error';
import type { ServiceHandlers } from '../../shared/contract';
import { readRun, resumeRun, startRun, estimateDurationMs, supersededRunMessage, supersedingWrite, type RunData, type RunHandle, type ProgressEvent as EngineProgress } from '../import';
import { buildState } from './connection-handlers';
import { environmentIdOf, environmentOption } from './environment-options';
import { discardUpload } from './file-handlers';
import { createRunTracker, type RunMeta, type RunTracker } from './run-tracker';
import { importSettingsView } from './import-settings';
import { estimateAtLimiterMs, type PacedClient } from './run-pace';
import { environmentSettings } from './environment-settings';
import { dataChanged, engineConnection, requireOrganisation, requireWorkbook, startingOneRun, type ServiceContext } from './service-context';
import { fileIssues } from './workbook';
import { connectionForRun, windowFor } from './run-connection';
import { undoDoneSteps } from './run-views';

/**
 * Run, follow, pause, resume, cancel, and resume from History. Runs are the engine's
 * (`run/run-folder`): a run folder, a journal, the reports; this only starts them with
 * the plan the Plan screen made (plan-handlers.ts) and follows them.
 */

type RunHandlers = Pick<ServiceHandlers, 'startRun' | 'pauseRun' | 'resumeRun' | 'cancelRun' | 'resumeFromHistory'>;

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

/**
 * The run's rows are in its own folder once it has started: an uploaded copy it was
 * made from is no longer needed when it finishes, and is deleted before the view
 * hears that it finished.
 */
function discardingUploadWhenFinished<H extends RunHandle>(context: ServiceContext, handle: H, filePath: string | undefined): H {
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

/** Makes a started run the app's run: followed by its tracker, its early events delivered, the upload discarded when it ends. */
function followRun(
  context: ServiceContext,
  started: RunHandle,
  follow: { meta: RunMeta; client: PacedClient; events: ReturnType<typeof bufferedEvents>; filePath: string | undefined },
) {
  const handle = discardingUploadWhenFinished(context, started, follow.filePath);
  const meta = follow.meta.undoOf ? { ...follow.meta, doneSteps: undoDoneSteps(handle.plan) } : follow.meta;
  const tracker = createRunTracker(handle.runId, meta, context.hub, follow.client);
  follow.events.deliverTo(tracker);
  context.run = tracker;
  tracker.attach(handle, () => {
    // The run changed OneFile: the directory in memory no longer tells the whole truth.
    context.directoryFresh = false;
    dataChanged(context);
    void buildState(context).then((state) => context.hub.emit('state', state));
  });
  return tracker.view();
}

export function createRunHandlers(context: ServiceContext): RunHandlers {
  const { options } = context;

  function activeRun() {
    if (!context.run) throw new AppError('run-not-found', 'No import has been started. Plan one, or resume one from History.');
    return context.run;
  }

  return {
    async startRun(input) {
      return startingOneRun(context, 'An import is already running.', async () => {
        const workbook = requireWorkbook(context);
        const { connection, organisation } = requireOrganisation(context);
        const planned = context.planned;
        if (!planned || planned.dataVersion !== context.dataVersion) {
          throw new AppError('plan-stale', 'The file changed since the plan was made. Look at the plan again before importing.');
        }
        const option = environmentOption(connection.environment);
        if (option.live && input.confirmLiveOrganisationId !== organisation.id) {
          throw new AppError('not-confirmed', `This import writes to OneFile Live. Confirm it for ${organisation.name} (organisation ${organisation.id}) to start.`);
        }
        const engine = await engineConnection(context);
        const settings = importSettingsView(context);
        const data: RunData = {
          file: { name: workbook.name, path: workbook.path, sha256: workbook.sha256, sheet: workbook.table.source.sheet, format: workbook.table.source.format },
          table: workbook.table,
          mapping: workbook.mapping,
          blockingFileIssues: fileIssues(workbook).filter((issue) => issue.severity === 'error'),
          organisation,
          environment: engine.environment,
          plan: planned.plan,
          connection: engine,
          budgetPerMinute: settings.budgetPerMinute,
          windowMs: options.windowMs,
          concurrency: settings.rowsInFlight,
          skipInvalid: planned.view.skipInvalid,
        };
        const meta: RunMeta = {
          fileName: workbook.name,
          organisation,
          environment: connection.environment,
          live: option.live,
          rows: planned.plan.rows.length,
          fileVersion: context.fileVersion,
        };
        const events = bufferedEvents();
        const estimateMs = (calls: number) => estimateAtLimiterMs(engine.client, calls, settings.rowsInFlight);
        const started = await startRun({ dataDir: options.dataDir, data, onEvent: events.onEvent, estimateMs, planAgeClock: context.now });
        return followRun(context, started, { meta, client: engine.client, events, filePath: workbook.path });
      });
    },

    async pauseRun() {
      const run = activeRun();
      run.handle().runner.pause();
      run.syncState();
      return run.view();
    },

    async resumeRun() {
      const run = activeRun();
      // Paused here while another program (the command line's weekly job) imported into the
      // organisation: the plan no longer says what OneFile holds, and going on could make again what that did.
      const record = readRun(options.dataDir, run.runId);
      const later = supersedingWrite(options.dataDir, record);
      if (later) throw new AppError('run-refused', `${supersededRunMessage(run.runId, record.file.name, later)} Cancel this run first.`);
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

    async resumeFromHistory(input) {
      return startingOneRun(context, 'An import is running. Resume the other one when it has finished.', async () => {
        const record = readRun(options.dataDir, input.runId);
        const environment = environmentIdOf(record.environment.name);
        const option = environmentOption(environment);
        const organisation = { id: record.organisation.id, name: record.organisation.name ?? `Organisation ${record.organisation.id}` };
        const meta: RunMeta = {
          fileName: record.file.name,
          organisation,
          environment,
          live: option.live,
          rows: record.counts.rows,
          ...(record.undo ? { undoOf: record.undo.of } : {}),
        };
        const events = bufferedEvents();
        // The environment's settings now: the user may have raised the budget since the run began.
        const settings = environmentSettings(context.settings, options, options.dataDir, {
          environment,
          baseUrl: record.environment.baseUrl,
          engineEnvironment: environment === 'sandbox' ? 'sandbox' : record.environment.baseUrl,
        });
        let paced: PacedClient | null = null;
        const { connection, shared } = await connectionForRun(context, record, 'resume', settings.budgetPerMinute);
        const windowMs = windowFor(context);
        let resumed;
        try {
          resumed = await resumeRun({
            dataDir: options.dataDir,
            runId: input.runId,
            connection,
            closeConnection: !shared,
            windowMs,
            planAgeClock: context.now,
            concurrency: settings.rowsInFlight,
            onEvent: events.onEvent,
            estimateMs: (calls) =>
              paced
                ? estimateAtLimiterMs(paced, calls, settings.rowsInFlight)
                : estimateDurationMs(calls, { budgetPerMinute: settings.budgetPerMinute, windowMs: options.windowMs, concurrency: settings.rowsInFlight }),
          });
        } catch (error) {
          if (!shared) await connection.close();
          throw error;
        }
        paced = resumed.connection.client;
        const warned = resumed.journalWarning ? { ...meta, warning: resumed.journalWarning } : meta;
        return followRun(context, resumed, { meta: warned, client: resumed.connection.client, events, filePath: record.file.path });
      });
    },
  };
}
