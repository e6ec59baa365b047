import { AppError } from '../../shared/app-error';
import * as fs from 'node:fs/promises';
import type { ServiceHandlers } from '../../shared/contract';
import type { ReportFormat, ReportKind } from '../../shared/contract-types';
import { readRun, runPaths, type RunInfo } from '../import';
import { fileStem, handOver } from './hand-over';
import { runHistory } from './run-history';
import type { ServiceContext } from './service-context';

/**
 * History and the reports: the runs in the data folder, and each run's results and
 * errors reports (and an undo's undo report), saved where the user chooses (desktop), handed over to download
 * (browser mode) or opened in the program that opens them.
 */

type ReportHandlers = Pick<ServiceHandlers, 'listRuns' | 'exportReport' | 'openReport'>;

/**
 * An undo run's undo report: the workbook the undo wrote when it was planned into its
 * folder, where its run record says (main/import/undo/undo-run.ts). Written before
 * anything is sent, so an undo that stopped part-way has it too.
 */
function undoReportOf(dataDir: string, run: RunInfo, format: ReportFormat): string {
  if (!run.undo) throw new AppError('run-not-found', `Run ${run.runId} is an import, not an undo: it has no undo report. Its results and errors reports say what it did.`);
  if (!run.undo.report) {
    throw new AppError(
      'run-not-found',
      `Undo run ${run.runId} has no undo report recorded (it was made before undo runs recorded theirs): look for undo.xlsx in ${runPaths(dataDir, run.runId).reports}.`,
    );
  }
  if (format !== 'xlsx') throw new AppError('bad-choice', 'The undo report is an Excel workbook (.xlsx) only: ask for it as xlsx.');
  return run.undo.report;
}

/**
 * Refuses a report the run record names but its folder no longer holds (moved or
 * deleted by hand), saying so and where it was: asked before a Save dialog is shown.
 */
async function requireReport(file: string, kind: ReportKind): Promise<void> {
  try {
    await fs.access(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException | null)?.code !== 'ENOENT') throw error;
    throw new AppError(
      'run-not-found',
      `The ${kind} report is no longer where the importer saved it (${file}): it was moved or deleted. Put it back there, or look for it where it was moved to.`,
    );
  }
}

const MIME: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};

export function createReportHandlers(context: ServiceContext): ReportHandlers {
  const { options } = context;

  function reportPath(runId: string | undefined, kind: ReportKind, format: ReportFormat): { file: string; fileName: string } {
    const id = runId ?? context.run?.runId;
    if (!id) throw new AppError('run-not-found', 'Which run? Pick one in History.');
    const run = readRun(options.dataDir, id);
    const fileName = `${fileStem(run.file.name)}-${kind}-${id}.${format}`;
    if (kind === 'undo') return { file: undoReportOf(options.dataDir, run, format), fileName };
    const files = run.reports?.[kind];
    if (!files) {
      throw new AppError(
        'run-not-found',
        kind === 'errors'
          ? `Run ${id} has no errors report: every row went in (or the run has not finished).`
          : `Run ${id} has no results report yet: it has not finished. Resume it from History.`,
      );
    }
    return { file: files[format], fileName };
  }

  return {
    listRuns: async () => runHistory(options.dataDir, context.run?.isActive() ? context.run.runId : null),

    async exportReport(input) {
      const { file, fileName } = reportPath(input.runId, input.kind, input.format);
      await requireReport(file, input.kind);
      return handOver(options, file, fileName, MIME[input.format]);
    },

    async openReport(input) {
      if (!options.dialogs) throw new AppError('not-available', 'Export the report and open it from your Downloads folder.');
      const { file } = reportPath(input.runId, input.kind, input.format);
      await requireReport(file, input.kind);
      await options.dialogs.openPath(file);
      return { opened: true };
    },
  };
}
