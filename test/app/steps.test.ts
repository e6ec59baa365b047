import { describe, expect, it } from 'vitest';
import type { AppStateView } from '../../shared/contract-types';
import { STEPS, stepDone } from '../../renderer/src/steps';

/**
 * The stepper ticks a step the user has passed only when what it makes is there: History
 * opened from Review passes Plan and Import with no plan made and no import started, and
 * an import that could not start (its record refused by a full disk) leaves no run.
 */
const state = (parts: Partial<Pick<AppStateView, 'connection' | 'file' | 'plan' | 'run'>>) =>
  ({ connection: null, file: null, plan: null, run: null, ...parts }) as unknown as AppStateView;
const connection = { organisation: { id: 5740, name: 'Example Organisation - Business' } } as unknown as AppStateView['connection'];
const file = { name: 'week-12.csv', version: 3 } as unknown as AppStateView['file'];
const plan = { rows: [] } as unknown as AppStateView['plan'];
const run = { runId: 'r', state: 'completed' } as unknown as AppStateView['run'];
const done = (view: AppStateView | null) => STEPS.filter((id) => stepDone(id, view));

describe('which steps the stepper ticks', () => {
  it('ticks only the steps whose work is there', () => {
    expect(done(null)).toEqual([]);
    expect(done(state({ connection }))).toEqual(['connect']);
    expect(done(state({ connection, file }))).toEqual(['connect', 'load', 'map', 'review']);
    expect(done(state({ connection, file, plan }))).toEqual(['connect', 'load', 'map', 'review', 'plan']);
    expect(done(state({ connection, file, plan, run }))).toEqual(['connect', 'load', 'map', 'review', 'plan', 'import']);
  });

  it('ticks a run resumed from History, whose file was never opened in this window', () => {
    expect(done(state({ connection, run }))).toEqual(['connect', 'load', 'map', 'review', 'plan', 'import']);
  });

  it('does not tick Plan and Import for another file opened after a run, or a file edited since its plan', () => {
    // "Import another file": the finished run is still the one Results shows; the new file has no plan.
    expect(done(state({ connection, file, run }))).toEqual(['connect', 'load', 'map', 'review']);
    const runOfAnother = { ...run, fileVersion: 2 } as AppStateView['run'];
    expect(done(state({ connection, file, run: runOfAnother }))).toEqual(['connect', 'load', 'map', 'review']);
  });

  it('ticks Plan and Import for the file on hand once its run has spent its plan', () => {
    // The run changed OneFile, so its plan is gone; the run was planned from this very file.
    const runOfThisFile = { ...run, fileVersion: 3 } as AppStateView['run'];
    expect(done(state({ connection, file, run: runOfThisFile }))).toEqual(['connect', 'load', 'map', 'review', 'plan', 'import']);
  });
});
