import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';
import { LONG_EMPLOYER, writeThreeHundred } from './three-hundred';

/**
 * Review by the mouse, as Excel: a column fitted by a double-click on its header's edge
 * to every row of the file, not only to the rows the grid has drawn (it draws those on
 * screen and a few more); a right-click on a cell for Cut, Copy, Paste, Clear contents
 * and Fill. A file of 300 learners, the longest employer name far down.
 */

const app = browserModeForThisFile('review-mouse', { budget: 100, windowMs: 1000 });


/** The page, in Review on the file of 300 learners (rows 2-301, columns 0-4), opened once for the file's cases. */
let opened: Promise<Page> | null = null;
function inReview(): Promise<Page> {
  opened ??= (async () => {
    const page = await openApp(app.browser, app.ui.url);
    // Review's right-click Cut, Copy and Paste use the system's clipboard, which a browser asks the user to allow.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.ui.url).origin });
    await loadInApp(page, writeThreeHundred(path.join(app.dataDir, 'mis')));
    await continueToReview(page);
    await page.getByTestId('review-grid').locator('[data-row="2"][data-column="4"]').waitFor();
    return page;
  })();
  return opened;
}

describeInBrowser('Review by the mouse, as Excel', () => {
  it('fits a column to its longest cell anywhere in the file with a double-click on its header\'s edge', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-column-fit'));
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
    // The grid as drawn now, marked: a jump with no filter to clear keeps it (it is not drawn afresh, nor the keyboard lost).
    await grid.evaluate((element) => ((element as unknown as { dataset: Record<string, string> }).dataset.mark = 'before'));
    await page.keyboard.press('Control+g');
    await goTo.fill('E289');
    await goTo.press('Enter');
    await expect.poll(() => far.textContent()).toBe(LONG_EMPLOYER);
    await expect.poll(() => grid.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    expect(await grid.getAttribute('data-mark')).toBe('before');
    const whole = (span: typeof far) => span.evaluate((element) => (element as unknown as { scrollWidth: number }).scrollWidth <= (element as unknown as { clientWidth: number }).clientWidth);
    expect(await whole(far)).toBe(true);
  }, 60_000);

  it('cuts, copies, pastes, clears and fills from a right-click on a cell, as Excel\'s menu does', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-grid-menu'));
    const grid = page.getByTestId('review-grid');
    const cellAt = (row: number, column: number) => page.locator(`[data-row="${row}"][data-column="${column}"]`);
    const textAt = (row: number, column: number) => cellAt(row, column).locator('span').first().textContent();
    const menu = page.getByTestId('grid-menu');
    const choose = async (row: number, column: number, item: string) => {
      await cellAt(row, column).click({ button: 'right' });
      await menu.getByRole('menuitem', { name: item }).click();
      await expect.poll(() => menu.count()).toBe(0);
    };
    const clipboard = () => page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    await page.keyboard.press('Control+Home');

    // Copy: the cell right-clicked is made active and its text goes on the clipboard.
    await choose(3, 2, 'Copy');
    await expect.poll(() => grid.locator('[data-active="true"]').getAttribute('data-row')).toBe('3');
    await expect.poll(clipboard).toBe('Learner2');
    // Paste onto another cell: one change, taken back with Ctrl+Z.
    const before = await textAt(5, 2);
    await choose(5, 2, 'Paste');
    await expect.poll(() => textAt(5, 2)).toBe('Learner2');
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(5, 2)).toBe(before);

    // A block selected, right-clicked inside: Clear contents empties the whole block; Fill down fills it from its top row.
    await cellAt(6, 1).click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await cellAt(7, 2).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Clear contents' }).waitFor();
    await screenshot(page, '41h-right-click-menu');
    await menu.getByRole('menuitem', { name: 'Clear contents' }).click();
    await expect.poll(async () => [await textAt(6, 1), await textAt(6, 2), await textAt(7, 1), await textAt(7, 2)]).toEqual(['', '', '', '']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(7, 2)).toBe('Learner6');
    await choose(6, 1, 'Fill down');
    await expect.poll(() => textAt(7, 2)).toBe('Learner5');
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(7, 2)).toBe('Learner6');

    // Cut and pasted: the cell moves, as with Ctrl+X.
    await choose(8, 2, 'Cut');
    await expect.poll(clipboard).toBe('Learner7');
    await choose(10, 3, 'Paste');
    await expect.poll(async () => [await textAt(8, 2), await textAt(10, 3)]).toEqual(['', 'Learner7']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(8, 2)).toBe('Learner7');
    // The keyboard is the grid's again.
    await expect.poll(() => grid.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
  }, 60_000);

  it("shows only the rows with a cell's value from its right-click menu, as Excel's filter does, and every row again", async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-value-filter'));
    const grid = page.getByTestId('review-grid');
    const cellAt = (row: number, column: number) => page.locator(`[data-row="${row}"][data-column="${column}"]`);
    const menu = page.getByTestId('grid-menu');
    const chip = page.getByTestId('value-filter');
    await page.keyboard.press('Control+Home');
    // Row 5's employer, "Employer 3", is 43 learners' of the 300 (one row in seven).
    await cellAt(5, 4).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Show only rows with this value' }).click();
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(43 + 1));
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('43 rows where Employer is “Employer 3”');
    // Rows 5, 12, 19, ... one under the other; row 6 is not listed.
    await expect.poll(() => cellAt(12, 4).locator('span').first().textContent()).toBe('Employer 3');
    expect(await cellAt(6, 4).count()).toBe(0);
    await screenshot(page, '41i-only-rows-with-value');

    // Any value in the column again from the same menu, and again every row from the line above the grid.
    await cellAt(12, 4).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Show rows with any value here' }).click();
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(300 + 1));
    expect(await chip.count()).toBe(0);
    await cellAt(6, 4).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Show only rows with this value' }).click();
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(43 + 1));
    await chip.getByRole('button', { name: 'Show every row' }).click();
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(300 + 1));

    // A second column's value keeps the first's filter, as Excel's filters combine: the one row with both.
    await cellAt(5, 4).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Show only rows with this value' }).click();
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(43 + 1));
    await cellAt(12, 3).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Show only rows with this value' }).click();
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('1 row where Employer is “Employer 3” and Email Address is “learner11@example.com”');
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(1 + 1));
    // The menu now takes off this column's filter or both.
    await cellAt(12, 3).click({ button: 'right' });
    await expect.poll(() => menu.getByRole('menuitem', { name: 'Show rows with any value here' }).count()).toBe(1);
    await menu.getByRole('menuitem', { name: 'Show every row' }).click();
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(300 + 1));
    expect(await chip.count()).toBe(0);
  }, 60_000);

  it('opens the same menu from the keyboard, Shift+F10 or the menu key as in Excel, under the active cell, and works it by the keys', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-menu-keyboard'));
    const grid = page.getByTestId('review-grid');
    const cellAt = (row: number, column: number) => page.locator(`[data-row="${row}"][data-column="${column}"]`);
    const menu = page.getByTestId('grid-menu');
    await grid.focus();
    await page.keyboard.press('Control+Home');
    // Row 5's employer: three rows down, four columns across.
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
    await expect.poll(() => cellAt(5, 4).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    // Under the cell, at its left edge: not at the pointer, nor the window's corner.
    const cell = (await cellAt(5, 4).boundingBox())!;
    const opened = (await menu.boundingBox())!;
    expect(Math.abs(opened.x - cell.x)).toBeLessThan(12);
    expect(opened.y).toBeGreaterThanOrEqual(cell.y + cell.height - 2);
    expect(opened.y).toBeLessThan(cell.y + cell.height + 16);
    await screenshot(page, '41j-menu-from-keyboard');
    // The keys go to the menu: down to its first item, End to its last, the filter.
    const focused = () => page.locator(':focus').textContent();
    await expect.poll(() => menu.locator(':focus').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('CutCtrl+X');
    await page.keyboard.press('End');
    await expect.poll(focused).toBe('Show only rows with this value');
    await page.keyboard.press('Enter');
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(43 + 1));

    // The menu key, from the grid again (the keyboard came back to it): every row.
    await expect.poll(() => page.locator('[data-testid="review-grid"]:focus').count()).toBe(1);
    await page.keyboard.press('ContextMenu');
    await menu.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await expect.poll(focused).toBe('Show rows with any value here');
    await page.keyboard.press('Enter');
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(300 + 1));

    // Escape closes it and leaves the keyboard on the grid, the cell where it was.
    const activeCell = page.locator('[role="gridcell"][aria-selected="true"]');
    await expect.poll(() => activeCell.count()).toBe(1);
    const [row, column] = [Number(await activeCell.getAttribute('data-row')), await activeCell.getAttribute('data-column')];
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => [await activeCell.getAttribute('data-row'), await activeCell.getAttribute('data-column')]).toEqual([String(row + 1), column]);
  }, 60_000);

  it("lists a column's values with their rows and boxes to tick from its header's ▾ or Alt+Down, as Excel's filter drop-down, and combines the columns' filters", async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-column-values'));
    const grid = page.getByTestId('review-grid');
    const cellAt = (row: number, column: number) => page.locator(`[data-row="${row}"][data-column="${column}"]`);
    const values = page.getByTestId('column-values');
    const chip = page.getByTestId('value-filter');
    const box = (name: string) => values.getByRole('checkbox', { name });
    const rowCount = () => grid.getAttribute('aria-rowcount');
    await grid.focus();
    await page.keyboard.press('Control+Home');
    await cellAt(5, 4).click();
    await page.locator('[data-header-column="4"]').getByRole('button', { name: 'Values in Employer' }).click();
    await values.waitFor();
    // "(Select all)", then Employer 0 to 6 (43 rows each but the first, 42 with row 289's long name) and the long one, A to Z, every box ticked.
    const listed = values.getByRole('checkbox');
    await expect.poll(() => listed.count()).toBe(1 + 8);
    expect(await listed.nth(1).getAttribute('aria-label')).toBe('Employer 0: 42 rows');
    expect(await listed.nth(4).getAttribute('aria-label')).toBe('Employer 3: 43 rows');
    expect(await listed.last().getAttribute('aria-label')).toBe(`${LONG_EMPLOYER}: 1 row`);
    for (let i = 0; i < 9; i++) expect(await listed.nth(i).isChecked()).toBe(true);
    await screenshot(page, '41k-column-values');
    // OK with nothing changed: nothing happens, the active cell stays where it was (row 5, not the first row listed).
    await values.getByRole('button', { name: 'OK' }).click();
    await values.waitFor({ state: 'hidden' });
    await page.locator('[data-header-column="4"]').getByRole('button', { name: 'Values in Employer' }).click();
    await values.waitFor();
    await expect.poll(() => listed.count()).toBe(1 + 8);
    expect(await chip.count()).toBe(0);
    expect(await grid.locator('[data-active="true"]').getAttribute('data-row')).toBe('5');
    // Typing searches them (and does not type into the grid's cell), ticking what it finds; Enter is OK.
    await expect.poll(() => values.locator('input:focus').count()).toBe(1);
    await page.keyboard.type('logistics');
    await expect.poll(() => listed.count()).toBe(1 + 1);
    expect(await page.locator('.grid-editor').count()).toBe(0);
    await page.keyboard.press('Enter');
    await values.waitFor({ state: 'hidden' });
    await expect.poll(rowCount).toBe(String(1 + 1));
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('1 row where Employer holds “logistics”');
    await expect.poll(() => cellAt(289, 4).locator('span').first().textContent()).toBe(LONG_EMPLOYER);

    // Alt+Down on a cell of the column opens its values from the keyboard, on the search kept; the search cleared,
    // "(Select all)" unticked, two employers ticked and OK: their rows.
    await cellAt(289, 4).click();
    await page.keyboard.press('Alt+ArrowDown');
    await values.waitFor();
    await expect.poll(() => values.getByRole('textbox').inputValue()).toBe('logistics');
    await expect.poll(() => box(`${LONG_EMPLOYER}: 1 row`).isChecked()).toBe(true);
    await values.getByRole('textbox').fill('');
    await expect.poll(() => listed.count()).toBe(1 + 8);
    await box('(Select all)').click();
    expect(await box('Employer 3: 43 rows').isChecked()).toBe(false);
    // Nothing ticked: OK would show no row, so it cannot be pressed.
    expect(await values.getByRole('button', { name: 'OK' }).isDisabled()).toBe(true);
    await box('Employer 3: 43 rows').click();
    await box('Employer 5: 43 rows').click();
    expect(await box('(Select all)').isChecked()).toBe(false);
    await values.getByRole('button', { name: 'OK' }).click();
    await expect.poll(rowCount).toBe(String(86 + 1));
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('86 rows where Employer is “Employer 3” or “Employer 5”');

    // A second column's values are those of the rows the first column's filter keeps, and its filter combines with it.
    const learnerOne = Array.from({ length: 300 }, (_, i) => i).filter((i) => [3, 5].includes(i % 7) && `learner${i + 1}@`.startsWith('learner1'));
    await page.locator('[data-header-column="3"]').getByRole('button', { name: 'Values in Email Address' }).click();
    await values.waitFor();
    const valueCount = () => values.locator('[data-values]').getAttribute('data-values');
    await expect.poll(valueCount).toBe('86');
    // Only the values scrolled into view are drawn (a column may have thousands).
    expect(await listed.count()).toBeLessThan(1 + 86);
    await page.keyboard.type('learner1');
    await expect.poll(valueCount).toBe(String(learnerOne.length));
    await page.keyboard.press('Enter');
    await expect.poll(rowCount).toBe(String(learnerOne.length + 1));
    await expect.poll(() => chip.getAttribute('aria-label')).toBe(`${learnerOne.length} rows where Employer is “Employer 3” or “Employer 5” and Email Address holds “learner1”`);
    await screenshot(page, '41l-two-column-filters');
    // The employer's filter taken off by its ×: the email's alone, learner1, learner10-19 and learner100-199.
    await chip.getByRole('button', { name: 'Take off the filter on Employer' }).click();
    await expect.poll(rowCount).toBe(String(111 + 1));
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('111 rows where Email Address holds “learner1”');

    // Escape closes the list with nothing changed, the keyboard back on the grid; "Clear filter" in it gives every row back.
    await grid.focus();
    await cellAt(2, 3).click();
    await page.keyboard.press('Alt+ArrowDown');
    await values.waitFor();
    await box('(Select all search results)').click();
    await page.keyboard.press('Escape');
    await values.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('[data-testid="review-grid"]:focus').count()).toBe(1);
    expect(await rowCount()).toBe(String(111 + 1));
    await page.keyboard.press('Alt+ArrowDown');
    await values.getByRole('button', { name: 'Clear filter from Email Address' }).click();
    await expect.poll(rowCount).toBe(String(300 + 1));
    expect(await chip.count()).toBe(0);

    // Every one of the 300 emails is listed (as Excel lists up to 10,000): the last, scrolled to, unticked; OK leaves its row out.
    await page.keyboard.press('Alt+ArrowDown');
    await values.waitFor();
    await expect.poll(valueCount).toBe('300');
    // The keyboard reaches values past those first drawn: Tab goes down the list, each value drawn as it comes.
    await box('(Select all)').focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('Tab');
    const focused = () => values.locator('input:focus').getAttribute('aria-label');
    expect(await focused()).toBe('learner30@example.com: 1 row');
    // The arrow keys as in Excel's list: End to the last value (drawn as it is reached), Space unticks it; Up, Home,
    // Page Down and Page Up through the list; Up from the first value to "(Select all)" and on to the search box.
    await page.keyboard.press('End');
    await expect.poll(focused).toBe('learner300@example.com: 1 row');
    await page.keyboard.press('Space');
    // The mouse away from the grid's cells (their notes show where it rests).
    await values.hover();
    await screenshot(page, '41n-many-values');
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe('learner299@example.com: 1 row');
    await page.keyboard.press('Home');
    await expect.poll(focused).toBe('learner1@example.com: 1 row');
    await page.keyboard.press('PageDown');
    await expect.poll(focused).toBe('learner11@example.com: 1 row');
    await page.keyboard.press('PageUp');
    await expect.poll(focused).toBe('learner1@example.com: 1 row');
    const hasKeyboard = (target: Locator) => () => target.and(page.locator(':focus')).count();
    await page.keyboard.press('ArrowUp');
    await expect.poll(hasKeyboard(box('(Select all)'))).toBe(1);
    await page.keyboard.press('ArrowUp');
    await expect.poll(hasKeyboard(values.getByRole('textbox'))).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('learner1@example.com: 1 row');
    // Enter is OK: every email but the one unticked.
    await page.keyboard.press('Enter');
    await expect.poll(rowCount).toBe(String(299 + 1));
    await chip.getByRole('button', { name: 'Show every row' }).click();
    await expect.poll(rowCount).toBe(String(300 + 1));
  }, 60_000);
});

