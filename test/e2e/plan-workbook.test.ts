import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure, screenshot, walkToPlan, writeCleanLearners } from './helpers';

/**
 * The Plan screen saves the plan as a workbook: every row and what the import does to
 * it, for the MIS officer to look over in Excel or send for sign-off before importing.
 */
const app = browserModeForThisFile('plan-workbook', { budget: 100, windowMs: 1000 });

describeInBrowser("the plan's workbook", () => {
  it('is downloaded from the Plan screen with every row, and the screen says where it went', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-plan-workbook'));
    await walkToPlan(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
    expect(await page.getByTestId('plan-saved').textContent()).toBe('Every row and what the import does to it');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save the plan (Excel)' }).click()]);
    expect(download.suggestedFilename()).toBe('learners-plan.xlsx');
    await expect.poll(() => page.getByTestId('plan-saved').textContent()).toBe('Downloaded as learners-plan.xlsx');
    await screenshot(page, '105-plan-saved');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.getWorksheet('Plan')!;
    expect(sheet.actualRowCount).toBe(26);
    const amelia = (sheet.getRow(2).values as ExcelJS.CellValue[]).slice(1);
    expect(amelia.slice(0, 3)).toEqual([2, 'Amelia Hughes', 'BA24001']);
    expect(amelia).toContain('create');
    // Nothing was sent: the plan is still the step the app is on.
    expect(await page.getByRole('button', { name: 'Start import' }).isEnabled()).toBe(true);
  }, 120_000);
});
