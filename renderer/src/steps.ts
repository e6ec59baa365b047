import type { AppStateView, RunKind } from '../../shared/contract-types';

export const STEPS = ['connect', 'load', 'map', 'review', 'plan', 'import', 'results'] as const;
export type StepId = (typeof STEPS)[number];

const STEP_LABELS: Record<StepId, { label: string; description: string }> = {
  connect: { label: 'Connect', description: 'OneFile and organisation' },
  load: { label: 'Load', description: 'Your spreadsheet' },
  map: { label: 'Map', description: 'Columns to fields' },
  review: { label: 'Review', description: 'Fix and resolve' },
  plan: { label: 'Plan', description: 'What will happen' },
  import: { label: 'Import', description: 'Progress' },
  results: { label: 'Results', description: 'Reports and history' },
};

/**
 * A step's name and line under it as the stepper shows them: while the run on hand is an
 * undo, the Import step is the undo's (an undo is never told as an import).
 */
export function stepLabel(id: StepId, runKind: RunKind | undefined): { label: string; description: string } {
  if (id === 'import' && runKind === 'undo') return { label: 'Undo', description: 'Progress' };
  return STEP_LABELS[id];
}

/** How far the user may go: each step needs what the ones before it produced. */
export function furthestReachable(state: AppStateView | null): number {
  if (!state) return 0;
  if (state.run) return STEPS.indexOf('results');
  const connected = state.connection?.organisation != null;
  if (!connected) return STEPS.indexOf('connect');
  if (!state.file) return STEPS.indexOf('load');
  return STEPS.indexOf('plan');
}

/**
 * Whether what a step produces is there: the stepper ticks a step the user has passed
 * only if so. Opening History from Review passes Plan and Import without a plan made
 * or an import started; an import that could not start leaves no run. With a file on
 * hand, Plan and Import are its own: done when the run on hand was planned from it (its
 * plan is spent once the run has changed OneFile), not for another file opened after a
 * run (the run is still the one Results shows) until that one is planned.
 */
export function stepDone(id: StepId, state: AppStateView | null): boolean {
  switch (id) {
    case 'connect':
      return state?.connection?.organisation != null;
    case 'load':
    case 'map':
    case 'review':
      return state?.file != null || state?.run != null;
    case 'plan':
      return state?.plan != null || (state?.run != null && runOfFileOnHand(state));
    case 'import':
      return state?.run != null && (runOfFileOnHand(state) || state.plan != null);
    case 'results':
      return false;
  }
}

/** Whether the run on hand is the file on hand's: no file is open, or the run was planned from this one. */
function runOfFileOnHand(state: AppStateView): boolean {
  return state.file == null || (state.run?.fileVersion !== undefined && state.run.fileVersion === state.file.version);
}
