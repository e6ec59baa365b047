import { isIP } from 'node:net';
import { OneFileError } from './errors';

/** The OneFile environments a user picks from. Live is never a default. */
export type OneFileEnvironment = 'live' | 'beta' | 'practice' | 'sandbox';

/** OneFile's published hosts (onefile-api.md, "Hosts and paths"). */
export const ONEFILE_BASE_URLS: Readonly<Record<'live' | 'beta' | 'practice', string>> = {
  live: 'https://wsapi.onefile.co.uk/api/v2.1/',
  beta: 'https://wsapibeta.onefile.co.uk/api/v2.1/',
  practice: 'https://wsapi2.onefile.co.uk/api/v2.1/',
};

/** The API prefix added to a custom URL given without a path (`https://host`). */
const DEFAULT_API_PATH = '/api/v2.1/';

/**
 * The same address at the other API version's path: `/api/v2/` (what the guides write)
 * for `/api/v2.1/` (what integrations use), and back; undefined where the path names
 * neither. Signing in tries it where the address has no Authentication route.
 */
export function otherApiVersion(baseUrl: string): string | undefined {
  const url = new URL(baseUrl);
  const version = /^(.*\/api\/)v2(\.1)?\/$/i.exec(url.pathname);
  if (!version) return undefined;
  url.pathname = `${version[1]}${version[2] ? 'v2' : 'v2.1'}/`;
  return url.toString();
}

/** The path of an address (`/api/v2/`), as the findings remember where OneFile answered. */
export function apiPathOf(baseUrl: string): string {
  return new URL(baseUrl).pathname;
}

function configError(message: string): OneFileError {
  return new OneFileError({ kind: 'validation', endpoint: 'environment', message });
}

/**
 * True for 127.0.0.0/8, ::1 and `localhost`: traffic that never leaves the machine,
 * the only place plain http is allowed (the built-in sandbox, a test server).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * The base URL for an environment name (`live`, `beta`, `practice`, `sandbox`) or a
 * custom URL. A custom URL must use https unless it points at this machine, may not
 * carry a user name, password, query or fragment (they would end up in logs), and
 * always ends in a slash so routes can be appended. `sandbox` needs the running
 * sandbox's URL.
 */
export function resolveBaseUrl(env: OneFileEnvironment | string, sandboxUrl?: string): string {
  const name = env.trim().toLowerCase();
  if (name === 'live' || name === 'beta' || name === 'practice') return ONEFILE_BASE_URLS[name];
  if (name === 'sandbox') {
    if (!sandboxUrl) {
      throw configError('The sandbox environment needs the address of the running sandbox; start it first.');
    }
    return normaliseCustomUrl(sandboxUrl);
  }
  return normaliseCustomUrl(env.trim());
}

/**
 * Whether `env` is an address given by hand rather than an environment's name or one of
 * OneFile's own hosts: a host name in it that no one knows is then a mistake in it.
 */
export function isAddressGivenByHand(env: string): boolean {
  // The built-in sandbox has no address until it runs; live, beta and practice resolve to OneFile's own hosts below.
  if (env.trim().toLowerCase() === 'sandbox') return false;
  const ownHosts = Object.values(ONEFILE_BASE_URLS).map((url) => new URL(url).hostname);
  try {
    return !ownHosts.includes(new URL(resolveBaseUrl(env)).hostname);
  } catch {
    return true;
  }
}

/** A host name typed without its scheme (`wsapi2.onefile.co.uk`, with a port or path perhaps): https is the only scheme a token may travel by. */
const HOST_WITHOUT_SCHEME = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?(\/\S*)?$/i;

function normaliseCustomUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(HOST_WITHOUT_SCHEME.test(text) ? `https://${text}` : text);
  } catch {
    throw configError(
      `"${text.slice(0, 200)}" is neither an environment (live, beta, practice, sandbox) nor a web address. ` +
        'Pick an environment or type a full address such as https://wsapi.onefile.co.uk/api/v2.1/.',
    );
  }
  if (url.username || url.password) {
    throw configError('The OneFile address must not contain a user name or password; put the customer token in Settings instead.');
  }
  if (url.search || url.hash) {
    throw configError('The OneFile address must not contain a query (?...) or fragment (#...).');
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw configError(
        `The OneFile address ${url.origin} uses plain http. Use https: the customer token must not cross a network unencrypted ` +
          '(http is only allowed for this machine: localhost, 127.x.x.x, ::1).',
      );
    }
  } else if (url.protocol !== 'https:') {
    throw configError(`The OneFile address must start with https:// (got ${url.protocol}).`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = DEFAULT_API_PATH;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}
