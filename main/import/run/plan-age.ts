import type { ImportPlan } from '../plan/types';

/**
 * How long after reading OneFile a plan may still be started. What OneFile holds is read
 * when the plan is made; a learner added since, by hand in OneFile or by another program
 * (the MIS's own sync), is not in it, and a plan that says "create" for that learner
 * would create them a second time. Other runs of this importer are seen through their
 * journals (./later-writes); nothing shows what others did but reading OneFile again, so
 * a plan is not started once its reading is older than this. Ten minutes is time to look
 * the plan over; a plan left while the user was away is made again (its calls are the
 * directory's, a few in all).
 */
export const PLAN_FRESH_MS = 10 * 60_000;

/** How long ago the plan read OneFile, in ms, or undefined for a plan that does not say (made before plans did). */
export function planAgeMs(plan: Pick<ImportPlan, 'readOneFileAt'>, now: Date): number | undefined {
  const readAt = plan.readOneFileAt ? Date.parse(plan.readOneFileAt) : NaN;
  return Number.isFinite(readAt) ? now.getTime() - readAt : undefined;
}

/** Whether a plan read OneFile too long ago to be started (see PLAN_FRESH_MS). */
export function planTooOld(plan: Pick<ImportPlan, 'readOneFileAt'>, now: Date, freshMs = PLAN_FRESH_MS): boolean {
  const age = planAgeMs(plan, now);
  return age !== undefined && age > freshMs;
}

/** Why a plan is not started: it read OneFile too long ago. Names when, and what to do. */
export function planTooOldMessage(plan: Pick<ImportPlan, 'readOneFileAt'>, now: Date): string {
  const minutes = Math.round((planAgeMs(plan, now) ?? 0) / 60_000);
  const ago = minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`;
  return (
    `This plan read OneFile ${ago} ago: a learner added in OneFile since then (by hand, or by another program) is not in it, ` +
    'and the import would create them a second time. Make the plan again: it reads what OneFile holds now. Nothing was sent.'
  );
}
