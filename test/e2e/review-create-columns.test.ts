import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { ROOT } from './build-once';
import { browserModeForThisFile, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';

/**
 * A file of new learners with no Assessor, Class or Employer column (OneFile needs all
 * three to create a learner). Review says so before Plan does, naming the three and what
 * to do, and takes the person to Map; with one value for every row given there, Review
 * no longer says it and the plan creates every learner. Review does not claim which rows
 * are new: only OneFile knows that, and a row about a learner it has would go ahead.
 */

const app = browserModeForThisFile('review-create-columns', { budget: 100, windowMs: 1_000 });

/** The examples without their Assessor, Class and Employer columns (10 to 12), every learner new to OneFile. */
function writeLearnersWithoutStaffColumns(folder: string): string {
  const lines = readFileSync(path.join(ROOT, 'examples/learners.csv'), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter(Boolean);
  const kept = lines.map((line) =>
    line
      .split(',')
      .filter((_cell, column) => column < 10 || column > 12)
      .join(',')
      .replace(/^BA24/, 'NEW24')
      .replace('@', '.new@'),
  );
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'new-learners-no-staff.csv');
  writeFileSync(file, kept.join('\r\n'));
  return file;
}

describeInBrowser('a file with no column OneFile needs to create a learner', () => {
  it('is said on Review, before Plan, with the way to Map to give the values', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-review-create-columns'));
    await loadInApp(page, writeLearnersWithoutStaffColumns(path.join(app.dataDir, 'mis')));
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    await page.getByRole('button', { name: 'Continue to review' }).click();

    // No cell is wrong, so no row has an error; but Review says what a new learner lacks.
    await page.getByText('Errors 0').waitFor();
    const notice = page.getByRole('alert').filter({ hasText: 'Needed to create new learners' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Assessor, Class or Placement \(employer\)/);
    expect(await notice.textContent()).toMatch(/one value for every row/);
    // Nor does the problems list say that every row can be imported as it is.
    expect(await page.getByText('every row can be imported as it is').count()).toBe(0);
    await page.getByTestId('names-not-checked').waitFor({ state: 'detached' });
    await screenshot(page, '100-review-create-columns');

    await notice.getByRole('button', { name: 'Go to Map' }).click();
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
    const everyRow = page.getByTestId('every-row-values');
    const values = [['Assessor', 'Kate Anderson'], ['Class', 'Business Admin L2'], ['Placement (employer)', 'BT - Manchester']];
    for (const [given, [label, value]] of values.entries()) {
      await everyRow.getByLabel(label, { exact: true }).fill(value);
      await everyRow.getByRole('button', { name: 'Use for every row' }).nth(given).click();
      // Saved: the value is given, and can be cleared.
      await expect.poll(() => everyRow.getByRole('button', { name: 'Clear' }).count()).toBe(given + 1);
    }
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await page.getByText('Errors 0').waitFor();
    await page.getByTestId('names-not-checked').waitFor({ state: 'detached' });
    expect(await page.getByText('Needed to create new learners').count()).toBe(0);

    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    const figure = (label: string) => page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]').textContent();
    expect(await figure('Create')).toBe('25');
    expect(await figure('Not imported')).toBe('0');
  }, 120_000);
});
