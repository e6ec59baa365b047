import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it, onTestFailed } from 'vitest';
import { runPaths } from '../../main/import';
import { walkToPlanAgain } from './app-fixtures';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure, screenshot, walkToPlan, writeCleanLearners } from './helpers';

/**
 * Reports name the learner, and the plan says what an update changes: the results
 * workbook of an import has MIS ID, ULN and email columns (read back with exceljs: the
 * row a number, the IDs text), and importing the file again with one learner's mobile
 * changed plans that one update with the mobile's old and new value.
 */

const app = browserModeForThisFile('plan-report', { budget: 100, windowMs: 1000 });

describeInBrowser('reports and the plan name the learner', () => {
  it('the results report has the MIS ID, ULN and email of each row, and the OneFile ID', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-results-report'));
    await walkToPlan(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
    // The dates' order and why: the file's 15/11/2002 can only be day first.
    expect(await page.getByTestId('plan-date-order').textContent()).toBe('Dates: Day first (03/04/2001 is 3 April), as the file’s dates show');
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    // The notice that the import finished opens under the header: the History link stays in reach.
    const notice = page.locator('.mantine-Notification-root').first();
    await notice.waitFor();
    const history = page.getByRole('button', { name: 'History', exact: true });
    const [box, link] = [await notice.boundingBox(), await history.boundingBox()];
    expect(box!.y).toBeGreaterThanOrEqual(link!.y + link!.height);
    expect(await page.evaluate(`document.elementFromPoint(${link!.x + link!.width / 2}, ${link!.y + link!.height / 2})?.closest('button')?.textContent`)).toBe('History');
    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    // The import spent its plan, and both steps are still ticked: they were this file's.
    const notDone = async (step: string) => page.getByRole('button', { name: step }).locator('.step-not-done').count();
    await expect.poll(async () => [await notDone('Step 5: Plan'), await notDone('Step 6: Import')]).toEqual([0, 0]);
    await screenshot(page, '42-results');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export results (.xlsx)' }).click()]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    expect(headers).toEqual(['Row', 'Name', 'MIS ID', 'ULN', 'Email', 'Action', 'OneFile user ID', 'Learning aim IDs', 'Unit summary IDs', 'Message']);
    const amelia = sheet.getRow(2);
    expect(amelia.getCell(1).value).toBe(2);
    expect(amelia.getCell(2).value).toBe('Amelia Hughes');
    expect(amelia.getCell(3).value).toBe('BA24001');
    expect(amelia.getCell(4).value).toBe('4821730560');
    expect(amelia.getCell(5).value).toBe('amelia.hughes@example.com');
    expect(amelia.getCell(6).value).toBe('created');
    expect(amelia.getCell(7).value).toMatch(/^\d+$/);
    expect(sheet.rowCount).toBe(26);
  }, 120_000);

  it('the plan lists each field an update changes, from what OneFile has to what the file says', async () => {
    const page = app.browser.contexts()[0].pages()[0];
    onTestFailed(() => recordFailure(page, 'failed-plan-changes'));
    const file = path.join(app.dataDir, 'mis', 'learners-next-week.csv');
    writeFileSync(file, readFileSync(path.join(app.dataDir, 'mis', 'learners.csv'), 'utf8').replace('07700 900100', '07700 900999'));
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('heading', { name: /Load your spreadsheet|Check how the file is read/ }).waitFor();
    await walkToPlanAgain(page, file);
    const updates = page.getByTestId('plan-updates');
    await updates.waitFor();
    expect(await updates.textContent()).toMatch(/1 learner to update/);
    const row = updates.locator('tbody tr').first();
    expect((await row.locator('td').allTextContents()).map((text) => text.trim())).toEqual(['2', 'Amelia Hughes', 'Mobile', '07700900100', '07700900999']);
    expect(await page.getByText('Update', { exact: true }).locator('xpath=following-sibling::*[1]').textContent()).toBe('1');
    // The first update into this OneFile is read around (does it keep the fields it is not sent?): 2 reads.
    expect(await page.getByTestId('plan-calls').textContent()).toMatch(/then 1 write and 2 reads to import/);
    await screenshot(page, '43-plan-field-changes');
  }, 90_000);

  it("History says what each run did in words, and says so when a report was moved or deleted", async () => {
    const page = app.browser.contexts()[0].pages()[0];
    onTestFailed(() => recordFailure(page, 'failed-history-report-gone'));
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const history = page.getByTestId('history');
    await history.waitFor();
    expect(await history.locator('thead th').allTextContents()).toContain('What it did');
    const row = history.locator('tbody tr').filter({ hasText: 'learners.csv' }).first();
    expect(await row.getByTestId('import-history-counts').textContent()).toBe('25 rows: 25 created, 0 updated, 0 failed');

    // Someone tidied the data folder: the run's reports are gone. The Reports menu says so, and what to do.
    const runId = (await row.getAttribute('data-run-id'))!;
    rmSync(runPaths(app.dataDir, runId).reports, { recursive: true, force: true });
    await row.getByRole('button', { name: 'Reports' }).click();
    await page.getByRole('menuitem', { name: 'Results as Excel (.xlsx)' }).click();
    const told = page.locator('.mantine-Notification-root').filter({ hasText: 'The report of learners.csv could not be exported' });
    await told.waitFor();
    expect(await told.textContent()).toMatch(/The results report is no longer where the importer saved it \(.+\): it was moved or deleted\./);
    await screenshot(page, '66-history-report-gone');
  }, 60_000);
});
