import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, copiedFrom, describeInBrowser, loadInApp, openApp, pasteText, recordFailure, screenshot, writeLearnersWithMistakes } from './helpers';

/**
 * Review's grid as an Excel user's hands expect it: a block selected with Shift, the
 * arrows or a drag, copied, emptied and filled, each one change to take back; Ctrl with an
 * arrow to the edge of the data; Ctrl+A every cell.
 */

const app = browserModeForThisFile('review-selection', { budget: 100, windowMs: 1000 });

/** The page, in Review on the file with mistakes (25 learners, rows 2-26, columns 0-13), opened once for the file's cases. */
let opened: Promise<Page> | null = null;
function inReview(): Promise<Page> {
  opened ??= (async () => {
    const page = await openApp(app.browser, app.ui.url);
    await loadInApp(page, writeLearnersWithMistakes(path.join(app.dataDir, 'mis')));
    await continueToReview(page);
    await page.getByTestId('review-grid').locator('[data-row="2"][data-column="0"]').waitFor();
    return page;
  })();
  return opened;
}

/** The grid's cells, their texts, and those selected. */
function gridOf(page: Page) {
  const grid = page.getByTestId('review-grid');
  const cellAt = (row: number, column: number) => page.locator(`[data-row="${row}"][data-column="${column}"]`);
  const textAt = (row: number, column: number) => cellAt(row, column).locator('span').first().textContent();
  const selected = grid.locator('[data-column][data-selected="true"]');
  const activeCell = async () => {
    const cell = grid.locator('[data-active="true"]');
    return `${await cell.getAttribute('data-row')},${await cell.getAttribute('data-column')}`;
  };
  return { grid, cellAt, textAt, selected, activeCell };
}

