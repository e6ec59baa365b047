import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, continueToReview, describeInBrowser, dropFile, openApp, recordFailure, screenshot, writeCleanLearners } from './helpers';

/**
 * "Check this OneFile" on the Connect screen, against a built-in sandbox playing a
 * OneFile that differs from the guides: at most 50 rows a page, and no way to read a
 * framework template's contents. The table says what it found and what the importer
 * does; the plan then says how it treats templates whose contents are unknown.
 */

const app = browserModeForThisFile('check-onefile', { budget: 100, windowMs: 1000 }, ['--sandbox-switches', JSON.stringify({ pageCap: 50, templateDetail: 405 })]);

describeInBrowser('checking a OneFile before the first import', () => {
  it('shows what the OneFile does differently and what the importer will do, and the plan says it too', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-check-onefile'));
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Example Beta Customer' }).waitFor();
    await page.getByLabel('Example Organisation - Business (5740)').check();

    await page.getByRole('button', { name: 'Check this OneFile' }).click();
    const dialog = page.getByRole('dialog', { name: 'What this OneFile does' });
    await dialog.waitFor();
    const findings = dialog.getByRole('table', { name: 'Findings' });
    await expect.poll(() => findings.getByRole('row').count()).toBeGreaterThan(10);
    const cap = findings.getByRole('row').filter({ hasText: 'Rows served per page' });
    expect(await cap.textContent()).toContain('OneFile serves at most 50 rows a page');
    expect(await cap.textContent()).toContain('Differs');
    // More learners than two pages of 50: not counted, and the first import reads them to an empty page.
    const count = findings.getByRole('row').filter({ hasText: "The organisation's learners, counted" });
    expect(await count.textContent()).toContain('100 learners or more: not counted');
    const template = findings.getByRole('row').filter({ hasText: "A template's contents" });
    expect(await template.textContent()).toContain('not offered (refused)');
    expect(await template.textContent()).toContain('templates go only to learners with no learning aims');
    expect(await dialog.textContent()).toMatch(/\d+ calls, no changes made/);
    // What only an import's writes can show is said too: nothing learned yet in a new environment.
    expect(await dialog.textContent()).toContain('Learned by imports (not by this read-only check): nothing yet');
    await screenshot(page, '22-check-onefile');
    await dialog.getByText('Learned by imports').scrollIntoViewIfNeeded();
    await screenshot(page, '22b-check-onefile-learned');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The plan treats the examples' framework templates as of unknown contents, and says so.
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByRole('heading', { name: 'Load your spreadsheet' }).waitFor();
    await dropFile(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
    await page.getByRole('heading', { name: 'Check how the file is read' }).waitFor();
    await continueToReview(page);
    await page.getByText('Errors 0').waitFor();
    // Every name found in OneFile: only then counted, and only then every row said ready.
    await page.getByText('Unresolved 0', { exact: true }).waitFor();
    expect(await page.getByTestId('no-problems').textContent()).toBe('No problems: every row can be imported as it is.');
    expect(await page.getByTestId('names-not-checked').count()).toBe(0);
    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    const note = page.getByRole('alert').filter({ hasText: 'About this OneFile' });
    await note.waitFor();
    expect(await note.textContent()).toContain('so a template is given only to learners with no learning aims yet');
    await screenshot(page, '23-plan-notes');
  }, 120_000);
});
