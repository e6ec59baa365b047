/**
 * Which frames may call the service: only the app's own page, in the top frame.
 * Checked in one place for every IPC method (after GitHub Desktop's
 * trusted-ipc-sender.ts), so a page that somehow got into a frame or a navigated
 * window cannot reach the import session.
 *
 * The app's page is its built `index.html` (a file: URL) or, while developing, the
 * electron-vite dev server's origin.
 */

/** The part of Electron's `WebFrameMain` the check needs. */
export interface SenderFrameLike {
  url: string;
  /** Null for a top-level frame. */
  parent: unknown;
}

export interface TrustedPage {
  /** file:///.../out/renderer/index.html */
  indexFileUrl: string;
  /** e.g. http://localhost:5173 while `npm run dev` runs; absent in a built app. */
  devServerUrl?: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is the app's own page (hash and query ignored). */
export function isAppPageUrl(url: string, page: TrustedPage): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.protocol === 'file:') {
    const expected = parse(page.indexFileUrl);
    return expected !== null && expected.protocol === 'file:' && parsed.pathname === expected.pathname && parsed.host === expected.host;
  }
  if (page.devServerUrl) {
    const dev = parse(page.devServerUrl);
    return dev !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === dev.origin;
  }
  return false;
}

export type TrustedSenderCheck = (frame: SenderFrameLike | null | undefined) => boolean;

export function createTrustedSenderCheck(page: TrustedPage): TrustedSenderCheck {
  return (frame) => {
    if (!frame) return false;
    if (frame.parent !== null && frame.parent !== undefined) return false;
    return isAppPageUrl(frame.url, page);
  };
}
