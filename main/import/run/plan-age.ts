import type { ImportPlan } from '../plan/types';

/**
 * How long after reading OneFile a plan may still be started. What OneFile holds is read
 * when the plan is made; a learner added since, by hand in OneFile or by another program
 * (the MIS's own sync), is not in it, and a plan that says "create" for that learner
 * would create them a second time. Other runs of this importer are seen through their
 * journals (./later-writes); nothing shows what others did but reading OneFile again, so
 * a plan is not started once it has waited longer than this since its reading (the time
 * planning itself worked does not count). Ten minutes is time to look the plan over; a
 * plan left while the user was away is made again.
 */
export const PLAN_FRESH_MS = 10 * 60_000;

/**
 * How long the plan has waited since it read OneFile, in ms: the time since then less the
 * time planning worked (reading matched learners at the rate limit can take minutes for a
 * large file, and that is not time left waiting); undefined for a plan that does not say
 * when it read OneFile (made before plans did).
 */
export function planAgeMs(plan: Pick<ImportPlan, 'readOneFileAt' | 'planningMs'>, now: Date): number | undefined {
  const readAt = plan.readOneFileAt ? Date.parse(plan.readOneFileAt) : NaN;
  return Number.isFinite(readAt) ? now.getTime() - readAt - (plan.planningMs ?? 0) : undefined;
}

/** Whether a plan read OneFile too long ago to be started (see PLAN_FRESH_MS). */
export function planTooOld(plan: Pick<ImportPlan, 'readOneFileAt' | 'planningMs'>, now: Date, freshMs = PLAN_FRESH_MS): boolean {
  const age = planAgeMs(plan, now);
  return age !== undefined && age > freshMs;
}

/** Why a plan is not started: it read OneFile too long ago. Names when, and what to do. */
export function planTooOldMessage(plan: Pick<ImportPlan, 'readOneFileAt' | 'planningMs'>, now: Date): string {
  const minutes = Math.round((planAgeMs(plan, now) ?? 0) / 60_000);
  const ago = minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`;
  return (
    `This plan has waited ${ago} since it read OneFile: a learner added in OneFile since then (by hand, or by another program) is not in it, ` +
    'and the import would create them a second time. Make the plan again: it reads what OneFile holds now. Nothing was sent.'
  );
}
