import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, describeInBrowser, loadInApp, openApp, recordFailure, screenshot, writeExampleEdited } from './helpers';

/**
 * An MIS export writes "N/A" or "-" where it has no value, and the ILR's 9999999999 for a
 * ULN not known. Review shows those cells as worth a look (yellow), each column's words
 * one line of the problems list, and the rows ready: nothing to fix before the import.
 */

const app = browserModeForThisFile('no-value-words', { budget: 100, windowMs: 1_000 });

/** The example file with BA24002's ULN (column 4) and NI number (5) "N/A", BA24004's ULN 9999999999 and BA24006's date of birth (3) "-". */
const learnersWithNoValueWords = (folder: string) =>
  writeExampleEdited(folder, 'learners-na.csv', { BA24002: { 4: 'N/A', 5: 'N/A' }, BA24004: { 4: '9999999999' }, BA24006: { 3: '-' } });

describeInBrowser("an MIS export's words for no value", () => {
  it('are shown as warnings read as empty cells, and the rows are ready', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-no-value-words'));
    await loadInApp(page, learnersWithNoValueWords(path.join(app.dataDir, 'mis')));
    await continueToReview(page);
    await page.getByText('Errors 0').waitFor();
    await page.getByText('Ready with warnings 3').waitFor();
    await page.getByText('Unresolved 0', { exact: true }).waitFor();
    expect(await page.getByText(/^Ready \d+$/).textContent()).toBe('Ready 25');

    // Row 3 is BA24002: its ULN cell (column E) is yellow and says why.
    const uln = page.locator('[data-row="3"][data-column="4"]');
    expect(await uln.textContent()).toContain('N/A');
    expect(await uln.getAttribute('data-severity')).toBe('warning');
    await uln.hover();
    expect(await page.getByRole('tooltip').textContent()).toContain('Written for no value, so read as an empty cell.');

    const lines = page.getByTestId('problems-list').getByRole('listitem');
    const said = await lines.allTextContents();
    expect(said.filter((line) => line.includes('Written for no value'))).toHaveLength(3);
    expect(said.filter((line) => line.includes('stands for "ULN not known"'))).toHaveLength(1);
    await screenshot(page, '83-review-no-value-words');
  }, 90_000);
});
