import type { ServiceHandlers } from '../../shared/contract';
import { recheckWithKnownDirectory } from './connection-handlers';
import { mappingView } from './file-views';
import { listProfiles, findNamedProfile, saveNamedProfile } from './profiles';
import { dataChanged, requireChangeableWorkbook, requireWorkbook, type ServiceContext } from './service-context';
import { applyProfileToWorkbook, setColumnField, setEveryRow, type Workbook } from './workbook';
import { applyFileChoices } from './import-settings';

/**
 * The Map step: which column is which OneFile field, a value for every row, and the
 * mapping profiles saved by name. Every change re-reads what it touches and says the
 * data changed, so a plan made before it is stale.
 */

type MappingHandlers = Pick<ServiceHandlers, 'getMapping' | 'setColumnField' | 'setEveryRow' | 'listProfiles' | 'saveProfile' | 'loadProfile'>;

export function createMappingHandlers(context: ServiceContext): MappingHandlers {
  const { options } = context;

  /** After the mapping changed: the file's own choices, the names checked again, the grid and the plan told. */
  function mappingChanged(workbook: Workbook) {
    applyFileChoices(context);
    recheckWithKnownDirectory(context);
    context.grid?.invalidate();
    dataChanged(context);
    return mappingView(workbook);
  }

  return {
    getMapping: async () => mappingView(requireWorkbook(context)),

    async setColumnField(input) {
      const workbook = requireChangeableWorkbook(context);
      setColumnField(workbook, input.column, input.field, input.swap === true);
      return mappingChanged(workbook);
    },

    async setEveryRow(input) {
      const workbook = requireChangeableWorkbook(context);
      setEveryRow(workbook, input.field, input.value);
      return mappingChanged(workbook);
    },

    listProfiles: async () => listProfiles(options.dataDir, context.workbook?.table.headers ?? null),

    saveProfile: async (input) => saveNamedProfile(options.dataDir, requireWorkbook(context), input.name),

    async loadProfile(input) {
      const workbook = requireChangeableWorkbook(context);
      applyProfileToWorkbook(workbook, await findNamedProfile(options.dataDir, input.name));
      return mappingChanged(workbook);
    },
  };
}
