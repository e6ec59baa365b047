import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it, onTestFailed } from 'vitest';
import { browserModeForThisFile, describeInBrowser, loadInApp, openApp, recordFailure, screenshot, writeCleanLearners } from './helpers';

/**
 * Map: a field another column uses is marked as such before it is chosen, and choosing
 * it swaps the two columns; and the whole screen works from the keyboard: one Tab stop
 * per column, focus always visible, nothing invisible to land on, no garbled text.
 */

const app = browserModeForThisFile('map-keys', { budget: 100, windowMs: 1000 });

/**
 * The element with the keyboard focus: what it is, whether it can be seen, and whether
 * its focus ring shows. A radio drawn by its label (the date order's segments) is judged
 * by that label. Runs in the page (this file is type-checked without the DOM).
 */
function focused(page: Page) {
  return page.evaluate(() => {
    type Box = { width: number; height: number };
    type Element = {
      tagName: string;
      parentElement: Element | null;
      textContent: string | null;
      labels?: Element[];
      getAttribute(name: string): string | null;
      getBoundingClientRect(): Box;
      closest(selector: string): Element | null;
    };
    const page = globalThis as unknown as {
      document: { activeElement: Element };
      getComputedStyle(element: Element): { outlineStyle: string; outlineWidth: string; opacity: string; visibility: string; boxShadow: string };
    };
    const element = page.document.activeElement;
    const hidden = (e: Element) => e.getBoundingClientRect().width === 0 || e.getBoundingClientRect().height === 0;
    const shown = hidden(element) && element.labels && element.labels.length > 0 ? element.labels[0] : element;
    const style = page.getComputedStyle(shown);
    let opacity = 1;
    for (let node: Element | null = shown; node; node = node.parentElement) opacity *= Number(page.getComputedStyle(node).opacity);
    return {
      name: element.getAttribute('aria-label') ?? shown.textContent?.trim().slice(0, 60) ?? element.tagName,
      visible: !hidden(shown) && opacity > 0 && style.visibility !== 'hidden',
      ring: (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none',
      inTable: element.closest('[aria-label="Column mapping"]') !== null,
    };
  });
}

async function toMap(page: Page): Promise<void> {
  await loadInApp(page, writeCleanLearners(path.join(app.dataDir, 'mis')));
  await page.getByRole('button', { name: 'Continue to mapping' }).click();
  await page.getByText(/columns will be imported/).waitFor();
}

describeInBrowser('the Map screen', () => {
  it('marks a field another column uses before it is chosen, and swaps the two', async () => {
    const page = await openApp(app.browser, app.ui.url);
    onTestFailed(() => recordFailure(page, 'failed-map-used-field'));
    await toMap(page);
    const mobile = page.getByRole('button', { name: 'Field for column H Mobile' });
    await mobile.click();
    const email = page.getByRole('option', { name: /^Email/ });
    await email.waitFor();
    expect(await email.textContent()).toContain('Used by column G “Email Address”: swap (G gets Mobile)');
    await screenshot(page, '44-map-used-field-marked');
    await email.click();
    await expect.poll(() => mobile.textContent()).toBe('Email');
    expect(await page.getByRole('button', { name: 'Field for column G Email Address' }).textContent()).toBe('Mobile');
    // Swapped back the same way.
    await page.getByRole('button', { name: 'Field for column G Email Address' }).click();
    await page.getByRole('option', { name: /^Email/ }).click();
    await expect.poll(() => mobile.textContent()).toBe('Mobile');
  }, 90_000);

  it('is worked from the keyboard alone: a visible focus on every stop, one stop per column, no garbled text', async () => {
    const page = app.browser.contexts()[0].pages()[0];
    onTestFailed(() => recordFailure(page, 'failed-map-keyboard'));
    await page.reload();
    await page.getByText(/columns will be imported/).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    const stops: Array<Awaited<ReturnType<typeof focused>>> = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const stop = await focused(page);
      stops.push(stop);
      if (stop.name === 'Continue to review') break;
    }
    expect(stops.at(-1)?.name).toBe('Continue to review');
    expect(stops.filter((s) => !s.visible)).toEqual([]);
    expect(stops.filter((s) => !s.ring)).toEqual([]);
    const inTable = stops.filter((s) => s.inTable).map((s) => s.name);
    expect(inTable).toEqual(inTable.filter((name) => name.startsWith('Field for column ')));
    expect(inTable).toHaveLength(14);

    // Back to column N's picker; Home and a letter on the closed picker change nothing.
    for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).name).toBe('Field for column N Framework Template');
    await page.keyboard.press('Home');
    await page.keyboard.type('D');
    const picker = page.getByRole('button', { name: 'Field for column N Framework Template' });
    expect(await picker.textContent()).toBe('Framework template');
    // Enter opens it, typing finds the field, Enter chooses it, focus comes back.
    await page.keyboard.press('Enter');
    const search = page.getByRole('textbox', { name: 'Find a field for column N' });
    // Type only once the search box has the focus (keys typed before it go elsewhere).
    const searchFocused = () =>
      search.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement).catch(() => false);
    await expect.poll(searchFocused).toBe(true);
    await page.keyboard.type('not imp');
    // Enter chooses what the search has found: wait until the box holds all of it.
    await expect.poll(() => search.inputValue()).toBe('not imp');
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.textContent()).toBe('Not imported');
    expect((await focused(page)).name).toBe('Field for column N Framework Template');
    await screenshot(page, '45-map-keyboard-focus');
    await page.keyboard.press('Enter');
    // The picker opens again: type only once its search box has the focus (its closing one may still be on the page).
    await expect.poll(searchFocused).toBe(true);
    await expect.poll(() => search.inputValue()).toBe('');
    await page.keyboard.type('framework');
    await expect.poll(() => search.inputValue()).toBe('framework');
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.textContent()).toBe('Framework template');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 2; i++) await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Continue to review');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Review the rows' }).waitFor();
  }, 90_000);
});
