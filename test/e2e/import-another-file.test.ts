import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, dropFile, openApp, recordFailure, screenshot, walkToPlan, writeCleanLearners, writeExampleEdited } from './helpers';

/**
 * "Import another file" on Results gives a fresh Load step: the file just imported is not
 * shown again (its name, its preview, Continue to mapping), the steps after Load are not
 * ticked or open, and the next file dropped is the one read, mapped and reviewed.
 */

const app = browserModeForThisFile('import-another-file', { budget: 100, windowMs: 1_000 });

describeInBrowser('Import another file, after an import', () => {
  it('opens an empty Load step, and the next file dropped is the one read', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-import-another-file'));
    await walkToPlan(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();

    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('heading', { name: 'Load your spreadsheet' }).waitFor();
    await screenshot(page, '95-import-another-file-load');
    // Nothing of the file imported: no card with its name, no preview, no way on to its mapping.
    expect(await page.getByRole('heading', { name: 'Check how the file is read' }).count()).toBe(0);
    expect(await page.getByRole('table', { name: 'Preview of the first rows' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Continue to mapping' }).count()).toBe(0);
    expect(await page.getByText('learners.csv', { exact: true }).count()).toBe(0);
    // Review cannot be opened: there is no file for it (the step bar stays on Load).
    await page.getByRole('button', { name: 'Step 4: Review' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /Load your spreadsheet|Review/ }).first().textContent()).toBe('Load your spreadsheet');

    // Next week's file, with a new learner's row on top: that is what is read, mapped and reviewed.
    const next = writeExampleEdited(path.join(app.dataDir, 'mis'), 'learners-week-13.csv', { BA24001: { 1: 'Zebedee', 0: 'BA24901' } });
    await dropFile(page, next);
    await page.getByRole('heading', { name: 'Check how the file is read' }).waitFor();
    await page.getByText('learners-week-13.csv', { exact: true }).first().waitFor();
    await page.getByRole('table', { name: 'Preview of the first rows' }).getByText('Zebedee', { exact: true }).waitFor();
    await screenshot(page, '96-import-another-file-next-read');
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await page.getByText('Errors 0').waitFor();
    await page.locator('[data-row="2"][data-column="1"]').getByText('Zebedee').waitFor();
    // Nothing to take back: the review starts afresh with this file.
    expect(await page.getByRole('button', { name: 'Undo', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, '97-import-another-file-review');
  }, 200_000);
});
