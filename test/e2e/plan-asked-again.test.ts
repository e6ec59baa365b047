import { expect, it, onTestFailed } from 'vitest';
import { examplesImportedThenNextWeek, walkToPlanAgain } from './app-fixtures';
import { browserModeForThisFile, describeInBrowser, openApp, recordFailure } from './helpers';

/**
 * A plan asked for again while the one before waits for a silent OneFile (the skip box
 * ticked, then unticked): the later plan is the one the step waits for and shows. The one
 * before is stopped by the service, and its "Stopped" is not taken for the later plan's
 * outcome: no error is shown, the step goes on waiting, Start stays disabled.
 *
 * The examples file is imported first, so planning it again (one learner's mobile
 * changed) reads its 25 learners in OneFile: the built-in sandbox stops answering part-way through the plan made again
 * with the skip box ticked (a 503 maintenance page for every call from then on).
 */

/**
 * Calls until OneFile falls silent: Connect, the import and Review's and the first
 * plan's reads of the file imported again take fewer; the plan made again with the
 * skip box ticked reads each of the 25 learners, and the silence begins among those.
 */
const SILENT_FROM_CALL = Number(process.env.PLAN_AGAIN_SILENT_FROM ?? 150);
const app = browserModeForThisFile('plan-asked-again', { budget: 300, windowMs: 1_000 }, [
  '--sandbox-switches',
  JSON.stringify({ outageAfterCalls: SILENT_FROM_CALL, outageMs: 600_000 }),
]);

describeInBrowser('a plan asked for again while the one before waits for OneFile', () => {
  it('shows the later plan waiting, not the one before stopped', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-plan-asked-again'));
    // Next week's file: one learner's mobile changed, so the plan has an update to start.
    const again = await examplesImportedThenNextWeek(page, app.dataDir, 60_000);
    await walkToPlanAgain(page, again);
    const silent = page.getByTestId('task-onefile-unanswered');
    const start = page.getByRole('button', { name: 'Start import' });
    expect(await silent.count()).toBe(0);
    expect(await start.isEnabled()).toBe(true);

    const skip = page.getByLabel('Skip rows with errors and import the rest');
    await skip.check();
    await silent.waitFor({ timeout: 60_000 });
    await skip.uncheck();
    // The plan before is stopped; the step waits for the later one, which OneFile does not answer either.
    await page.getByTestId('task-next-look').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('plan-error').count()).toBe(0);
    expect(await start.isDisabled()).toBe(true);

    await silent.getByRole('button', { name: 'Stop' }).click();
    const ended = page.getByTestId('plan-error');
    await ended.waitFor({ timeout: 20_000 });
    expect(await ended.textContent()).toBe('StoppedStopped: the import was not planned. Nothing in OneFile was changed. The plan shown is the one made before.');
    expect(await silent.count()).toBe(0);
  }, 180_000);
});
