import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, describeInBrowser, dropFile, loadInApp, openApp, recordFailure, screenshot, writeExampleEdited } from './helpers';

/**
 * A OneFile that refuses a learner without an email (the sandbox's `learnerEmail: required`).
 * The first import learns it from OneFile's refusal; the next file with learners without an
 * email is told so on Review, naming their rows, before the plan blocks them. Review does
 * not say they will be blocked outright: a learner OneFile already has goes ahead without. Each
 * blank cell says the same, not that a new learner is created without one.
 */

const app = browserModeForThisFile('review-learner-email', { budget: 100, windowMs: 1_000 }, ['--sandbox-switches', JSON.stringify({ learnerEmail: 'required' })]);

/** The example file with Harry's and Grace's Email Address (column 6) blank. */
const learnersMissingEmails = (folder: string, name: string) => writeExampleEdited(folder, name, { BA24004: { 6: '' }, BA24009: { 6: '' } });
const figure = (page: import('playwright-core').Page, label: string) => page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]').textContent();

describeInBrowser('learners without an email, where OneFile has refused one before', () => {
  it('are named on Review before the plan blocks them', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-review-learner-email'));
    // Before any import, nobody knows whether this OneFile needs an email: Review says nothing of it.
    await loadInApp(page, learnersMissingEmails(path.join(app.dataDir, 'mis'), 'week-1.csv'));
    await continueToReview(page);
    await page.getByText('Ready with warnings 2').waitFor();
    await page.getByTestId('names-not-checked').waitFor({ state: 'detached' });
    expect(await page.getByText('New learners need an email in this OneFile').count()).toBe(0);
    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
    expect(await figure(page, 'Failed')).toBe('2');
    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('button', { name: 'Import another file' }).click();

    // The same two learners, still without an email, in next week's file: Review names their rows.
    const next = learnersMissingEmails(path.join(app.dataDir, 'mis'), 'week-2.csv');
    await dropFile(page, next);
    await page.getByText('week-2.csv', { exact: true }).first().waitFor();
    await continueToReview(page);
    const notice = page.getByRole('alert').filter({ hasText: 'New learners need an email in this OneFile' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Rows 5, 10 have no email: fill them in/);
    await screenshot(page, '102-review-learner-email');
    // Harry's blank email says what the plan does with it, as the notice does: a new learner is not imported.
    await page.locator('[data-row="5"][data-column="6"]').click();
    await expect.poll(() => page.getByTestId('cell-reason').textContent()).toMatch(/^Row 5 · Email Address/);
    const words = await page.getByTestId('cell-problem').allTextContents();
    expect(words).toEqual([
      'No email: this OneFile refused a learner without an email in an earlier import, so a learner new to OneFile without one will not be imported: fill in their email. A learner already in OneFile goes ahead without one.',
    ]);

    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    expect(await figure(page, 'Not imported')).toBe('2');
  }, 240_000);
});
