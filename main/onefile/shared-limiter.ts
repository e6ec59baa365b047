import { createHash } from 'node:crypto';
import { BudgetLease, budgetLeaseFolder } from './budget-lease';
import { RateLimiter, type RateLimiterOptions } from './limiter';

const registry = new Map<string, RateLimiter>();

/**
 * The process-wide limiter for one OneFile account on one server: every client using
 * the same base URL and customer token shares it, since OneFile counts calls per
 * token. The registry key holds a SHA-256 of the token, never the token itself. A
 * later call with other settings reconfigures the shared limiter.
 */
export function sharedRateLimiter(baseUrl: string, customerToken: string, options: RateLimiterOptions & SharingOptions = {}): RateLimiter {
  const key = `${baseUrl}\n${createHash('sha256').update(customerToken).digest('hex')}`;
  let limiter = registry.get(key);
  if (limiter) {
    limiter.configure({ budget: options.budget, windowMs: options.windowMs });
  } else {
    limiter = new RateLimiter(options);
    registry.set(key, limiter);
  }
  if (options.shareDataDir !== undefined && !sharedFolders.has(key)) {
    sharedFolders.add(key);
    limiter.shareWith(new BudgetLease({ folder: budgetLeaseFolder(options.shareDataDir, baseUrl, customerToken), clock: options.clock }));
  }
  return limiter;
}

export interface SharingOptions {
  /**
   * The data folder: the budget is shared, through leases there, with every process on
   * this machine that uses the same base URL and token (budget-lease.ts).
   */
  shareDataDir?: string;
}

/** Registry keys whose limiter already shares its budget. */
const sharedFolders = new Set<string>();
