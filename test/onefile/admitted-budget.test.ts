import { describe, expect, it } from 'vitest';
import { learnedByImports, readFindings, saveLearned } from '../../main/import/environment/findings';
import { createOneFileClient, RateLimiter, type ApiKnowledge } from '../../main/onefile';
import { tempDir } from '../import/run-fixtures';

/**
 * What a OneFile admitted while refusing the budget set is kept with the environment for
 * that budget only, and let go when the budget climbs back (onefile/limiter.ts,
 * `lowerToAdmitted`, `mayRaise`).
 */

const BASE = 'https://wsapi.example.invalid/api/v2.1/';

function clientWith(budget: number, knowledge: ApiKnowledge, learned: ApiKnowledge[] = []) {
  const limiter = new RateLimiter({ budget, windowMs: 60_000 });
  createOneFileClient({ baseUrl: BASE, customerToken: 'not-a-real-token', budgetPerMinute: budget, limiter, knowledge, onLearned: (known) => learned.push(known) });
  return limiter;
}

describe('the budget a OneFile admits, kept with the environment', () => {
  it('is applied to a client with the budget it was seen under, and to no other', () => {
    const knowledge: ApiKnowledge = { admittedBudget: { calls: 100, budget: 300 } };
    expect(clientWith(300, knowledge).budget).toBe(100);
    expect(clientWith(200, knowledge).budget).toBe(200);
    expect(clientWith(100, knowledge).budget).toBe(100);
  });

  it('is learned from the limiter, and let go when the limiter climbs back to the budget set', () => {
    const learned: ApiKnowledge[] = [];
    const limiter = clientWith(300, {}, learned);
    limiter.admitAtMost(120);
    expect(learned.at(-1)?.admittedBudget).toEqual({ calls: 120, budget: 300 });
    expect(learnedByImports(learned.at(-1)!)).toContain('it admitted about 120 calls a minute, not the 300 set');

    const dataDir = tempDir('admitted-budget-');
    saveLearned(dataDir, BASE, learned.at(-1)!);
    expect(readFindings(dataDir, BASE)?.knowledge.admittedBudget).toEqual({ calls: 120, budget: 300 });

    // Raised back to the budget set (as mayRaise does after windows with no 429): saved as nothing held against it.
    saveLearned(dataDir, BASE, { admittedBudget: { calls: 300, budget: 300 } });
    const saved = readFindings(dataDir, BASE)!.knowledge;
    expect(clientWith(300, saved).budget).toBe(300);
    expect(learnedByImports(saved)).not.toContain('admitted');
  });

  it('a client that never saw a refusal learns nothing', () => {
    const learned: ApiKnowledge[] = [];
    clientWith(300, {}, learned);
    expect(learned).toEqual([]);
  });
});
