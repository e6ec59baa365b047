import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure, screenshot, walkToPlan, writeCleanLearners } from './helpers';

/**
 * OneFile stops answering part-way through an import (the built-in sandbox answers every
 * call with a 503 maintenance page for ten seconds once twelve writes are done): the Import screen says
 * OneFile is not answering, since when and when it looks again, and the import carries on
 * by itself to its end with no row failed.
 */

const app = browserModeForThisFile('onefile-unanswered', { budget: 100, windowMs: 1_000 }, ['--sandbox-switches', JSON.stringify({ outageAfterWrites: 12, outageMs: 10_000 })]);

describeInBrowser('an import during which OneFile stops answering', () => {
  it('says OneFile is not answering and when it looks again, then finishes with no row failed', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-onefile-unanswered'));
    await walkToPlan(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
    await page.getByRole('button', { name: 'Start import' }).click();

    const alert = page.getByTestId('onefile-unanswered');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/OneFile stopped answering at \d\d:\d\d .*no row is failed for it\. If OneFile stays silent for 30 minutes in all the import stops/);
    await expect.poll(async () => (await page.getByTestId('onefile-next-look').textContent()) ?? '', { timeout: 10_000, interval: 100 }).toMatch(/next look in \d+ s|looking now/);
    // The rows caught in flight say what they wait for, not "Working".
    await page.getByTestId('run-rows').getByText('Waiting for OneFile', { exact: true }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, '35-onefile-unanswered');

    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('onefile-unanswered').count()).toBe(0);
    const figure = (label: string) => page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]').textContent();
    expect(await figure('Done')).toBe('25');
    expect(await figure('Failed')).toBe('0');
  }, 200_000);
});
