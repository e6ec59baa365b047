import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { browserRequired, findBrowser } from './browser';
import { ensureBuilt, ROOT } from './build-once';

/**
 * What the end-to-end tests share: browser mode started as a real process (so a
 * test can kill it as a power cut would), Chromium, Chrome or Edge (see browser.ts) driven by Playwright,
 * the examples spreadsheet with a few realistic mistakes, and a screenshot per step.
 */

/** The browser's DataTransfer, used inside `page.evaluateHandle` (this file is type-checked without the DOM). */
declare const DataTransfer: new () => { items: { add(file: unknown): void } };

export const SCREENSHOTS = path.join(ROOT, 'test-results/screenshots');

/** The browser this machine has (see browser.ts), found once per test file. */
export const BROWSER = findBrowser({ env: process.env, platform: process.platform, exists: existsSync, home: homedir() });

/**
 * Whether a test file's set-up should start the app and the browser: false where the
 * tests are skipped for want of a browser; throws the hint where one is required (CI).
 */
export function browserNeeded(): boolean {
  if (BROWSER.path !== null) return true;
  if (browserRequired(process.env)) throw new Error(`${BROWSER.hint.replace('End-to-end tests skipped: ', 'No browser for the end-to-end tests: ')} (ONEFILE_E2E_REQUIRE_BROWSER is set, so this fails.)`);
  return false;
}

/** Says the hint once per test run (the first skipped file says it), on one line. */
function sayOnce(hint: string): void {
  try {
    mkdirSync(path.join(inject('e2eRunFolder'), 'hint-said'));
  } catch {
    return;
  }
  process.stderr.write(`${hint}\n`);
}

/** `describe` for an end-to-end test file: skipped, with the one-line hint, where no browser is found (unless one is required). */
export function describeInBrowser(name: string, body: () => void): void {
  if (BROWSER.path !== null || browserRequired(process.env)) {
    describe(name, body);
    return;
  }
  sayOnce(BROWSER.hint);
  describe.skip(name, body);
}

export interface UiProcess {
  url: string;
  child: ChildProcess;
  /** Ctrl+C: the app stops cleanly. */
  stop(): Promise<void>;
  /** kill -9: the app stops at once, mid-call. */
  kill(): Promise<void>;
}

/** Starts `onefile-import ui` with its data in `dataDir`; a small rate window keeps runs short but real; `extraArgs` for a test's own options. */
export function startUi(dataDir: string, pace: { budget: number; windowMs: number }, extraArgs: string[] = []): Promise<UiProcess> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/onefile-import'), 'ui', '--data-dir', dataDir, '--budget', String(pace.budget), '--rate-window-ms', String(pace.windowMs), ...extraArgs],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#key=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          child,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
          kill: async () => {
            if (child.exitCode === null) child.kill('SIGKILL');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`browser mode exited (${code}):\n${output}`)));
  });
}

/** What a test file drives: browser mode on its own data folder, and Chromium. */
export interface BrowserModeUnderTest {
  readonly browser: Browser;
  readonly ui: UiProcess;
  readonly dataDir: string;
}

/**
 * Starts browser mode (the app built first if need be) and Chromium before a test
 * file's tests, in a fresh data folder named after `name`, and stops both after them.
 */
export function browserModeForThisFile(name: string, pace: { budget: number; windowMs: number }, extraArgs: string[] = []): BrowserModeUnderTest {
  const held = {} as { browser: Browser; ui: UiProcess; dataDir: string };
  beforeAll(async () => {
    if (!browserNeeded()) return;
    await ensureBuilt();
    held.dataDir = mkdtempSync(path.join(tmpdir(), `onefile-e2e-${name}-`));
    held.ui = await startUi(held.dataDir, pace, extraArgs);
    held.browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await held.browser?.close();
    await held.ui?.stop();
  });
  return held;
}

