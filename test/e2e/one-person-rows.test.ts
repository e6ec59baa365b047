import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it, onTestFailed } from 'vitest';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { startSandbox } from '../../main/sandbox';
import { browserModeForThisFile, describeInBrowser, loadInApp, openApp, recordFailure, screenshot } from './helpers';

/**
 * An MIS's report of learning aims: a learner on a row per standard. Review says each
 * later row is the same person as the first (a warning, not an error), the plan counts
 * them "with an earlier row", and the import creates the learner once with every
 * standard (read back from the built-in sandbox's own state). The report's programme
 * aim, "ZPROG001", is no standard: Review offers to leave it out, and it is.
 */

const app = browserModeForThisFile('one-person-rows', { budget: 100, windowMs: 1000 });

function writeAimsReport(): string {
  const person = 'AIMS01,Zara,Quinn,01/02/2003,zara.quinn@example.com,James Fayre,Business Admin L2,BT - Manchester';
  const lines = [
    'Learner Ref,Forename,Surname,Date of Birth,Email,Assessor,Class,Employer,Standard',
    `${person},Business Administrator Level 3`,
    'AIMS02,Yusuf,Reid,05/06/2004,yusuf.reid@example.com,James Fayre,Business Admin L2,BT - Manchester,Business Administrator Level 3',
    `${person},Functional Skills English Level 2`,
    `${person},Functional Skills Maths Level 2`,
    // The report's programme aim: no OneFile standard, left out in Review.
    `${person},ZPROG001`,
  ];
  const folder = path.join(app.dataDir, 'mis');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'aims-report.csv');
  writeFileSync(file, lines.join('\r\n'));
  return file;
}

describeInBrowser('a learner on a row per standard', () => {
  it('is one learner: a warning in Review, counted with an earlier row in the plan, created once with every standard', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-one-person-rows'));
    await loadInApp(page, writeAimsReport());
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    // Whole names chosen by hand for a column would take the first and last name from theirs: the picker says so first.
    await page.getByRole('button', { name: 'Field for column B Forename' }).click();
    const search = page.getByRole('textbox', { name: 'Find a field for column B' });
    await search.waitFor();
    await search.fill('full');
    const hint = page.locator('[data-takes-from="C"]');
    await hint.waitFor();
    expect(await hint.textContent()).toBe('Gives the first and last name: column C “Surname” will not be imported');
    await screenshot(page, '78-map-whole-names-by-hand');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: 'Field for column B Forename' }).textContent()).toBe('First name (required)');
    await page.getByRole('button', { name: 'Continue to review' }).click();
    // The programme aim is no standard: Review says what it is, and offers to leave it out.
    const aim = page.getByTestId('unresolved-item').filter({ hasText: 'ZPROG001' });
    await aim.getByText('The ILR’s programme aim (the apprenticeship as a whole), not a standard').waitFor();
    await page.getByText('Errors 1').waitFor();
    await screenshot(page, '79-programme-aim-to-leave-out');
    await aim.getByRole('button', { name: 'Not a OneFile standard: leave it out' }).click();
    const choices = page.getByTestId('chosen-names');
    await choices.getByText('left out (no OneFile standard)').waitFor();
    expect(await choices.textContent()).toContain('Standards “ZPROG001” → left out (no OneFile standard) (1 row)');
    await page.getByText('Errors 0').waitFor();
    await page.getByText('Ready with warnings 3').waitFor();
    await page.locator('[data-row="6"][data-column="8"]').click();
    await expect.poll(() => page.getByTestId('cell-problem').allTextContents()).toContainEqual(expect.stringContaining('"ZPROG001" is left out of the standards, as you chose'));
    await screenshot(page, '80-programme-aim-left-out');
    await page.locator('[data-row="4"][data-column="0"]').click();
    await expect.poll(() => page.getByTestId('cell-problem').first().textContent()).toMatch(/The same person as row 2 \(the same MIS ID and Email/);
    await screenshot(page, '76-one-person-rows-review');

    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    const stat = (label: string) => page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]').textContent();
    expect(await stat('Create')).toBe('2');
    expect(await stat('With an earlier row')).toBe('3');
    expect(await stat('Not imported')).toBe('0');
    await screenshot(page, '77-one-person-rows-plan');

    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    expect(await stat('Created')).toBe('2');
    expect(await stat('With an earlier row')).toBe('3');
    expect(await stat('Failed')).toBe('0');

    await app.ui.stop();
    const sandbox = await startSandbox({ statePath: sandboxStatePath(app.dataDir) });
    try {
      const zaras = sandbox.store.usersOf(5740, 1).filter((u) => u.MISID === 'AIMS01');
      expect(zaras).toHaveLength(1);
      expect(sandbox.store.learningAimsOf(zaras[0].ID).map((aim) => aim.StandardID).sort()).toEqual([4001, 4005, 4006]);
    } finally {
      await sandbox.close();
    }
  }, 180_000);
});
