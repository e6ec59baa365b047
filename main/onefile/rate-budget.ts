import { OneFileError } from './errors';
import { MAX_BUDGET_PER_MINUTE } from '../../shared/defaults';

/** A budget of calls a window the rate limiter can keep: a whole number from 1 to 300. */
export function checkBudget(budget: number): number {
  if (!Number.isInteger(budget) || budget < 1 || budget > MAX_BUDGET_PER_MINUTE) {
    throw new OneFileError({
      kind: 'validation',
      endpoint: 'rate limit',
      message: `The call budget must be a whole number from 1 to ${MAX_BUDGET_PER_MINUTE} calls a minute (got ${budget}).`,
    });
  }
  return budget;
}

/** A window of a positive number of milliseconds. */
export function checkWindow(windowMs: number): number {
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    throw new OneFileError({ kind: 'validation', endpoint: 'rate limit', message: `The rate window must be a positive number of milliseconds (got ${windowMs}).` });
  }
  return windowMs;
}
