import type { ServiceHandlers } from '../../shared/contract';
import { recheckWithKnownDirectory } from './connection-handlers';
import { changeImportSettings, importSettingsView } from './import-settings';
import { dataChanged, type ServiceContext } from './service-context';

/**
 * The import settings: read, and changed. A change makes the plan stale; a new role
 * for rows without one changes which names each row needs, so they are checked again.
 */

type SettingsHandlers = Pick<ServiceHandlers, 'getImportSettings' | 'setImportSettings'>;

export function createSettingsHandlers(context: ServiceContext): SettingsHandlers {
  return {
    getImportSettings: async () => importSettingsView(context),
    async setImportSettings(input) {
      const view = await changeImportSettings(context, input);
      if (input.defaultRole !== undefined) recheckWithKnownDirectory(context);
      context.grid?.invalidate();
      dataChanged(context);
      return view;
    },
  };
}
