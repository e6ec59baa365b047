/**
 * What the window may do beyond showing the app: nothing. It may not navigate away,
 * open windows, attach webviews or be granted any permission (camera, location,
 * notifications...). A link to an https page opens in the user's browser through
 * `openExternalSafely`; anything else is dropped.
 */

/** True for an address the app may hand to the OS browser: https only, no credentials. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}

export type OpenExternal = (url: string) => Promise<void> | void;

/** Opens `url` in the browser when it is safe; returns whether it did. */
export function openExternalSafely(url: string, openExternal: OpenExternal): boolean {
  if (!isSafeExternalUrl(url)) return false;
  void openExternal(url);
  return true;
}

/** The handler for `webContents.setWindowOpenHandler`: never a new window. */
export function createWindowOpenHandler(openExternal: OpenExternal) {
  return (details: { url: string }): { action: 'deny' } => {
    openExternalSafely(details.url, openExternal);
    return { action: 'deny' };
  };
}

/** The handler for `will-navigate` and `will-redirect`: the app is one page and never navigates. */
export function denyNavigation(event: { preventDefault(): void }): void {
  event.preventDefault();
}

/** The handler for `session.setPermissionRequestHandler`: every request refused. */
export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** The handler for `session.setPermissionCheckHandler`: every check answered no. */
export function denyPermissionCheck(): boolean {
  return false;
}

/** The part of `webContents` the guards attach to. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  session: {
    setPermissionRequestHandler(handler: typeof denyPermissionRequest): void;
    setPermissionCheckHandler(handler: typeof denyPermissionCheck): void;
  };
}

/** Attaches every guard to a window's contents and its session. */
export function guardWebContents(contents: GuardedContents, openExternal: OpenExternal): void {
  contents.on('will-navigate', denyNavigation);
  contents.on('will-redirect', denyNavigation);
  contents.on('will-attach-webview', denyNavigation);
  contents.setWindowOpenHandler(createWindowOpenHandler(openExternal));
  contents.session.setPermissionRequestHandler(denyPermissionRequest);
  contents.session.setPermissionCheckHandler(denyPermissionCheck);
}
