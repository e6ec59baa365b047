import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, usualPlaces, type BrowserLookup } from './browser';
import { ROOT } from './build-once';

/**
 * The end-to-end tests on any machine: the browser is found where people have one,
 * the tests are skipped with one line saying how to enable them where there is none,
 * and where one is required (CI) its absence fails the run.
 */

function lookup(present: string[], env: NodeJS.ProcessEnv = {}, platform: NodeJS.Platform = 'linux'): BrowserLookup {
  return { env, platform, exists: (file) => present.includes(file), home: platform === 'darwin' ? '/Users/sam' : '/home/sam' };
}

describe('finding a browser for the end-to-end tests', () => {
  it('uses the browser ONEFILE_E2E_BROWSER names, and only that one', () => {
    expect(findBrowser(lookup(['/opt/my/chrome', '/usr/bin/chromium'], { ONEFILE_E2E_BROWSER: '/opt/my/chrome' }))).toEqual({ path: '/opt/my/chrome' });
    const nowhere = findBrowser(lookup(['/usr/bin/chromium'], { ONEFILE_E2E_BROWSER: '/nowhere/chrome' }));
    expect(nowhere.path).toBeNull();
    expect(nowhere.hint).toBe(
      'End-to-end tests skipped: ONEFILE_E2E_BROWSER=/nowhere/chrome is not there; point it at Chromium, Chrome or Edge, or unset it to look in the usual places.',
    );
  });

  it('finds Chromium, Chrome or Edge where Debian, Ubuntu, macOS and Windows install them', () => {
    expect(findBrowser(lookup(['/usr/bin/chromium'])).path).toBe('/usr/bin/chromium');
    expect(findBrowser(lookup(['/snap/bin/chromium'])).path).toBe('/snap/bin/chromium');
    expect(findBrowser(lookup(['/usr/bin/google-chrome', '/usr/bin/microsoft-edge'])).path).toBe('/usr/bin/google-chrome');
    expect(findBrowser(lookup(['/opt/microsoft/msedge/msedge'])).path).toBe('/opt/microsoft/msedge/msedge');
    expect(findBrowser(lookup(['/Users/sam/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'], {}, 'darwin')).path).toBe(
      '/Users/sam/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    );
    expect(findBrowser(lookup(['/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'], {}, 'darwin')).path).toBe('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
    const windows = { LOCALAPPDATA: 'C:\\Users\\sam\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' };
    expect(usualPlaces('win32', windows, 'C:\\Users\\sam')).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(findBrowser(lookup(['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'], windows, 'win32')).path).toBe('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
  });

  it('says in one line how to enable the tests where none is found', () => {
    const none = findBrowser(lookup([]));
    expect(none.path).toBeNull();
    expect(none.hint).toMatch(/^End-to-end tests skipped: no Chromium, Chrome or Edge found .*set ONEFILE_E2E_BROWSER to its path to run them\.$/);
    expect(none.hint).not.toContain('\n');
  });
});

/** One end-to-end file run by vitest in a child process, with the browser variable pointing nowhere. */
function runE2eFile(env: Record<string, string | undefined>): Promise<{ code: number; output: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ONEFILE_E2E_BROWSER: path.join(ROOT, 'no-such-browser'), NO_COLOR: '1', FORCE_COLOR: undefined, ...env };
  delete childEnv.FORCE_COLOR;
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/e2e/stale-plan.test.ts'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? -1, output })));
}

describe('the end-to-end tests without a browser', () => {
  it('are reported skipped, with the one-line hint, where no browser is required', async () => {
    const run = await runE2eFile({ ONEFILE_E2E_REQUIRE_BROWSER: undefined });
    expect(run.code, run.output).toBe(0);
    expect(run.output.match(/End-to-end tests skipped: ONEFILE_E2E_BROWSER=\S+ is not there/g)).toHaveLength(1);
    expect(run.output).toMatch(/Tests\s+1 skipped \(1\)/);
  }, 90_000);

  it('fail where ONEFILE_E2E_REQUIRE_BROWSER=1 (as .ci/run sets it), so CI never skips them', async () => {
    const run = await runE2eFile({ ONEFILE_E2E_REQUIRE_BROWSER: '1' });
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toContain('No browser for the end-to-end tests: ONEFILE_E2E_BROWSER=');
  }, 90_000);
});
