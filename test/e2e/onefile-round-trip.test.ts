import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it, onTestFailed } from 'vitest';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { startSandbox } from '../../main/sandbox';
import { dropDownLists } from '../import/workbook-lists';
import { createUndoRun, listRuns, planUndo } from '../../main/import';
import { connectForRun } from '../../main/connection/connect';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure, screenshot, startUi } from './helpers';
import { walkToPlanAgain } from './app-fixtures';
import { exportedLearners, newLearnerIds, seedLearners, TEMPLATE, writeUndoFile, type SeedLearner } from './undo-app-fixtures';

/**
 * Issue 13 in the window, browser mode against the built-in sandbox: "Download a
 * template" and "Export from OneFile" on Connect each download a workbook (read back
 * with exceljs: the template's drop-down lists, the export's Learners sheet); then a
 * small file that creates two learners, changes two emails and gives one learner a
 * framework template is imported, one of the emails is changed again by a later
 * import, and the first import is undone from History: the plan first (an email put
 * back, two learners archived, the email changed since left, the template's learning
 * aims to remove by hand), then the undo as a run on the Import screen, told as an
 * undo there, in Results and in History (fields put back, users archived), its undo
 * report downloaded from History's Reports and read back with exceljs; after it OneFile
 * (the sandbox's own state) has the two archived and the email back. Last, an undo the
 * app stopped before it began is offered as "Carry on the undo" and carried on.
 */

const app = browserModeForThisFile('round-trip', { budget: 100, windowMs: 1000 });
const NEW_EMAIL = 'changed.by.import@undo.example.com';
let gemma: SeedLearner;
let chloe: SeedLearner;
let page: Page;

beforeAll(async () => {
  [gemma, chloe] = await seedLearners(2);
});

/** From Load: drops a file, accepts the automatic mapping, imports it, and waits for Results. */
async function importFile(file: string): Promise<void> {
  await walkToPlanAgain(page, file);
  await page.getByRole('button', { name: 'Start import' }).click();
  await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'See results and reports' }).click();
  await page.getByRole('heading', { name: 'Results' }).waitFor();
}

/** Opens one of Connect's two workbook dialogs, makes the workbook and returns the download's path. */
async function download(link: 'Export from OneFile' | 'Download a template', button: 'Export' | 'Download template', shot: string): Promise<string> {
  await page.getByRole('button', { name: link }).click();
  const dialog = page.getByRole('dialog', { name: link });
  await dialog.waitFor();
  const [arrived] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: button, exact: true }).click()]);
  const file = await arrived.path();
  await dialog.getByTestId('workbook-done').waitFor();
  await screenshot(page, shot);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  return file;
}

/** Closes the notifications in the corner (a run's end), so a screenshot shows the dialog whole. */
async function dismissNotifications(): Promise<void> {
  const close = page.locator('.mantine-Notification-closeButton');
  // All at once, in the page: one closing by itself in between cannot leave a click waiting.
  await close.evaluateAll((buttons) => buttons.forEach((button) => (button as unknown as { click(): void }).click()));
  await expect.poll(() => close.count()).toBe(0);
}

