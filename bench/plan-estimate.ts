import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunStateName } from '../shared/contract-types';
import { createAppService } from '../main/service/app-service';
import { createSessionTokenStore } from '../main/service/token-store';
import { startSandbox } from '../main/sandbox';
import { sandboxStatePath } from '../main/import/environment/connection';
import { atMost, round, type BenchmarkReport } from './figures';
import { writeLearnerFile } from './learner-file';

/**
 * The app's plan says how long the import will take; the user then watches it take
 * that long, or not. Through the app's own service and the built-in sandbox (100
 * calls per window, OneFile's minute scaled down): plan, press Start at once, and time
 * the run against the plan's estimate. Files of a few budgets' worth of calls are where
 * a whole-window rounding showed (the plan said "about 3 minutes" for a run of 2); the
 * goal is the issue's: within 10 %.
 *
 * A run also spends a fixed half second or so of its own (the run folder written and
 * fsynced, each write journalled before and after, the last rows' calls one after
 * another), which OneFile's 60 s window makes a percent of a two-window run; a window
 * scaled to 3 s would make it a fifth. The two-window case is therefore timed on a 20 s
 * window (still three times the share the real minute gives it), the five-window case
 * on 3 s.
 */

export interface PlanEstimateCase {
  id: string;
  learners: number;
  windowMs: number;
}

export const PLAN_ESTIMATE_CASES: PlanEstimateCase[] = [
  { id: 'plan-estimate-75', learners: 75, windowMs: 20_000 },
  { id: 'plan-estimate-250', learners: 250, windowMs: 3_000 },
];

const BUDGET = 100;

function ended(service: Awaited<ReturnType<typeof createAppService>>): Promise<RunStateName> {
  return new Promise((resolve) => {
    service.on('run-state', (event) => {
      if (['completed', 'failed', 'cancelled'].includes(event.state)) resolve(event.state);
    });
  });
}

export async function runPlanEstimate(bench: PlanEstimateCase): Promise<BenchmarkReport> {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onefile-bench-estimate-'));
  const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
  const file = writeLearnerFile(dataDir, sandbox, { learners: bench.learners, tag: `PE${bench.learners}` });
  await sandbox.close();

  const service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('bench'), budgetPerMinute: BUDGET, windowMs: bench.windowMs });
  try {
    await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
    await service.handlers.chooseOrganisation({ organisationId: 5740 });
    await service.handlers.openFile({ fileName: path.basename(file), contentBase64: fs.readFileSync(file).toString('base64') });
    await service.handlers.checkReferences({ refresh: false });
    const plan = await service.handlers.planImport({ skipInvalid: false });
    const done = ended(service);
    const runStarted = Date.now();
    await service.handlers.startRun({});
    const state = await done;
    const runMs = Date.now() - runStarted;
    const error = (plan.etaMs - runMs) / runMs;
    return {
      id: bench.id,
      title: `The plan's time for ${bench.learners} new learners against the run's`,
      setup: `${bench.learners} learners with a framework template (${plan.calls.writes} writes) through the app's service and the built-in sandbox, ${BUDGET} calls per ${bench.windowMs / 1000} s; Start pressed as soon as the plan was shown.`,
      durationMs: Date.now() - started,
      figures: [
        { name: 'run completed', value: state === 'completed' ? 1 : 0, unit: '' },
        { name: 'run time vs the plan\'s estimate', value: round(runMs / 1000, 2), unit: 's', reference: { label: 'plan s', value: round(plan.etaMs / 1000, 2) }, ratio: runMs / plan.etaMs },
        { name: 'estimate error (plan - run) / run', value: round(Math.abs(error) * 100, 1), unit: '%', goal: atMost(round(Math.abs(error) * 100, 1), 10) },
      ],
    };
  } finally {
    await service.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
