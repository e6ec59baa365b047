import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** index.html must not be cached (a rebuilt app changes its script names); hashed assets may be. */
  immutable: boolean;
}

/**
 * A file of the built renderer, or null. The path is resolved inside `root` only:
 * `..` and encoded separators cannot reach outside it. `/` is index.html; any other
 * path without a file extension is too (the app has one page).
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || extname(decoded) === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  if (full !== join(root, 'index.html') && !full.startsWith(normalize(root) + sep)) return null;
  const contentType = MIME_TYPES[extname(full).toLowerCase()];
  if (!contentType) return null;
  try {
    const body = await readFile(full);
    return { body, contentType, immutable: relative.startsWith('assets/') };
  } catch {
    return null;
  }
}