describeInBrowser('the round trip with OneFile: a template, an export, an undo', () => {
  it('downloads a template whose drop-down lists hold the organisation’s assessors, classes and placements', async () => {
    page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-download-template'));
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Example Beta Customer' }).waitFor();
    await page.getByLabel('Example Organisation - Business (5740)').check();
    const file = await download('Download a template', 'Download template', '55-download-template');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Learners', 'Instructions', 'Lists']);
    const lists = dropDownLists(workbook);
    expect(lists.get('Assessor')).toContain(gemma.assessor);
    expect(lists.get('Class')).toContain(gemma.classroom);
    expect(lists.get('Placement (employer)')).toContain(gemma.placement);
  }, 120_000);

  it('exports what OneFile holds: the Learners sheet has each learner, as OneFile has them', async () => {
    onTestFailed(() => recordFailure(page, 'failed-export-from-onefile'));
    const file = await download('Export from OneFile', 'Export', '56-export-from-onefile');
    const learners = await exportedLearners(file);
    expect(learners.get(gemma.misid)).toMatchObject({ 'OneFile ID': String(gemma.id), Email: gemma.email, Assessor: gemma.assessor, Archived: 'no' });
  }, 120_000);

  it('undoes an import from History: the plan first, then the undo as a run; OneFile has the new learners archived and the email back', async () => {
    onTestFailed(() => recordFailure(page, 'failed-undo-from-history'));
    const mis = path.join(app.dataDir, 'mis');
    const changes = [
      { learner: gemma, email: NEW_EMAIL, template: TEMPLATE },
      { learner: chloe, email: 'chloe.changed@undo.example.com' },
    ];
    await importFile(writeUndoFile(mis, 'UNDOE', 2, changes, gemma));
    // Later, another import changes Chloe's email again (the undo must leave it), and the email of one of the new learners (the undo says so).
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('heading', { name: /Load your spreadsheet|Check how the file is read/ }).waitFor();
    const newOne = { ...gemma, id: 0, misid: 'UNDOE001', firstName: 'New1', lastName: 'UNDOE', email: 'undoe001@undo.example.com' };
    await importFile(writeUndoFile(mis, 'LATER', 0, [{ learner: chloe, email: 'chloe.since@undo.example.com' }, { learner: newOne, email: 'new1.since@undo.example.com' }], gemma));

    const history = page.getByTestId('history');
    const imported = history.locator('tbody tr').filter({ hasText: 'undoe.csv' });
    await imported.getByRole('button', { name: 'Undo this run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo this run' });
    await dialog.getByTestId('undo-plan').waitFor();
    const putBack = dialog.getByRole('table', { name: 'Fields put back' });
    expect((await putBack.locator('tbody tr').first().locator('td').allTextContents()).map((t) => t.trim())).toEqual([
      '4',
      `${gemma.firstName} ${gemma.lastName} (${gemma.id})`,
      'Email',
      NEW_EMAIL,
      gemma.email,
    ]);
    expect(await dialog.getByTestId('undo-imported-again').textContent()).toMatch(
      /^1 of the 2 users to archive was imported again since, by later\.csv \(run \S+, from [^)]+: 1 of them\): archiving it undoes what that import did for it too\.$/,
    );
    const archived = dialog.getByRole('table', { name: 'Users archived' });
    expect(await archived.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['New0 UNDOE', 'New1 UNDOE']);
    const left = dialog.getByRole('table', { name: 'Left as they are' });
    expect((await left.locator('tbody tr').first().locator('td').allTextContents()).map((t) => t.trim())).toEqual([
      '5',
      `${chloe.firstName} ${chloe.lastName} (${chloe.id})`,
      'Email',
      chloe.email,
      'chloe.changed@undo.example.com',
      'chloe.since@undo.example.com',
    ]);
    expect(await left.getByTestId('undo-left-reason').first().textContent()).toBe('Email was changed in OneFile after the run: it is left as it is now.');
    const remove = dialog.getByRole('table', { name: 'To remove in OneFile' });
    const aims = (await remove.locator('tbody tr').first().locator('td').allTextContents()).map((t) => t.trim());
    expect(aims.slice(0, 2)).toEqual(['4', `${gemma.firstName} ${gemma.lastName} (${gemma.id})`]);
    expect(aims[2]).toMatch(new RegExp(`^Framework template "${TEMPLATE}" \\(ID \\d+\\): its learning aims`));
    expect(aims[3]).toMatch(/^learning aims \d+/);
    expect(await dialog.getByTestId('undo-calls').textContent()).toMatch(/^The undo makes 3 writes to OneFile \(1 update, 2 archives\); reading what OneFile holds now took \d+ calls\.$/);
    await dismissNotifications();
    await screenshot(page, '57-undo-plan');
    await dialog.getByRole('button', { name: 'Undo', exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, '58-undo-plan-left-and-to-remove');

    await dialog.getByRole('button', { name: 'Undo', exact: true }).click();
    // The Import screen follows it as an undo: its title, and what it undoes where.
    await page.getByText(/^Undo of undoe\.csv \(run \S+\) in Example Organisation - Business · run /).waitFor();
    await page.getByRole('heading', { name: 'Undo finished' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('heading', { name: /^Import / }).count()).toBe(0);
    // The step bar names the step the undo's too.
    expect(await page.getByLabel('Step 6: Undo').count()).toBe(1);
    expect(await page.getByLabel('Step 6: Import').count()).toBe(0);
    const steps = page.getByRole('table', { name: 'Rows of the undo, latest first' }).locator('tbody tr td:nth-child(4)');
    await expect.poll(async () => (await steps.allTextContents()).sort()).toEqual(['Archived', 'Archived', 'Put back']);
    await screenshot(page, '59-undo-run-finished');

    // Results and History: the undo is a run of its own, counted in its words, which cannot be undone; the import says it was undone.
    await page.getByRole('button', { name: 'See results and reports' }).click();
    await page.getByRole('heading', { name: 'Undo results' }).waitFor();
    const undoCounts = page.getByTestId('undo-counts');
    expect(await undoCounts.innerText()).toMatch(/PUT BACK\s+1\s+field of 1 user\s+ARCHIVED\s+2\s+users the undone run created\s+FAILED\s+0/i);
    expect(await page.getByRole('button', { name: 'Undo report (.xlsx)' }).isEnabled()).toBe(true);
    const undoRow = history.locator('tbody tr').filter({ hasText: 'Undo of undoe.csv' });
    await undoRow.getByText('An undo: cannot be undone').waitFor();
    expect(await undoRow.getByTestId('undo-history-counts').textContent()).toBe('3 rows: 1 field put back, 2 users archived, 0 failed');
    expect(await imported.getByTestId('import-history-counts').textContent()).toMatch(/^\d+ rows: 2 created, \d+ updated(, \d+ unchanged)?, 0 failed$/);
    expect(await history.locator('thead th').allTextContents()).toContain('What it did');
    await imported.getByText('Undone', { exact: true }).waitFor();
    await dismissNotifications();
    await screenshot(page, '60-history-after-undo');

    // The undo report, from History's Reports: what was put back, archived, left, and what the centre must remove, with IDs.
    await undoRow.getByRole('button', { name: 'Reports' }).click();
    const undoReportItem = page.getByRole('menuitem', { name: 'Undo report (.xlsx)' });
    await undoReportItem.waitFor();
    await screenshot(page, '63-undo-report-in-history');
    const [arrived] = await Promise.all([page.waitForEvent('download'), undoReportItem.click()]);
    expect(arrived.suggestedFilename()).toMatch(/^Undo_of_undoe-undo-\S+\.xlsx$/);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(await arrived.path());
    expect(report.worksheets.map((sheet) => sheet.name)).toEqual(['Put back', 'Archived', 'Left as they are', 'Remove in OneFile']);
    const cells = (sheet: string, row: number) => (report.getWorksheet(sheet)!.getRow(row).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    expect(cells('Put back', 2)).toEqual([String(gemma.id), `${gemma.firstName} ${gemma.lastName}`, '4', 'Email', gemma.email, NEW_EMAIL]);
    expect([cells('Archived', 2)[1], cells('Archived', 3)[1]]).toEqual(['New0 UNDOE', 'New1 UNDOE']);
    expect(cells('Left as they are', 2).slice(3, 7)).toEqual(['Email', chloe.email, 'chloe.changed@undo.example.com', 'chloe.since@undo.example.com']);
    const toRemove = cells('Remove in OneFile', 2);
    expect(toRemove.slice(0, 3)).toEqual([String(gemma.id), `${gemma.firstName} ${gemma.lastName}`, '4']);
    expect(toRemove[3]).toMatch(new RegExp(`^Framework template "${TEMPLATE}" \\(ID \\d+\\)`));
    expect(toRemove[4]).toMatch(/^learning aims \d+/);

    // Undo again (so named once a run is undone): nothing to undo, said plainly, and nothing to start.
    expect(await imported.getByRole('button', { name: 'Undo this run' }).count()).toBe(0);
    await imported.getByRole('button', { name: 'Undo again' }).click();
    await dialog.getByTestId('undo-nothing').waitFor();
    expect(await dialog.getByTestId('undo-calls').textContent()).toMatch(/^Nothing is written: .* Already as before the run, so left alone: 1 field, 2 archived users\.$/);
    expect(await dialog.getByRole('button', { name: 'Undo', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, '61-nothing-to-undo');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // OneFile's side: the built-in sandbox's state, read once browser mode has stopped.
    await app.ui.stop();
    const sandbox = await startSandbox({ statePath: sandboxStatePath(app.dataDir) });
    try {
      const learners = sandbox.store.usersOf(5740, 1);
      const created = learners.filter((u) => newLearnerIds('UNDOE', 2).includes(u.MISID ?? ''));
      expect(created.map((u) => u.Archived)).toEqual([true, true]);
      expect(sandbox.store.user(gemma.id)).toMatchObject({ Email: gemma.email, Archived: false });
      expect(sandbox.store.user(chloe.id)).toMatchObject({ Email: 'chloe.since@undo.example.com' });
    } finally {
      await sandbox.close();
    }
  }, 240_000);

  it('an undo the app stopped before it began is offered as "Carry on the undo", and carried on', async () => {
    // Browser mode stopped (above); an undo of the later import is planned into its run folder and never started.
    const later = listRuns(app.dataDir).find((r) => r.file.name === 'later.csv')!;
    const connection = await connectForRun(app.dataDir, later, {});
    try {
      await createUndoRun({ dataDir: app.dataDir, plan: await planUndo({ dataDir: app.dataDir, runId: later.runId, client: connection.client }) });
    } finally {
      await connection.close();
    }
    const ui = await startUi(app.dataDir, { budget: 100, windowMs: 1000 });
    try {
      page = await openApp(app.browser, ui.url);
      onTestFailed(() => recordFailure(page, 'failed-carry-on-undo'));
      await page.getByRole('button', { name: 'History', exact: true }).click();
      const row = page.getByTestId('history').locator('tbody tr').filter({ hasText: 'later.csv' }).filter({ hasNotText: 'Undo of' });
      await row.getByRole('button', { name: 'Carry on the undo' }).click();
      const dialog = page.getByRole('dialog', { name: 'Carry on the undo' });
      await dialog.getByTestId('undo-unfinished').waitFor();
      // Chloe's email, and the email it gave one of the learners the first undo archived.
      expect(await dialog.getByRole('table', { name: 'Fields put back' }).locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(['Email', 'Email']);
      await screenshot(page, '62-carry-on-the-undo');
      await dialog.getByRole('button', { name: 'Carry on the undo' }).click();
      await page.getByRole('heading', { name: 'Undo finished' }).waitFor({ timeout: 60_000 });
      // Told as an undo on the Import screen (History's row says the same, and may still be leaving the page).
      await expect.poll(() => page.locator('p').filter({ hasText: /^Undo of later\.csv \(run / }).count()).toBe(1);
    } finally {
      await ui.stop();
    }
    const sandbox = await startSandbox({ statePath: sandboxStatePath(app.dataDir) });
    try {
      expect(sandbox.store.user(chloe.id)).toMatchObject({ Email: 'chloe.changed@undo.example.com' });
    } finally {
      await sandbox.close();
    }
  }, 180_000);
});
