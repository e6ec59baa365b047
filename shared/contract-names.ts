/**
 * The names of the service contract's methods and events, and nothing else.
 *
 * Kept apart from `./contract` (which carries the zod schemas) so the Electron preload
 * can expose one named function per method without bundling zod: a sandboxed preload
 * may only `require('electron')`, and the smaller it is the easier it is to audit.
 * `./contract` checks at compile time that these lists and its schemas agree.
 */

export const METHOD_NAMES = [
  'getState',
  'listEnvironments',
  'connect',
  'disconnect',
  'forgetToken',
  'chooseOrganisation',
  'forgetOrganisationData',
  'probeOneFile',
  'chooseFile',
  'openFile',
  'openRecentFile',
  'closeFile',
  'setReadOptions',
  'getMapping',
  'setColumnField',
  'setEveryRow',
  'listProfiles',
  'saveProfile',
  'loadProfile',
  'getRows',
  'getCounts',
  'updateCell',
  'pasteCells',
  'saveEditedFile',
  'findInFile',
  'goToCell',
  'replaceInFile',
  'rowPosition',
  'findDataEdge',
  'widestCells',
  'columnValues',
  'replaceInColumn',
  'listProblems',
  'checkReferences',
  'listUnresolved',
  'resolveValue',
  'listReferenceOptions',
  'listChoices',
  'undoChoice',
  'setCreateMissing',
  'getImportSettings',
  'setImportSettings',
  'planImport',
  'exportPlan',
  'startRun',
  'pauseRun',
  'resumeRun',
  'cancelRun',
  'listRuns',
  'resumeFromHistory',
  'exportReport',
  'openReport',
  'exportFromOneFile',
  'downloadTemplate',
  'stopTask',
  'planUndo',
  'startUndo',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

/**
 * Events the main side pushes to the view. `state` after anything changes the session
 * outside the view's own calls (a file opened from the menu); `progress` coalesced
 * (at most 10 a second); `run-state` when a run starts, pauses, resumes or ends;
 * `notification` for messages the view should show once.
 */
export const EVENT_NAMES = ['state', 'progress', 'run-state', 'notification'] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** The IPC channel a method is invoked on (Electron) and the URL path it is posted to (browser mode). */
export function methodChannel(name: MethodName): string {
  return `onefile:${name}`;
}

/** The IPC channel an event is sent on (Electron). */
export function eventChannel(name: EventName): string {
  return `onefile-event:${name}`;
}

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
