import { expect, it, onTestFailed } from 'vitest';
import { importStartedThenPaused, PAUSABLE_PACE, resumedToTheEndFrom } from './app-fixtures';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure, screenshot } from './helpers';

/**
 * While an import is running (or paused: it still holds the app), Map shows the columns
 * and the fields they go to but changes none of it: the fields, how the file's dates and
 * roles are read and a profile to load are not on offer, and a line says why, with the way
 * to the import (main refuses such a change anyway). Once the import has ended, Map is the
 * file's again.
 */

const app = browserModeForThisFile('map-during-run', PAUSABLE_PACE);

describeInBrowser('Map while an import is running', () => {
  it('is read-only, says why and leads to the import; changeable again once it has finished', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-map-during-run'));
    await importStartedThenPaused(page, app.dataDir, 'MP');

    await page.getByRole('button', { name: 'Step 3: Map' }).click();
    const why = page.getByRole('alert').filter({ hasText: 'An import is paused: you can look at the mapping, not change it' });
    await why.waitFor();
    // Each column's field is shown, not offered to change; nor is how the file is read.
    const surname = page.getByLabel(/^Field for column C /);
    expect(await surname.textContent()).toContain('Last name');
    expect(await surname.isDisabled()).toBe(true);
    const pickers = 'button[aria-label^="Field for column "]';
    expect(await page.locator(pickers).count()).toBe(14);
    expect(await page.locator(`${pickers}:enabled`).count()).toBe(0);
    expect(await page.getByRole('radio', { name: 'Month first (01/31/2000)' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Rows with no Role are').first().isDisabled()).toBe(true);
    // Not on towards another import: the way on is the import's.
    expect(await page.getByRole('button', { name: 'Continue to review' }).isDisabled()).toBe(true);
    await screenshot(page, '103-map-during-run');

    await resumedToTheEndFrom(page, why);

    // The import has ended: the mapping is the file's again, for the next import.
    await page.getByRole('button', { name: 'Step 3: Map' }).click();
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
    expect(await page.getByTestId('map-read-only').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Continue to review' }).isDisabled()).toBe(false);
    await page.getByLabel(/^Field for column C /).click();
    await page.getByRole('option', { name: /^— Not imported —/ }).click();
    await expect.poll(() => page.getByLabel(/^Field for column C /).textContent()).toBe('Not imported');
  }, 180_000);
});
