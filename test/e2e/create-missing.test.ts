import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { startSandbox } from '../../main/sandbox';
import { ROOT } from './build-once';
import { browserModeForThisFile, continueToReview, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';

/**
 * Issue 13: a placement the file names that OneFile lacks is created only when ticked
 * in Review. Unticked it is "Not found" and its rows are not imported; ticked, Review
 * counts them as worth a look, not as errors, and the plan
 * says it is created first and for how many rows, and the import creates it once and
 * gives it to those learners (read back from the built-in sandbox's own state).
 */

const app = browserModeForThisFile('create-missing', { budget: 100, windowMs: 1000 });
const PLACEMENT = 'Tesco - York Road';

/** The examples spreadsheet with three learners at a new workplace OneFile has never seen. */
function writeFile(): string {
  const lines = readFileSync(path.join(ROOT, 'examples/learners.csv'), 'utf8').split(/\r?\n/);
  for (const misid of ['BA24002', 'BA24004', 'BA24006']) {
    const at = lines.findIndex((line) => line.startsWith(`${misid},`));
    const cells = lines[at].split(',');
    cells[12] = PLACEMENT;
    lines[at] = cells.join(',');
  }
  const folder = path.join(app.dataDir, 'mis');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'new-employer.csv');
  writeFileSync(file, lines.join('\r\n'));
  return file;
}

describeInBrowser('a placement OneFile lacks, ticked in Review', () => {
  it('is offered with a tick, counted in the plan once ticked, and created once for its learners', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-create-missing'));
    await loadInApp(page, writeFile());
    await continueToReview(page);

    const item = page.getByTestId('unresolved-item').filter({ hasText: PLACEMENT });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Not found.*3 rows/);
    const tick = item.getByTestId('create-missing-tick');
    expect(await tick.isChecked()).toBe(false);
    await tick.click();
    await expect.poll(() => item.textContent()).toMatch(/Will be created/);
    expect(await item.textContent()).toContain(`The plan creates “${PLACEMENT}” once, before its 3 rows.`);
    // Resolved that way: its rows are worth a look (yellow), no longer errors, and say what the import does.
    await page.getByText('Errors 0').waitFor();
    expect(await page.getByText(/^Unresolved \d+$/).textContent()).toBe('Unresolved 0');
    expect(await page.getByText(/^Ready \d+$/).textContent()).toBe('Ready 25');
    // The names are checked: nothing says they are not.
    expect(await page.getByTestId('names-not-checked').count()).toBe(0);
    expect(await page.getByTestId('unresolved-title').textContent()).toBe('1 name to create');
    await page.getByText('new placement: the import creates it first').waitFor();
    await screenshot(page, '53-review-create-missing-placement');

    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    const creations = page.getByTestId('plan-creations');
    await creations.waitFor();
    expect(await creations.textContent()).toContain(`Placement “${PLACEMENT}”: 3 rows wait for it`);
    expect(await page.getByText('Create', { exact: true }).locator('xpath=following-sibling::*[1]').textContent()).toBe('25');
    await screenshot(page, '54-plan-creates-placement-first');

    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    expect(await page.getByText('Created', { exact: true }).locator('xpath=following-sibling::*[1]').textContent()).toBe('25');
    expect(await page.getByText('Failed', { exact: true }).locator('xpath=following-sibling::*[1]').textContent()).toBe('0');

    // OneFile's side: the built-in sandbox's state, read once browser mode has stopped.
    await app.ui.stop();
    const sandbox = await startSandbox({ statePath: sandboxStatePath(app.dataDir) });
    try {
      const made = sandbox.store.all('placements').filter((p) => p.Name === PLACEMENT);
      expect(made).toHaveLength(1);
      const learners = sandbox.store.usersOf(5740, 1).filter((u) => ['BA24002', 'BA24004', 'BA24006'].includes(u.MISID ?? ''));
      expect(learners.map((u) => u.PlacementID)).toEqual([made[0].ID, made[0].ID, made[0].ID]);
    } finally {
      await sandbox.close();
    }
  }, 180_000);
});
