import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, describeInBrowser, dropFile, loadInApp, openApp, recordFailure, screenshot } from './helpers';
import { writeThreeHundred } from './three-hundred';

/**
 * Review's rows sorted by a column, as Excel's Sort A to Z and Z to A, from the column's
 * values list: Go To and Find over the sorted rows, a filter over them, and both kept over
 * a look at the mapping, forgotten for another file. The file of 300 learners.
 */

const app = browserModeForThisFile('review-sort', { budget: 100, windowMs: 1000 });

/** The page, in Review on the file of 300 learners (rows 2-301, columns 0-4), opened once for the file's cases. */
let opened: Promise<Page> | null = null;
function inReview(): Promise<Page> {
  opened ??= (async () => {
    const page = await openApp(app.browser, app.ui.url);
    await loadInApp(page, writeThreeHundred(path.join(app.dataDir, 'mis')));
    await continueToReview(page);
    await page.getByTestId('review-grid').locator('[data-row="2"][data-column="4"]').waitFor();
    return page;
  })();
  return opened;
}

describeInBrowser("Review's rows sorted, as Excel", () => {
  it("sorts the rows by a column from its values list, as Excel's Sort Z to A, and puts them back in the file's order", async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-row-sort'));
    const grid = page.getByTestId('review-grid');
    const values = page.getByTestId('column-values');
    const chip = page.getByTestId('value-filter');
    const button = page.locator('[data-header-column="4"]').getByRole('button', { name: 'Values in Employer' });
    const topRow = () => grid.locator('[role="gridcell"][data-column="4"]').first();
    await grid.focus();
    await page.keyboard.press('Control+Home');
    await button.click();
    await values.waitFor();
    await values.getByRole('button', { name: 'Sort Z to A' }).click();
    await values.waitFor({ state: 'hidden' });
    // The long name (Northern..., row 289) before Employer 6 (rows 8, 15, ...), every row still listed.
    await expect.poll(() => topRow().getAttribute('data-row')).toBe('289');
    await expect.poll(() => grid.locator('[role="gridcell"][data-column="4"]').nth(1).getAttribute('data-row')).toBe('8');
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(300 + 1));
    await expect.poll(() => button.getAttribute('data-sorted')).toBe('descending');
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('300 rows, sorted by Employer, Z to A');
    await screenshot(page, '41m-sorted-z-to-a');
    // Its × puts them back in the file's order.
    await chip.getByRole('button', { name: "Back to the file's order" }).click();
    await expect.poll(() => topRow().getAttribute('data-row')).toBe('2');
    expect(await chip.count()).toBe(0);
    expect(await button.getAttribute('data-sorted')).toBeNull();

    // Sorted A to Z: Employer 0's rows first (rows 2, 9, ...), in the file's order within it.
    await button.click();
    await values.waitFor();
    await values.getByRole('button', { name: 'Sort A to Z' }).click();
    await expect.poll(() => topRow().getAttribute('data-row')).toBe('2');
    await expect.poll(() => grid.locator('[role="gridcell"][data-column="4"]').nth(1).getAttribute('data-row')).toBe('9');
    /** From the employer column's values list, Employer 3's rows alone ticked. */
    const onlyEmployerThree = async () => {
      await grid.focus();
      await page.keyboard.press('Alt+ArrowDown');
      await values.waitFor();
      await values.getByRole('checkbox', { name: '(Select all)' }).click();
      await values.getByRole('checkbox', { name: 'Employer 3: 43 rows' }).click();
      await values.getByRole('button', { name: 'OK' }).click();
    };
    // Going to a row by its number keeps the sort, the row where the sort put it.
    const activeRow = () => page.locator('[role="gridcell"][aria-selected="true"]').getAttribute('data-row');
    const goTo = async (reference: string) => {
      await page.keyboard.press('Control+g');
      await page.keyboard.type(reference);
      await page.keyboard.press('Enter');
    };
    // Row 100 holds Employer 0, the 15th of its rows: 15th in the grid (aria-rowindex counts the header).
    const activePlace = () => grid.locator('[aria-rowindex]').filter({ has: page.locator('[aria-selected="true"]') }).getAttribute('aria-rowindex');
    await goTo('E100');
    await expect.poll(activeRow).toBe('100');
    expect(await activePlace()).toBe('16');
    expect(await chip.getAttribute('aria-label')).toBe('300 rows, sorted by Employer, A to Z');
    // Find goes on in the sort's order: after row 100 the next Employer 0, row 107, not row 101 below it in the file.
    const findBox = page.getByLabel('Find in the file');
    await findBox.fill('Employer');
    await findBox.press('Enter');
    await expect.poll(activeRow).toBe('107');
    expect(await activePlace()).toBe('17');
    // With Employer 3's rows alone ticked: a row they list is gone to with the filter kept; one they do not, with every row shown.
    await onlyEmployerThree();
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('43 rows where Employer is “Employer 3”, sorted by Employer, A to Z');
    await goTo('E12');
    await expect.poll(activeRow).toBe('12');
    expect(await chip.getAttribute('aria-label')).toBe('43 rows where Employer is “Employer 3”, sorted by Employer, A to Z');
    // Row 100 is not Employer 3's: every row shown again, still sorted (as Excel's Clear Filter keeps a sort), the row where the sort puts it.
    await goTo('E100');
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('300 rows, sorted by Employer, A to Z');
    await expect.poll(activeRow).toBe('100');
    expect(await activePlace()).toBe('16');
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(300 + 1));

    // A look at the mapping and back finds the rows listed as they were left, as Excel keeps a sheet's filters.
    await onlyEmployerThree();
    const kept = '43 rows where Employer is “Employer 3”, sorted by Employer, A to Z';
    await expect.poll(() => chip.getAttribute('aria-label')).toBe(kept);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await expect.poll(() => page.getByTestId('value-filter').getAttribute('aria-label')).toBe(kept);
    await expect.poll(() => page.getByTestId('review-grid').getAttribute('aria-rowcount')).toBe(String(43 + 1));
    await expect.poll(() => topRow().getAttribute('data-row')).toBe('5');
    await expect.poll(() => button.getAttribute('data-sorted')).toBe('ascending');
    // Another file (here the same one dropped again, read afresh): its rows listed as the file has them.
    await dropFile(page, path.join(app.dataDir, 'mis', 'three-hundred.csv'));
    await page.getByRole('heading', { name: 'Check how the file is read' }).waitFor();
    await continueToReview(page);
    await expect.poll(() => page.getByTestId('review-grid').getAttribute('aria-rowcount')).toBe(String(300 + 1));
    await expect.poll(() => topRow().getAttribute('data-row')).toBe('2');
    expect(await page.getByTestId('value-filter').count()).toBe(0);
    expect(await button.getAttribute('data-sorted')).toBeNull();
  }, 60_000);

  it("sorts over the order the rows are in, as Excel's sort does: by surname, then by employer, each employer's learners by surname", async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-sort-levels'));
    const grid = page.getByTestId('review-grid');
    const values = page.getByTestId('column-values');
    const chip = page.getByTestId('value-filter');
    const sortBy = async (header: string, way: 'Sort A to Z' | 'Sort Z to A') => {
      await page.getByRole('button', { name: `Values in ${header}` }).click();
      await values.waitFor();
      await values.getByRole('button', { name: way }).click();
      await values.waitFor({ state: 'hidden' });
    };
    const rowAt = (place: number) => grid.locator('[role="gridcell"][data-column="4"]').nth(place).getAttribute('data-row');
    await sortBy('Surname', 'Sort Z to A');
    await expect.poll(() => rowAt(0)).toBe('301');
    await sortBy('Employer', 'Sort A to Z');
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('300 rows, sorted by Employer, A to Z, then Surname, Z to A');
    // Employer 0's learners by surname, Z to A: Learner295 (row 296), Learner281 (row 282; Learner288 works for the long-named employer).
    await expect.poll(() => rowAt(0)).toBe('296');
    expect(await rowAt(1)).toBe('282');
    expect(await page.getByRole('button', { name: 'Values in Employer' }).getAttribute('data-sorted')).toBe('ascending');
    await screenshot(page, '41o-sorted-two-levels');
    // The employer sorted again the other way: it takes its own place, the surnames still under it.
    await sortBy('Employer', 'Sort Z to A');
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('300 rows, sorted by Employer, Z to A, then Surname, Z to A');
    await expect.poll(() => rowAt(0)).toBe('289');
    expect(await rowAt(1)).toBe('295');
    // Its × puts them back in the file's order, every level gone.
    await chip.getByRole('button', { name: "Back to the file's order" }).click();
    await expect.poll(() => rowAt(0)).toBe('2');
    expect(await chip.count()).toBe(0);
  }, 60_000);
});
