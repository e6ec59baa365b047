import { loadDirectory } from '../directory/cache';
import { DIRECTORY_STEP_COUNT } from '../directory/download';
import type { Directory } from '../directory/types';
import { directoryCache, findOrganisation, type Connection } from '../environment/connection';
import { exportSheets } from './export-sheets';
import { recordLabels } from './labels';
import { addSheet, newWorkbook, saveWorkbook, type SheetSpec } from './sheets';
import { aboutSheet } from './about-sheet';
import { estimateLeft, type TaskProgress } from './progress';
import { buildTemplate } from './template';

/**
 * "Export from OneFile": what an organisation holds, written to one workbook a person
 * can line up with their MIS and import back. Everything is read with the paged
 * searches the directory already makes (a few dozen calls for a 1,000-learner centre,
 * through the client's rate limiter); each learner's learning aims only when asked
 * (`withAims`, one search per learner).
 */

export interface ExportOptions {
  connection: Connection;
  organisationId: number;
  dataDir: string;
  /** The workbook to write (0600, whole or not at all). */
  file: string;
  includeArchived?: boolean;
  /** Read each learner's learning aims (one search per learner) and list their standards. */
  withAims?: boolean;
  onProgress?: (progress: TaskProgress) => void;
  /** Learning aim searches in flight at once (default 8). */
  aimsInFlight?: number;
  now?: () => Date;
}

export interface ExportResult {
  file: string;
  organisation: { id: number; name: string };
  /** Rows written per sheet. */
  sheets: Array<{ name: string; rows: number }>;
  /** Calls made: the organisation, the directory's searches and any learning aim searches. */
  calls: number;
  durationMs: number;
}

/** Runs `work` over `items`, at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Each exported learner's learning aims as standard titles. */
async function readLearningAims(
  options: ExportOptions,
  directory: Directory,
  report: (calls: number, done: number, total: number) => void,
): Promise<{ aims: Map<number, string[]>; calls: number }> {
  const { client } = options.connection;
  const titles = new Map(directory.standards.map((s) => [s.id, s.title]));
  const learners = directory.learners.filter((u) => options.includeArchived || !u.archived);
  const aims = new Map<number, string[]>();
  let calls = 0;
  let done = 0;
  await eachLimited(learners, options.aimsInFlight ?? 8, async (learner) => {
    const found = await client.searchLearningAims(learner.id, { onCall: () => (calls += 1) });
    aims.set(learner.id, [...new Set(found.map((aim) => titles.get(aim.StandardID) ?? `standard ${aim.StandardID}`))]);
    done += 1;
    report(calls, done, learners.length);
  });
  return { aims, calls };
}

/** Reads the organisation and its whole directory afresh (and caches it), telling how far it has got. */
async function readOrganisation(
  options: Pick<ExportOptions, 'connection' | 'organisationId' | 'dataDir'>,
  tell: (progress: TaskProgress) => void,
  share: number,
  aimsToo: boolean,
): Promise<{ organisation: { id: number; name: string }; directory: Directory; calls: number }> {
  const { connection } = options;
  const { client } = connection;
  const organisation = await findOrganisation(client, options.organisationId);
  const loaded = await loadDirectory({
    client,
    organisationId: organisation.id,
    cache: directoryCache(options.dataDir, connection.environment),
    refresh: true,
    // An export must hold every record: a OneFile answering unpaged searches with only their first rows would cut it short silently.
    pagedOnly: true,
    onProgress: (step) => {
      // Each search still going has at least one more page to read: a floor, not a guess.
      const stepsLeft = DIRECTORY_STEP_COUNT - step.stepsDone;
      const aimsLeft = aimsToo && step.step === 'learners' ? step.records : 0;
      tell({
        phase: 'reading',
        value: (step.stepsDone / DIRECTORY_STEP_COUNT) * share,
        calls: 2 + step.calls,
        etaMs: estimateLeft(client, stepsLeft + aimsLeft, DIRECTORY_STEP_COUNT),
        description: `Reading ${step.step}: ${step.records} so far (${step.stepsDone} of ${DIRECTORY_STEP_COUNT} kinds done)`,
      });
    },
  });
  connection.rememberLearned();
  return { organisation, directory: loaded.directory, calls: 2 + loaded.callsSpent };
}

export async function exportFromOneFile(options: ExportOptions): Promise<ExportResult> {
  const now = options.now ?? (() => new Date());
  const started = now().getTime();
  const { connection } = options;
  const tell = (progress: TaskProgress) => options.onProgress?.(progress);
  const read = await readOrganisation(options, tell, options.withAims ? 0.5 : 1, options.withAims ?? false);
  const { organisation, directory } = read;
  let calls = read.calls;

  let learningAims: Map<number, string[]> | undefined;
  if (options.withAims) {
    const inFlight = options.aimsInFlight ?? 8;
    const aims = await readLearningAims(options, directory, (aimCalls, done, total) =>
      tell({
        phase: 'learning-aims',
        value: 0.5 + done / Math.max(1, total) / 2,
        calls: calls + aimCalls,
        // A learner's aims take one page and, when there are any, the empty page that ends the search.
        etaMs: estimateLeft(connection.client, (total - done) * 2, inFlight),
        description: `Reading learning aims: ${done} of ${total} learners`,
      }),
    );
    learningAims = aims.aims;
    calls += aims.calls;
  }

  tell({ phase: 'writing', value: 1, calls, etaMs: 0, description: 'Writing the workbook' });
  const sheets: SheetSpec[] = exportSheets(directory, recordLabels(directory), { includeArchived: options.includeArchived ?? false, learningAims });
  const workbook = newWorkbook();
  for (const sheet of sheets) addSheet(workbook, sheet);
  addSheet(workbook, aboutSheet({ directory, organisation, environment: connection.environment.name, at: now(), sheets, withAims: options.withAims ?? false }));
  await saveWorkbook(workbook, options.file);
  const result: ExportResult = {
    file: options.file,
    organisation,
    sheets: sheets.map((s) => ({ name: s.name, rows: s.rows.length })),
    calls,
    durationMs: now().getTime() - started,
  };
  tell({ phase: 'done', value: 1, calls, etaMs: 0, description: `Written: ${result.sheets.map((s) => `${s.rows} ${s.name.toLowerCase()}`).join(', ')}` });
  return result;
}

export interface TemplateOptions extends Pick<ExportOptions, 'connection' | 'organisationId' | 'dataDir' | 'file' | 'onProgress' | 'now'> {
  /** Rows the lists and formats cover (default 1,000). */
  rows?: number;
}

export interface TemplateResult {
  file: string;
  organisation: { id: number; name: string };
  /** Entries offered per drop-down list. */
  lists: Partial<Record<string, number>>;
  calls: number;
}

/** "Download a template": the organisation's directory read afresh, its records offered as drop-down lists. */
export async function templateFromOneFile(options: TemplateOptions): Promise<TemplateResult> {
  const now = options.now ?? (() => new Date());
  const tell = (progress: TaskProgress) => options.onProgress?.(progress);
  const { organisation, directory, calls } = await readOrganisation(options, tell, 1, false);
  tell({ phase: 'writing', value: 1, calls, etaMs: 0, description: 'Writing the template' });
  const { workbook, lists } = buildTemplate({ directory, organisation, at: now(), rows: options.rows });
  await saveWorkbook(workbook, options.file);
  const counts = Object.fromEntries(Object.entries(lists.entries).map(([field, values]) => [field, values?.length ?? 0]));
  tell({ phase: 'done', value: 1, calls, etaMs: 0, description: 'Template written' });
  return { file: options.file, organisation, lists: counts, calls };
}
