import * as tls from 'node:tls';
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';

/**
 * How calls reach OneFile from the networks centres have. A college or provider network
 * often sends everything through a proxy (the app is told the system's, the command line
 * reads `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` as other tools do), and often inspects
 * secure connections with its own root certificate, which Windows and macOS trust but
 * Node's own list of authorities does not: OneFile's certificate then looks untrusted.
 * Where this Node can read the system's store (22.15 and later: the desktop app's), its
 * authorities are trusted as a browser trusts them; elsewhere `NODE_EXTRA_CA_CERTS`
 * names the certificate file.
 */
export interface NetworkOptions {
  /** The proxy every call goes through (`http://host:port`), as the system says (the app resolves it). */
  proxyUrl?: string;
  /** Where `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` are read when no proxy is given (default: the process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The system's trusted authorities, PEM (default: read from the OS where this Node can). */
  systemCertificates?: () => readonly string[];
}

/** Node 22.15+ reads the operating system's trusted authorities; older Node cannot. */
type CertificateReader = (type: 'default' | 'system' | 'bundled' | 'extra') => string[];

let systemStore: readonly string[] | undefined;

/** The system's and `NODE_EXTRA_CA_CERTS`' authorities, read once; none where this Node cannot read them. */
function osCertificates(): readonly string[] {
  if (systemStore) return systemStore;
  const read = (tls as unknown as { getCACertificates?: CertificateReader }).getCACertificates;
  try {
    systemStore = typeof read === 'function' ? [...read('system'), ...read('extra')] : [];
  } catch {
    systemStore = [];
  }
  return systemStore;
}

/** The authorities to trust, Node's own and the system's, as one TLS context; undefined leaves Node's default (with `NODE_EXTRA_CA_CERTS`). */
function contextOf(system: readonly string[]): tls.SecureContext | undefined {
  return system.length > 0 ? tls.createSecureContext({ ca: [...new Set([...tls.rootCertificates, ...system])] }) : undefined;
}

let systemContext: { context: tls.SecureContext | undefined } | undefined;

/** Built once for the system's store (every connection of every client shares it), or for the authorities a caller gives. */
function trustedContext(options: NetworkOptions): tls.SecureContext | undefined {
  if (options.systemCertificates) return contextOf(options.systemCertificates());
  systemContext ??= { context: contextOf(osCertificates()) };
  return systemContext.context;
}

function proxyFromEnv(env: NetworkOptions['env']): boolean {
  const value = (name: string) => env?.[name] ?? env?.[name.toLowerCase()];
  return Boolean(value('HTTPS_PROXY') || value('HTTP_PROXY'));
}

/**
 * How calls to `baseUrl` travel, for a message about not reaching OneFile: through the
 * given proxy, through the one the environment names for that address (`HTTPS_PROXY`,
 * else `HTTP_PROXY`), or directly, which an address `NO_PROXY` names (and this computer
 * itself) always is.
 */
export function describeRoute(options: NetworkOptions, baseUrl: string): string {
  if (options.proxyUrl) return `through the proxy ${proxyHost(options.proxyUrl)}`;
  const env = options.env ?? process.env;
  if (!proxyFromEnv(env)) return 'directly';
  const read = (name: string) => env[name] || env[name.toLowerCase()];
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'directly';
  }
  if (bypassesProxy(url, [read('NO_PROXY'), 'localhost,127.0.0.1,[::1]'].filter(Boolean).join(','))) return 'directly (NO_PROXY names it)';
  const named = url.protocol === 'https:' && read('HTTPS_PROXY') ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  return `through the proxy ${proxyHost(read(named)!)} (${named})`;
}

