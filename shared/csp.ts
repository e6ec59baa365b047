/**
 * The renderer's Content Security Policy. Scripts only from the app itself (no inline
 * script, no eval), nothing fetched from anywhere but the app (the desktop app talks
 * through IPC; browser mode through its own loopback origin), no plugins, no frames,
 * no forms posting elsewhere.
 *
 * Styles allow 'unsafe-inline' because Mantine writes its theme's CSS variables into
 * a `<style>` element at run time; a style cannot run code, so this does not weaken
 * the script policy. The same string is in `renderer/index.html`'s meta tag (a test
 * checks they agree) and in browser mode's response header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Browser mode's header adds what a meta tag cannot carry: no page may frame the app
 * (clickjacking a page that holds a OneFile session).
 */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