/** Whether the environment's locale reads text as UTF-8 (LC_ALL, else LC_CTYPE, else LANG, as the C library takes them). */
function utf8Locale(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

/** Launches the browser found (Chromium, Chrome or Edge: Playwright's chromium driver speaks to all three). */
export function launchChromium(): Promise<Browser> {
  if (BROWSER.path === null) throw new Error(BROWSER.hint.replace('End-to-end tests skipped: ', 'No browser to launch: '));
  return chromium.launch({
    executablePath: BROWSER.path,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    // A file chosen whose name is not ASCII ("Whole centre – 2025.csv") never reaches a
    // Chromium started in the C locale (a bare CI environment has no LANG): it reads paths in
    // the locale's character set. A person's desktop has a UTF-8 one; so has the browser here.
    env: { ...process.env, ...(utf8Locale(process.env) ? {} : { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }) },
  });
}

export async function openApp(browser: Browser, url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, acceptDownloads: true, colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(url);
  await page.getByRole('heading', { name: 'Where do you want to import?' }).waitFor();
  return page;
}

/** The window as it is seen; `fullPage` takes a screen longer than the window whole (what is below the fold too). */
export async function screenshot(page: Page, name: string, { fullPage = false }: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForTimeout(250); // let transitions settle
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * For a failed test: a screenshot, and what the screen says (its headings and any
 * alerts) printed to the test output, so a failure on CI explains itself.
 */
export async function recordFailure(page: Page, name: string): Promise<void> {
  try {
    await screenshot(page, name);
    const said = await page.locator('h1, h2, h3, [role="alert"]').allInnerTexts();
    console.error(`[${name}] the screen showed:\n  ${said.map((text) => text.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n  ')}`);
  } catch (error) {
    console.error(`[${name}] the screen could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The examples spreadsheet as a provider really sends it: one email mistyped (to be
 * fixed in the grid), one ULN with a wrong check digit (to be skipped and reported),
 * and one class named the way two OneFile classes are named (ambiguous: to resolve).
 */
export function writeLearnersWithMistakes(folder: string): string {
  return writeExampleEdited(folder, 'learners-week-12.csv', {
    BA24003: { 6: 'isla.murray@example' }, // Email Address
    BA24005: { 4: '4822047326' }, // ULN, check digit wrong
    BA24007: { 11: 'Business admin L3 - Evening' }, // Class: two in OneFile
  });
}

/**
 * examples/learners.csv written to `folder` as `name` with some cells changed: by the
 * row's MIS ID (its first cell), the column's index and the new text (no commas).
 */
export function writeExampleEdited(folder: string, name: string, edits: Record<string, Record<number, string>>): string {
  const lines = readFileSync(path.join(ROOT, 'examples/learners.csv'), 'utf8').split(/\r?\n/);
  for (const [misid, cells] of Object.entries(edits)) {
    const at = lines.findIndex((line) => line.startsWith(`${misid},`));
    const row = lines[at].split(',');
    for (const [column, text] of Object.entries(cells)) row[Number(column)] = text;
    lines[at] = row.join(',');
  }
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  writeFileSync(file, lines.join('\r\n'));
  return file;
}

/**
 * Drops a file on the window the way a browser delivers a dragged file: the drag
 * enters the page, the full-window drop target appears, the file is dropped on it.
 */
export async function dropFile(page: Page, file: string): Promise<void> {
  const bytes = readFileSync(file).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64 }) => {
      const transfer = new DataTransfer();
      const binary = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([binary], name, { type: 'text/csv' }));
      return transfer;
    },
    { name: path.basename(file), base64: bytes },
  );
  await page.locator('body').dispatchEvent('dragenter', { dataTransfer });
  const target = page.getByTestId('window-drop');
  await target.waitFor();
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

/**
 * Pastes text onto an element as the browser delivers a paste from the clipboard (a block
 * copied in Excel arrives as tab-separated lines), whatever the system clipboard holds.
 */
export async function pasteText(target: Locator, text: string): Promise<void> {
  await target.evaluate((element, pasted) => {
    const view = globalThis as unknown as {
      DataTransfer: new () => { setData(type: string, data: string): void };
      ClipboardEvent: new (type: string, init: object) => unknown;
    };
    const data = new view.DataTransfer();
    data.setData('text/plain', pasted);
    (element as unknown as { dispatchEvent(event: unknown): boolean }).dispatchEvent(new view.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** What a copy (Ctrl+C) on `target` puts on the clipboard: the text its copy handler sets, read from the event it is given. */
export async function copiedFrom(target: Locator): Promise<string> {
  return target.evaluate((element) => {
    const view = globalThis as unknown as {
      DataTransfer: new () => { getData(type: string): string };
      ClipboardEvent: new (type: string, init: object) => unknown;
    };
    const data = new view.DataTransfer();
    (element as unknown as { dispatchEvent(event: unknown): boolean }).dispatchEvent(new view.ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
    return data.getData('text/plain');
  });
}

/** Connect to the built-in sandbox and choose organisation 5740: what every test starts with. */
export async function connectToSandbox(page: Page, shot?: string): Promise<void> {
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('heading', { name: 'Example Beta Customer' }).waitFor();
  await page.getByLabel('Example Organisation - Business (5740)').check();
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('heading', { name: 'Load your spreadsheet' }).waitFor();
}

/** Connected to the sandbox's organisation 5740, a file dropped and read: the Load screen showing how it was read. */
export async function loadInApp(page: Page, file: string): Promise<void> {
  await connectToSandbox(page);
  await dropFile(page, file);
  await page.getByRole('heading', { name: 'Check how the file is read' }).waitFor();
}

/** From Load, the automatic mapping accepted: on to Review. */
export async function continueToReview(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Continue to mapping' }).click();
  await page.getByRole('button', { name: 'Continue to review' }).click();
}

/** A copy of the examples spreadsheet, untouched: every row imports. */
export function writeCleanLearners(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'learners.csv');
  writeFileSync(file, readFileSync(path.join(ROOT, 'examples/learners.csv')));
  return file;
}

/** From a fresh start to the plan screen with the automatic mapping accepted. */
export async function walkToPlan(page: Page, file: string): Promise<void> {
  await loadInApp(page, file);
  await continueToReview(page);
  await page.getByText('Errors 0').waitFor();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
}

/** The run's "done" figure as the Import screen shows it. */
export async function rowsFinished(page: Page): Promise<number> {
  const text = (await page.getByText(/^\d+ of \d+ rows · \d+%$/).textContent()) ?? '';
  return Number(/^(\d+)/.exec(text)?.[1] ?? 0);
}
