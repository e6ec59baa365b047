import { PLAN_FRESH_MS, planAgeMs, planTooOld, type ImportPlan, type PreparedImport } from '../import';

/**
 * A plan is started only within PLAN_FRESH_MS of reading OneFile (a learner added since,
 * by hand or by another program, would be created twice). On the command line the plan
 * waits only for a person (a name to choose, a live import to confirm): past half that
 * time, OneFile is read again and the plan made again before it is shown or started.
 */
export const PLAN_AGAIN_AFTER_MS = PLAN_FRESH_MS / 2;

/** What a plan does, row by row and in all: two plans with the same gist do the same. */
export function planGist(plan: ImportPlan): string {
  const { create, update, link, unchanged, joined, blocked, skipped, assignments, creations } = plan.summary;
  return JSON.stringify({
    create, update, link, unchanged, joined, blocked, skipped, assignments,
    creations: creations?.map((c) => `${c.kind}:${c.name}`),
    rows: plan.rows.map((row) => `${row.row}:${row.action}:${row.matched?.userId ?? ''}`),
  });
}

/**
 * The import, planned again on OneFile read now when its plan read it long ago; said in
 * one line, with whether the plan changed. Unchanged (the same object) when the plan is recent.
 */
export async function planFreshEnough(session: PreparedImport, now: Date, say: (text: string) => void): Promise<{ session: PreparedImport; changed: boolean }> {
  if (!planTooOld(session.plan, now, PLAN_AGAIN_AFTER_MS)) return { session, changed: false };
  const minutes = Math.max(1, Math.round((planAgeMs(session.plan, now) ?? 0) / 60_000));
  const again = await session.planAgain();
  const changed = planGist(again.plan) !== planGist(session.plan);
  say(
    `The plan had waited ${minutes} minute${minutes === 1 ? '' : 's'} since it read OneFile, so OneFile was read again: ` +
      (changed ? 'OneFile changed meanwhile, and the plan with it.\n' : 'the plan is the same.\n'),
  );
  return { session: again, changed };
}
