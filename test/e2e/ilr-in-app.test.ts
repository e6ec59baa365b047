import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { ILR_COLUMNS } from '../../main/spreadsheet/ilr-learner';
import { describeIlrSummary } from '../../shared/ilr';
import { filesUnder } from '../import/cli-fixtures';
import { canariesIn, generateCentre, ilrXml } from '../ilr/ilr-generator';
import { writtenText } from '../ilr/written-text';
import { browserModeForThisFile, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';

/**
 * The ESFA's ILR file taken through the app as an MIS officer does: dropped on the
 * window, told what was read and left out (the ended apprenticeships read too when
 * switched on), one assessor and class given for every row on Map, the ILR's StdCode
 * chosen once in Review, and imported. Nothing the app wrote holds the ILR's fields it
 * does not map (the generator plants a marked value in each of them).
 */

const app = browserModeForThisFile('ilr', { budget: 100, windowMs: 500 });

const centre = generateCentre({ learners: 30, tag: 'E2E', employers: ['BT54810A'] });
const fresh = centre.filter((learner) => learner.kind === 'new');
const notOnStandard = centre.filter((learner) => learner.kind === 'not-apprenticeship').length;
const ended = centre.length - fresh.length - notOnStandard;

async function figure(label: string): Promise<number> {
  const page = app.browser.contexts()[0].pages()[0];
  const text = await page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]').textContent();
  return Number((text ?? '').replace(/,/g, ''));
}

describeInBrowser('an ILR file in the app', () => {
  it('is dropped, read with what it left out said, given an assessor and class, its StdCode chosen once, and imported', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-ilr-in-app'));
    const folder = path.join(app.dataDir, 'mis');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'ILR-10012345-2425-20250106-090000-01.xml');
    writeFileSync(file, ilrXml(centre.map((learner) => learner.spec), { canaries: true }));

    await loadInApp(page, file);
    const options = page.getByTestId('ilr-options');
    const summary = { namespace: '', year: '2024-25', learners: centre.length, read: fresh.length, ended, notApprenticeship: notOnStandard };
    await options.getByText(describeIlrSummary({ ...summary, includeEnded: false })).waitFor();
    await screenshot(page, '67-ilr-dropped');
    // The ended apprenticeships read too, and left out again.
    await options.getByRole('switch', { name: /Include learners whose apprenticeship has ended/ }).click({ force: true });
    await options.getByText(describeIlrSummary({ ...summary, read: fresh.length + ended, includeEnded: true })).waitFor();
    await options.getByRole('switch', { name: /Include learners whose apprenticeship has ended/ }).click({ force: true });
    await options.getByText(describeIlrSummary({ ...summary, includeEnded: false })).waitFor();

    // Map: every ILR column found; the assessor and class no ILR holds are given once for every row.
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    const everyRow = page.getByTestId('every-row-values');
    await everyRow.waitFor();
    await everyRow.getByLabel('Assessor').fill('Kate Anderson');
    await everyRow.getByRole('button', { name: 'Use for every row', disabled: false }).click();
    await expect.poll(() => everyRow.getByRole('button', { name: 'Clear' }).count()).toBe(1);
    await everyRow.getByLabel('Class').fill('Business Admin L2');
    await everyRow.getByRole('button', { name: 'Use for every row', disabled: false }).click();
    await expect.poll(() => everyRow.getByRole('button', { name: 'Clear' }).count()).toBe(2);
    await screenshot(page, '68-ilr-every-row-values');

    // Review: the ILR's standard code is asked for once, for all its rows, from every standard OneFile has.
    await page.getByRole('button', { name: 'Continue to review' }).click();
    const item = page.getByTestId('unresolved-item').filter({ hasText: 'StdCode 6' });
    await item.waitFor();
    expect(await item.textContent()).toContain(`${fresh.length} rows`);
    const choose = async () => {
      const full = item.getByLabel(/Every Standards in OneFile/).first();
      await full.click();
      await full.fill('Business Administrator');
      await page.getByRole('option', { name: /^Business Administrator Level 3/ }).first().click();
      await item.waitFor({ state: 'detached' });
    };
    await choose();
    // The grid shows what the code became, and the choice is taken back from the cell (and made again).
    const code = page.locator(`[data-row="1"][data-column="${ILR_COLUMNS.indexOf('StdCode')}"]`);
    await expect.poll(() => code.locator('[data-note="chosen"]').textContent()).toMatch(/^→ Business Administrator Level 3/);
    await code.click();
    const chosen = page.getByTestId('chosen');
    await chosen.waitFor();
    expect(await chosen.textContent()).toMatch(/OneFile: Business Administrator Level 3.*\(your choice\)/);
    // ...and in the list of choices made, for all its rows.
    await expect.poll(() => page.getByTestId('chosen-names').textContent()).toMatch(/Standards “StdCode 6” → Business Administrator Level 3.*12 rows/);
    await chosen.getByRole('button', { name: 'Undo' }).click();
    await item.waitFor();
    await choose();
    await page.getByText('Errors 0').waitFor();
    await screenshot(page, '69-ilr-standard-chosen');

    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    expect(await figure('Done')).toBe(fresh.length);
    expect(await figure('Failed')).toBe(0);

    // Nothing the app wrote (the upload it keeps, the journal, the reports) holds an ILR field it does not map.
    const written = filesUnder(app.dataDir).filter((written) => written !== file);
    expect(written.some((written) => written.endsWith('.xlsx'))).toBe(true);
    for (const kept of written) {
      const text = await writtenText(kept);
      expect(canariesIn(text), kept).toEqual([]);
    }
  }, 150_000);
});