describeInBrowser('Review selects as Excel does', () => {
  it('selects a block with Shift, as Excel does, and copies, empties and fills it as one change each', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-selection'));
    const { grid, cellAt, textAt, selected } = gridOf(page);

    // Shift with the arrows: the block from the first cell to the active one (rows 2-3, email and mobile).
    await cellAt(2, 6).click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => selected.count()).toBe(4);
    const block = [[await textAt(2, 6), await textAt(2, 7)], [await textAt(3, 6), await textAt(3, 7)]];
    const rows10and11 = async () => [await textAt(10, 6), await textAt(10, 7), await textAt(11, 6), await textAt(11, 7)];
    const asTheFileHasThem = await rows10and11();
    expect(await copiedFrom(grid)).toBe(`${block.map((cells) => cells.join('\t')).join('\r\n')}\r\n`);
    await screenshot(page, '41c-block-selected');

    // Copied with Ctrl+C and pasted with Ctrl+V at row 10 (a click drops the selection).
    await page.keyboard.press('Control+c');
    await cellAt(10, 6).click();
    await expect.poll(() => selected.count()).toBe(0);
    await page.keyboard.press('Control+v');
    await expect.poll(() => textAt(11, 7)).toBe(block[1][1]);
    expect([await textAt(10, 6), await textAt(10, 7), await textAt(11, 6)]).toEqual([block[0][0], block[0][1], block[1][0]]);

    // Shift+click selects too; Delete empties the block at once, and Ctrl+Z puts it back whole.
    await cellAt(11, 7).click({ modifiers: ['Shift'] });
    await expect.poll(() => selected.count()).toBe(4);
    await page.keyboard.press('Delete');
    await expect.poll(() => textAt(11, 7)).toBe('');
    expect([await textAt(10, 6), await textAt(10, 7), await textAt(11, 6)]).toEqual(['', '', '']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe('Put back: the cells emptied (4 cells)');
    await expect.poll(() => textAt(11, 7)).toBe(block[1][1]);

    // One text pasted over a selection fills it.
    await cellAt(10, 7).click();
    await page.keyboard.press('Shift+ArrowDown');
    await pasteText(grid, '07700 900555');
    await expect.poll(() => textAt(11, 7)).toBe('07700 900555');
    expect(await textAt(10, 7)).toBe('07700 900555');
    // Escape drops the selection.
    await page.keyboard.press('Escape');
    await expect.poll(() => selected.count()).toBe(0);
    // Dragged with the mouse from one cell to another, as in Excel.
    const [from, to] = [await cellAt(4, 6).boundingBox(), await cellAt(5, 7).boundingBox()];
    await page.mouse.move(from!.x + 12, from!.y + 12);
    await page.mouse.down();
    await page.mouse.move(to!.x + 12, to!.y + 12, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => selected.count()).toBe(4);
    expect(await cellAt(4, 7).getAttribute('data-selected')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => selected.count()).toBe(0);
    // Ctrl+Shift+Down: from the active cell (row 5) to the last row, 22 cells of one column.
    await page.keyboard.press('Control+Shift+ArrowDown');
    await expect.poll(() => grid.locator('[data-active="true"]').getAttribute('data-row')).toBe('26');
    expect((await copiedFrom(grid)).split('\r\n')).toHaveLength(23);
    await page.keyboard.press('Escape');

    // Taken back, the last first: the fill, then the block pasted.
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(11, 7)).toBe(block[1][1]);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe('Put back: the paste (4 cells)');
    await expect.poll(rows10and11).toEqual(asTheFileHasThem);
    for (const [row, column] of [[10, 6], [10, 7], [11, 6], [11, 7]]) expect(await cellAt(row, column).getAttribute('data-edited')).toBe('false');
  }, 60_000);

  it('goes to the edge of the data with Ctrl and an arrow, and selects every cell with Ctrl+A', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-edges'));
    const { grid, cellAt, textAt, selected, activeCell } = gridOf(page);
    // Ctrl with an arrow goes to the edge of the data, as in Excel: the mobiles of rows 4 and 8 emptied.
    for (const row of [4, 8]) {
      await cellAt(row, 7).click();
      await page.keyboard.press('Delete');
      await expect.poll(() => textAt(row, 7)).toBe('');
    }
    await cellAt(2, 7).click();
    const downs: string[] = [];
    for (const expected of ['3,7', '5,7', '7,7', '9,7', '26,7']) {
      await page.keyboard.press('Control+ArrowDown');
      await expect.poll(activeCell).toBe(expected);
      downs.push(await activeCell());
    }
    expect(downs).toEqual(['3,7', '5,7', '7,7', '9,7', '26,7']);
    await page.keyboard.press('Control+ArrowUp');
    await expect.poll(activeCell).toBe('9,7');
    // Across row 4: to the last filled cell before the emptied mobile, over it, then to the row's end.
    await cellAt(4, 0).click();
    for (const expected of ['4,6', '4,8', '4,13']) {
      await page.keyboard.press('Control+ArrowRight');
      await expect.poll(activeCell).toBe(expected);
    }
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await expect.poll(activeCell).toBe('4,8');
    await expect.poll(() => selected.count()).toBe(6);
    // Both mobiles put back by Ctrl+Z pressed twice at once: each press takes one change back, as in Excel.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(4, 7)).not.toBe('');
    expect(await textAt(8, 7)).not.toBe('');

    // Ctrl+A selects every cell, the active one staying where it is; Ctrl+C copies them all, the header row aside.
    await page.keyboard.press('Control+a');
    await expect.poll(activeCell).toBe('4,8');
    await expect.poll(async () => (await cellAt(2, 0).getAttribute('data-selected')) === 'true' && (await cellAt(3, 13).getAttribute('data-selected')) === 'true').toBe(true);
    await screenshot(page, '41d-all-selected');
    const everything = (await copiedFrom(grid)).split('\r\n');
    expect(everything).toHaveLength(26);
    expect(everything[0].split('\t')).toEqual(await Promise.all(Array.from({ length: 14 }, (_, column) => textAt(2, column))));
    await page.keyboard.press('Escape');
    await expect.poll(() => selected.count()).toBe(0);

  }, 60_000);
  it('selects whole rows and columns from their numbers and headers, Shift+Space, Ctrl+Space and the corner, as Excel does', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-whole'));
    const { grid, cellAt, textAt, selected, activeCell } = gridOf(page);
    const rowNumber = (row: number) => grid.locator('[role="rowheader"]', { hasText: new RegExp(`^${row}$`) });
    const header = (column: number) => grid.locator(`[data-header-column="${column}"]`);
    const rowTexts = async (row: number) => Promise.all(Array.from({ length: 14 }, (_, column) => textAt(row, column)));

    // A row's number: the whole row, the active cell moved onto it in its column; copied as one line.
    await cellAt(3, 6).click();
    await rowNumber(5).click();
    await expect.poll(() => selected.count()).toBe(14);
    expect(await activeCell()).toBe('5,6');
    expect(await copiedFrom(grid)).toBe(`${(await rowTexts(5)).join('\t')}\r\n`);
    // With Shift, the rows from it to another; their numbers shaded.
    await rowNumber(7).click({ modifiers: ['Shift'] });
    await expect.poll(() => selected.count()).toBe(42);
    expect(await rowNumber(6).getAttribute('data-selected')).toBe('true');
    expect(await rowNumber(8).getAttribute('data-selected')).toBe('false');
    await screenshot(page, '41e-rows-selected');

    // A header: the whole column, every row of the file (the copy has all 25); with Shift, the columns from it to another.
    await header(6).click();
    expect(await activeCell()).toBe('7,6');
    const emails = (await copiedFrom(grid)).split('\r\n');
    expect(emails).toHaveLength(26);
    expect(emails[0]).toBe(await textAt(2, 6));
    expect(emails.every((email, i) => i === 25 ? email === '' : !email.includes('\t'))).toBe(true);
    await header(7).click({ modifiers: ['Shift'] });
    expect((await copiedFrom(grid)).split('\r\n')[0]).toBe(`${await textAt(2, 6)}\t${await textAt(2, 7)}`);
    expect(await header(7).getAttribute('data-selected')).toBe('true');
    expect(await header(8).getAttribute('data-selected')).toBe('false');

    // From the keyboard: Shift+Space the active cell's row (typing nothing into it), Ctrl+Space its column.
    await cellAt(4, 2).click();
    await page.keyboard.press('Shift+Space');
    await expect.poll(() => selected.count()).toBe(14);
    expect(await page.getByLabel('Edit cell').count()).toBe(0);
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => selected.count()).toBe(28);
    await page.keyboard.press('Control+Space');
    expect((await copiedFrom(grid)).split('\r\n')).toHaveLength(26);
    // The corner over the row numbers: every cell; a click on a cell drops it.
    await grid.locator('.grid-header [role="columnheader"]').first().click();
    await expect.poll(async () => (await cellAt(2, 0).getAttribute('data-selected')) === 'true' && (await cellAt(3, 13).getAttribute('data-selected')) === 'true').toBe(true);
    await cellAt(3, 3).click();
    await expect.poll(() => selected.count()).toBe(0);
  }, 60_000);
  it('moves cells cut with Ctrl+X where they are pasted, as Excel does, in one change to take back', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-cut'));
    const { cellAt, textAt } = gridOf(page);
    const cutCells = page.locator('[data-column][data-cut]');
    const [mobile2, mobile3, mobile20, mobile21] = [await textAt(2, 7), await textAt(3, 7), await textAt(20, 7), await textAt(21, 7)];

    // Cut: the block marked by a dashed edge, nothing changed yet.
    await cellAt(2, 7).click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+x');
    await expect.poll(() => cutCells.count()).toBe(2);
    expect(await cellAt(2, 7).getAttribute('data-cut')).toBe('top left right');
    expect([await textAt(2, 7), await textAt(3, 7)]).toEqual([mobile2, mobile3]);
    await screenshot(page, '41f-cells-cut');
    // Pasted at row 20: they move there, the cells they left emptied.
    await cellAt(20, 7).click();
    await page.keyboard.press('Control+v');
    await expect.poll(() => textAt(20, 7)).toBe(mobile2);
    expect([await textAt(21, 7), await textAt(2, 7), await textAt(3, 7)]).toEqual([mobile3, '', '']);
    expect(await cutCells.count()).toBe(0);
    // One change: Ctrl+Z puts all four cells back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe('Put back: the cells moved (4 cells changed)');
    await expect.poll(() => textAt(2, 7)).toBe(mobile2);
    expect([await textAt(3, 7), await textAt(20, 7), await textAt(21, 7)]).toEqual([mobile3, mobile20, mobile21]);

    // Escape forgets the cut: pasted after, the cells are copied and their own stay.
    await cellAt(5, 7).click();
    await page.keyboard.press('Control+x');
    await expect.poll(() => cutCells.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => cutCells.count()).toBe(0);
    const mobile5 = await textAt(5, 7);
    const mobile6 = await textAt(6, 7);
    await cellAt(6, 7).click();
    await page.keyboard.press('Control+v');
    await expect.poll(() => textAt(6, 7)).toBe(mobile5);
    expect(await textAt(5, 7)).toBe(mobile5);
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(6, 7)).toBe(mobile6);
  }, 60_000);
  it('fills down and right with Ctrl+D and Ctrl+R, as Excel does, each one change to take back', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-fill'));
    const { cellAt, textAt } = gridOf(page);
    const classes = async () => Promise.all([2, 3, 4, 5].map((row) => textAt(row, 11)));
    const before = await classes();
    const differing = before.slice(1).filter((text) => text !== before[0]).length;
    expect(differing).toBeGreaterThan(0);

    // The class of row 2 down to row 5.
    await cellAt(2, 11).click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+d');
    await expect.poll(classes).toEqual([before[0], before[0], before[0], before[0]]);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe(`Put back: the cells filled (${differing} ${differing === 1 ? 'cell' : 'cells'})`);
    await expect.poll(classes).toEqual(before);

    // Only the active cell: from the row above it.
    const [above, assessor] = [await textAt(7, 10), await textAt(8, 10)];
    expect(above).not.toBe(assessor);
    await cellAt(8, 10).click();
    await page.keyboard.press('Control+d');
    await expect.poll(() => textAt(8, 10)).toBe(above);
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(8, 10)).toBe(assessor);

    // Right: the start date into the planned end date beside it (the page is not reloaded, as a browser's Ctrl+R would).
    const [start, end] = [await textAt(4, 8), await textAt(4, 9)];
    await cellAt(4, 8).click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Control+r');
    await expect.poll(() => textAt(4, 9)).toBe(start);
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(4, 9)).toBe(end);
    expect(await page.getByTestId('undone').textContent()).toBe('Put back: the cells filled (1 cell)');
  }, 60_000);
  it('replaces a text in every cell of the file with Ctrl+H, one change for Ctrl+Z', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-replace'));
    const { grid, cellAt, textAt } = gridOf(page);
    const emails = async () => Promise.all([3, 5, 26].map((row) => textAt(row, 6)));
    const before = await emails();
    expect(before[0]).toMatch(/@example\.org$/);
    const orgs = (await Promise.all(Array.from({ length: 25 }, (_, i) => textAt(i + 2, 6)))).filter((email) => email!.endsWith('@example.org')).length;

    await cellAt(3, 6).click();
    await page.keyboard.press('Control+h');
    const find = page.getByLabel('Find in the file');
    const replaceWith = page.getByLabel('Replace with');
    await expect.poll(() => find.evaluate((box) => box === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await find.fill('@EXAMPLE.org');
    await replaceWith.fill('@example.org.uk');
    await screenshot(page, '41g-replace-all');
    await page.getByRole('button', { name: 'Replace all' }).click();
    await expect.poll(() => page.getByTestId('find-result').textContent()).toBe(`Replaced in ${orgs} cells`);
    await expect.poll(emails).toEqual(before.map((email) => email!.replace(/@example\.org$/, '@example.org.uk')));

    // Escape closes it; Ctrl+Z on the grid takes the whole replace back.
    await replaceWith.press('Escape');
    await expect.poll(() => replaceWith.count()).toBe(0);
    await expect.poll(() => grid.evaluate((box) => box === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe(`Put back: “replace all” (${orgs} cells)`);
    await expect.poll(emails).toEqual(before);
  }, 60_000);
  it('goes to a row or a cell from Ctrl+G, as the error report names them', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-go-to'));
    const { grid, cellAt, activeCell } = gridOf(page);
    const goTo = page.getByLabel('Go to a row or cell');
    const focused = (box: typeof grid) => box.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);

    await cellAt(2, 3).click();
    await page.keyboard.press('Control+g');
    await expect.poll(() => focused(goTo)).toBe(true);
    await goTo.fill('F20');
    await goTo.press('Enter');
    await expect.poll(activeCell).toBe('20,5');
    await expect.poll(() => focused(grid)).toBe(true);
    // A row number alone keeps the column.
    await page.keyboard.press('Control+g');
    await goTo.fill('26');
    await goTo.press('Enter');
    await expect.poll(activeCell).toBe('26,5');
    // No such row: said, and the active cell stays.
    await page.keyboard.press('Control+g');
    await goTo.fill('40');
    await goTo.press('Enter');
    await expect.poll(() => page.getByTestId('go-to-problem').textContent()).toBe('The file has no row 40: its rows run from 2 to 26.');
    expect(await activeCell()).toBe('26,5');
    await goTo.press('Escape');
    await expect.poll(() => focused(grid)).toBe(true);
  }, 60_000);
  it('moves down with Enter and right with Tab, and through a selection\'s cells, the selection staying', async () => {
    const page = await inReview();
    onTestFailed(() => recordFailure(page, 'failed-review-enter-tab'));
    const { grid, cellAt, textAt, selected, activeCell } = gridOf(page);
    const focused = () => grid.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);

    // Enter goes down and Tab right, with Shift up and left; no editor is opened.
    await cellAt(2, 3).click();
    await page.keyboard.press('Enter');
    await expect.poll(activeCell).toBe('3,3');
    await page.keyboard.press('Tab');
    await expect.poll(activeCell).toBe('3,4');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(activeCell).toBe('2,4');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(activeCell).toBe('2,3');
    expect(await page.getByLabel('Edit cell').count()).toBe(0);

    // A block of rows 5-6, columns G and H: Enter goes down each column, then to the next, and round.
    await cellAt(5, 6).click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => selected.count()).toBe(4);
    await page.keyboard.press('Enter');
    // The active cell was the block's last (where Shift took it): Enter goes round to its first.
    await expect.poll(activeCell).toBe('5,6');
    for (const expected of ['6,6', '5,7', '6,7', '5,6']) {
      await page.keyboard.press('Enter');
      await expect.poll(activeCell).toBe(expected);
      expect(await selected.count()).toBe(4);
    }
    // Typed and saved with Enter: the next cell of the block, the block still selected.
    const before = await textAt(5, 6);
    await page.keyboard.type('typed.in@example.org');
    await page.getByLabel('Edit cell').press('Enter');
    await expect.poll(activeCell).toBe('6,6');
    await expect.poll(() => textAt(5, 6)).toBe('typed.in@example.org');
    expect(await selected.count()).toBe(4);
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(5, 6)).toBe(before);

    // Tab at the last column, outside a selection, leaves the grid for the controls after it.
    await page.keyboard.press('Escape');
    await cellAt(2, 13).click();
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe(false);
  }, 60_000);
});
