import { AppError } from '../../shared/app-error';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { ServiceHandlers } from '../../shared/contract';
import type { FileView } from '../../shared/contract-types';
import { withRecentFile, writeSettings } from './app-settings';
import { recheckWithKnownDirectory } from './connection-handlers';
import { fileView } from './file-views';
import { GridIndex } from './grid';
import { createMissingFor } from './create-missing';
import { dataChanged, isRunActive, requireChangeableWorkbook, requireWorkbook, type ServiceContext } from './service-context';
import { reduceIlrCopy } from '../spreadsheet/ilr-reduce';
import { DEFAULT_MAX_UPLOAD_BYTES, discardUploadedCopy, isUploadedCopy, saveUploadedBytes, saveUploadedStream, type ReceivedUpload } from './uploads';
import { editCell, openWorkbook, type Workbook } from './workbook';
import { applyFileChoices } from './import-settings';
import { alikeRows } from './problems';
import { cellsChanged, createReviewHandlers } from './review-handlers';
import { createMappingHandlers } from './mapping-handlers';
import { createNamesHandlers, reviewCounts } from './names-handlers';

/**
 * The file's way through Load, Map and Review: open, read again with other options,
 * page through the rows and fix cells; mapping (mapping-handlers.ts), checking names
 * against OneFile (names-handlers.ts) and Review's lists (review-handlers.ts) join them.
 */

type FileHandlers = Pick<
  ServiceHandlers,
  | 'chooseFile'
  | 'openFile'
  | 'openRecentFile'
  | 'closeFile'
  | 'setReadOptions'
  | 'getMapping'
  | 'setColumnField'
  | 'setEveryRow'
  | 'listProfiles'
  | 'saveProfile'
  | 'loadProfile'
  | 'getRows'
  | 'getCounts'
  | 'updateCell'
  | 'pasteCells'
  | 'saveEditedFile'
  | 'findInFile'
  | 'goToCell'
  | 'replaceInFile'
  | 'findDataEdge'
  | 'widestCells'
  | 'columnValues'
  | 'rowPosition'
  | 'checkReferences'
  | 'listUnresolved'
  | 'resolveValue'
  | 'listProblems'
  | 'replaceInColumn'
  | 'listReferenceOptions'
  | 'listChoices'
  | 'undoChoice'
>;

/** How many of a column's longest cells the grid measures to fit the column: the longest by characters is not always the widest on screen. */
const WIDEST_CELLS = 20;

/** The most other rows an edited cell's answer carries (those sharing its value); beyond, the grid reads its rows again. */
const MOST_OTHER_ROWS = 500;

/** How many of a column's values its filter list shows at most, as Excel's (a search finds the rest). */
const COLUMN_VALUES_LISTED = 10_000;

function installWorkbook(context: ServiceContext, workbook: Workbook): void {
  context.workbook = workbook;
  applyFileChoices(context);
  context.fileVersion += 1;
  context.grid = new GridIndex(workbook, () => context.references, () => createMissingFor(context), () => context.connection?.engine?.client.learnerEmail?.());
  recheckWithKnownDirectory(context);
  dataChanged(context);
}

/**
 * No other file is opened, nor the open one read another way, while an import holds the app
 * (running, or paused until it is resumed or cancelled): Load says so before anyone tries.
 * Asked before a dialog is shown or a recent file is looked for, so the refusal comes first.
 */
function refuseAnotherFileDuringRun(context: ServiceContext): void {
  if (isRunActive(context)) throw new AppError('run-active', 'An import is running. Open the next file when it has finished.');
}

/** Opens a spreadsheet by path (the Open dialog, the File menu, a double-clicked file, an upload saved in the data folder). */
export async function openPath(context: ServiceContext, filePath: string, folderLabel?: string, displayName?: string): Promise<FileView> {
  refuseAnotherFileDuringRun(context);
  const workbook = await openWorkbook(filePath, {}, { dataDir: context.options.dataDir, now: context.now, displayName });
  // Another file: its dates say their own order; rows without a role are learners again.
  context.fileChoices = { dateOrder: null, defaultRole: 'learner' };
  installWorkbook(context, workbook);
  context.settings = withRecentFile(context.settings, filePath, folderLabel ?? path.dirname(filePath), context.now(), workbook.name);
  await writeSettings(context.options.dataDir, context.settings);
  return fileView(context, workbook);
}

/**
 * Opens a file received as bytes and saved in the data folder (see ./uploads). A copy
 * that cannot be opened (not a spreadsheet, a hostile one) is deleted at once.
 */
async function openUploaded(context: ServiceContext, saved: ReceivedUpload): Promise<FileView> {
  try {
    // An ILR copy keeps only what the import maps (see spreadsheet/ilr-reduce).
    await reduceIlrCopy(saved.path);
    return await openPath(context, saved.path, context.options.face === 'browser' ? 'uploaded in the browser' : 'dropped on the window', saved.displayName);
  } catch (error) {
    discardUploadedCopy(context.options.dataDir, saved.path);
    // The reader names the file it read: the copy. The user knows it by its own name.
    if (error instanceof Error) {
      error.message = error.message.split(saved.path).join(saved.displayName).split(path.basename(saved.path)).join(saved.displayName);
    }
    throw error;
  }
}

/** Browser mode's streamed upload: the body goes to disk as it arrives, one upload at a time. */
export function openUploadedStream(context: ServiceContext, fileName: string, body: Readable): Promise<FileView> {
  const { dataDir, maxUploadBytes } = context.options;
  return context.uploadGate.hold(async () => {
    refuseAnotherFileDuringRun(context);
    return openUploaded(context, await saveUploadedStream(dataDir, fileName, body, maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES));
  });
}

