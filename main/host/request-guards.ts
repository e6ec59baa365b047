import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to browser mode's loopback server. Three checks, each for a different
 * attack:
 * - Host must be this server's own `127.0.0.1:port` or `localhost:port`: a web page
 *   that rebinds its DNS name to 127.0.0.1 sends its own name as Host (DNS rebinding).
 * - Origin, when the browser sends one, must be this server's origin: another site's
 *   page may not post to us, even blind.
 * - The API needs the per-launch secret, in a header: it came in the URL fragment,
 *   which a browser never sends to any server, and no other page can read it.
 */

/** The header that carries the per-launch secret on API requests. */
export const SECRET_HEADER = 'x-onefile-key';

/** 32 random bytes, URL-safe: the per-launch secret. */
export function createLaunchSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function isAllowedHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host;
  return typeof host === 'string' && allowedHosts(port).includes(host.toLowerCase());
}

/** No Origin (a same-origin GET, or a non-browser client) is fine; a foreign one is not. */
export function isAllowedOrigin(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers['sec-fetch-site'] !== 'cross-site';
  return allowedHosts(port).some((host) => origin === `http://${host}`);
}

/** Compares in constant time, so the secret cannot be guessed a character at a time. */
export function hasSecret(request: IncomingMessage, secret: string): boolean {
  const given = request.headers[SECRET_HEADER];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
