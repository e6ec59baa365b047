import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, describeInBrowser, loadInApp, openApp, recordFailure } from './helpers';

/**
 * A column fitted by a double-click on its header's edge, as Excel fits it: to every row
 * of the file, not only to the rows the grid has drawn (it draws those on screen and a
 * few more). A file of 300 learners, the longest employer name far down.
 */

const app = browserModeForThisFile('review-column-fit', { budget: 100, windowMs: 1000 });

const LONG_EMPLOYER = 'Northern Powerhouse Logistics and Warehousing Partnership Ltd (Trafford Park)';

function writeLongFile(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'three-hundred.csv');
  const rows = Array.from({ length: 300 }, (_, i) => {
    const employer = i === 287 ? LONG_EMPLOYER : `Employer ${i % 7}`;
    return [`R${String(i + 1).padStart(4, '0')}`, 'Ann', `Learner${i + 1}`, `learner${i + 1}@example.com`, employer].join(',');
  });
  writeFileSync(file, `Learner Ref,Forename,Surname,Email Address,Employer\r\n${rows.join('\r\n')}\r\n`);
  return file;
}

describeInBrowser('Review fits a column as Excel does', () => {
  it('fits a column to its longest cell anywhere in the file with a double-click on its header\'s edge', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-review-column-fit'));
    await loadInApp(page, writeLongFile(path.join(app.dataDir, 'mis')));
    await continueToReview(page);
    const grid = page.getByTestId('review-grid');
    await grid.locator('[data-row="2"][data-column="4"]').waitFor();
    const far = page.locator('[data-row="289"][data-column="4"] > span:first-child');
    // Row 289 (the 288th learner) is far below what the grid draws.
    expect(await far.count()).toBe(0);

    const header = page.locator('[data-header-column="4"]');
    const edge = header.locator('.grid-resize');
    await edge.scrollIntoViewIfNeeded();
    const before = (await header.boundingBox())!.width;
    await edge.dblclick();
    // Wider than the names on screen need ("Employer 3"), as wide as the one far down.
    await expect.poll(async () => (await header.boundingBox())!.width).toBeGreaterThan(before + 100);

    const goTo = page.getByLabel('Go to a row or cell');
    await page.keyboard.press('Control+g');
    await goTo.fill('E289');
    await goTo.press('Enter');
    await expect.poll(() => far.textContent()).toBe(LONG_EMPLOYER);
    const whole = (span: typeof far) => span.evaluate((element) => (element as unknown as { scrollWidth: number }).scrollWidth <= (element as unknown as { clientWidth: number }).clientWidth);
    expect(await whole(far)).toBe(true);
  }, 60_000);
});
