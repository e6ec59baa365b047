import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';

/**
 * An MIS report that writes each learner's whole name in one column ("Learner Name":
 * "HUGHES, Amelia") instead of a forename and a surname: Map takes it for the first and
 * last name, Review shows each split beside its cell and the one it cannot make, an
 * edit mends that, and the plan creates every learner, saying which may be in OneFile
 * already under the same name.
 */

const app = browserModeForThisFile('whole-names', { budget: 100, windowMs: 1000 });

/** The example learners with Forename and Surname made one "Learner Name" column: "SURNAME, Forename", one longer name, one single word. */
function writeExportWithWholeNames(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const lines = readFileSync(path.join(import.meta.dirname, '../../examples/learners.csv'), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/);
  const merged = lines.map((line, i) => {
    if (line === '') return line;
    const [ref, forename, surname, ...rest] = line.split(',');
    const name = i === 0 ? 'Learner Name' : i === 2 ? `${forename} Grace ${surname}` : i === 3 ? forename : `"${surname.toUpperCase()}, ${forename}"`;
    return [ref, name, ...rest].join(',');
  });
  const file = path.join(folder, 'mis-report.csv');
  writeFileSync(file, merged.join('\r\n'));
  return file;
}

describeInBrowser('a file with whole names in one column', () => {
  it('gives the first and last name: Map takes the column, Review shows each split and the one it cannot make', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-whole-names'));
    await loadInApp(page, writeExportWithWholeNames(path.join(app.dataDir, 'mis')));
    await page.getByText(/^25 rows · 13 columns/).waitFor();
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    await page.getByText(/columns will be imported/).waitFor();
    const nameColumn = page.getByRole('button', { name: 'Field for column B Learner Name' });
    expect(await nameColumn.textContent()).toBe('Full name (first and last)');
    // First and last name are given by it: not missing.
    expect(await page.getByText('Required fields with no column').count()).toBe(0);
    await screenshot(page, '72-whole-names-map');

    await page.getByRole('button', { name: 'Continue to review' }).click();
    await page.getByText('Errors 1').waitFor();
    const first = page.locator('[data-row="2"][data-column="1"]');
    await expect.poll(() => first.locator('[data-note="read"]').textContent()).toBe('first Amelia, last HUGHES');
    await expect.poll(() => page.locator('[data-row="3"][data-column="1"] [data-note="read"]').textContent()).toBe('first Oliver Grace, last Bennett');
    const oneWord = page.locator('[data-row="4"][data-column="1"]');
    await oneWord.click();
    await expect.poll(() => page.getByTestId('cell-problem').first().textContent()).toMatch(/is one name: OneFile needs a first and a last name/);
    await screenshot(page, '73-whole-names-review');

    await oneWord.dblclick();
    await page.getByLabel('Edit cell').fill('Patel, Priya');
    await page.getByLabel('Edit cell').press('Enter');
    await page.getByText('Errors 0').waitFor();
    await expect.poll(() => oneWord.locator('[data-note="read"]').textContent()).toBe('first Priya, last Patel');

    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    // Every learner is created: none is blocked for a missing first or last name.
    const stat = (label: string) => page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]').textContent();
    expect(await stat('Create')).toBe('25');
    expect(await stat('Not imported')).toBe('0');
    // The sandbox has an Evie Shaw whom none of the row's keys finds: said before anything is created.
    const warnings = page.getByTestId('plan-warnings');
    await warnings.getByText(/OneFile already has a learner called Evie Shaw \(OneFile ID \d+, MIS ID \w+\)/).waitFor();
    expect(await warnings.textContent()).toContain('Name “Evie SHAW”'.replace(/[“”]/g, '"'));
    await screenshot(page, '75-plan-worth-checking');
  }, 90_000);
});
