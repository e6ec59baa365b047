import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, describeInBrowser, loadInApp, openApp, recordFailure, screenshot, writeExampleEdited } from './helpers';

/**
 * Review's filters count each row once where their labels say it is one thing: a row with an
 * error is among Errors (a name OneFile does not know, Unresolved, is one), every other row is
 * Ready, and Ready with warnings are the ready rows worth a look. A row with an error and a
 * warning is an error's row: it is not counted again among the ready ones with warnings.
 */

const app = browserModeForThisFile('review-counts', { budget: 100, windowMs: 1_000 });

/** Isla's row (row 4): her email mistyped (an error) and her ULN written "N/A" (a warning); Ava's (row 6): her NI number "N/A" only. */
const learnersWithAnErrorAndWarnings = (folder: string) =>
  writeExampleEdited(folder, 'learners-counts.csv', { BA24003: { 6: 'isla.murray@example', 4: 'N/A' }, BA24005: { 5: 'N/A' } });

/** The count a filter's label gives, by the label's words. */
async function counted(page: Page, label: string): Promise<number> {
  const text = await page.getByText(new RegExp(`^${label} \\d+$`)).textContent();
  return Number(/(\d+)$/.exec(text ?? '')?.[1]);
}

/** The file's rows the grid lists, by their row number. */
const listedRows = (page: Page) => page.locator('[data-column="0"][data-row]').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-row'))));

describeInBrowser("Review's row counts", () => {
  it('add up as their labels say: errors and ready make every row, the ready ones with warnings among the ready', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-review-counts'));
    await loadInApp(page, learnersWithAnErrorAndWarnings(path.join(app.dataDir, 'mis')));
    await continueToReview(page);
    await page.getByText('Unresolved 0', { exact: true }).waitFor();

    expect(await counted(page, 'All rows')).toBe(25);
    expect(await counted(page, 'Errors')).toBe(1);
    expect(await counted(page, 'Ready')).toBe(24);
    // Isla's row has a warning too, but her error stops it: only Ava's is ready with a warning.
    expect(await counted(page, 'Ready with warnings')).toBe(1);
    await screenshot(page, '104-review-counts');

    await page.getByText(/^Ready with warnings \d+$/).click();
    await expect.poll(() => listedRows(page)).toEqual([6]);
    await page.getByText(/^Errors \d+$/).click();
    await expect.poll(() => listedRows(page)).toEqual([4]);
  }, 120_000);
});
