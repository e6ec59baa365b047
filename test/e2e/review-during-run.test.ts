import { expect, it, onTestFailed } from 'vitest';
import { importStartedThenPaused, PAUSABLE_PACE, resumedToTheEndFrom } from './app-fixtures';
import { browserModeForThisFile, describeInBrowser, openApp, pasteText, recordFailure, screenshot } from './helpers';

/**
 * While an import is running (or paused: it still holds the app), Review shows the file
 * but does not change it: a cell is not edited, a paste is refused, the names are not
 * checked against OneFile again, and a line says why, with the way to the import. Once the
 * import has ended, Review is editable again.
 */

const app = browserModeForThisFile('review-during-run', PAUSABLE_PACE);

const FIRST_NAME = 1;
const cell = (row: number, column: number) => `[data-row="${row}"][data-column="${column}"]`;

describeInBrowser('Review while an import is running', () => {
  it('is read-only, says why and leads to the import; editable again once it has finished', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-review-during-run'));
    await importStartedThenPaused(page, app.dataDir, 'RO');

    await page.getByRole('button', { name: 'Step 4: Review' }).click();
    const first = page.locator(cell(2, FIRST_NAME));
    await first.waitFor();
    const name = await first.textContent();

    // A double-click does not open the cell: the grid says why instead.
    await first.dblclick();
    await page.getByTestId('grid-notice').filter({ hasText: 'Not changed: an import is under way' }).waitFor();
    expect(await page.getByLabel('Edit cell').count()).toBe(0);
    // And Review says so above the grid, with the way to the import.
    const why = page.getByRole('alert').filter({ hasText: 'An import is paused: you can look at the rows, not change them' });
    await why.waitFor();
    // Nor are the names checked against OneFile again meanwhile: the import has OneFile's calls a minute.
    const checkAgain = page.getByRole('button', { name: 'Check names against OneFile again' });
    expect(await checkAgain.isDisabled()).toBe(true);
    expect(await why.textContent()).toContain('Names are not checked against OneFile again meanwhile: OneFile’s calls a minute are kept for the import.');
    // Nor does typing over it, a paste or Delete change it; Undo is not offered.
    await page.getByTestId('grid-notice').getByRole('button').click();
    await first.click();
    await page.keyboard.type('X');
    await page.getByTestId('grid-notice').waitFor();
    expect(await page.getByLabel('Edit cell').count()).toBe(0);
    await pasteText(page.getByTestId('review-grid'), 'Pasted');
    await page.keyboard.press('Delete');
    expect(await first.textContent()).toBe(name);
    expect(await page.getByRole('button', { name: 'Undo', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Continue to plan' }).isDisabled()).toBe(true);
    await screenshot(page, '101-review-during-run');

    await resumedToTheEndFrom(page, why);

    // The import has ended: Review is the file's again, to fix and import again.
    await page.getByRole('button', { name: 'Step 4: Review' }).click();
    await page.locator(cell(2, FIRST_NAME)).waitFor();
    expect(await page.getByTestId('review-read-only').count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Check names against OneFile again' }).isEnabled()).toBe(true);
    await page.locator(cell(2, FIRST_NAME)).dblclick();
    await page.getByLabel('Edit cell').fill('Amy');
    await page.getByLabel('Edit cell').press('Enter');
    await expect.poll(() => page.locator(cell(2, FIRST_NAME)).textContent()).toMatch(/^Amy/);
  }, 180_000);
});
