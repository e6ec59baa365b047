import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, connectToSandbox, describeInBrowser, dropFile, openApp, recordFailure, screenshot, writeLearnersWithMistakes } from './helpers';

/**
 * Review shows problems first: the list of problems by column and kind jumps to a cell
 * far down and to the right; a name is resolved from OneFile's full list, seen in the
 * grid beside the file's text and taken back; one fix is applied to every cell like it.
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
    await connectToSandbox(page);
    await dropFile(page, writeFile());
    await page.getByRole('heading', { name: 'Check how the file is read' }).waitFor();
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    await page.getByRole('button', { name: 'Continue to review' }).click();
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
  }, 60_000);

  it('resolves a name from OneFile\'s full list, shows the choice in the grid, and takes it back', async () => {
    const page = app.browser.contexts()[0].pages()[0];
    const item = page.getByTestId('unresolved-item').filter({ hasText: 'Business admin L3 - Evening' });
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
    await page.getByTestId('unresolved-item').filter({ hasText: 'Business admin L3 - Evening' }).waitFor();
    await expect.poll(() => cell.locator('[data-note="chosen"]').count()).toBe(0);
    expect(await page.getByTestId('chosen-names').count()).toBe(0);
    await screenshot(page, '41-resolution-undone');
  }, 60_000);
});
