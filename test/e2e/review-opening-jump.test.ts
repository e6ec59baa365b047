import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { ensureBuilt } from './build-once';
import { browserNeeded, continueToReview, describeInBrowser, launchChromium, loadInApp, openApp, recordFailure, startUi, type UiProcess } from './helpers';

/**
 * Review opens at the file's first problem; where that problem is a name OneFile does not
 * know, it is found only once OneFile has been asked about the file's names, seconds after
 * the rows show (here every call to the sandbox takes 1.2 s). By then the person may be at
 * work: typing a row into Go to, or on a cell they clicked. The opening jump is not made over
 * them: it took the keyboard from the Go to box, so their Enter moved the grid's cursor a row
 * down instead of going to the row typed, and it moved them from the cell they were on.
 */

let browser: Browser;
beforeAll(async () => {
  if (!browserNeeded()) return;
  await ensureBuilt();
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

/**
 * Each case its own browser mode and data folder: OneFile's answers about the names are
 * kept once read, so only a first Review on a fresh app waits for them.
 */
async function inFreshApp(name: string, work: (page: Page, dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `onefile-e2e-opening-jump-${name}-`));
  const ui: UiProcess = await startUi(dataDir, { budget: 100, windowMs: 1000 }, ['--sandbox-switches', JSON.stringify({ latencyMs: 1200 })]);
  try {
    const page = await openApp(browser, ui.url);
    onTestFailed(() => recordFailure(page, `failed-opening-jump-${name}`));
    await work(page, dataDir);
  } finally {
    await ui.stop();
  }
}

/** The examples spreadsheet with row 10's employer one OneFile does not have: the file's only problem, found by the names check. */
function writeOneUnknownEmployer(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'learners.csv');
  const lines = readFileSync(path.join(import.meta.dirname, '../../examples/learners.csv'), 'utf8').split(/\r?\n/);
  lines[9] = lines[9].replace(/BT - Manchester|Vodaphone - Salford/, 'Nowhere Trading Ltd');
  writeFileSync(file, lines.join('\r\n'));
  return file;
}

/** In Review, the rows shown, the names not yet checked against OneFile. */
async function reviewWhileNamesAreChecked(page: Page, dataDir: string): Promise<void> {
  await loadInApp(page, writeOneUnknownEmployer(path.join(dataDir, 'mis')));
  await continueToReview(page);
  await page.getByRole('gridcell', { name: 'Amelia' }).first().waitFor();
}

/** The names checked against OneFile (the unknown employer listed to resolve) and the reading's progress gone: the opening jump made or not by now. */
async function namesChecked(page: Page): Promise<void> {
  await page.getByTestId('unresolved-item').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[role="progressbar"]') === null);
}

/** What the bar under the grid says of the active cell ("Row 20 · Forename"). */
const activeCell = (page: Page) => page.getByText(/^Row \d+ · /).first().textContent();

describeInBrowser("Review's opening jump, made once OneFile has checked the names", () => {
  it('goes to the first problem when the person has not moved', async () => {
    await inFreshApp('untouched', async (page, dataDir) => {
      await reviewWhileNamesAreChecked(page, dataDir);
      await page.getByTestId('unresolved-item').first().waitFor({ timeout: 60_000 });
      await expect.poll(() => activeCell(page), { timeout: 10_000 }).toBe('Row 10 · Employer');
      await expect.poll(() => page.locator('[data-testid="review-grid"]:focus').count()).toBe(1);
    });
  }, 120_000);

  it('is not made over a row being typed into Go to', async () => {
    await inFreshApp('go-to', async (page, dataDir) => {
      await reviewWhileNamesAreChecked(page, dataDir);
      // Typed before the names are checked, Enter pressed after: the box still has the keyboard.
      const goTo = page.getByLabel('Go to a row or cell');
      await goTo.fill('B20');
      await namesChecked(page);
      await expect.poll(() => goTo.evaluate((box) => box === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
      await goTo.press('Enter');
      await expect.poll(() => activeCell(page)).toBe('Row 20 · Forename');
    });
  }, 120_000);

  it('is not made over a cell the person went to', async () => {
    await inFreshApp('on-a-cell', async (page, dataDir) => {
      await reviewWhileNamesAreChecked(page, dataDir);
      await page.locator('[data-row="5"][data-column="2"]').click();
      await expect.poll(() => activeCell(page)).toBe('Row 5 · Surname');
      await namesChecked(page);
      // The names checked, the problem found: the person is still where they went.
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => activeCell(page)).toBe('Row 6 · Surname');
    });
  }, 120_000);
});

