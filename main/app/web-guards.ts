import { isAppPageUrl, type TrustedPage } from './trusted-sender';

/**
 * What the window may do beyond showing the app: next to nothing. It may not navigate
 * away, open windows, attach webviews or be granted any permission (camera, location,
 * notifications...) but the clipboard's, to the app's own page. A link to an https page
 * opens in the user's browser through `openExternalSafely`; anything else is dropped.
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

/**
 * The only permissions granted, and only to the app's own page in the top frame: writing
 * the clipboard (Review copies cells not on screen with `navigator.clipboard.writeText`,
 * which Electron refuses unless this is granted) and reading it (Review's right-click
 * Paste). Nothing else is ever granted.
 */
const CLIPBOARD_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'clipboard-read']);

/** What Electron says of the frame asking for a permission (the parts the handlers read). */
export interface PermissionAsker {
  requestingUrl?: string;
  isMainFrame?: boolean;
}

/** Whether a permission is granted: a clipboard permission, asked by the app's own page in the top frame. */
export function isPermitted(permission: string, asker: PermissionAsker, page: TrustedPage): boolean {
  return CLIPBOARD_PERMISSIONS.has(permission) && asker.isMainFrame !== false && isAppPageUrl(asker.requestingUrl ?? '', page);
}

/** The handlers for `session.setPermissionRequestHandler` and `setPermissionCheckHandler`: the clipboard for the app's page, nothing else. */
export function permissionHandlers(page: TrustedPage) {
  return {
    request: (_contents: unknown, permission: string, callback: (granted: boolean) => void, asker?: PermissionAsker): void => callback(isPermitted(permission, asker ?? {}, page)),
    check: (_contents: unknown, permission: string, _origin: string, asker?: PermissionAsker): boolean => isPermitted(permission, asker ?? {}, page),
  };
}

/** The part of `webContents` the guards attach to. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  session: {
    setPermissionRequestHandler(handler: ReturnType<typeof permissionHandlers>['request']): void;
    setPermissionCheckHandler(handler: ReturnType<typeof permissionHandlers>['check']): void;
  };
}

/** Attaches every guard to a window's contents and its session. */
export function guardWebContents(contents: GuardedContents, openExternal: OpenExternal, page: TrustedPage): void {
  contents.on('will-navigate', denyNavigation);
  contents.on('will-redirect', denyNavigation);
  contents.on('will-attach-webview', denyNavigation);
  contents.setWindowOpenHandler(createWindowOpenHandler(openExternal));
  const permissions = permissionHandlers(page);
  contents.session.setPermissionRequestHandler(permissions.request);
  contents.session.setPermissionCheckHandler(permissions.check);
}
