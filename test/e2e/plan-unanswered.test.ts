import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { browserModeForThisFile, continueToReview, describeInBrowser, loadInApp, openApp, recordFailure, screenshot, writeCleanLearners } from './helpers';

/**
 * The plan while OneFile stops answering (the built-in sandbox answers every call with a
 * 503 maintenance page for 40 seconds from the first call after Connect): Review's check
 * of the names waits and says so, and is stopped when the person goes on; the plan, made
 * only of reads, says OneFile is not answering, since when and when it tries again, and
 * offers Stop; stopped, it says nothing was changed. Left while it waits, it is stopped.
 * Tried again, it waits out what is left of the silence by itself and shows the plan.
 */

/** Calls Connect and the organisation's choice take: the silence begins with the next, Review's look at OneFile's names. */
const CALLS_BEFORE_REVIEW = 5;
const app = browserModeForThisFile('plan-unanswered', { budget: 100, windowMs: 1_000 }, [
  '--sandbox-switches',
  JSON.stringify({ outageAfterCalls: CALLS_BEFORE_REVIEW, outageMs: 40_000 }),
]);
let page: Page;

describeInBrowser('a plan while OneFile stops answering', () => {
  it('says OneFile is not answering and when it tries again, and stops when asked', async () => {
    page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-plan-unanswered'));
    await loadInApp(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
    await continueToReview(page);
    await page.getByText('Errors 0').waitFor();
    // Review's check of the names, only reads, waits for OneFile in the same way, with Stop.
    const namesSilent = page.getByTestId('names-progress').getByTestId('task-onefile-unanswered');
    await namesSilent.waitFor({ timeout: 60_000 });
    expect(await namesSilent.textContent()).toMatch(/OneFile stopped answering at \d\d:\d\d .*This only reads, so it waits and starts again by itself/);
    // Until the names are checked, no count says every name was found, and no line that every row can be imported.
    expect(await page.getByText(/^Unresolved /).textContent()).toBe('Unresolved –');
    expect(await page.getByRole('button', { name: 'Checking names against OneFile…' }).isDisabled()).toBe(true);
    const notChecked = page.getByTestId('names-not-checked');
    expect(await notChecked.textContent()).toBe('Names not checked against OneFile yet');
    expect(await notChecked.getAttribute('title')).toMatch(/^A row naming .* moves from Ready to Unresolved once the names are checked\.$/);
    expect(await page.getByTestId('no-problems').textContent()).toBe('No problems in the file itself. Its names (assessor, class, placement, programme) are not checked against OneFile yet.');
    await screenshot(page, '31a-review-names-onefile-unanswered');
    // Continued to the plan while it waits, the check is stopped there; the plan reads what it needs itself.
    const namesStopped = page.waitForResponse((response) => response.url().endsWith('/api/stopTask'));
    await page.getByRole('button', { name: 'Continue to plan' }).click();
    expect(await (await namesStopped).json()).toEqual({ ok: true, value: { stopped: true } });

    const silent = page.getByTestId('task-onefile-unanswered');
    await silent.waitFor({ timeout: 60_000 });
    expect(await silent.textContent()).toMatch(/OneFile stopped answering at \d\d:\d\d .*This only reads, so it waits and starts again by itself, .*If OneFile stays silent for 30 minutes in all it stops, and nothing is written\./);
    await expect.poll(async () => (await page.getByTestId('task-next-look').textContent()) ?? '', { timeout: 10_000, interval: 100 }).toMatch(/next try in \d+ s|trying now/);
    await screenshot(page, '31b-plan-onefile-unanswered');

    // Left while it waits (the browser's Back), the plan is stopped there, not left trying in the background;
    // coming back plans afresh, and waits in its turn.
    const stoppedOnLeaving = page.waitForResponse((response) => response.url().endsWith('/api/stopTask'));
    await page.goBack();
    await page.getByRole('heading', { name: 'Review the rows' }).waitFor();
    expect(await (await stoppedOnLeaving).json()).toEqual({ ok: true, value: { stopped: true } });
    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await silent.waitFor({ timeout: 60_000 });

    await silent.getByRole('button', { name: 'Stop' }).click();
    const ended = page.getByTestId('plan-error');
    await ended.waitFor({ timeout: 20_000 });
    expect(await ended.textContent()).toBe('StoppedStopped: the import was not planned. Nothing in OneFile was changed.');
    expect(await silent.count()).toBe(0);
  }, 120_000);

  it('tried again, waits out the rest of the silence by itself and shows the plan', async () => {
    onTestFailed(() => recordFailure(page, 'failed-plan-unanswered-again'));
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('plan-error').count()).toBe(0);
    expect(await page.getByTestId('task-onefile-unanswered').count()).toBe(0);
    await page.getByRole('button', { name: 'Start import' }).waitFor();
  }, 150_000);
});
