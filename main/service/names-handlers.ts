import { AppError } from '../../shared/app-error';
import type { ServiceHandlers } from '../../shared/contract';
import type { UnresolvedView } from '../../shared/contract-types';
import { confirmLoadedDirectory, loadDirectory, directoryCache, coversNeeds, directoryNeedsOf, directoryReadingProgress } from '../import';
import { checkReferencesInTurns, confineStaff, resolveValue, unresolvedFieldsOf, unresolvedValues, type References } from './references';
import { dataChanged, engineConnection, isRunActive, oneDirectoryLoadAtATime, requireChangeableWorkbook, requireOrganisation, requireWorkbook, type ServiceContext } from './service-context';
import { fieldLabel, type Workbook } from './workbook';
import { isTicked } from './create-missing';
import { stoppedHere, taskWaits } from './task-waits';

/**
 * Review's check of the file's names (assessors, classes, placements, standards,
 * units, templates) against the organisation's directory in OneFile, the names it
 * does not know with their suggestions, and the user's choice for each.
 */

type NamesHandlers = Pick<ServiceHandlers, 'checkReferences' | 'listUnresolved' | 'resolveValue'>;

function unresolvedList(context: ServiceContext, workbook: Workbook) {
  if (!context.references) return [];
  context.unresolved ??= unresolvedValues(context.references, workbook);
  return context.unresolved;
}

/** Review's counts: rows by state, and the names still to resolve. */
export function reviewCounts(context: ServiceContext) {
  const workbook = requireWorkbook(context);
  return context.grid!.counts(unresolvedList(context, workbook).length);
}

export function createNamesHandlers(context: ServiceContext): NamesHandlers {
  const { options } = context;
  const counts = () => reviewCounts(context);

  /** Review's check of the file's names against the organisation's directory (see `oneDirectoryLoadAtATime`). */
  async function checkNames(refresh: boolean) {
    // Another load may have run while this one waited: the file or organisation may have changed too.
    const workbook = requireWorkbook(context);
    const { organisation } = requireOrganisation(context);
    // The kinds of record the file names now (a column mapped since may name more).
    const needs = directoryNeedsOf(workbook.validation.rows);
    // Where staff names are read by ID (an unconfirmed directory), a file opened or mapped since names others: read them.
    const staffRead = !context.references?.directory.usersUnconfirmed || context.references.confinedRows === workbook.validation.rows;
    if (context.references && !refresh && coversNeeds(context.references.directory.read, needs) && staffRead) return counts();
    context.directory = { status: 'loading', fetchedAt: null, message: null };
    try {
      // Only reads: where OneFile stops answering, the check waits for it and starts again, as a plan does, and
      // the person may stop it (see taskWaits).
      await taskWaits(context).run('names', `Reading ${organisation.name} from OneFile`, async (tell, stopped) => {
        const engine = await engineConnection(context);
        const cache = directoryCache(options.dataDir, engine.environment, context.now);
        const sentAtStart = engine.client.stats().sent;
        const read = await loadDirectory({ client: engine.client, organisationId: organisation.id, cache, refresh, needs, onProgress: directoryReadingProgress(engine.client, tell) });
        const fetchedAt = new Date(context.now().getTime() - read.ageMs).toISOString();
        const check = (directory: typeof read.directory, confine?: References['confine']) => checkReferencesInTurns(workbook, directory, fetchedAt, () => context.dataVersion, confine);
        let references = await check(read.directory);
        // A name missing from a kind an unpaged search brought is looked for page by page before it is called missing.
        const loaded = await confirmLoadedDirectory(read, { client: engine.client, cache }, unresolvedFieldsOf(references));
        // Staff names in a OneFile whose user search ignores organisation and role: as the plan will resolve them.
        if (loaded.directory.usersUnconfirmed) {
          tell({ phase: 'reading', value: 1, calls: engine.client.stats().sent - sentAtStart, etaMs: null, description: "Reading each member of staff the file names: this OneFile's user search does not keep to the organisation" });
        }
        const { confined } = await confineStaff(workbook, loaded.directory, engine.client);
        // Checked again, once, where either changed what the names resolve to.
        if (loaded !== read || confined) references = { ...(await check(loaded.directory, confined?.confine)), ...confined };
        // Stopped while its last calls were answered: not kept (a check asked for again is the one that counts).
        stoppedHere(stopped);
        context.references = references;
        context.directoryFresh = !loaded.fromCache;
        context.directory = { status: 'ready', fetchedAt, message: null };
      });
    } catch (error) {
      context.directory = { status: 'failed', fetchedAt: null, message: error instanceof Error ? error.message : String(error) };
      throw error;
    }
    context.grid!.invalidate();
    dataChanged(context);
    return counts();
  }

  return {
    async checkReferences(input) {
      requireWorkbook(context);
      requireOrganisation(context);
      // Read again, the directory would take the calls a minute the import needs; Review opening takes the names as checked.
      if (input.refresh === true && isRunActive(context)) {
        throw new AppError('run-active', 'An import is running: names are checked against OneFile again once it has finished, so it keeps the whole rate limit.');
      }
      // Asked for afresh ("Check names against OneFile again"), the check before is of no use: stopped where it reads
      // or waits for a silent OneFile, rather than this one waiting behind it (one directory load at a time) for up to
      // 30 minutes. Review opening again while one reads waits for it instead, and takes what it read.
      if (input.refresh === true) taskWaits(context).stop('names');
      return oneDirectoryLoadAtATime(context, () => checkNames(input.refresh === true));
    },

    async listUnresolved(): Promise<UnresolvedView[]> {
      const workbook = requireWorkbook(context);
      return unresolvedList(context, workbook).map((value) => ({
        field: value.field,
        fieldLabel: fieldLabel(value.field),
        value: value.value,
        kind: value.status,
        rows: value.rows.length,
        suggestions:
          value.status === 'ambiguous'
            ? value.candidates.map((c) => ({ id: String(c.id), name: c.name, score: 1, ...(c.detail ? { detail: c.detail } : {}) }))
            : value.suggestions.map((s) => ({ id: String(s.id), name: s.name, score: s.score })),
        ...(value.creatable ? { creatable: true, create: isTicked(context, value.field, value.value) } : {}),
      }));
    },

    async resolveValue(input) {
      const workbook = requireChangeableWorkbook(context);
      if (!context.references) throw new AppError('plan-stale', 'Check the names against OneFile first (Review does it when it opens).');
      const before = new Set(context.references.issues.keys());
      const resolvedRows = await resolveValue(context.references, workbook, input, options.dataDir);
      context.grid!.update(before);
      dataChanged(context);
      return { resolvedRows, counts: counts() };
    },
  };
}
