import { expect, it, onTestFailed } from 'vitest';
import { askForPlanAgain, examplesImportedThenNextWeek } from './app-fixtures';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure, screenshot } from './helpers';

/**
 * Next week's file, its learners already in OneFile: the plan reads each of them (their
 * learning aims and unit summaries) at the rate limit, which for a thousand learners takes
 * many minutes. The Plan step shows how many it has read of how many, the calls made and
 * the time left, and Stop, which ends the plan at once; "Try again" plans afresh.
 *
 * The rate limit is 5 calls a second here, so the 25 learners' reads (about 50 calls)
 * take ten seconds: the test stops the plan once it has read a few, by what the step
 * shows, never by a guess of time.
 */
const app = browserModeForThisFile('plan-progress', { budget: 5, windowMs: 1_000 });

describeInBrowser('a plan that reads the learners OneFile already has', () => {
  it('shows how far it has read, with the time left, and stops at once when asked', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-plan-progress'));
    const again = await examplesImportedThenNextWeek(page, app.dataDir, 120_000);
    await askForPlanAgain(page, again);

    const reading = page.getByTestId('plan-progress');
    await expect
      .poll(async () => (await reading.textContent({ timeout: 60_000 })) ?? '', { timeout: 60_000, interval: 50 })
      .toMatch(/Reading the learners and staff the file matches in OneFile: ([3-9]|1\d) of 25/);
    expect(await reading.textContent()).toMatch(/\d+ calls so far · about \d+ s left/);
    await screenshot(page, '99-plan-reading-learners');

    await reading.getByRole('button', { name: 'Stop' }).click();
    const ended = page.getByTestId('plan-error');
    await ended.waitFor({ timeout: 10_000 });
    expect(await ended.textContent()).toBe('StoppedStopped: the import was not planned. Nothing in OneFile was changed.');
    expect(await reading.count()).toBe(0);

    // Asked again, it plans the whole file: the one changed mobile to update.
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Start import' }).isEnabled()).toBe(true);
    expect(await page.getByTestId('plan-error').count()).toBe(0);
  }, 240_000);
});