/**
 * Deletes an uploaded copy no longer needed (the run that imported it has its rows in
 * its own folder) and its entry in the recent files. Anything else is left alone.
 */
export async function discardUpload(context: ServiceContext, filePath: string): Promise<void> {
  const { dataDir } = context.options;
  if (!isUploadedCopy(dataDir, filePath)) return;
  discardUploadedCopy(dataDir, filePath);
  const recentFiles = context.settings.recentFiles.filter((f) => f.path !== filePath);
  if (recentFiles.length === context.settings.recentFiles.length) return;
  context.settings = { ...context.settings, recentFiles };
  await writeSettings(dataDir, context.settings);
}

export function createFileHandlers(context: ServiceContext): FileHandlers {
  const { options } = context;
  const counts = () => reviewCounts(context);

  return {
    ...createReviewHandlers(context, counts),
    ...createMappingHandlers(context),
    ...createNamesHandlers(context),

    async chooseFile() {
      if (!options.dialogs) throw new AppError('not-available', 'Browse by dropping the file on the window, or clicking the drop area.');
      refuseAnotherFileDuringRun(context);
      const chosen = await options.dialogs.pickSpreadsheet();
      return chosen ? openPath(context, chosen) : null;
    },

    async openFile(input) {
      return context.uploadGate.hold(async () => {
        refuseAnotherFileDuringRun(context);
        const bytes = Buffer.from(input.contentBase64, 'base64');
        return openUploaded(context, await saveUploadedBytes(options.dataDir, input.fileName, bytes, options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES));
      });
    },

    async openRecentFile(input) {
      refuseAnotherFileDuringRun(context);
      const recent = context.settings.recentFiles.find((f) => f.id === input.id);
      if (!recent) throw new AppError('no-file', 'That file is no longer in the recent list. Drop it on the window or browse for it.');
      try {
        await fs.access(recent.path);
      } catch {
        context.settings = { ...context.settings, recentFiles: context.settings.recentFiles.filter((f) => f.id !== input.id) };
        await writeSettings(options.dataDir, context.settings);
        throw new AppError('no-file', `${recent.name} is no longer in ${recent.folder}: it was moved or deleted. Browse for it again.`);
      }
      return openPath(context, recent.path, recent.folder);
    },

    async closeFile() {
      refuseAnotherFileDuringRun(context);
      // The names checked stay (the organisation's directory, for the next file to be checked against); the rest was this file's.
      context.workbook = null;
      context.grid = null;
      context.fileVersion += 1;
      dataChanged(context);
      return null;
    },

    async setReadOptions(input) {
      if (isRunActive(context)) throw new AppError('run-active', 'An import is running: the file is read as it was when the import started. Read it another way when it has finished.');
      const current = requireWorkbook(context);
      const readOptions = { ...current.readOptions, ...input };
      if (input.sheet !== undefined && input.sheet !== current.readOptions.sheet && input.headerRow === undefined) delete readOptions.headerRow;
      const profile = current.profile && !current.profile.automatic ? current.profile : undefined;
      if (isUploadedCopy(options.dataDir, current.path)) {
        try {
          await fs.access(current.path);
        } catch {
          throw new AppError('no-file', `The copy of ${current.name} was deleted after it was imported (uploads are kept only while needed). Drop the file again to read it another way.`);
        }
      }
      const workbook = await openWorkbook(current.path, readOptions, { dataDir: options.dataDir, now: context.now, displayName: current.name }, profile);
      installWorkbook(context, workbook);
      return fileView(context, workbook);
    },

    async getRows(input) {
      requireWorkbook(context);
      return context.grid!.page(input.filter, input.offset, input.limit, input.where ?? null, input.sort ?? null);
    },

    getCounts: async () => counts(),

    async rowPosition(input) {
      requireWorkbook(context);
      return { position: context.grid!.positionOf(input.index, input.filter, input.where ?? null, input.sort ?? null) };
    },

    async findDataEdge(input) {
      requireWorkbook(context);
      return { position: context.grid!.dataEdge(input.filter, input.column, input.position, input.direction === 'down' ? 1 : -1, input.where ?? null, input.sort ?? null) };
    },

    async widestCells(input) {
      requireWorkbook(context);
      return { rows: context.grid!.widestCells(input.filter, input.column, WIDEST_CELLS, input.where ?? null, input.sort ?? null) };
    },

    async columnValues(input) {
      requireWorkbook(context);
      return context.grid!.columnValues(input.filter, input.column, input.search, COLUMN_VALUES_LISTED, input.where ?? null);
    },

    async updateCell(input) {
      const workbook = requireChangeableWorkbook(context);
      const from = workbook.table.rows[input.index]?.cells[input.column] ?? '';
      const touched = editCell(workbook, input.index, input.column, input.value);
      await cellsChanged(context, workbook, touched);
      // A duplicate fixed (or made) changes the other rows with that value too: they go back marked again with it.
      const otherRows = [...new Set(touched)].filter((index) => index !== input.index);
      const marked = otherRows.length > MOST_OTHER_ROWS ? null : otherRows.map((index) => context.grid!.row(index));
      // Other cells of the column with the text this one had, and its problem: "fix all like this".
      const others = from === input.value ? 0 : alikeRows(workbook, context.references, createMissingFor(context), input.column, from, input.index);
      const alike = others > 0 ? { column: input.column, from, to: input.value, rows: others } : null;
      return { row: context.grid!.row(input.index), others: marked, counts: counts(), alike };
    },

  };
}
