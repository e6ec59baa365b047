import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';

/**
 * An MIS export with a header written twice (the learner's "Email Address" in column
 * G, the employer contact's in column O) is read, not refused: Load says which column
 * was renamed, Map shows it under its own name and leaves it out, and the learners'
 * emails are the first column's.
 */

const app = browserModeForThisFile('repeated-headers', { budget: 100, windowMs: 1000 });

function writeExportWithRepeatedHeader(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const lines = readFileSync(path.join(import.meta.dirname, '../../examples/learners.csv'), 'utf8').split(/\r?\n/);
  const withEmployerEmail = lines.map((line, i) => (line === '' ? line : `${line},${i === 0 ? 'Email Address' : `contact${i}@employer.example.com`}`));
  const file = path.join(folder, 'mis-export.csv');
  writeFileSync(file, withEmployerEmail.join('\r\n'));
  return file;
}

describeInBrowser('a file with a header written twice', () => {
  it('is read: Load says which column was renamed, Map leaves it out, and Review finds nothing wrong', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-repeated-headers'));
    await loadInApp(page, writeExportWithRepeatedHeader(path.join(app.dataDir, 'mis')));
    await page.getByText(/^25 rows · 15 columns/).waitFor();
    await page
      .getByText('Columns G and O are both headed "Email Address": column O is called "Email Address (column O)".')
      .waitFor();
    await screenshot(page, '70-repeated-header-read');

    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    await page.getByText(/columns will be imported/).waitFor();
    expect(await page.getByRole('button', { name: 'Field for column G Email Address' }).textContent()).toBe('Email');
    const repeated = page.getByRole('button', { name: 'Field for column O Email Address (column O)' });
    expect(await repeated.textContent()).toBe('Not imported');
    await page.getByText('Column G “Email Address” is used for Email; O “Email Address (column O)” is not imported.', { exact: false }).waitFor();
    await page.getByText('Looks like a field another column takes (see above).').waitFor();
    await repeated.scrollIntoViewIfNeeded();
    await screenshot(page, '71-repeated-header-map');

    await page.getByRole('button', { name: 'Continue to review' }).click();
    await page.getByText('Errors 0').waitFor();
    // The grid shows the file as read: the learner's email in G, the employer's in O, each in its own column.
    const learnerEmail = page.locator('[data-row="2"][data-column="6"]');
    await learnerEmail.waitFor();
    expect(await learnerEmail.textContent()).toContain('amelia.hughes@example.com');
    expect(await page.locator('[data-row="2"][data-column="14"]').textContent()).toContain('contact1@employer.example.com');
  }, 90_000);
});
