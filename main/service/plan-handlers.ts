import { AppError } from '../../shared/app-error';
import type { ServiceHandlers } from '../../shared/contract';
import type { OrganisationView, PlanView } from '../../shared/contract-types';
import { confirmLoadedDirectory, coversNeeds, directoryAgeMs, directoryCache, directoryNeedsOf, loadDirectory, planImport, planReaders, earlierRuns, ledgerWithStoppedRuns, planProgress, withDefaultRole, buildPlanSheet, writeReportXlsx, type Connection, type PlanProgress, type TaskProgress } from '../import';
import { checkReferences, confineStaff, readerKeeping, unresolvedFieldsOf } from './references';
import { planView } from './plan-view';
import { importSettingsView } from './import-settings';
import { estimateAtLimiterMs } from './run-pace';
import { environmentOption } from './environment-options';
import { dataChanged, engineConnection, oneDirectoryLoadAtATime, requireOrganisation, requireWorkbook, type ActiveConnection, type ServiceContext } from './service-context';
import { stoppedHere, taskWaits } from './task-waits';
import type { Workbook } from './workbook';
import { allIssues, fileIssues } from './workbook';
import { createMissingFor } from './create-missing';
import { fileStem, handOverMade } from './hand-over';

/**
 * The plan (the dry run): the open file against a fresh directory of the
 * organisation, through the engine's one planner, shown with the settings it was made
 * with and kept for Import to start.
 */

type PlanHandlers = Pick<ServiceHandlers, 'planImport' | 'exportPlan'>;

/**
 * How old Review's reading of OneFile may be for a plan to be made on it rather than a
 * new one: a plan is started only within PLAN_FRESH_MS of its reading, so a plan on an
 * older one would leave little time to look it over.
 */
const REVIEW_DIRECTORY_REUSE_MS = 3 * 60_000;

export function createPlanHandlers(context: ServiceContext): PlanHandlers {
  const { options } = context;

  /**
   * A stale list of learners could create a learner twice: the plan is made on a
   * directory read now, unless the one in memory is fresh and holds every kind this
   * file needs. Returns the calls the read took.
   */
  async function freshDirectory(workbook: Workbook, organisationId: number, engine: Connection, progress: PlanProgress): Promise<number> {
    const needs = directoryNeedsOf(withDefaultRole(workbook.validation.rows, importSettingsView(context).defaultRole));
    // After Review's check if it is still running: never two directory loads side by side. The plan reads what it
    // needs itself: the check is let finish while OneFile answers (its directory is then reused), not waited behind
    // while it waits for a silent OneFile (the plan then waits in its own right, saying so, with Stop).
    const checking = taskWaits(context).stopWhenSilent('names');
    // Said, rather than a bar standing still for the minute a large organisation's reading may take.
    if (context.directoryLoad) progress.waitingForDirectory(checking ? "Review's check of the names" : 'the reading under way');
    return oneDirectoryLoadAtATime(context, async () => {
      const reusable = context.references && context.directoryFresh && coversNeeds(context.references.directory.read, needs);
      // Review's reading, when it is recent: a plan made on an older one would leave little of its time to look it over (see PLAN_FRESH_MS).
      if (reusable && directoryAgeMs(context.references!.directory, context.now().getTime()) <= REVIEW_DIRECTORY_REUSE_MS) return 0;
      const cache = directoryCache(options.dataDir, engine.environment, context.now);
      const read = await loadDirectory({ client: engine.client, organisationId, cache, refresh: true, needs, onProgress: progress.directory });
      let references = checkReferences(workbook, read.directory, context.now().toISOString());
      // A name missing from a kind an unpaged search brought is looked for page by page before it is called missing.
      const loaded = await confirmLoadedDirectory(read, { client: engine.client, cache }, unresolvedFieldsOf(references));
      const staff = await confineStaff(workbook, loaded.directory, engine.client);
      // Checked again, once, where either changed what the names resolve to.
      if (loaded !== read || staff.confined) references = { ...checkReferences(workbook, loaded.directory, references.fetchedAt, staff.confined?.confine), ...staff.confined };
      engine.rememberLearned();
      context.references = references;
      context.directoryFresh = true;
      context.directory = { status: 'ready', fetchedAt: context.references.fetchedAt, message: null };
      context.grid?.invalidate();
      dataChanged(context);
      return loaded.callsSpent + staff.calls;
    });
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
      // Made only of reads: where OneFile stops answering it waits and plans again from the start, as an export does.
      return taskWaits(context).run('plan', 'Planning the import', (onProgress, stopped) => makePlan(workbook, connection, organisation, input.skipInvalid, onProgress, stopped));
    },

    async exportPlan() {
      const workbook = requireWorkbook(context);
      const { connection, organisation } = requireOrganisation(context);
      const planned = context.planned;
      if (!planned || planned.dataVersion !== context.dataVersion) {
        throw new AppError('plan-stale', 'The file changed since the plan was made. Look at the plan again, then save it.');
      }
      const sheet = buildPlanSheet({
        plan: planned.plan,
        table: workbook.table,
        mapping: workbook.mapping,
        directory: planned.directory,
        about: { file: workbook.name, environment: environmentOption(connection.environment).label, organisation, plannedAt: planned.madeAt },
      });
      return handOverMade(options, `${fileStem(workbook.name)}-plan.xlsx`, async (file) => {
        await writeReportXlsx(file, sheet);
        return {};
      });
    },
  };

  async function makePlan(
    workbook: Workbook,
    connection: ActiveConnection,
    organisation: OrganisationView,
    skipInvalid: boolean,
    onProgress: (progress: TaskProgress) => void,
    stopped: AbortSignal,
  ): Promise<PlanView> {
    const engine = await engineConnection(context);
    const settings = importSettingsView(context);
    const progress = planProgress(engine.client, onProgress);
    const directoryCalls = await freshDirectory(workbook, organisation.id, engine, progress);
    if (context.workbook !== workbook) throw new AppError('plan-stale', 'Another file was opened while the import was being planned. Look at the plan again.');
    const references = context.references!;
    const readers = planReaders(engine, organisation);
    const plan = await planImport({
      rows: withDefaultRole(workbook.validation.rows, settings.defaultRole),
      directory: references.directory,
      resolver: references.resolver,
      options: {
        organisationId: organisation.id,
        organisationName: organisation.name,
        skipInvalid,
        budgetPerMinute: Math.min(settings.budgetPerMinute, engine.client.limiter.budget),
        windowMs: options.windowMs,
        concurrency: settings.rowsInFlight,
        matchOrder: settings.matchOrder,
        latencyMs: engine.client.latencyMs(),
        createMissing: createMissingFor(context),
      },
      ...readers,
      readUser: readerKeeping(readers.readUser, references),
      validationIssues: allIssues(workbook),
      directoryCalls,
      onProgress: progress.reads,
      ...earlierRuns(ledgerWithStoppedRuns(options.dataDir, engine.environment, organisation.id), settings.reassignStaff),
    });
    const view = planView(plan, {
      organisation,
      environment: connection.environment,
      live: environmentOption(connection.environment).live,
      skipInvalid,
      settings,
      nameOf: (field, id) => references.resolver.nameOf(field, id),
      etaMs: estimateAtLimiterMs(engine.client, plan.summary.calls.reads + plan.summary.calls.writes, settings.rowsInFlight),
    });
    // Stopped (or asked for again) while its last reads were answered: this plan is not the one Import starts.
    stoppedHere(stopped);
    context.planned = { plan, view, dataVersion: context.dataVersion, madeAt: context.now(), directory: references.directory };
    return view;
  }
}
