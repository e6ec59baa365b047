import { AppError } from '../../shared/app-error';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ServiceHandlers } from '../../shared/contract';
import type { OrganisationDataView } from '../../shared/contract-types';
import { describeOrganisationData, findOrganisationData, forgetOrganisationData, environmentKeyOf, type OrganisationDataKey } from '../import';
import { writeSettings } from './app-settings';
import { environmentOption } from './environment-options';
import { dataChanged, type ServiceContext } from './service-context';
import { discardUploadedCopy, isUploadedCopy, uploadsDir } from './uploads';

/**
 * "Forget this organisation's data": what this computer keeps about an organisation of
 * the connected OneFile (see `main/import/organisation-data`), listed for the
 * confirmation, then deleted; and this session's own copies of it (the directory in
 * memory, an uploaded file open for it). OneFile itself is not touched.
 */

type OrganisationDataHandlers = Pick<ServiceHandlers, 'forgetOrganisationData'>;

export function createOrganisationDataHandlers(context: ServiceContext): OrganisationDataHandlers {
  const { options } = context;

  /** Drops what the session holds of the organisation: its directory, and the uploaded file opened for it. */
  function forgetInSession(organisationId: number): number {
    const connection = context.connection;
    if (connection?.organisation?.id !== organisationId) return 0;
    context.references = null;
    context.directoryFresh = false;
    context.directory = { status: 'none', fetchedAt: null, message: null };
    let uploads = 0;
    const workbook = context.workbook;
    if (workbook && isUploadedCopy(options.dataDir, workbook.path)) {
      if (existsSync(workbook.path) && discardUploadedCopy(options.dataDir, workbook.path)) uploads = 1;
      context.workbook = null;
      context.grid = null;
      context.fileVersion += 1;
    }
    context.grid?.invalidate();
    dataChanged(context);
    return uploads;
  }

  return {
    async forgetOrganisationData(input) {
      const connection = context.connection;
      if (!connection) throw new AppError('not-connected', 'Connect to the OneFile the organisation is in first: its data is found by that OneFile and the organisation ID.');
      const organisation = connection.organisations.find((o) => o.id === input.organisationId) ?? {
        id: input.organisationId,
        name: `Organisation ${input.organisationId}`,
      };
      const key: OrganisationDataKey = {
        dataDir: options.dataDir,
        environmentKey: environmentKeyOf(connection.engineEnvironment),
        organisationId: organisation.id,
        uploadsDir: uploadsDir(options.dataDir),
      };
      const view = (counts: { runs: number; files: number; uploads: number }, forgotten: boolean): OrganisationDataView => ({
        organisation,
        environmentLabel: environmentOption(connection.environment).label,
        runs: counts.runs,
        cachedFiles: counts.files,
        uploads: counts.uploads,
        description: describeOrganisationData(counts),
        forgotten,
      });
      const runningHere = context.run?.isActive() && context.run.view().organisation.id === organisation.id;
      if (runningHere) throw new AppError('run-active', `An import into ${organisation.name} is running. Let it finish, or cancel it, before forgetting its data.`);
      if (!input.confirm) {
        const found = findOrganisationData(key);
        const path = context.workbook?.path;
        const openUpload =
          connection.organisation?.id === organisation.id && path && isUploadedCopy(options.dataDir, path) && existsSync(path) && !found.uploads.includes(dirname(path));
        return view({ runs: found.runs.length, files: found.files.length, uploads: found.uploads.length + (openUpload ? 1 : 0) }, false);
      }
      const deleted = forgetOrganisationData(key);
      const uploads = deleted.uploads + forgetInSession(organisation.id);
      // Recent files that were uploaded copies now deleted would only fail to open.
      const recentFiles = context.settings.recentFiles.filter((f) => !isUploadedCopy(options.dataDir, f.path) || existsSync(f.path));
      if (recentFiles.length !== context.settings.recentFiles.length) {
        context.settings = { ...context.settings, recentFiles };
        await writeSettings(options.dataDir, context.settings);
      }
      return view({ ...deleted, uploads }, true);
    },
  };
}
