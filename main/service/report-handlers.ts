import { AppError } from '../../shared/app-error';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { ServiceHandlers } from '../../shared/contract';
import type { ReportFormat, ReportKind } from '../../shared/contract-types';
import { readRun } from '../import';
import { runHistory } from './run-history';
import type { ServiceContext } from './service-context';

/**
 * History and the reports: the runs in the data folder, and each run's results and
 * errors reports, saved where the user chooses (desktop), handed over to download
 * (browser mode) or opened in the program that opens them.
 */

type ReportHandlers = Pick<ServiceHandlers, 'listRuns' | 'exportReport' | 'openReport'>;

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
    const files = run.reports?.[kind];
    if (!files) {
      throw new AppError(
        'run-not-found',
        kind === 'errors'
          ? `Run ${id} has no errors report: every row went in (or the run has not finished).`
          : `Run ${id} has no results report yet: it has not finished. Resume it from History.`,
      );
    }
    const stem = path.parse(run.file.name).name.replace(/[^\p{L}\p{N}.-]+/gu, '_');
    return { file: files[format], fileName: `${stem}-${kind}-${id}.${format}` };
  }

  return {
    listRuns: async () => runHistory(options.dataDir, context.run?.isActive() ? context.run.runId : null),

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
