import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { onToLoad } from './app-fixtures';
import { browserModeForThisFile, continueToReview, describeInBrowser, dropFile, loadInApp, openApp, recordFailure, screenshot, writeExampleEdited } from './helpers';

/**
 * Two rows of the file with the same value in a field that must be unique in it (here
 * the ULN: Oliver's typed as Amelia's) are both marked. Fixing one of them in Review
 * (Oliver's ULN typed right) clears the mark on both at once: the other row's cell is
 * not left red until the filter is changed. The filter stays "All rows" throughout.
 */

const app = browserModeForThisFile('review-duplicate-fix', { budget: 100, windowMs: 1_000 });

const ULN = 4;
const EMAIL = 6;
const cell = (row: number, column: number) => `[data-row="${row}"][data-column="${column}"]`;

describeInBrowser('a value two rows share, fixed on one of them', () => {
  it('clears the problem mark on both rows at once', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-review-duplicate-fix'));
    // Row 3 (BA24002, Oliver) has Amelia's ULN (row 2).
    await loadInApp(page, writeExampleEdited(path.join(app.dataDir, 'mis'), 'learners-same-uln.csv', { BA24002: { [ULN]: '4821730560' } }));
    await continueToReview(page);
    const amelia = page.locator(cell(2, ULN));
    const oliver = page.locator(cell(3, ULN));
    await expect.poll(() => amelia.getAttribute('data-severity')).toBe('error');
    await expect.poll(() => oliver.getAttribute('data-severity')).toBe('error');
    await page.getByText('Errors 2').waitFor();
    await screenshot(page, '98-review-duplicate-before');

    await oliver.dblclick();
    await page.getByLabel('Edit cell').fill('4821809752');
    await page.getByLabel('Edit cell').press('Enter');
    // Both marks go, the edited row's and the other's, with nothing else done.
    await expect.poll(() => oliver.getAttribute('data-severity')).toBeNull();
    await expect.poll(() => amelia.getAttribute('data-severity')).toBeNull();
    await page.getByText('Errors 0').waitFor();
    await screenshot(page, '99-review-duplicate-fixed');

    // And back: the duplicate typed again marks both at once.
    await oliver.dblclick();
    await page.getByLabel('Edit cell').fill('4821730560');
    await page.getByLabel('Edit cell').press('Enter');
    await expect.poll(() => oliver.getAttribute('data-severity')).toBe('error');
    await expect.poll(() => amelia.getAttribute('data-severity')).toBe('error');
  }, 120_000);

  it('the same for an email two rows share, the earlier row fixed', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-review-duplicate-email'));
    // Row 5 (BA24004, Harry) has Isla's email (row 4); Isla's is the one changed.
    await onToLoad(page);
    await dropFile(page, writeExampleEdited(path.join(app.dataDir, 'mis'), 'learners-same-email.csv', { BA24004: { [EMAIL]: 'isla.murray@example.net' } }));
    await page.getByText('learners-same-email.csv', { exact: true }).first().waitFor();
    await continueToReview(page);
    const isla = page.locator(cell(4, EMAIL));
    const harry = page.locator(cell(5, EMAIL));
    await expect.poll(() => isla.getAttribute('data-severity')).toBe('error');
    await expect.poll(() => harry.getAttribute('data-severity')).toBe('error');
    await isla.dblclick();
    await page.getByLabel('Edit cell').fill('isla.m@example.net');
    await page.getByLabel('Edit cell').press('Enter');
    await expect.poll(() => isla.getAttribute('data-severity')).toBeNull();
    await expect.poll(() => harry.getAttribute('data-severity')).toBeNull();
    await page.getByText('Errors 0').waitFor();
  }, 120_000);
});
