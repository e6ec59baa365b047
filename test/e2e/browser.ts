import * as path from 'node:path';

/**
 * The browser the end-to-end tests drive, found the way a developer has one: the one
 * ONEFILE_E2E_BROWSER names, else Chromium, Chrome or Edge where they install on Linux
 * (Debian, Ubuntu's snap, Google's and Microsoft's packages), macOS and Windows.
 * Playwright drives any of them through the Chrome DevTools protocol; nothing is
 * downloaded. Where none is found the tests are skipped with a one-line hint, unless
 * ONEFILE_E2E_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure.
 */

export const BROWSER_VARIABLE = 'ONEFILE_E2E_BROWSER';
export const REQUIRE_VARIABLE = 'ONEFILE_E2E_REQUIRE_BROWSER';

export type FoundBrowser = { path: string; hint?: undefined } | { path: null; hint: string };

export interface BrowserLookup {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists: (file: string) => boolean;
  home: string;
}

/** Where Chromium, Chrome and Edge install, most likely first. */
export function usualPlaces(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string[] {
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.ProgramW6432].filter((root): root is string => Boolean(root));
    const apps = ['Chromium\\Application\\chrome.exe', 'Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return apps.flatMap((app) => roots.map((root) => path.win32.join(root, app)));
  }
  if (platform === 'darwin') {
    const apps = ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
    return apps.flatMap((app) => ['/Applications', path.posix.join(home, 'Applications')].map((root) => path.posix.join(root, app)));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
  ];
}

/** The browser to drive, or the one line that says how to get one. */
export function findBrowser(lookup: BrowserLookup): FoundBrowser {
  const named = lookup.env[BROWSER_VARIABLE]?.trim();
  if (named) {
    if (lookup.exists(named)) return { path: named };
    return {
      path: null,
      hint: `End-to-end tests skipped: ${BROWSER_VARIABLE}=${named} is not there; point it at Chromium, Chrome or Edge, or unset it to look in the usual places.`,
    };
  }
  const found = usualPlaces(lookup.platform, lookup.env, lookup.home).find((file) => lookup.exists(file));
  if (found) return { path: found };
  return {
    path: null,
    hint: `End-to-end tests skipped: no Chromium, Chrome or Edge found where they usually install; install one, or set ${BROWSER_VARIABLE} to its path to run them.`,
  };
}

/** True where a missing browser must fail the tests (CI), not skip them. */
export function browserRequired(env: NodeJS.ProcessEnv): boolean {
  return env[REQUIRE_VARIABLE] === '1' || env[REQUIRE_VARIABLE]?.toLowerCase() === 'true';
}
