import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';

/**
 * A workbook saved with a filter on (the week's new starters shown, the others hidden):
 * Load leaves the hidden rows out, as Excel does not show them, says which, and offers
 * the switch that reads them too.
 */

const app = browserModeForThisFile('hidden-rows', { budget: 100, windowMs: 1000 });

async function writeFilteredWorkbook(folder: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Learners');
  sheet.addRow(['Learner Ref', 'Forename', 'Surname', 'Email', 'Assessor', 'Class', 'Employer']);
  for (let n = 1; n <= 6; n++) sheet.addRow([`BA${n}`, `Learner${n}`, 'Jones', `learner${n}@example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester']);
  for (const row of [3, 4, 5]) sheet.getRow(row).hidden = true;
  sheet.autoFilter = 'A1:G7';
  const file = path.join(folder, 'filtered.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

describeInBrowser('a workbook saved with a filter on', () => {
  it('is read without the rows the filter hides, said on Load, and with them when the switch says so', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-hidden-rows'));
    await loadInApp(page, await writeFilteredWorkbook(path.join(app.dataDir, 'filtered')));
    await page.getByText(/^3 rows · 7 columns/).waitFor();
    await page.getByText('Rows 3-5 are hidden in Excel (filtered out, or hidden by hand), so they are left out', { exact: false }).waitFor();
    const hiddenSwitch = page.getByRole('switch', { name: /Read the 3 rows Excel hides too/ });
    expect(await hiddenSwitch.isChecked()).toBe(false);
    await screenshot(page, '74-hidden-rows-left-out');

    await hiddenSwitch.click();
    await page.getByText(/^6 rows · 7 columns/).waitFor();
    await page.getByText('Rows 3-5 are hidden in Excel (filtered out, or hidden by hand), and are read like the others, as asked.').waitFor();
    await expect.poll(() => hiddenSwitch.isChecked()).toBe(true);
  }, 90_000);
});
