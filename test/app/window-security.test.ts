import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../../shared/csp';
import { createWindowOptions } from '../../main/app/window-options';

const options = createWindowOptions({ preloadPath: '/app/out/preload/index.cjs', bounds: { width: 1280, height: 820 }, devTools: false });
const prefs = options.webPreferences!;

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe('the main window', () => {
  it('isolates the page from the preload and runs it in the OS sandbox', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });

  it('gives the page no Node, in the page, workers or frames', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and refuses webviews, insecure content and navigation by dropped files', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
  });

  it('loads only the built preload and hides DevTools outside development', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs.devTools).toBe(false);
    expect(options.show).toBe(false);
  });

  it('opens where it was last left', () => {
    const placed = createWindowOptions({ preloadPath: 'p', bounds: { x: 40, y: 60, width: 1100, height: 700 }, devTools: false });
    expect([placed.x, placed.y, placed.width, placed.height]).toEqual([40, 60, 1100, 700]);
  });
});

describe('the content security policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('runs scripts from the app only: no inline script, no eval, no remote script', () => {
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(policy.get('default-src')).toEqual(["'none'"]);
  });

  it('fetches nothing but the app itself and allows no plugins, base or forms', () => {
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('is the very policy in index.html, so the built page carries it', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('forbids framing the app in browser mode, where a header can say so', () => {
    expect(directives(CONTENT_SECURITY_POLICY_HEADER).get('frame-ancestors')).toEqual(["'none'"]);
  });
});
