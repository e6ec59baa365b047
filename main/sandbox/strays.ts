import { emptySearchReply } from './endpoints/search';
import type { Reply, RouteMatch } from './routes';
import type { SandboxSwitches } from './switches';

/**
 * A gateway's stray answers to the pages of a paged search, each given the first time a
 * page is asked and never again (asked again, the page is answered): `strayNotFound`, a
 * bare 404 to a page past the first, by its path and body; `strayEmpty`, a page holding
 * rows answered as an empty search, by the search, the page's number and the body (at any
 * size).
 */
export class Strays {
  readonly #notFound = new Set<string>();
  readonly #empty = new Set<string>();

  constructor(private readonly switches: SandboxSwitches) {}

  /** The bare 404 to answer in the page's place before anything is done, if `strayNotFound` gives one now. */
  notFoundFor(match: RouteMatch, path: string, body: string): Reply | undefined {
    if (!this.switches.strayNotFound || !isLaterPage(match, this.switches)) return undefined;
    return firstTime(this.#notFound, `${path.toLowerCase()} ${body}`) ? { status: 404 } : undefined;
  }

  /** The empty search to answer in place of a page's rows, if `strayEmpty` gives one now. */
  emptyFor(match: RouteMatch, body: string, reply: Reply): Reply | undefined {
    if (!this.switches.strayEmpty || !isPagedSearch(match) || !holdsRows(reply)) return undefined;
    const key = `${match.route.pattern.toLowerCase()} ${match.params.page} ${body}`;
    return firstTime(this.#empty, key) ? emptySearchReply(this.switches, match.params.page, match.params.size ?? '') : undefined;
  }
}

function firstTime(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** A paged search's page past the first, as the `pageNumbering` switch counts them. */
function isLaterPage(match: RouteMatch, switches: SandboxSwitches): boolean {
  const page = match.params.page;
  return isPagedSearch(match) && /^\d+$/.test(page!) && Number(page) > (switches.pageNumbering === 'from-0' ? 0 : 1);
}

/** A call to a paged search's route (`.../Search/{page}/{size}`). */
function isPagedSearch(match: RouteMatch): boolean {
  return match.params.page !== undefined && /\/Search\/\{page\}\/\{size\}$/i.test(match.route.pattern);
}

/** A search's answer with rows in it (a bare list, or one in an envelope). */
function holdsRows(reply: Reply): boolean {
  if (reply.status !== 200) return false;
  const json = reply.json as unknown;
  const rows = Array.isArray(json) ? json : (json as { Items?: unknown } | null | undefined)?.Items;
  return Array.isArray(rows) && rows.length > 0;
}
