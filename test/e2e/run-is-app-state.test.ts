import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { ensureBuilt } from './build-once';
import { walkToPlanAgain, writeManyLearners } from './app-fixtures';
import { browserNeeded, describeInBrowser, launchChromium, openApp, recordFailure, rowsFinished, screenshot, startUi, type UiProcess } from './helpers';

/**
 * The run is the app's state, not the page's: a reload mid-run comes back to the run
 * with its true counts (and asks first), History counts from the journal, Back and
 * Forward move between steps inside the app, and a paused run stays paused when the
 * app is stopped and started again, offered with its counts and resumed to the end.
 */

let browser: Browser;
let dataDir: string;
let ui: UiProcess;
// 10 calls a second: 50 learners (100 writes) take about ten seconds, long enough to reload in.
const pace = { budget: 10, windowMs: 1000 };

beforeAll(async () => {
  if (!browserNeeded()) return;
  await ensureBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-e2e-app-state-'));
  browser = await launchChromium();
  ui = await startUi(dataDir, pace);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await ui?.stop();
});

async function figure(page: Page, label: string): Promise<number> {
  const text = await page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]').textContent();
  return Number((text ?? '').replace(/,/g, ''));
}

describeInBrowser('the run is the app\'s state', () => {
  it('a reload mid-run asks first, then returns to the run; History shows its true counts', async () => {
    const page = await openApp(browser, ui.url);
    onTestFailed(() => recordFailure(page, 'failed-reload-mid-run'));
    await walkToPlanAgain(page, writeManyLearners(path.join(dataDir, 'mis'), 2, 'RL'));
    await page.getByRole('button', { name: 'Start import' }).click();
    await expect.poll(() => rowsFinished(page), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(5);

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    const before = await rowsFinished(page);
    await page.reload();
    await page.getByRole('heading', { name: /Importing|Import finished/ }).waitFor();
    expect(dialogs).toContain('beforeunload');
    expect(await rowsFinished(page)).toBeGreaterThanOrEqual(before);
    expect(await page.getByTestId('where-to').textContent()).toMatch(/Sandbox.*Example Organisation - Business/);
    await screenshot(page, '30-reload-returns-to-run');

    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    const shown = await figure(page, 'Created');
    const finished = await page.getByText('Every row went in').count();
    // Created counts the learners the journal proves, never 0 while rows are done.
    expect(shown).toBeGreaterThanOrEqual(before);
    if (shown < 50) {
      expect(finished).toBe(0);
      await page.getByText(/The import has not finished: \d+ of 50 rows are still to do/).waitFor();
    }
    await screenshot(page, '31-history-true-counts-mid-run');
    await page.getByRole('button', { name: 'Back to progress' }).click();
    await page.getByText('50 of 50 rows · 100%').waitFor({ timeout: 60_000 });
  }, 150_000);

  it('Back and Forward move between the steps inside the app', async () => {
    const page = await openApp(browser, ui.url);
    onTestFailed(() => recordFailure(page, 'failed-back-forward'));
    await walkToPlanAgain(page, writeManyLearners(path.join(dataDir, 'mis'), 1, 'BF'));
    await page.goBack();
    await page.getByRole('heading', { name: 'Review the rows' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Check how the file is read' }).waitFor();
    await page.goForward();
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
    await page.goForward();
    await page.getByRole('heading', { name: 'Review the rows' }).waitFor();
    await screenshot(page, '32-back-forward-inside-the-app');
    expect(page.url()).toMatch(/#\/review$/);
    // A reload stays on the step it was on.
    await page.reload();
    await page.getByRole('heading', { name: 'Review the rows' }).waitFor();
  }, 90_000);

  it('a paused run stays paused when the app is stopped, and is offered with its counts when it starts again', async () => {
    const page = await openApp(browser, ui.url);
    onTestFailed(() => recordFailure(page, 'failed-paused-restart'));
    await walkToPlanAgain(page, writeManyLearners(path.join(dataDir, 'mis'), 2, 'PR'));
    await page.getByRole('button', { name: 'Start import' }).click();
    await expect.poll(() => rowsFinished(page), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(5);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('heading', { name: 'Import paused' }).waitFor();
    const done = await rowsFinished(page);
    await page.close();
    await ui.stop();

    ui = await startUi(dataDir, pace);
    const again = await openApp(browser, ui.url);
    onTestFailed(() => recordFailure(again, 'failed-paused-restart-2'));
    const offer = again.getByTestId('unfinished-run');
    await offer.waitFor();
    expect(await offer.textContent()).toMatch(/An import is paused: resume it or leave it/);
    expect(await offer.textContent()).toContain(`${done} of 50 rows done (${done} created`);
    await screenshot(again, '33-paused-run-offered-after-restart');
    await again.getByRole('button', { name: 'History', exact: true }).click();
    const row = again.getByTestId('history').locator('tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('paused');

    await again.getByRole('button', { name: 'Resume the import' }).click();
    await again.getByRole('heading', { name: /Importing|Import finished/ }).waitFor();
    expect(await again.getByTestId('where-to').textContent()).toMatch(/Sandbox.*Example Organisation - Business/);
    await again.getByText('50 of 50 rows · 100%').waitFor({ timeout: 60_000 });
    await again.getByRole('heading', { name: 'Import finished' }).waitFor();
    expect(await figure(again, 'Done')).toBe(50);
  }, 150_000);
});
