import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, describeInBrowser, loadInApp, openApp, pasteText, recordFailure, screenshot, writeLearnersWithMistakes } from './helpers';

/**
 * Review shows problems first: the list of problems by column and kind jumps to a cell
 * far down and to the right; a name is resolved from OneFile's full list, seen in the
 * grid beside the file's text and taken back; one fix is applied to every cell like it;
 * Enter and Tab move on as in Excel, and cells are copied and pasted, a block at once.
 */

const app = browserModeForThisFile('review', { budget: 100, windowMs: 1000 });

/** The file with mistakes, plus an employer OneFile does not know on row 24 (column M, off screen) and a class written three ways wrong. */
function writeFile(): string {
  const file = writeLearnersWithMistakes(path.join(app.dataDir, 'mis'));
  const lines = readFileSync(file, 'utf8').split('\r\n');
  const edit = (row: number, column: number, value: string) => {
    const cells = lines[row - 1].split(',');
    cells[column] = value;
    lines[row - 1] = cells.join(',');
  };
  edit(24, 12, 'Nowhere Ltd - Leeds');
  for (const row of [10, 11, 12]) edit(row, 11, 'Bus Admin Level 2');
  writeFileSync(file, lines.join('\r\n'));
  return file;
}

async function inside(cell: Locator, grid: Locator): Promise<boolean> {
  const [a, b] = [await cell.boundingBox(), await grid.boundingBox()];
  return a !== null && b !== null && a.x >= b.x && a.x + a.width <= b.x + b.width + 1 && a.y >= b.y && a.y + a.height <= b.y + b.height + 1;
}

