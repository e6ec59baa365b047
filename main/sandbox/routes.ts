import type { Body } from './body';
import type { SandboxStore } from './store';
import type { SandboxSwitches } from './switches';

/** What a handler sees of one call. */
export interface CallContext {
  store: SandboxStore;
  switches: SandboxSwitches;
  /** Path parameters by the names in the route's pattern, URI-decoded, as text. */
  params: Record<string, string>;
  body: Body;
  /** The call's arrival time (ms since the epoch, from the sandbox clock). */
  now: number;
  /** Issues a new session token (only Authentication uses it). */
  issueSession(): string;
  /** Does `work` after `ms` (changes saved as a call's are), unless the sandbox closes first: what OneFile does in the background. */
  later(ms: number, work: () => void): void;
}

/** A successful answer: 204 when neither json nor text is given. */
export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  /** A web page (text/html), as a proxy or a maintenance page answers. */
  html?: string;
  /** Answer headers beside the rate headers (Authentication's `X-TokenID` with `sessionTokenIn`). */
  headers?: Record<string, string>;
}

/** A create's answer by the `createAnswers` switch: the new record, its bare ID, or 201 with no body. */
export function createdReply(record: { ID: number }, answers: 'record' | 'id' | 'empty', json: unknown = record): Reply {
  if (answers === 'id') return { status: 200, json: record.ID };
  if (answers === 'empty') return { status: 201 };
  return { status: 200, json };
}

export interface Route {
  method: 'GET' | 'POST';
  /** OneFile's path after the version prefix, e.g. `User/{id}/Assign`. Literal segments match ignoring case. */
  pattern: string;
  /** Which token the call needs: the customer token (Authentication only) or a live session. */
  auth: 'customer' | 'session';
  /** Writes change the store; only they can lose their answer (the lost-response fault). */
  write: boolean;
  handle(context: CallContext): Reply;
}

export function route(method: Route['method'], pattern: string, handle: Route['handle'], options: { write?: boolean; auth?: Route['auth'] } = {}): Route {
  return { method, pattern, handle, write: options.write ?? false, auth: options.auth ?? 'session' };
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

const PREFIX = /^\/api\/v2(\.1)?\//i;

/**
 * Finds the route for a request path: `/api/v2.1/` or `/api/v2/` (`versions` narrows
 * them), literal segments ignoring case, one trailing slash tolerated. The first route
 * in the list that matches wins, so literal routes (`User/Search`) are listed before `User/{id}`.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string, versions: 'both' | 'v2' | 'v2.1' = 'both'): RouteMatch | undefined {
  const prefix = PREFIX.exec(path);
  if (!prefix || (versions !== 'both' && versions !== (prefix[1] ? 'v2.1' : 'v2'))) return undefined;
  let rest = path.slice(prefix[0].length);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  const segments = rest.split('/');
  if (segments.some((segment) => segment === '')) return undefined;
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const params = matchSegments(candidate.pattern.split('/'), segments);
    if (params) return { route: candidate, params };
  }
  return undefined;
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i];
    if (part.startsWith('{')) {
      try {
        params[part.slice(1, -1)] = decodeURIComponent(segments[i]);
      } catch {
        return undefined;
      }
    } else if (part.toLowerCase() !== segments[i].toLowerCase()) {
      return undefined;
    }
  }
  return params;
}
