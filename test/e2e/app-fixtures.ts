import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from './build-once';
import { connectToSandbox, dropFile, walkToPlan, writeCleanLearners } from './helpers';

/**
 * Files as providers really send them, for the app's tests (service and browser):
 * the examples spreadsheet written with US dates, with many problems, and with more
 * rows. Each is written into the test's own folder.
 */

function exampleLines(): string[] {
  return readFileSync(path.join(ROOT, 'examples/learners.csv'), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter((line) => line !== '');
}

function write(folder: string, name: string, lines: string[]): string {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

/** dd/mm/yyyy → mm/dd/yyyy in every cell that is a date. */
function monthFirst(line: string): string {
  return line.replace(/\b(\d{2})\/(\d{2})\/(\d{4})\b/g, '$2/$1/$3');
}

/** The examples exported from a system set to US dates: 15 November 2002 is written 11/15/2002. */
export function writeUsDateLearners(folder: string): string {
  const [header, ...rows] = exampleLines();
  return write(folder, 'learners-us-dates.csv', [header, ...rows.map(monthFirst)]);
}

/** The examples' rows with their MIS IDs and emails made new (copy 1, 2...), so every row is a new learner. */
function renamed(rows: string[], prefix: string, copy: number): string[] {
  return rows.map((row) =>
    row
      .replace(/^BA24(\d{3})/, (_all, n: string) => `${prefix}${copy}${n}`)
      .replace(/([a-z]+\.[a-z]+)@example\.(com|org|net)/, `$1.${prefix.toLowerCase()}${copy}@example.$2`),
  );
}

/**
 * `copies` × 25 new learners (no ULN, so no check digit to get right; no NI number, which
 * finds a learner like the ULN does and would make copy 2 the same people as copy 1): a
 * file big enough to meet the rate limit.
 */
export function writeManyLearners(folder: string, copies: number, prefix = 'MX'): string {
  const [header, ...rows] = exampleLines();
  const all: string[] = [];
  for (let copy = 1; copy <= copies; copy++) all.push(...renamed(rows, prefix, copy).map((row) => row.replace(/,\d{10},[A-Z]{2}\d{6}[A-D],/, ',,,')));
  return write(folder, `learners-${prefix.toLowerCase()}-${all.length}.csv`, [header, ...all]);
}

/** On to Load: from Connect, whether or not the app is already connected to the sandbox (a second page on the same app), or already there. */
export async function onToLoad(page: Page): Promise<void> {
  if ((await page.getByRole('heading', { name: /Load your spreadsheet|Check how the file is read/ }).count()) > 0) return;
  const connected = page.getByRole('button', { name: 'Reconnect' });
  if ((await connected.count()) === 0) {
    await connectToSandbox(page);
    return;
  }
  await page.getByLabel('Example Organisation - Business (5740)').check();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('heading', { name: /Load your spreadsheet|Check how the file is read/ }).waitFor();
}

/** From the Connect step to the plan, a file dropped and its mapping accepted (as walkToPlan, on a connected app too). */
export async function walkToPlanAgain(page: Page, file: string): Promise<void> {
  await askForPlanAgain(page, file);
  await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
}

/** As walkToPlanAgain, up to "Continue to plan" pressed: the plan is being made. */
export async function askForPlanAgain(page: Page, file: string): Promise<void> {
  await onToLoad(page);
  await dropFile(page, file);
  // The Load screen may show the file opened before: wait for this one.
  await page.getByText(path.basename(file), { exact: true }).first().waitFor();
  await page.getByRole('button', { name: 'Continue to mapping' }).click();
  await page.getByRole('button', { name: 'Continue to review' }).click();
  await page.getByText('Errors 0').waitFor();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
}

/**
 * For a screen seen while an import holds the app: a pace of 10 calls a second, at which 50 new learners
 * take several seconds, so the run is paused long before it has finished.
 */
export const PAUSABLE_PACE = { budget: 10, windowMs: 1_000 };

/**
 * From Connect, 50 new learners (`writeManyLearners`, 2 copies named by `prefix`) planned, their import
 * started and paused at once: the app is held by a paused import. Gives the file.
 */
export async function importStartedThenPaused(page: Page, dataDir: string, prefix: string): Promise<string> {
  const file = writeManyLearners(path.join(dataDir, 'mis'), 2, prefix);
  await walkToPlanAgain(page, file);
  await page.getByRole('button', { name: 'Start import' }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('heading', { name: 'Import paused' }).waitFor();
  return file;
}

/** From a screen's line saying an import is paused (`why`): its Go to the import, Resume, and the import waited for to its end. */
export async function resumedToTheEndFrom(page: Page, why: Locator): Promise<void> {
  await why.getByRole('button', { name: 'Go to the import' }).click();
  await page.getByRole('heading', { name: 'Import paused' }).waitFor();
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 90_000 });
}

/**
 * The examples file imported through the app (Start, its end waited for within `importMs`, then "Import
 * another file"), and next week's file written beside it: one learner's mobile changed, so a plan of it reads
 * each of the 25 learners in OneFile and has an update to start. Gives next week's file.
 */
export async function examplesImportedThenNextWeek(page: Page, dataDir: string, importMs: number): Promise<string> {
  const file = writeCleanLearners(path.join(dataDir, 'mis'));
  await walkToPlan(page, file);
  await page.getByRole('button', { name: 'Start import' }).click();
  await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: importMs });
  await page.getByRole('button', { name: 'See results and reports' }).click();
  await page.getByRole('button', { name: 'Import another file' }).click();
  // The file imported is put away first: Load comes up empty.
  await page.getByRole('heading', { name: 'Load your spreadsheet' }).waitFor();
  const again = path.join(dataDir, 'mis', 'learners-next-week.csv');
  writeFileSync(again, readFileSync(file, 'utf8').replace('07700 900100', '07700 900999'));
  return again;
}