/** Whether `NO_PROXY` sends an address straight: `*`, or a host (`.college.ac.uk` and its subdomains), with a port if it gives one. */
function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const parts = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+)(?::(\d+))?$/.exec(entry) ?? [entry, entry, undefined];
    const name = parts[1].replace(/^\*?\./, '');
    if (parts[2] !== undefined && parts[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy's host and port, never a user name or password in its address. */
export function proxyHost(proxyUrl: string): string {
  try {
    return new URL(proxyUrl).host;
  } catch {
    return 'the proxy';
  }
}

/** A dispatcher for OneFile's calls on this network: `connections` at most, each connecting within `connectTimeoutMs`. */
export function networkDispatcher(options: NetworkOptions, limits: { connectTimeoutMs: number; connections: number }): Dispatcher {
  const secureContext = trustedContext(options);
  const connect = { timeout: limits.connectTimeoutMs, ...(secureContext ? { secureContext } : {}) };
  const requestTls = secureContext ? { secureContext } : undefined;
  if (options.proxyUrl) {
    return new ProxyAgent({ uri: options.proxyUrl, connect, connections: limits.connections, ...(requestTls ? { requestTls } : {}) });
  }
  const env = options.env ?? process.env;
  if (proxyFromEnv(env)) {
    const read = (name: string) => env[name] ?? env[name.toLowerCase()];
    // Given whole (an empty text for one not set), so only `env` is read; an address with no HTTPS_PROXY uses HTTP_PROXY.
    return new EnvHttpProxyAgent({
      httpProxy: read('HTTP_PROXY') ?? '',
      httpsProxy: read('HTTPS_PROXY') ?? '',
      // This computer itself (a sandbox run with `onefile-import sandbox`) is never reached through a proxy.
      noProxy: [read('NO_PROXY'), 'localhost,127.0.0.1,[::1]'].filter(Boolean).join(','),
      connect,
      connections: limits.connections,
      ...(requestTls ? { requestTls } : {}),
    });
  }
  return new Agent({ connect, connections: limits.connections });
}

/**
 * The proxy a system's answer names for an address, as `http://host:port`, or undefined
 * to go directly. Electron's `resolveProxy` answers in a PAC file's words: `DIRECT`,
 * `PROXY host:port; DIRECT`, `HTTPS host:port`, `SOCKS5 host:port`; the first that this
 * importer can use is taken (a SOCKS proxy is not: calls then go directly).
 */
export function systemProxyUrl(pacAnswer: string): string | undefined {
  for (const entry of pacAnswer.split(';')) {
    const [kind, host] = entry.trim().split(/\s+/);
    if (!kind) continue;
    const word = kind.toUpperCase();
    if (word === 'DIRECT') return undefined;
    if ((word === 'PROXY' || word === 'HTTP') && host) return `http://${host}`;
    if (word === 'HTTPS' && host) return `https://${host}`;
  }
  return undefined;
}

/** Certificate errors: OneFile's certificate (or one put in its place) was not trusted. Sent again, the same. */
const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isCertificateFailure(code: string): boolean {
  return CERTIFICATE_CODES.has(code);
}

/**
 * A secure connection that could not be set up: the server at an https:// address does not
 * speak TLS (a plain HTTP server on that port answers "wrong version number"), or no TLS
 * this computer speaks. Sent again, the same; nothing reached the server as a request.
 */
export function isHandshakeFailure(code: string): boolean {
  return code === 'EPROTO' || code.startsWith('ERR_SSL_');
}

/**
 * What stands between this computer and OneFile the same way at every try: a secure
 * connection that cannot be set up, a certificate not trusted, a proxy's refusal. No wait
 * mends it, so none is waited out (`causeCode` of a OneFileError, or an exchange's code).
 */
export function isMetByEveryTry(code: string | undefined): boolean {
  return code !== undefined && (isHandshakeFailure(code) || isCertificateFailure(code) || /^PROXY_\d{3}$/.test(code));
}

/** `PROXY_407` and the like: the proxy answered the tunnel with a refusal; nothing reached OneFile. */
export function proxyRefusalCode(error: unknown): string | null {
  const message = error instanceof Error ? error.message : '';
  const found = /Proxy response \((\d{3})\)/.exec(message) ?? /Proxy Authentication Required \((\d{3})\)/.exec(message);
  return found ? `PROXY_${found[1]}` : null;
}
