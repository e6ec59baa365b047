import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, loadInApp, recordFailure, screenshot, writeLearnersWithMistakes } from './helpers';

/**
 * Review opens where a person starts reading: at its heading, the grid at the file's
 * first columns (who each row is about), the first problem's row in view and the bar
 * under the grid saying what is wrong with it. Before, it opened scrolled across to the
 * first problem's column (Email Address), the learners' names out of sight. On a window
 * wide enough, the columns saying who a row is about (Learner Ref, Forename, Surname)
 * stay in place as the grid scrolls across, as Excel's frozen panes do.
 */

const app = browserModeForThisFile('review-opens', { budget: 100, windowMs: 1000 });

/** Runs in the page: how far the page and the grid are scrolled. */
function scrolled(page: Page): Promise<{ pageY: number; gridLeft: number }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { scrollY: number; document: { querySelector(s: string): { scrollLeft: number } | null } };
    return { pageY: g.scrollY, gridLeft: g.document.querySelector('[data-testid="review-grid"]')?.scrollLeft ?? -1 };
  });
}

async function openReview(page: Page): Promise<void> {
  onTestFailed(() => recordFailure(page, 'failed-review-opens'));
  await page.goto(app.ui.url);
  await loadInApp(page, writeLearnersWithMistakes(path.join(app.dataDir, 'mis')));
  await page.getByRole('button', { name: 'Continue to mapping' }).click();
  await page.getByText(/columns will be imported/).waitFor();
  await page.getByRole('button', { name: 'Continue to review' }).click();
  await page.getByTestId('unresolved-item').first().waitFor();
  // The first problem (row 4's email address) is the active cell, said under the grid.
  await page.getByText('Row 4 · Email Address').waitFor();
}

describeInBrowser('Review opening', () => {
  it('at 1366x860 at its heading and the file\'s first columns; wider, who each row is about stays in sight as the grid goes across', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 860 } });
    const page = await context.newPage();
    await openReview(page);
    expect(await scrolled(page)).toEqual({ pageY: 0, gridLeft: 0 });
    await expect.poll(async () => (await page.getByRole('heading', { name: 'Review the rows' }).boundingBox())?.y ?? -1).toBeGreaterThan(0);
    await page.getByRole('gridcell', { name: 'Amelia' }).first().waitFor();
    // Too narrow to freeze three columns and leave room to scroll: none frozen.
    expect(await page.locator('.grid-cell[data-frozen]').count()).toBe(0);
    await screenshot(page, '97-review-opens-1366');

    // The window made wider: Learner Ref, Forename and Surname are frozen.
    await page.setViewportSize({ width: 1920, height: 1000 });
    const forename = page.locator('.grid-row .grid-cell[data-frozen]').filter({ hasText: 'Amelia' }).first();
    await forename.waitFor();
    const before = await forename.boundingBox();
    // The problem in the last column, chosen in the list: the grid goes across to it, the names stay.
    await page.getByTestId('problems-list').getByRole('listitem', { name: /^Email Address: / }).click();
    await expect.poll(async () => (await scrolled(page)).gridLeft).toBeGreaterThan(0);
    expect((await forename.boundingBox())?.x).toBe(before!.x);
    // Its header stays over it.
    expect((await page.locator('.grid-header .grid-cell[data-frozen]').filter({ hasText: 'Forename' }).boundingBox())?.x).toBe(before!.x);
    await expect.poll(async () => (await page.locator('.grid-cell[data-active="true"]').boundingBox())?.x ?? 0).toBeGreaterThan(before!.x + before!.width);
    await screenshot(page, '98-review-frozen-names');
    await context.close();
  }, 120_000);
});
