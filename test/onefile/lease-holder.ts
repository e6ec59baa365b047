import * as fs from 'node:fs';
import * as path from 'node:path';
import { BudgetLease } from '../../main/onefile/budget-lease';
import { RateLimiter } from '../../main/onefile/limiter';

/**
 * A second process for the budget lease test: a rate limiter sharing its budget through
 * the folder given, kept busy with calls until it is killed. Each call it sends is
 * appended to `calls.log` in that folder's parent (sent and answered times), so the
 * test can check the two processes together against the budget.
 *
 *   node --import tsx test/onefile/lease-holder.ts <folder> <budget> <windowMs>
 */

const [folder, budget, windowMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const log = path.join(path.dirname(folder), 'child-calls.log');
const limiter = new RateLimiter({ budget, windowMs });
// As budget-lease.test.ts's STALE_MS.
const lease = new BudgetLease({ folder, staleMs: 1500 });
limiter.shareWith(lease);

async function caller(): Promise<never> {
  for (;;) {
    await limiter.run(async () => {
      const sent = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 1));
      fs.appendFileSync(log, `${sent} ${Date.now()}\n`);
    });
  }
}

for (let i = 0; i < 4; i++) void caller();
