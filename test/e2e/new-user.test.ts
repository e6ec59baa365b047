import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { startSandbox } from '../../main/sandbox';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { browserModeForThisFile, connectToSandbox, dropFile, openApp, recordFailure, screenshot, writeLearnersWithMistakes, describeInBrowser } from './helpers';

const app = browserModeForThisFile('new-user', { budget: 100, windowMs: 1000 });

describeInBrowser('a new user, from a dropped spreadsheet to the errors report', () => {
  it('connects to the sandbox, fixes and resolves in review, imports, and downloads the errors report', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-new-user'));
    expect(await page.getByRole('radio', { name: /Sandbox/ }).isChecked()).toBe(true);
    await screenshot(page, '01-connect');
    await connectToSandbox(page, '02-connected');
    await screenshot(page, '03-load');

    // Load: drop the file.
    await dropFile(page, writeLearnersWithMistakes(path.join(app.dataDir, 'mis-export')));
    await page.getByRole('heading', { name: 'Check how the file is read' }).waitFor();
    await page.getByText(/^25 rows · \d+ columns/).waitFor();
    await screenshot(page, '04-loaded');

    // Map: the automatic mapping is accepted as it is.
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    const mapped = await page.getByText(/columns will be imported/).textContent();
    expect(mapped).toMatch(/^(\d+) of \1 columns will be imported/);
    expect(await page.getByRole('button', { name: 'Field for column G Email Address' }).textContent()).toBe('Email');
    await screenshot(page, '05-map');

    // Review: one invalid email, one bad ULN, one ambiguous class.
    await page.getByRole('button', { name: 'Continue to review' }).click();
    const ambiguous = page.getByTestId('unresolved-item');
    await ambiguous.waitFor();
    expect(await ambiguous.textContent()).toContain('“Business admin L3 - Evening”');
    expect(await ambiguous.textContent()).toContain('Ambiguous');
    await page.getByText('Errors 3').waitFor();
    await screenshot(page, '06-review');

    const emailCell = page.locator('[data-row="4"][data-column="6"]');
    expect(await emailCell.getAttribute('data-severity')).toBe('error');
    await emailCell.hover();
    expect(await page.getByRole('tooltip').textContent()).toMatch(/email/i);
    await screenshot(page, '07-review-error-on-hover');
    // A key pressed puts the note away (it would stay over what the key brings up); the mouse coming back shows it again.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);
    await page.mouse.move(0, 0);
    await emailCell.hover();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toMatch(/email/i);
    await emailCell.dblclick();
    await page.getByLabel('Edit cell').fill('isla.murray@example.net');
    await page.getByLabel('Edit cell').press('Enter');
    await expect.poll(() => page.locator('[data-row="4"][data-column="6"]').getAttribute('data-severity')).toBeNull();
    await page.getByText('Errors 2').waitFor();

    await ambiguous.getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('unresolved-item').count()).toBe(0);
    await page.getByText('Errors 1').waitFor();
    await screenshot(page, '08-review-fixed');

    // Plan: one row (the bad ULN) still has an error; skip it.
    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    await page.getByText('The import will not start while rows have errors', { exact: false }).waitFor();
    await page.getByLabel('Skip rows with errors and import the rest').check();
    await expect.poll(() => page.getByRole('button', { name: 'Start import' }).isEnabled()).toBe(true);
    await screenshot(page, '09-plan');

    // Import: progress to 100 %.
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: /Importing|Import finished/ }).waitFor();
    await screenshot(page, '10-importing');
    await page.getByText('25 of 25 rows · 100%').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    await screenshot(page, '11-import-finished');

    // Results: counts, then the errors report, downloaded and read.
    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await screenshot(page, '12-results');
    // History's line adds up to the rows: the one skipped is named.
    expect(await page.getByTestId('import-history-counts').first().textContent()).toBe('25 rows: 24 created, 0 updated, 0 failed, 1 skipped');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Errors as CSV' }).click()]);
    const errors = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^learners-week-12-errors-.*\.csv$/);
    const [header, ...rows] = errors.replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(header).toMatch(/^Learner Ref,Forename,Surname,.*,Error,Error column,Step$/);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^BA24005,Ava,Thompson,.*4822047326/);
    expect(rows[0]).toMatch(/ULN/);
  }, 120_000);

  it('left each learner in OneFile once, with the fixed email and the chosen class', async () => {
    await app.ui.stop();
    const sandbox = await startSandbox({ statePath: sandboxStatePath(app.dataDir) });
    try {
      const learners = sandbox.store.usersOf(5740, 1).filter((user) => /^BA24\d{3}$/.test(user.MISID ?? ''));
      const misids = learners.map((user) => user.MISID);
      expect(new Set(misids).size).toBe(misids.length);
      expect(misids).toHaveLength(24);
      expect(misids).not.toContain('BA24005');
      expect(learners.find((user) => user.MISID === 'BA24003')?.Email).toBe('isla.murray@example.net');
      const evening = learners.find((user) => user.MISID === 'BA24007')!;
      expect(sandbox.store.classroom(evening.ClassroomID!)?.Name.toLowerCase().replace(/\s+/g, ' ')).toBe('business admin l3 - evening');
    } finally {
      await sandbox.close();
    }
  });
});
