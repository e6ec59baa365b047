import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { walkToPlanAgain } from './app-fixtures';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure, screenshot, walkToPlan, writeCleanLearners, writeExampleEdited } from './helpers';

/**
 * A run that finished with rows failed is not shown as if everything went in: the Import
 * screen's badge says "Finished: 2 failed" in orange (not a green "completed"), an alert says
 * the rows failed and where they are (the errors file), and History's row says the same. A run
 * with none failed stays green. The sandbox plays a OneFile that refuses a learner without an
 * email (`learnerEmail: required`): the two learners of the file without one fail.
 */

const app = browserModeForThisFile('finished-with-failures', { budget: 100, windowMs: 1_000 }, ['--sandbox-switches', JSON.stringify({ learnerEmail: 'required' })]);

/** Which of Mantine's colours a badge is drawn in: its text colour compared with each colour's own, resolved in the page. */
async function colourOf(badge: Locator): Promise<string> {
  return badge.evaluate((element) => {
    const view = globalThis as unknown as {
      document: { createElement(tag: string): { style: { color: string } }; body: { appendChild(e: unknown): void; removeChild(e: unknown): void } };
      getComputedStyle(e: unknown): { color: string };
    };
    const drawn = view.getComputedStyle(element).color;
    for (const name of ['teal', 'green', 'orange', 'yellow', 'red', 'indigo', 'gray']) {
      const probe = view.document.createElement('span');
      probe.style.color = `var(--mantine-color-${name}-light-color)`;
      view.document.body.appendChild(probe);
      const colour = view.getComputedStyle(probe).color;
      view.document.body.removeChild(probe);
      if (colour === drawn) return name;
    }
    return drawn;
  });
}

const runBadge = (scope: { getByTestId(id: string): Locator }) => scope.getByTestId('run-state-badge');

describeInBrowser('a run finished with failed rows', () => {
  it('is shown finished with its failures counted, in orange, on the Import screen and in History', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-finished-with-failures'));
    const file = writeExampleEdited(path.join(app.dataDir, 'mis'), 'learners-no-email.csv', { BA24004: { 6: '' }, BA24009: { 6: '' } });
    await walkToPlan(page, file);
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });

    const badge = runBadge(page);
    await expect.poll(() => badge.textContent()).toBe('Finished: 2 failed');
    expect(await colourOf(badge)).toBe('orange');
    const alert = page.getByTestId('run-not-all-in');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^2 rows failed.*not in OneFile.*errors file/);
    await screenshot(page, '90-import-finished-with-failures');

    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    const row = page.getByTestId('history').locator('tbody tr').first();
    await expect.poll(() => runBadge(row).textContent()).toBe('Finished: 2 failed');
    expect(await colourOf(runBadge(row))).toBe('orange');
    await page.getByText(/^2 rows failed: they are not in OneFile/).waitFor();
    await screenshot(page, '91-results-with-failures');
  }, 200_000);

  it('a run with none failed stays green, in its own row of History beside the other', async () => {
    const page = app.browser.contexts()[0].pages()[0];
    onTestFailed(() => recordFailure(page, 'failed-finished-all-in'));
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('heading', { name: 'Load your spreadsheet' }).waitFor();
    await walkToPlanAgain(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
    const badge = runBadge(page);
    await expect.poll(() => badge.textContent()).toBe('Finished');
    expect(await colourOf(badge)).toBe('teal');
    expect(await page.getByTestId('run-not-all-in').count()).toBe(0);

    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    const rows = page.getByTestId('history').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await runBadge(rows.nth(0)).textContent()).toBe('Finished');
    expect(await colourOf(runBadge(rows.nth(0)))).toBe('teal');
    expect(await runBadge(rows.nth(1)).textContent()).toBe('Finished: 2 failed');
    expect(await colourOf(runBadge(rows.nth(1)))).toBe('orange');
    await screenshot(page, '92-history-one-with-failures');
  }, 200_000);
});
