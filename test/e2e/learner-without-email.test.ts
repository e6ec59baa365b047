import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, describeInBrowser, loadInApp, openApp, recordFailure, screenshot, writeExampleEdited } from './helpers';

/**
 * Two learners of the example file have no email, and the built-in sandbox plays a OneFile
 * that refuses a learner without one (`learnerEmail: required`, as the API table has it;
 * OneFile's guide to creating users does not ask for one). The app says so before the import
 * (a warning, not an error), imports the rest, and shows the two rows failed, the first with
 * OneFile's refusal and the second held back without a call (such learners go one at a time
 * until OneFile has answered one: test/reliability/learner-email.test.ts).
 */

const app = browserModeForThisFile('learner-without-email', { budget: 100, windowMs: 1_000 }, ['--sandbox-switches', JSON.stringify({ learnerEmail: 'required' })]);

const WITHOUT_EMAIL = ['BA24004', 'BA24009'];

/** The example file with those two learners' Email Address (column 6) blank. */
const learnersMissingEmails = (folder: string) => writeExampleEdited(folder, 'learners-no-email.csv', Object.fromEntries(WITHOUT_EMAIL.map((misid) => [misid, { 6: '' }])));

describeInBrowser('learners without an email, into a OneFile that refuses them', () => {
  it('warns before, imports the rest, and shows the two rows failed with why', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-learner-without-email'));
    await loadInApp(page, learnersMissingEmails(path.join(app.dataDir, 'mis')));
    await continueToReview(page);
    // A warning on each blank cell, no error: the rows may go.
    await page.getByText('Errors 0').waitFor();
    await page.getByText('Ready with warnings 2').waitFor();
    await screenshot(page, '81-learner-without-email-review');

    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    await page.getByText(/No email: a learner new to OneFile is created without one/).first().waitFor();
    await page.getByRole('button', { name: 'Start import' }).click();

    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
    const figure = (label: string) => page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]').textContent();
    expect(await figure('Done')).toBe('23');
    expect(await figure('Failed')).toBe('2');
    const refused = page.getByText(/Required field missing: Email/).first();
    await refused.waitFor();
    await page.getByText(/Not sent: this OneFile refused a learner without an email/).first().waitFor();
    await refused.scrollIntoViewIfNeeded();
    await screenshot(page, '82-learner-without-email-failed');
  }, 200_000);
});
