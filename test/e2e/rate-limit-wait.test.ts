import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, openApp, recordFailure, rowsFinished, screenshot, walkToPlan, writeCleanLearners, describeInBrowser } from './helpers';

/**
 * Progress never looks frozen: with a budget that the run meets several times (20 calls
 * in a 6 s window, set on the Plan screen), the Import screen says it is waiting for
 * OneFile's allowance with a countdown that goes down, while Elapsed keeps moving.
 */

const app = browserModeForThisFile('rate-wait', { budget: 100, windowMs: 6_000 });

async function countdown(page: Page): Promise<number | null> {
  const wait = page.getByTestId('rate-limit-countdown');
  if ((await wait.count()) === 0) return null;
  const text = (await wait.textContent()) ?? '';
  return Number(/next call in (\d+) s/.exec(text)?.[1] ?? NaN);
}

/** Reads the countdown until two readings of one wait go down; each reading's Elapsed kept. */
async function countdownGoingDown(page: Page, timeoutMs: number): Promise<{ earlier: number; later: number; elapsed: string }> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: number; elapsed: string } | null = null;
  while (Date.now() < deadline) {
    const value = await countdown(page);
    if (value === null || Number.isNaN(value)) last = null;
    else if (last && value < last.value) return { earlier: last.value, later: value, elapsed: last.elapsed };
    else if (!last || value > last.value) last = { value, elapsed: await elapsed(page) };
    await page.waitForTimeout(100);
  }
  throw new Error('No rate-limit countdown was seen going down.');
}

async function elapsed(page: Page): Promise<string> {
  return (await page.getByTestId('elapsed').locator('p').nth(1).textContent()) ?? '';
}

describeInBrowser('an import that meets the rate limit', () => {
  it('says it waits for OneFile\'s allowance, counting down, while Elapsed moves', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-rate-limit-wait'));
    await walkToPlan(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
    const budget = page.getByLabel('OneFile calls a minute');
    await budget.fill('20');
    await budget.blur();
    await page.getByTestId('plan-time').getByText(/at 20 calls a minute/).waitFor();
    await page.getByRole('button', { name: 'Start import' }).click();

    // A countdown seen going down within one wait (a wait may end between two readings
    // on a loaded machine, and the next one starts higher: the run meets the limit
    // several times, so watch until one is seen counting down).
    const seen = await countdownGoingDown(page, 90_000);
    expect(seen.later).toBeLessThan(seen.earlier);
    const firstElapsed = seen.elapsed;
    const doneWhileWaiting = await rowsFinished(page);
    await expect.poll(() => elapsed(page), { timeout: 10_000, interval: 200 }).not.toBe(firstElapsed);
    expect(await rowsFinished(page)).toBeGreaterThanOrEqual(doneWhileWaiting);
    await screenshot(page, '34-rate-limit-wait-countdown');

    await page.getByText('25 of 25 rows · 100%').waitFor({ timeout: 90_000 });
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    expect(await page.getByTestId('rate-limit-wait').count()).toBe(0);
  }, 150_000);
});
