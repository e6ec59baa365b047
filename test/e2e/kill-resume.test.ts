import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { startSandbox } from '../../main/sandbox';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { ensureBuilt } from './build-once';
import { browserNeeded, describeInBrowser, launchChromium, recordFailure, openApp, rowsFinished, screenshot, startUi, walkToPlan, writeCleanLearners, type UiProcess } from './helpers';

let browser: Browser;
let dataDir: string;
const processes: UiProcess[] = [];
const pace = { budget: 12, windowMs: 1000 };

beforeAll(async () => {
  if (!browserNeeded()) return;
  await ensureBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-e2e-kill-'));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(processes.map((ui) => ui.stop()));
});

describeInBrowser('an import whose app is killed mid-run', () => {
  it('is offered in History on the next start and resumes to the end', async () => {
    const first = await startUi(dataDir, pace);
    processes.push(first);
    const page = await openApp(browser, first.url);
    onTestFailed(() => recordFailure(page, 'failed-kill-resume'));
    await walkToPlan(page, writeCleanLearners(path.join(dataDir, 'mis')));
    await page.getByRole('button', { name: 'Start import' }).click();
    await expect.poll(() => rowsFinished(page), { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(5);
    await first.kill();
    await page.getByText('The importer stopped answering').waitFor();
    await screenshot(page, '14-app-killed');

    const second = await startUi(dataDir, pace);
    processes.push(second);
    const again = await openApp(browser, second.url);
    onTestFailed(() => recordFailure(again, 'failed-kill-resume-2'));
    // The app brings the user to the run that stopped part-way, with its true counts.
    await again.getByText('An import stopped part-way: resume it or leave it').waitFor();
    expect(await again.getByTestId('unfinished-run').textContent()).toMatch(/\d+ of 25 rows done \(\d+ created/);
    await again.getByRole('button', { name: 'History', exact: true }).click();
    const row = again.getByTestId('history').locator('tbody tr').first();
    expect(await row.textContent()).toContain('interrupted');
    await screenshot(again, '15-history-resume');
    await row.getByRole('button', { name: 'Resume' }).click();
    await again.getByText('25 of 25 rows · 100%').waitFor({ timeout: 60_000 });
    await again.getByRole('heading', { name: 'Import finished' }).waitFor();
    await screenshot(again, '16-resumed-finished');
    await second.stop();

    const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
    try {
      const learners = sandbox.store.usersOf(5740, 1).filter((user) => /^BA24\d{3}$/.test(user.MISID ?? ''));
      expect(learners).toHaveLength(25);
      expect(new Set(learners.map((user) => user.MISID)).size).toBe(25);
      for (const learner of learners) {
        const standards = sandbox.store.learningAimsOf(learner.ID).map((aim) => aim.StandardID);
        expect(new Set(standards).size).toBe(standards.length);
      }
    } finally {
      await sandbox.close();
    }
  }, 150_000);
});
