import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { importStartedThenPaused, PAUSABLE_PACE, resumedToTheEndFrom } from './app-fixtures';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure, screenshot } from './helpers';

/**
 * While an import is running (or paused: it still holds the app), Load shows the file as it
 * was read but opens no other and reads it no other way: the header row, the encoding, the
 * drop area and the recent files are not on offer, and a line says why, with the way to the
 * import (main refuses such a change anyway). Once the import has ended, Load is the user's again.
 */

const app = browserModeForThisFile('load-during-run', PAUSABLE_PACE);

describeInBrowser('Load while an import is running', () => {
  it('is read-only, says why and leads to the import; open to the next file once it has finished', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-load-during-run'));
    const file = await importStartedThenPaused(page, app.dataDir, 'LD');

    await page.getByRole('button', { name: 'Step 2: Load' }).click();
    const why = page.getByRole('alert').filter({ hasText: 'An import is paused: you can look at the file, not read it another way or open another' });
    await why.waitFor();
    expect(await why.textContent()).toContain('It imports the rows as they were read when it started.');
    // The file as it was read is shown; no way to read it otherwise is offered.
    await page.getByText(/^50 rows · \d+ columns · header row 1/).waitFor();
    expect(await page.getByLabel('Header row', { exact: true }).first().isDisabled()).toBe(true);
    expect(await page.getByLabel('Text encoding', { exact: true }).first().isDisabled()).toBe(true);
    expect(await page.getByLabel('Or another row').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Use', exact: true }).isDisabled()).toBe(true);
    // Nor another file: the drop area is greyed out and says why, not to drop one; the recent files are greyed out too.
    const dropArea = page.getByTestId('drop-area');
    expect(await dropArea.getAttribute('data-disabled')).toBe('true');
    expect(await dropArea.textContent()).toContain('No file is opened while an import is paused');
    expect(await dropArea.textContent()).not.toMatch(/Drop (another|your)|click to browse/);
    expect(await dropArea.getAttribute('aria-label')).toBe('No file is opened while an import is paused');
    const recent = page.getByRole('button', { name: new RegExp(path.basename(file)) });
    expect(await recent.count()).toBeGreaterThan(0);
    expect(await recent.first().isDisabled()).toBe(true);
    // Nor on to Map as if for the next import: as Review's "Continue to plan", the way on is the import's.
    expect(await page.getByRole('button', { name: 'Continue to mapping' }).isDisabled()).toBe(true);
    // Whole: the drop area and the recent files are below the fold.
    await screenshot(page, '106-load-during-run', { fullPage: true });

    await resumedToTheEndFrom(page, why);

    // The import has ended: the next file can be opened, and this one read another way.
    await page.getByRole('button', { name: 'Step 2: Load' }).click();
    await page.getByRole('heading', { name: 'Check how the file is read' }).waitFor();
    expect(await page.getByTestId('load-read-only').count()).toBe(0);
    expect(await page.getByLabel('Header row', { exact: true }).first().isDisabled()).toBe(false);
    expect(await page.getByTestId('drop-area').getAttribute('data-disabled')).toBeNull();
    expect(await page.getByTestId('drop-area').textContent()).toContain('Drop another file here, or click to browse');
    expect(await page.getByRole('button', { name: 'Continue to mapping' }).isDisabled()).toBe(false);
  }, 180_000);
});
