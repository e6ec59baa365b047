import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../main/sandbox';
import { sandboxStatePath } from '../main/import/environment/connection';
import { startHost } from '../main/host/host-server';
import { createAppService } from '../main/service/app-service';
import { createSessionTokenStore } from '../main/service/token-store';
import { ensureBuilt, RENDERER_DIR } from '../test/e2e/build-once';
import { connectToSandbox, dropFile, launchChromium, openApp } from '../test/e2e/helpers';
import { writeLearnerFile } from './learner-file';

/**
 * The Review grid with 100,000 rows, in Chromium (browser mode, the same window as
 * the desktop app): time from "Continue to review" to the first rows painted, to
 * reach the last row, and the slowest of 40 scroll steps across the file. The grid
 * is virtualised and fetches only the pages on screen, so these should not grow
 * with the file; the ratio against a 1,000-row file says whether they do.
 *
 *   node bin/run-ts bench/review-grid.ts [rows]
 */

interface GridTimes {
  rows: number;
  firstPaintMs: number;
  toEndMs: number;
  slowestStepMs: number;
}

async function measure(rows: number): Promise<GridTimes> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-bench-grid-'));
  const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
  const file = writeLearnerFile(dataDir, sandbox, { learners: rows, tag: 'GRID' });
  await sandbox.close();

  const service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore(''), budgetPerMinute: 300, windowMs: 1000 });
  const host = await startHost({ runtime: service, rendererDir: RENDERER_DIR });
  const browser = await launchChromium();
  try {
    const page = await openApp(browser, host.url);
    await connectToSandbox(page);
    await dropFile(page, file);
    await page.getByRole('heading', { name: 'Check how the file is read' }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Continue to mapping' }).click();
    const lastRow = rows + 1;

    const started = performance.now();
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await page.locator('[data-row="2"][data-column="0"]').waitFor({ timeout: 120_000 });
    const firstPaintMs = performance.now() - started;

    const grid = page.getByTestId('review-grid');
    const beforeEnd = performance.now();
    await grid.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await page.locator(`[data-row="${lastRow}"][data-column="0"]`).waitFor({ timeout: 60_000 });
    const toEndMs = performance.now() - beforeEnd;

    let slowestStepMs = 0;
    for (let step = 0; step <= 40; step++) {
      const target = Math.round(((rows - 1) * step) / 40);
      const at = performance.now();
      await grid.evaluate((element, top) => element.scrollTo({ top }), target * 32);
      await page.locator(`[data-row="${target + 2}"][data-column="0"]`).waitFor({ timeout: 30_000 });
      slowestStepMs = Math.max(slowestStepMs, performance.now() - at);
    }
    return { rows, firstPaintMs, toEndMs, slowestStepMs };
  } finally {
    await browser.close();
    await host.close();
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = Number(process.argv[2] ?? 100_000);
await ensureBuilt();
const small = await measure(1_000);
const large = await measure(rows);
const line = (t: GridTimes) =>
  `${String(t.rows).padStart(7)} rows: first rows painted ${t.firstPaintMs.toFixed(0)} ms, last row reached ${t.toEndMs.toFixed(0)} ms, slowest scroll step ${t.slowestStepMs.toFixed(0)} ms`;
console.log('Review grid (Chromium, browser mode)');
console.log(line(small));
console.log(line(large));
console.log(
  `ratio ${rows.toLocaleString('en-GB')} / 1,000 rows: first paint ${(large.firstPaintMs / small.firstPaintMs).toFixed(1)}x, ` +
    `to the end ${(large.toEndMs / small.toEndMs).toFixed(1)}x, scroll step ${(large.slowestStepMs / small.slowestStepMs).toFixed(1)}x`,
);
