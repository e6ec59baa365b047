/**
 * The states of an import run, and which of them are active, ended or resumable:
 * written once for the run store, the service's views, the CLI and the window.
 */

/** What a run's folder records (`run.json`). */
export const RUN_STATES = ['planned', 'running', 'paused', 'cancelled', 'interrupted', 'completed', 'failed'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** A run that can be carried on from its folder (everything but a completed one). */
export const RESUMABLE_RUN_STATES: ReadonlySet<string> = new Set<RunState>(['planned', 'running', 'paused', 'cancelled', 'interrupted', 'failed']);

/** A run that stopped part-way without anyone ending it: offered again when the app starts. */
export const UNFINISHED_RUN_STATES: ReadonlySet<string> = new Set<RunState>(['running', 'paused', 'interrupted']);

/** The states a live run passes through (the window's view adds the moments of pausing and cancelling). */
export const LIVE_RUN_STATES = ['planned', 'running', 'pausing', 'paused', 'cancelling', 'cancelled', 'completed', 'failed', 'interrupted'] as const;
export type LiveRunState = (typeof LIVE_RUN_STATES)[number];

/** A run that has ended: nothing more will happen unless it is resumed. */
export const ENDED_RUN_STATES: ReadonlySet<string> = new Set<LiveRunState>(['completed', 'cancelled', 'failed', 'interrupted']);

/** A run that holds the app: running, or stopping, or paused (the user must resume or cancel it first). */
export const ACTIVE_RUN_STATES: ReadonlySet<string> = new Set<LiveRunState>(['running', 'pausing', 'paused', 'cancelling']);

export function isRunEnded(state: string): boolean {
  return ENDED_RUN_STATES.has(state);
}

export function isRunActive(state: string): boolean {
  return ACTIVE_RUN_STATES.has(state);
}
