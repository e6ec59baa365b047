import { describe, expect, it } from 'vitest';
import {
  createWindowOpenHandler,
  denyNavigation,
  denyPermissionCheck,
  denyPermissionRequest,
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

  it('refuses every permission request and check', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      denyPermissionRequest(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(denyPermissionCheck()).toBe(false);
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
    guardWebContents(contents, () => undefined);
    expect([...events.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    for (const listener of events.values()) {
      let prevented = false;
      listener({ preventDefault: () => (prevented = true) });
      expect(prevented).toBe(true);
    }
    expect(openHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    expect(requestHandler).toBe(denyPermissionRequest);
    expect(checkHandler).toBe(denyPermissionCheck);
  });
});
