import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, loadInApp, recordFailure, screenshot, writeLearnersWithMistakes } from './helpers';

/**
 * At 1024x700 every panel is reachable with nothing hidden: no screen is wider than the
 * window, Review's names to resolve stay beside the grid (not below it, out of sight),
 * and History's state badges are whole.
 */

const app = browserModeForThisFile('narrow', { budget: 100, windowMs: 1000 });

/** Runs in the page: how wide the page is, against the window. */
function widths(page: Page): Promise<{ page: number; window: number }> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
    return { page: doc.documentElement.scrollWidth, window: doc.documentElement.clientWidth };
  });
}

async function fitsTheWindow(page: Page, shot: string): Promise<void> {
  const { page: wide, window } = await widths(page);
  expect(wide, `${shot}: the page is wider than the window`).toBeLessThanOrEqual(window);
  await screenshot(page, shot);
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return found;
}

describeInBrowser('the app in a 1024x700 window', () => {
  it('shows every panel of every step without hiding any of it', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1024, height: 700 }, acceptDownloads: true });
    const page = await context.newPage();
    onTestFailed(() => recordFailure(page, 'failed-narrow-window'));
    await page.goto(app.ui.url);
    await page.getByRole('heading', { name: 'Where do you want to import?' }).waitFor();
    await fitsTheWindow(page, '46-1024-connect');
    await loadInApp(page, writeLearnersWithMistakes(path.join(app.dataDir, 'mis')));
    await fitsTheWindow(page, '47-1024-load');
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    await page.getByText(/columns will be imported/).waitFor();
    await fitsTheWindow(page, '48-1024-map');

    await page.getByRole('button', { name: 'Continue to review' }).click();
    const item = page.getByTestId('unresolved-item');
    await item.waitFor();
    const grid = await box(page.getByTestId('review-grid'));
    const panel = await box(page.getByTestId('review-panel'));
    expect(panel.x).toBeGreaterThanOrEqual(grid.x + grid.width - 1);
    expect(panel.x + panel.width).toBeLessThanOrEqual(1024);
    expect(panel.y).toBeLessThan(700);
    const card = await box(item);
    expect(card.y + 40).toBeLessThan(700);
    await fitsTheWindow(page, '49-1024-review');

    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    await page.getByLabel('Skip rows with errors and import the rest').check();
    await expect.poll(() => page.getByRole('button', { name: 'Start import' }).isEnabled()).toBe(true);
    await fitsTheWindow(page, '50-1024-plan');
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    await fitsTheWindow(page, '51-1024-import');

    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    // The rows skipped are counted on the badge, and the longer badge is not cut either.
    const badge = page.getByTestId('history').locator('tbody tr').first().getByTestId('run-state-badge');
    await expect.poll(() => badge.textContent()).toBe('Finished: 3 skipped');
    const cut = await badge.evaluate((element) => {
      const e = element as unknown as { scrollWidth: number; clientWidth: number };
      return e.scrollWidth > e.clientWidth;
    });
    expect(cut).toBe(false);
    await fitsTheWindow(page, '52-1024-results');
    await context.close();
  }, 150_000);
});
