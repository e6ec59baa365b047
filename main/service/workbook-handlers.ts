import { AppError } from '../../shared/app-error';
import type { ServiceHandlers } from '../../shared/contract';
import { fieldLabelOf } from '../../shared/fields';
import { exportFromOneFile, templateFromOneFile } from '../import';
import { handOverMade } from './hand-over';
import { engineConnection, isRunActive, type ServiceContext } from './service-context';
import { taskWaits } from './task-waits';

/**
 * "Export from OneFile" and "Download a template" on the Connect screen: the same
 * workbooks as `onefile-import export` and `template`, made on the app's connection,
 * their progress told as `task` events. The workbook is written to a private folder in
 * the data folder, then saved where the user chooses (desktop) or handed to the window
 * to download (browser mode), and deleted: it names learners.
 */

type WorkbookHandlers = Pick<ServiceHandlers, 'exportFromOneFile' | 'downloadTemplate' | 'stopTask'>;

/** The organisation asked for, which must be one the connection opens. */
function organisationOf(context: ServiceContext, organisationId: number): { id: number; name: string } {
  const connection = context.connection;
  if (!connection) throw new AppError('not-connected', 'Connect to OneFile first.');
  const organisation = connection.organisations.find((o) => o.id === organisationId);
  if (!organisation) throw new AppError('bad-choice', `Organisation ${organisationId} is not one this connection opens: choose one of the organisations listed.`);
  if (isRunActive(context)) throw new AppError('run-active', 'An import is running: export when it has finished, so it keeps the whole rate limit.');
  return organisation;
}

export function createWorkbookHandlers(context: ServiceContext): WorkbookHandlers {
  const { options } = context;

  const today = () => context.now().toISOString().slice(0, 10);

  const waits = taskWaits(context);

  return {
    async exportFromOneFile(input) {
      const organisation = organisationOf(context, input.organisationId);
      const connection = await engineConnection(context);
      return handOverMade(options, `onefile-export-${organisation.id}-${today()}.xlsx`, async (file) => {
        const result = await waits.run('export', `Exporting ${organisation.name} from OneFile`, (onProgress) =>
          exportFromOneFile({
            connection,
            organisationId: organisation.id,
            dataDir: options.dataDir,
            file,
            includeArchived: input.includeArchived,
            withAims: input.withAims,
            now: context.now,
            onProgress,
          }),
        );
        return { organisation: result.organisation, contents: result.sheets.map((s) => ({ name: s.name, count: s.rows })), calls: result.calls };
      });
    },

    async downloadTemplate(input) {
      const organisation = organisationOf(context, input.organisationId);
      const connection = await engineConnection(context);
      return handOverMade(options, `onefile-template-${organisation.id}.xlsx`, async (file) => {
        const result = await waits.run('template', `Reading ${organisation.name}'s lists from OneFile`, (onProgress) =>
          templateFromOneFile({ connection, organisationId: organisation.id, dataDir: options.dataDir, file, now: context.now, onProgress }),
        );
        const lists = Object.entries(result.lists).map(([field, count]) => ({ name: fieldLabelOf(field), count: count ?? 0 }));
        return { organisation: result.organisation, contents: lists, calls: result.calls };
      });
    },

    async stopTask(input) {
      return { stopped: waits.stop(input.task) };
    },
  };
}
