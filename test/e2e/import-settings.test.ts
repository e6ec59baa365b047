import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { startSandbox } from '../../main/sandbox';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { browserModeForThisFile, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';

/**
 * Every option in every face (issue 11) and dates chosen in the app (issue 12): in
 * browser mode the user reads a US-date file month first, makes rows without a Role
 * assessors and raises the budget to 300; Review shows each date as it was read, the
 * plan shows the settings, and the sandbox ends with the assessors and their dates.
 */

const app = browserModeForThisFile('settings', { budget: 100, windowMs: 1000 });

/** Assessors exported from a system set to US dates (no Role column). */
function writeUsDateStaff(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'assessors-us-dates.csv');
  writeFileSync(
    file,
    [
      'Forename,Surname,Email,Date of Birth',
      'Priya,Shah,priya.shah.us@example.com,11/15/1985',
      'Tomasz,Nowak,tomasz.nowak.us@example.com,04/03/1990',
      'Grace,Okoro,grace.okoro.us@example.com,12/31/1979',
    ].join('\r\n'),
  );
  return file;
}

describeInBrowser('import settings in browser mode', () => {
  it('imports a US-date file read month first, rows without a Role as assessors, at 300 calls a minute; the plan shows it all', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-import-settings'));
    await loadInApp(page, writeUsDateStaff(path.join(app.dataDir, 'mis')));
    await page.getByRole('button', { name: 'Continue to mapping' }).click();

    // Map: the file settles the order; the user says it too, and what rows without a Role are.
    const note = page.getByTestId('date-order-note');
    // The cell that proves it, quoted.
    await expect.poll(() => note.textContent()).toMatch(/^The file settles it: 11\/15\/1985 \(Date of Birth, row 2\) can only be month first, so every date is read month first\./);
    await page.getByText('Day first (31/01/2000)').click();
    await expect.poll(() => note.textContent()).toMatch(/You chose day first/);
    await page.getByText('Month first (01/31/2000)').click();
    await expect.poll(() => note.textContent()).toMatch(/You chose month first/);
    // As learners, the file (emails, no assessor, class or placement) could only update learners OneFile has: said in yellow, not as every row blocked.
    await page.getByText('Needed to create new learners').waitFor();
    expect(await page.getByText('Required fields with no column').count()).toBe(0);
    await page.getByLabel('Rows with no Role are').first().click();
    await page.getByRole('option', { name: 'Assessors', exact: true }).click();
    await page.getByText('Needed to create new').waitFor({ state: 'detached' });
    await screenshot(page, '35-map-dates-month-first-and-role');

    // Review: each date beside the file's text as it was read.
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await page.getByText('Errors 0').waitFor();
    await page.locator('[data-row="2"][data-column="3"]').click();
    await expect.poll(() => page.getByTestId('read-as').textContent()).toBe('read as 15 Nov 1985');
    expect(await page.locator('[data-row="3"][data-column="3"]').textContent()).toBe('04/03/19903 Apr 1990');
    // Names checked against OneFile (the rows are read again after it): the cell stays in view.
    await page.getByText('Unresolved 0', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Check names against OneFile again' }).waitFor();
    await page.locator('[data-row="2"][data-column="3"]').click();
    await page.getByTestId('read-as').waitFor();
    await screenshot(page, '36-review-dates-as-read');

    // Plan: a budget of 300, and every setting shown.
    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    const budget = page.getByLabel('OneFile calls a minute');
    await budget.fill('300');
    await budget.blur();
    await page.getByTestId('plan-time').getByText(/at 300 calls a minute/).waitFor();
    expect(await page.getByTestId('plan-date-order').textContent()).toBe('Dates: Month first (03/04/2001 is 4 March), chosen on Map');
    expect(await page.getByTestId('plan-role').textContent()).toBe('Rows with no Role: assessors');
    expect(await budget.inputValue()).toBe('300');
    await screenshot(page, '37-plan-shows-the-settings');

    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    expect(await page.getByText('Done', { exact: true }).locator('xpath=following-sibling::*[1]').textContent()).toBe('3');
  }, 120_000);

  it('left the assessors in OneFile with their dates read month first', async () => {
    await app.ui.stop();
    const sandbox = await startSandbox({ statePath: sandboxStatePath(app.dataDir) });
    try {
      const assessors = sandbox.store.usersOf(5740, 5).filter((user) => /\.us@example\.com$/.test(user.Email ?? ''));
      expect(assessors.map((user) => [user.Email, String(user.DOB).slice(0, 10)]).sort()).toEqual([
        ['grace.okoro.us@example.com', '1979-12-31'],
        ['priya.shah.us@example.com', '1985-11-15'],
        ['tomasz.nowak.us@example.com', '1990-04-03'],
      ]);
    } finally {
      await sandbox.close();
    }
  });
});
