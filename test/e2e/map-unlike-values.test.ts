import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';

/**
 * A column whose header only looks like a field's name ("Start Notes" as Start date)
 * and whose values are not of its kind (notes) opens on Map not imported, saying why in
 * the two lines Map shows, rather than mapped with an error on every row.
 */

const app = browserModeForThisFile('map-unlike', { budget: 100, windowMs: 1000 });

describeInBrowser('a column like a field by its header only', () => {
  it('is not imported, and Map says it looks like the field by its header, not by its values', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-map-unlike'));
    const dir = path.join(app.dataDir, 'mis');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'notes.csv');
    fs.writeFileSync(file, 'Learner Ref,Forename,Surname,Email,Start Notes\nA1,Amy,Lee,amy@example.com,Keen\nA2,Tom,Kay,tom@example.com,Late\n');
    await loadInApp(page, file);
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    await page.getByText(/4 of 5 columns will be imported/).waitFor();
    const reason = page.getByText('Looks like Start date by its header, not by its values: not imported.');
    await reason.waitFor();
    expect(await page.getByRole('button', { name: 'Field for column E Start Notes' }).textContent()).toBe('Not imported');
    await reason.scrollIntoViewIfNeeded();
    await screenshot(page, '100-map-unlike-values');
  });
});