describeInBrowser('Review shows problems first', () => {
  it('opens on the first bad cell and jumps from the problems list to a cell far down and right', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-review-problems'));
    await loadInApp(page, writeFile());
    await continueToReview(page);
    const grid = page.getByTestId('review-grid');
    const problems = page.getByTestId('problems-list');
    await problems.getByText('Employer “Nowhere Ltd - Leeds”').waitFor();

    // Opened on the first bad cell (the email on row 4), its reason in words under the grid.
    await expect.poll(() => page.getByTestId('cell-reason').textContent()).toMatch(/^Row 4 · Email Address/);
    expect(await page.getByTestId('cell-problem').first().textContent()).toMatch(/not an email address/);

    const employer = page.locator('[data-row="24"][data-column="12"]');
    expect((await employer.count()) === 0 || !(await inside(employer, grid))).toBe(true);
    await problems.getByText('Employer “Nowhere Ltd - Leeds”').click();
    await expect.poll(() => employer.getAttribute('data-active')).toBe('true');
    expect(await inside(employer, grid)).toBe(true);
    expect(await page.getByTestId('cell-reason').textContent()).toMatch(/^Row 24 · Employer.*no placement|^Row 24 · Employer/);
    expect(await page.getByTestId('cell-problem').first().textContent()).toMatch(/Nowhere Ltd - Leeds/);
    await screenshot(page, '38-problems-list-jumps-to-cell');

    // The keyboard takes the active cell across the grid and the grid follows it: Home to the row's first cell, End to its last.
    await page.keyboard.press('Home');
    const first = page.locator('[data-row="24"][data-column="0"]');
    await expect.poll(() => first.getAttribute('data-active')).toBe('true');
    expect(await inside(first, grid)).toBe(true);
    await page.keyboard.press('End');
    const last = page.locator('[data-row="24"][data-active="true"]');
    await expect.poll(async () => Number(await last.getAttribute('data-column'))).toBeGreaterThan(12);
    expect(await inside(last, grid)).toBe(true);
    // As in Excel, Backspace starts the cell again empty; Escape leaves it as it was.
    const before = await last.textContent();
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.getByLabel('Edit cell').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await page.getByLabel('Edit cell').waitFor({ state: 'detached' });
    expect(await page.locator('[data-row="24"][data-active="true"]').textContent()).toBe(before);
  }, 90_000);

  it('fixes every cell like the one just fixed, in one step', async () => {
    const page = app.browser.contexts()[0].pages()[0];
    const problems = page.getByTestId('problems-list');
    await problems.getByText('Class “Bus Admin Level 2”').click();
    const cell = page.locator('[data-row="10"][data-column="11"]');
    await expect.poll(() => cell.getAttribute('data-active')).toBe('true');
    // Typed on the active cell, as in Excel: the text replaces the cell's.
    await page.keyboard.type('Business Admin L2');
    expect(await page.getByLabel('Edit cell').inputValue()).toBe('Business Admin L2');
    await page.keyboard.press('Enter');
    const fixAll = page.getByTestId('fix-all');
    await fixAll.waitFor();
    // The panel follows the edit at once: the problem is on two rows now.
    await expect.poll(() => problems.locator('[data-problem="reference-unmatched"]').filter({ hasText: 'Bus Admin Level 2' }).textContent()).toMatch(/2 rows$/);
    expect(await fixAll.textContent()).toMatch(/2 more cells in Class say “Bus Admin Level 2”/);
    await screenshot(page, '39-fix-all-like-this');
    await fixAll.getByRole('button', { name: 'Change them all to “Business Admin L2”' }).click();
    await fixAll.waitFor({ state: 'detached' });
    await problems.getByText('Class “Bus Admin Level 2”').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-row="12"][data-column="11"]').textContent()).toBe('Business Admin L2');

    // A look at the plan and back: the change can still be taken back.
    await page.getByRole('button', { name: 'Step 5: Plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    await page.getByRole('button', { name: 'Step 4: Review' }).click();
    await page.getByRole('heading', { name: 'Review the rows' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Undo', exact: true }).isEnabled()).toBe(true);

    // Undo takes "fix all" back whole: the two cells say what the file said, and the problem is listed again.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe('Put back: “fix all like this” (2 cells)');
    await expect.poll(() => page.locator('[data-row="12"][data-column="11"] span').first().textContent()).toBe('Bus Admin Level 2');
    expect(await page.locator('[data-row="12"][data-column="11"]').getAttribute('data-edited')).toBe('false');
    await expect.poll(() => problems.locator('[data-problem="reference-unmatched"]').filter({ hasText: 'Bus Admin Level 2' }).textContent()).toMatch(/2 rows$/);

    // Redo makes it again, whole.
    await page.getByRole('button', { name: 'Redo', exact: true }).click();
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe('Made again: “fix all like this” (2 cells)');
    await expect.poll(() => page.locator('[data-row="12"][data-column="11"] span').first().textContent()).toBe('Business Admin L2');
    expect(await page.locator('[data-row="12"][data-column="11"]').getAttribute('data-edited')).toBe('true');
    await problems.getByText('Class “Bus Admin Level 2”').waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Redo', exact: true }).isDisabled()).toBe(true);
    // Taken back again: the cases after this one find the file as it was.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => page.locator('[data-row="12"][data-column="11"] span').first().textContent()).toBe('Bus Admin Level 2');
  }, 60_000);

  it('resolves a name from OneFile\'s full list, shows the choice in the grid, and takes it back', async () => {
    const page = app.browser.contexts()[0].pages()[0];
    const item = page.getByTestId('unresolved-item').filter({ hasText: '“Business admin L3 - Evening”' });
    const full = item.getByLabel(/Every Class in OneFile/).first();
    await full.click();
    await full.fill('evening');
    await page.getByRole('option', { name: /BA3-EVE2/ }).click();
    await item.waitFor({ state: 'detached' });
    const cell = page.locator('[data-row="8"][data-column="11"]');
    await expect.poll(() => cell.locator('[data-note="chosen"]').textContent()).toMatch(/→ Business admin L3 -\s+evening/i);
    expect(await cell.locator('span').first().textContent()).toBe('Business admin L3 - Evening');
    await cell.click();
    await page.getByTestId('chosen').waitFor();
    expect(await page.getByTestId('chosen-names').textContent()).toMatch(/Class “Business admin L3 - Evening” → Business admin L3 -\s+evening/i);
    await screenshot(page, '40-resolution-chosen-from-full-list');

    await page.getByTestId('chosen').getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('unresolved-item').filter({ hasText: '“Business admin L3 - Evening”' }).waitFor();
    await expect.poll(() => cell.locator('[data-note="chosen"]').count()).toBe(0);
    expect(await page.getByTestId('chosen-names').count()).toBe(0);
    await screenshot(page, '41-resolution-undone');
  }, 60_000);

  it('moves down after Enter and right after Tab, as Excel does, and takes cells copied and pasted', async () => {
    const page = app.browser.contexts()[0].pages()[0];
    const grid = page.getByTestId('review-grid');
    const cellAt = (row: number, column: number) => page.locator(`[data-row="${row}"][data-column="${column}"]`);
    const textAt = (row: number, column: number) => cellAt(row, column).locator('span').first().textContent();

    // Type, Enter, type, Tab: each saved, the next cell down (then right) active and typed over.
    await cellAt(2, 7).click();
    await page.keyboard.type('07700 900999');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellAt(3, 7).getAttribute('data-active')).toBe('true');
    await page.keyboard.type('07700 900998');
    await page.keyboard.press('Tab');
    await expect.poll(() => cellAt(3, 8).getAttribute('data-active')).toBe('true');
    await expect.poll(() => textAt(2, 7)).toBe('07700 900999');
    await expect.poll(() => textAt(3, 7)).toBe('07700 900998');
    expect(await cellAt(3, 7).getAttribute('data-edited')).toBe('true');

    // Ctrl+C on one cell, Ctrl+V on another: saved as an edit is.
    await cellAt(2, 7).click();
    await page.keyboard.press('Control+c');
    await cellAt(5, 7).click();
    await page.keyboard.press('Control+v');
    await expect.poll(() => textAt(5, 7)).toBe('07700 900999');
    expect(await cellAt(5, 7).getAttribute('data-edited')).toBe('true');

    // A block copied from a spreadsheet (ULN, NI number, email of rows 4 to 6), pasted from the active cell down and
    // right: the bad email on row 4 and the ULN failing its check digit on row 6 are mended, and leave the problems list.
    const problems = page.getByTestId('problems-list');
    await problems.locator('[data-problem="uln-invalid"]').waitFor();
    await cellAt(4, 4).click();
    await pasteText(grid, '4821888946\tHJ523645C\tisla.murray@example.net\r\n4821968133\tJM628374D\tharry.patel@example.com\r\n4822047325\tKP733103A\tava.thompson@example.org\r\n');
    await expect.poll(() => textAt(6, 4)).toBe('4822047325');
    expect(await textAt(4, 6)).toBe('isla.murray@example.net');
    expect(await cellAt(4, 6).getAttribute('data-edited')).toBe('true');
    // Row 5 was pasted with its own text: nothing changed, nothing marked.
    expect(await cellAt(5, 4).getAttribute('data-edited')).toBe('false');
    await problems.locator('[data-problem="uln-invalid"]').waitFor({ state: 'detached' });
    expect(await problems.locator('[data-problem="email-invalid"]').count()).toBe(0);
    await screenshot(page, '41a-block-pasted');

    // Pasted at the last row, the rows past it are left out, and the grid says so.
    await grid.focus();
    await page.keyboard.press('Control+End');
    await pasteText(grid, 'Business Administrator L3 - 18 months\r\nCustomer Service Practitioner L2 with English\r\n');
    await expect.poll(() => page.getByTestId('grid-notice').textContent()).toMatch(/1 row past the grid's last row was left out\. The rest was pasted\./);

    // Ctrl+Z takes the changes back, the last first: the paste at the last row, then the block (its problems listed again).
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe('Put back: the paste (1 cell)');
    await expect.poll(() => textAt(26, 13)).toBe('Customer Service Practitioner L2 with English');
    // The word about what the paste left out goes with it.
    await page.getByTestId('grid-notice').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe('Put back: the paste (2 cells)');
    await problems.locator('[data-problem="uln-invalid"]').waitFor();
    await expect.poll(() => textAt(6, 4)).toBe('4822047326');
    expect(await cellAt(4, 6).getAttribute('data-edited')).toBe('false');
    await screenshot(page, '41b-paste-undone');
    // Ctrl+Y makes it again (Ctrl+Shift+Z too), as in Excel; taken back again for what follows.
    await page.keyboard.press('Control+y');
    await expect.poll(() => page.getByTestId('undone').textContent()).toBe('Made again: the paste (2 cells)');
    await expect.poll(() => textAt(6, 4)).toBe('4822047325');
    expect(await cellAt(4, 6).getAttribute('data-edited')).toBe('true');
    await problems.locator('[data-problem="uln-invalid"]').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(6, 4)).toBe('4822047326');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => textAt(6, 4)).toBe('4822047325');
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(6, 4)).toBe('4822047326');
    // The phone pasted on row 5 is the next to go.
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(5, 7)).toBe('07700 900139');
    expect(await textAt(3, 7)).toBe('07700 900998');

    // Delete empties the active cell at once, as in Excel; Ctrl+Z puts it back.
    await cellAt(2, 7).click();
    expect(await page.getByRole('button', { name: 'Redo', exact: true }).isEnabled()).toBe(true);
    await page.keyboard.press('Delete');
    await expect.poll(() => textAt(2, 7)).toBe('');
    // A new change: what was taken back is no longer made again.
    await expect.poll(() => page.getByRole('button', { name: 'Redo', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Edit cell').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => textAt(2, 7)).toBe('07700 900999');

    // The file with the fixes, to keep or send back: every change listed with what it was.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save with your fixes' }).click()]);
    expect(download.suggestedFilename()).toBe('learners-week-12 (fixed).xlsx');
    expect(await page.getByTestId('fixes-saved').textContent()).toBe('Downloaded as learners-week-12 (fixed).xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const changes = workbook.getWorksheet('Changed in Review')!;
    const listed = changes.getSheetValues().slice(2).map((row) => (row as ExcelJS.CellValue[]).slice(1));
    expect(listed).toEqual([
      [2, 'H', 'Mobile', '07700 900100', '07700 900999'],
      [3, 'H', 'Mobile', '07700 900113', '07700 900998'],
      [10, 'L', 'Class', 'Bus Admin Level 2', 'Business Admin L2'],
    ]);
  }, 60_000);

  it('sizes a column by dragging its header\'s edge, and fits it to its text with a double-click, as Excel does', async () => {
    const page = app.browser.contexts()[0].pages()[0];
    const header = page.locator('[data-header-column="13"]');
    const edge = header.locator('.grid-resize');
    await edge.scrollIntoViewIfNeeded();
    const before = (await header.boundingBox())!.width;
    const at = (await edge.boundingBox())!;
    await page.mouse.move(at.x + 3, at.y + 10);
    await page.mouse.down();
    await page.mouse.move(at.x + 123, at.y + 10, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await header.boundingBox())!.width - before)).toBe(120);

    // Narrower than its text, then fitted: every template name on screen shows whole.
    const shown = page.locator('[data-column="13"] > span:first-child');
    const cut = () => shown.evaluateAll((spans) => spans.filter((span) => (span as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth > (span as unknown as { clientWidth: number }).clientWidth).length);
    const now = (await edge.boundingBox())!;
    await page.mouse.move(now.x + 3, now.y + 10);
    await page.mouse.down();
    await page.mouse.move(now.x - 200, now.y + 10, { steps: 4 });
    await page.mouse.up();
    await expect.poll(cut).toBeGreaterThan(0);
    await edge.dblclick();
    await expect.poll(cut).toBe(0);
    expect(await shown.count()).toBeGreaterThan(5);
  }, 60_000);

  it('finds a text anywhere in the file from Ctrl+F, each Enter to the next cell, the box keeping the keyboard', async () => {
    const page = app.browser.contexts()[0].pages()[0];
    const grid = page.getByTestId('review-grid');
    const box = page.getByLabel('Find in the file');
    await page.locator('[data-row="2"][data-column="0"]').click();
    await page.keyboard.press('Control+f');
    await expect.poll(() => box.evaluate((input) => input === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await page.keyboard.type('nowhere ltd');
    await page.keyboard.press('Enter');
    const employer = page.locator('[data-row="24"][data-column="12"]');
    await expect.poll(() => employer.getAttribute('data-active')).toBe('true');
    expect(await inside(employer, grid)).toBe(true);
    expect(await page.getByTestId('find-result').textContent()).toBe('1 of 1');
    // The box keeps the keyboard, and the cell found is marked all the same.
    const outline = (element: unknown) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(element).outlineStyle;
    expect(await employer.evaluate(outline)).toBe('solid');

    // Another text: each Enter the next cell holding it, from the active one on.
    await box.fill('Kate Anderson');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('find-result').textContent()).toMatch(/^\d+ of \d+$/);
    const [at, of] = (await page.getByTestId('find-result').textContent())!.split(' of ').map(Number);
    const activeCell = grid.locator('[role="gridcell"][data-active="true"]');
    await expect.poll(() => activeCell.textContent()).toBe('Kate Anderson');
    const firstFound = await activeCell.getAttribute('data-row');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('find-result').textContent()).toBe(`${at === of ? 1 : at + 1} of ${of}`);
    await expect.poll(() => activeCell.getAttribute('data-row')).not.toBe(firstFound);
    expect(await activeCell.textContent()).toBe('Kate Anderson');
    // Shift+Enter: back to the one before.
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => page.getByTestId('find-result').textContent()).toBe(`${at} of ${of}`);
    await expect.poll(() => activeCell.getAttribute('data-row')).toBe(firstFound);
    await box.fill('Nobody Here');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('find-result').textContent()).toBe('Not in the file');
    // Escape: back to the grid, on the cell last found.
    await page.keyboard.press('Escape');
    await expect.poll(() => grid.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
  }, 60_000);
});
