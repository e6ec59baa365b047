import ExcelJS from 'exceljs';
import { expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure, screenshot } from './helpers';

/**
 * "Export from OneFile" while OneFile stops answering (the built-in sandbox answers every
 * call with a 503 maintenance page for 20 seconds from the export's second call): the
 * dialog says OneFile is not answering, since when and when it tries again, and offers
 * Stop; stopped, it says nothing was written. Asked again, the export waits out what is
 * left of the silence by itself and downloads the whole workbook.
 */

/** Calls Connect and the organisation's choice take: the silence begins with the export's second call. */
const CALLS_BEFORE_EXPORT = 5;
const app = browserModeForThisFile('workbook-unanswered', { budget: 100, windowMs: 1_000 }, [
  '--sandbox-switches',
  JSON.stringify({ outageAfterCalls: CALLS_BEFORE_EXPORT, outageMs: 20_000 }),
]);
let page: Page;

describeInBrowser('an export while OneFile stops answering', () => {
  it('says OneFile is not answering and when it tries again, and stops when asked, writing nothing', async () => {
    page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-workbook-unanswered'));
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Example Beta Customer' }).waitFor();
    await page.getByLabel('Example Organisation - Business (5740)').check();
    await page.getByRole('button', { name: 'Export from OneFile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export from OneFile' });
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();

    const silent = dialog.getByTestId('task-onefile-unanswered');
    await silent.waitFor({ timeout: 60_000 });
    expect(await silent.textContent()).toMatch(/OneFile stopped answering at \d\d:\d\d .*This only reads, so it waits and starts again by itself, .*If OneFile stays silent for 30 minutes in all it stops, and nothing is written\./);
    await expect.poll(async () => (await dialog.getByTestId('task-next-look').textContent()) ?? '', { timeout: 10_000, interval: 100 }).toMatch(/next try in \d+ s|trying now/);
    await screenshot(page, '56b-export-onefile-unanswered');

    await silent.getByRole('button', { name: 'Stop' }).click();
    const ended = dialog.getByTestId('workbook-error');
    await ended.waitFor({ timeout: 20_000 });
    expect(await ended.textContent()).toBe('StoppedStopped: the export was not written. Nothing in OneFile was changed.');
    expect(await dialog.getByTestId('workbook-progress').count()).toBe(0);
  }, 120_000);

  it('asked again, waits out the rest of the silence by itself and downloads the whole workbook', async () => {
    onTestFailed(() => recordFailure(page, 'failed-workbook-unanswered-again'));
    const dialog = page.getByRole('dialog', { name: 'Export from OneFile' });
    const [arrived] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), dialog.getByRole('button', { name: 'Export', exact: true }).click()]);
    await dialog.getByTestId('workbook-done').waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('workbook-error').count()).toBe(0);
    expect(await dialog.getByTestId('task-onefile-unanswered').count()).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await arrived.path())!);
    expect(workbook.worksheets.map((s) => s.name)).toContain('Learners');
    expect(workbook.getWorksheet('Learners')!.rowCount).toBeGreaterThan(1);
  }, 150_000);
});
