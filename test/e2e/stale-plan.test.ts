import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, openApp, recordFailure, screenshot, walkToPlan, writeCleanLearners, describeInBrowser } from './helpers';

/** The browser's sessionStorage, used inside `page.evaluate` (this file is type-checked without the DOM). */
declare const sessionStorage: { getItem(key: string): string | null };

const app = browserModeForThisFile('stale', { budget: 100, windowMs: 1000 });

describeInBrowser('a plan that went stale before Import was pressed', () => {
  it('says why the import did not start, and Plan again makes a fresh plan that imports', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-stale-plan'));
    await walkToPlan(page, writeCleanLearners(path.join(app.dataDir, 'mis')));

    // The rows change behind the plan's back, as from a second tab on the same app: column B of the first row.
    const status = await page.evaluate(async () => {
      const key = sessionStorage.getItem('onefile-key') ?? '';
      const response = await fetch('/api/updateCell', {
        method: 'POST',
        headers: { 'x-onefile-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ index: 0, column: 1, value: 'Amelia-Rose' }),
      });
      return response.status;
    });
    expect(status).toBe(200);

    await page.getByRole('button', { name: 'Start import' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'The import did not start' });
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/The file changed since the plan was made/);
    await screenshot(page, '17-plan-stale');

    await page.getByRole('button', { name: 'Plan again' }).click();
    await refused.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    expect(await page.getByText('Done', { exact: true }).locator('xpath=following-sibling::*[1]').textContent()).toBe('25');
  }, 120_000);
});
