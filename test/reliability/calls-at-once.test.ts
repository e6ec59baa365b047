import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFindings } from '../../main/import/environment/findings';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { importReported, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * No guide says how many calls OneFile takes at once. The importer sends several (the
 * directory's reads side by side, rows in flight); a OneFile, or a gateway before it, may
 * refuse one call more than it handles at once, undone: a gateway's concurrency policy
 * with 429, a full request queue with 503, IIS's dynamic IP restrictions ("too many
 * concurrent requests") with 403. Played with the sandbox (`callsAtOnce: 2`, a call taking
 * 60 ms): with 403 **no import could start**: the re-sign-in, sent beside other calls, was
 * refused too and the run stopped blaming the customer token ("OneFile refused the customer
 * token ... Check the customer API token"). Now a 403 though the token works sends every
 * call after it one at a time (the sign-in too), and the run says so. With 429 and 503 the
 * importer waited or checked and sent again, every learner once, but (60 learners, a call
 * taking 200 ms, 100 calls a 6 s window) a 429 was read as the rate limit: paced evenly and
 * still refused, the budget came down to 33 a minute, remembered for the OneFile (69 s
 * against 15 s with no such limit); and with 503 a search refused four times in a row failed
 * its row (1 or 2 rows of 60, 394 calls against 251). Now a 429 or 503 to a call sent beside
 * others (for a 429, sent paced evenly) sends fewer at once (28 s and 257 calls with 429, 29 s
 * and 267 with 503, no row failed, no budget lowered).
 */

const WINDOW_MS = 2000;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS, rateLimit: 1000 });
const LEARNERS = 12;

async function importBeside(refusal: 429 | 503 | 403): Promise<{ sandbox: RunningSandbox; run: Awaited<ReturnType<typeof importReported>> }> {
  const sandbox = await sandboxWith({ callsAtOnce: 2, callsAtOnceRefusal: refusal, latencyMs: 60 });
  const dir = tempDir(`calls-at-once-${refusal}-`);
  const file = writeCsv(dir, 'learners.csv', Array.from({ length: LEARNERS }, (_, i) => learnerLine('CO', i + 1)));
  const run = await importReported(sandbox, file, { org: GUIDE.business, dataDir: path.join(dir, 'data'), rateWindowMs: WINDOW_MS });
  return { sandbox, run };
}

const learnersOf = (sandbox: RunningSandbox) => sandbox.store.all('users').filter((u) => u.LastName === 'TestCO');
const refusedAsTooMany = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.overCallsAtOnce).length;

describe('a OneFile refusing one call more than it handles at once', () => {
  it('with 403: the import goes on one call at a time, says so, and makes every learner once with their standard and units', async () => {
    const { sandbox, run } = await importBeside(403);
    expect(run.code, run.output).toBe(0);
    expect(run.summary).toMatchObject({ state: 'completed', created: LEARNERS, failed: 0 });
    expect(run.summary.message).toContain('OneFile refused a call with HTTP 403 although the customer token had worked');
    expect(run.summary.message).toContain('from then on calls were sent one at a time');
    expect(refusedAsTooMany(sandbox)).toBeGreaterThan(0);
    const learners = learnersOf(sandbox);
    expect(new Set(learners.map((u) => u.MISID)).size).toBe(LEARNERS);
    expect(learners).toHaveLength(LEARNERS);
    for (const learner of learners) {
      expect(sandbox.store.learningAimsOf(learner.ID)).toHaveLength(1);
      expect(sandbox.store.unitSummariesOf(learner.ID)).toHaveLength(2);
    }
  }, 120_000);

  it.each([429, 503] as const)('with %s: fewer calls at once from the first refusals, every learner once, no budget lowered, and the run says so', async (refusal) => {
    const { sandbox, run } = await importBeside(refusal);
    expect(run.code, run.output).toBe(0);
    expect(run.summary).toMatchObject({ state: 'completed', created: LEARNERS, failed: 0 });
    expect(run.summary.message).toContain(`OneFile answered HTTP ${refusal} to a call sent while others were being answered`);
    expect(run.summary.message).toContain('so from then on at most 2 calls were sent at once');
    expect(run.summary.message).not.toContain('admitted only');
    // Only calls already on their way when the first refusals came: one a row in flight at most.
    expect(refusedAsTooMany(sandbox)).toBeGreaterThan(0);
    expect(refusedAsTooMany(sandbox)).toBeLessThanOrEqual(16);
    const learners = learnersOf(sandbox);
    expect(learners).toHaveLength(LEARNERS);
    for (const learner of learners) {
      expect(sandbox.store.learningAimsOf(learner.ID)).toHaveLength(1);
      expect(sandbox.store.unitSummariesOf(learner.ID)).toHaveLength(2);
    }
  }, 120_000);

  it('with 429 and the rate limit in use (calls taking longer than their spacing): the budget is neither lowered nor remembered lower', async () => {
    const sandbox = await sandboxWith({ rateLimit: 100, windowMs: 3000, callsAtOnce: 2, callsAtOnceRefusal: 429, latencyMs: 100 });
    const dir = tempDir('calls-at-once-budget-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 30 }, (_, i) => learnerLine('CB', i + 1)));
    const dataDir = path.join(dir, 'data');
    const run = await importReported(sandbox, file, { org: GUIDE.business, dataDir, rateWindowMs: 3000 });
    expect(run.code, run.output).toBe(0);
    expect(run.summary).toMatchObject({ state: 'completed', created: 30, failed: 0 });
    expect(run.summary.message).toContain('so from then on at most 2 calls were sent at once');
    expect(run.summary.message).not.toContain('admitted only');
    expect(readFindings(dataDir, sandbox.baseUrl)?.knowledge.admittedBudget).toBeUndefined();
    expect(sandbox.store.all('users').filter((u) => u.LastName === 'TestCB')).toHaveLength(30);
  }, 120_000);
});
