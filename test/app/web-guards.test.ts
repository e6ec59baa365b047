import { describe, expect, it } from 'vitest';
import {
  createWindowOpenHandler,
  denyNavigation,
  permissionHandlers,
  guardWebContents,
  isSafeExternalUrl,
  type GuardedContents,
} from '../../main/app/web-guards';

describe('what the window may do beyond showing the app', () => {
  it('never navigates away', () => {
    let prevented = false;
    denyNavigation({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('never opens a new window, and sends an https link to the browser instead', () => {
    const opened: string[] = [];
    const handler = createWindowOpenHandler((url) => {
      opened.push(url);
    });
    expect(handler({ url: 'https://wsapi.onefile.co.uk/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://wsapi.onefile.co.uk/']);
  });

  it('drops links that are not plain https', () => {
    const opened: string[] = [];
    const handler = createWindowOpenHandler((url) => {
      opened.push(url);
    });
    for (const url of ['http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.org/', 'not a url']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual([]);
    expect(isSafeExternalUrl('smb://server/share')).toBe(false);
  });

  it('grants the clipboard to the app\'s own page in the top frame, and refuses every other permission and asker', () => {
    const page = { indexFileUrl: 'file:///opt/OneFile%20Bulk%20Importer/resources/app.asar/out/renderer/index.html' };
    const { request, check } = permissionHandlers(page);
    const asked = (permission: string, asker: { requestingUrl?: string; isMainFrame?: boolean }) => {
      const answers: boolean[] = [];
      request(null, permission, (granted) => answers.push(granted), asker);
      // The check answers as the request does.
      expect(check(null, permission, 'file://', asker)).toBe(answers[0]);
      return answers[0];
    };
    const app = { requestingUrl: `${page.indexFileUrl}#/review`, isMainFrame: true };
    // Review's copy of cells not on screen (navigator.clipboard.writeText) and its right-click Paste.
    expect(asked('clipboard-sanitized-write', app)).toBe(true);
    expect(asked('clipboard-read', app)).toBe(true);
    // Nothing else, to the app itself either.
    for (const permission of ['media', 'geolocation', 'notifications', 'fullscreen', 'openExternal']) expect(asked(permission, app)).toBe(false);
    // The clipboard to no other page, file or frame.
    expect(asked('clipboard-read', { requestingUrl: 'https://example.org/', isMainFrame: true })).toBe(false);
    expect(asked('clipboard-read', { requestingUrl: 'file:///etc/passwd', isMainFrame: true })).toBe(false);
    expect(asked('clipboard-read', { ...app, isMainFrame: false })).toBe(false);
    expect(asked('clipboard-sanitized-write', {})).toBe(false);
    // While developing: the dev server's origin is the app's page.
    const dev = permissionHandlers({ ...page, devServerUrl: 'http://localhost:5173' });
    expect(dev.check(null, 'clipboard-read', 'http://localhost:5173', { requestingUrl: 'http://localhost:5173/', isMainFrame: true })).toBe(true);
    expect(dev.check(null, 'clipboard-read', 'http://localhost:5174', { requestingUrl: 'http://localhost:5174/', isMainFrame: true })).toBe(false);
  });

  it('attaches every guard to the window and its session', () => {
    const events = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
    let requestHandler: unknown = null;
    let checkHandler: unknown = null;
    const contents: GuardedContents = {
      on: (event, listener) => events.set(event, listener),
      setWindowOpenHandler: (handler) => (openHandler = handler),
      session: {
        setPermissionRequestHandler: (handler) => (requestHandler = handler),
        setPermissionCheckHandler: (handler) => (checkHandler = handler),
      },
    };
    guardWebContents(contents, () => undefined, { indexFileUrl: 'file:///app/index.html' });
    expect([...events.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    for (const listener of events.values()) {
      let prevented = false;
      listener({ preventDefault: () => (prevented = true) });
      expect(prevented).toBe(true);
    }
    expect(openHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    // The session's handlers are the ones above: a permission other than the clipboard's is refused.
    const answers: boolean[] = [];
    (requestHandler as ReturnType<typeof permissionHandlers>['request'])(null, 'media', (granted) => answers.push(granted), { requestingUrl: 'file:///app/index.html', isMainFrame: true });
    expect(answers).toEqual([false]);
    expect((checkHandler as ReturnType<typeof permissionHandlers>['check'])(null, 'clipboard-read', 'file://', { requestingUrl: 'file:///app/index.html', isMainFrame: true })).toBe(true);
  });
});
