import { MATCH_KEY_NAMES, DEFAULT_BUDGET_PER_MINUTE, type EnvironmentImportSettings, type RowsInFlightChoice } from '../../shared/import-settings';
import type { EnvironmentId } from '../../shared/contract-types';
import { readFindings, environmentKeyOf } from '../import';
import type { AppSettings } from './app-settings';

/**
 * How imports into one environment are made, as remembered for it: matching, staff
 * assignments, the budget and rows in flight in app-settings.json (by the token
 * store's key: `sandbox`, `live`, `custom:<address>`), the Assign path reading with the
 * environment's findings, where `import --assign-path` keeps it too.
 */

export interface EnvironmentRef {
  environment: EnvironmentId;
  /** The API address (for `custom`, what tells two custom environments apart). */
  baseUrl: string;
  /** What the engine's `connect` takes: an environment name or an address. */
  engineEnvironment: string;
}

/** What the app was started with (`ui --budget`, `--concurrency`): the defaults until the user chooses. */
export interface StartDefaults {
  budgetPerMinute?: number;
  concurrency?: RowsInFlightChoice;
}

export function settingsKey(ref: Pick<EnvironmentRef, 'environment' | 'baseUrl'>): string {
  return ref.environment === 'custom' ? `custom:${ref.baseUrl}` : ref.environment;
}

/** The key the environment's findings (and its Assign path reading) go by. */
export function findingsKey(ref: Pick<EnvironmentRef, 'engineEnvironment'>): string {
  return environmentKeyOf(ref.engineEnvironment);
}

export function environmentSettings(settings: AppSettings, defaults: StartDefaults, dataDir: string, ref: EnvironmentRef): EnvironmentImportSettings {
  const saved = settings.importSettings?.[settingsKey(ref)] ?? {};
  return {
    matchOrder: saved.matchOrder && saved.matchOrder.length > 0 ? saved.matchOrder : [...MATCH_KEY_NAMES],
    reassignStaff: saved.reassignStaff ?? false,
    budgetPerMinute: saved.budgetPerMinute ?? defaults.budgetPerMinute ?? DEFAULT_BUDGET_PER_MINUTE,
    rowsInFlight: saved.rowsInFlight ?? defaults.concurrency ?? 'auto',
    assignPath: readFindings(dataDir, findingsKey(ref))?.knowledge.assignPath ?? 'staff-in-path',
  };
}
