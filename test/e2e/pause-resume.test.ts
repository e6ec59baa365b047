import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, openApp, recordFailure, rowsFinished, screenshot, walkToPlan, writeCleanLearners, describeInBrowser } from './helpers';

// 15 calls a second: a run long enough to pause by hand, short enough for a test.
const app = browserModeForThisFile('pause', { budget: 15, windowMs: 1000 });

describeInBrowser('pausing an import', () => {
  it('stops starting rows while paused and carries on to 100 % when resumed', async () => {
    // A user whose OS is in dark mode: the app follows it.
    const page = await openApp(app.browser, app.ui.url, 'dark');
    onTestFailed(() => recordFailure(page, 'failed-pause-resume'));
    expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await walkToPlan(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
    await page.getByRole('button', { name: 'Start import' }).click();
    await expect.poll(() => rowsFinished(page), { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(3);

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('heading', { name: 'Import paused' }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const whenPaused = await rowsFinished(page);
    expect(whenPaused).toBeLessThan(25);
    await screenshot(page, '13-import-paused');
    await page.waitForTimeout(1500);
    expect(await rowsFinished(page)).toBe(whenPaused);

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('25 of 25 rows · 100%').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    expect(await page.getByText('Done', { exact: true }).locator('xpath=following-sibling::*[1]').textContent()).toBe('25');
  }, 120_000);
});
