import { OneFileError } from './errors';
import { noPageZero, smallerPageThan, type PageBase } from './paging';
import { SEEN_PAGE_SIZE } from '../../shared/defaults';
import { askTakingArchivedRefusal } from './users';
import type { Add, ProbeClient, ProbeReport } from './probe';

/**
 * The probe's two checks of how OneFile pages: the rows a page serves (a page cap), and
 * whether an unpaged search answers every match as documented.
 */

/** What a failed call said, for a finding. */
export const failedAnswer = (error: unknown) => (error instanceof OneFileError ? `${error.endpoint}: ${error.status ? `HTTP ${error.status}` : error.kind}` : String(error));

/**
 * Page numbering and page cap: ask for page 1 of `pageSize` users, and page 0 of one user:
 * a row there that does not open page 1 means pages start at 0 (then the rest is asked
 * from page 0). After a short first page, ask for the next to tell a cap from the end.
 */
export async function checkPaging(client: ProbeClient, org: number, sizeAsked: number, report: ProbeReport, add: Add): Promise<void> {
  const users = { OrganisationID: org };
  let title = `Rows served per page (asked for ${sizeAsked})`;
  try {
    const served = await firstPageServed(client, users, sizeAsked, report, add);
    const pageSize = served.size;
    title = `Rows served per page (asked for ${pageSize})`;
    let first = served.rows;
    const zero = await client.searchPageAsSent('User', users, 0, 1).catch((error: unknown) => {
      if (noPageZero(error)) return [];
      throw error;
    });
    const base = zero.length > 0 && (first.length === 0 || zero[0].ID !== first[0].ID) ? 0 : first.length > 0 || zero.length > 0 ? 1 : undefined;
    addPageNumbering(base, report, add);
    if (base === 0) first = await client.searchPageAsSent('User', users, 0, pageSize);
    const next = (base ?? 1) + 1;
    if (first.length >= pageSize) {
      report.knowledge.servesWhole = pageSize;
      add({ check: 'page-cap', title, found: `${first.length} rows on page 1: pages of ${pageSize} are served whole`, status: 'as-expected', action: `A page shorter than ${pageSize} ends a search (saves one call per search).` });
      return;
    }
    if (first.length === 0) {
      add({ check: 'page-cap', title, found: 'the organisation has no users to page through', status: 'unknown', action: 'Every search ends only on an empty page (one extra call per search).' });
      return;
    }
    // Page 2 of the size served starts at the same row however OneFile counts its pages.
    const second = await client.searchPageAsSent('User', users, next, first.length);
    if (second.length > 0) {
      report.knowledge.pageCap = first.length;
      report.knowledge.pageSize = first.length;
      add({
        check: 'page-cap',
        title,
        found: `page 1 held ${first.length} rows and page 2 more: OneFile serves at most ${first.length} rows a page`,
        status: 'differs',
        action: `The importer asks for ${first.length} rows a page, and a shorter page ends a search. Without this a short page would have been taken for the end and existing learners for new ones.`,
      });
      return;
    }
    // Every row came in one page: OneFile serves at least that many a page, so a shorter page is an end.
    report.knowledge.servesWhole = first.length;
    add({
      check: 'page-cap',
      title,
      found: `all ${first.length} users of the organisation came in one page`,
      status: 'as-expected',
      action: `A page shorter than ${first.length} ends a search (saves one call per search).`,
    });
  } catch (error) {
    add({ check: 'page-cap', title, found: failedAnswer(error), status: 'failed', action: 'Paged searches failed: the directory cannot be read, so nothing can be planned. Contact OneFile support with this report.' });
  }
}

/**
 * Page 1 of the organisation's users at the size asked, or smaller where OneFile refuses
 * that size (the guides' 100, then the 50 seen in production) or answers it as an empty
 * search where a page of 50 holds users: as searches do (paging.ts), with a finding and the
 * largest page served kept for imports.
 */
async function firstPageServed(client: ProbeClient, users: object, sizeAsked: number, report: ProbeReport, add: Add): Promise<{ rows: UserRows; size: number }> {
  let size = sizeAsked;
  const refused: number[] = [];
  for (;;) {
    let rows: UserRows;
    try {
      rows = await client.searchPageAsSent('User', users, 1, size);
    } catch (error) {
      const smaller = smallerPageThan(size);
      if (smaller === undefined || !(error instanceof OneFileError && (error.kind === 'validation' || error.kind === 'unsupported'))) throw error;
      refused.push(size);
      size = smaller;
      continue;
    }
    let empty: number | undefined;
    if (rows.length === 0 && size > SEEN_PAGE_SIZE) {
      const again = await client.searchPageAsSent('User', users, 1, SEEN_PAGE_SIZE);
      if (again.length > 0) {
        empty = size;
        rows = again;
        size = SEEN_PAGE_SIZE;
      }
    }
    if (refused.length > 0 || empty !== undefined) {
      report.knowledge.largestPageSize = size;
      const not = [refused.length > 0 ? `pages of ${refused.join(' and ')} rows were refused` : '', empty !== undefined ? `a page of ${empty} came back empty` : ''].filter(Boolean);
      add({
        check: 'page-size',
        title: 'Largest page served',
        found: `${not.join(' and ')}; a page of ${size} held ${rows.length} users`,
        status: 'differs',
        action:
          `The importer asks for at most ${size} rows a page.` +
          (empty !== undefined ? ' Without this a search of learners would have come back empty, and every learner already in OneFile would have looked new.' : ''),
      });
    }
    return { rows, size };
  }
}

type UserRows = Awaited<ReturnType<ProbeClient['searchPageAsSent']>>;

/** The finding on how pages are numbered, and the knowledge it gives imports. */
function addPageNumbering(base: PageBase | undefined, report: ProbeReport, add: Add): void {
  const title = 'Page numbering';
  if (base === undefined) {
    add({ check: 'page-numbering', title, found: 'the organisation has no users to page through', status: 'unknown', action: 'A search whose first page is empty or full asks page 0 once, to find out.' });
    return;
  }
  report.knowledge.pageBase = base;
  if (base === 1) {
    add({ check: 'page-numbering', title, found: 'pages start at 1, as documented', status: 'as-expected', action: 'Every search starts at page 1.' });
    return;
  }
  add({
    check: 'page-numbering',
    title,
    found: 'pages start at 0: page 1 is the second page',
    status: 'differs',
    action: 'Every search starts at page 0. Without this the first rows of every search would have been missed, and existing learners taken for new ones.',
  });
}

/**
 * Unpaged searches (`POST {Entity}/Search`, documented to answer every match): the users
 * of the organisation in one call, N of them, then the paged search's row N+1 (a page of
 * one, under any page cap). A row there means the unpaged answer was cut short.
 */
export async function checkUnpagedSearch(client: ProbeClient, org: number, report: ProbeReport, add: Add): Promise<void> {
  const title = 'Unpaged searches (every match in one call, as documented)';
  try {
    const all = await client.searchAsSent('User', { OrganisationID: org });
    if (all.length === 0) {
      add({ check: 'unpaged-cap', title, found: 'the organisation has no users to count', status: 'unknown', action: 'Classes, placements, staff and standards are read in one call each; a name missing from one is read again page by page before it is called missing.' });
      return;
    }
    const next = await client.searchPageAsSent('User', { OrganisationID: org }, all.length + 1, 1);
    if (next.length > 0) {
      report.knowledge.unpagedSearch = 'capped';
      add({
        check: 'unpaged-cap',
        title,
        found: `the unpaged user search answered ${all.length} users, and the paged search holds more: unpaged searches are cut short`,
        status: 'differs',
        action: 'Every kind of record is read page by page (a few calls more). Without this, names past the first rows would have looked missing, and a class or placement asked to be created would have been created again.',
      });
      return;
    }
    report.knowledge.unpagedSeenWhole = { User: all.length };
    add({
      check: 'unpaged-cap',
      title,
      found: `all ${all.length} users of the organisation came in one call`,
      status: 'as-expected',
      action: `Classes, placements, staff and standards are read in one call each. An answer of a number of rows a limit could cut at (100, 500) is read again page by page, unless it is of staff and fewer than these ${all.length} users; a name missing from one is read again too, before it is called missing.`,
    });
  } catch (error) {
    if (error instanceof OneFileError && (error.kind === 'not-found' || error.kind === 'unsupported')) {
      report.knowledge.unpagedSearch = 'not-offered';
      add({
        check: 'unpaged-cap',
        title,
        found: `the unpaged user search is not offered here (${failedAnswer(error)})`,
        status: 'differs',
        action: 'Every kind of record is read page by page (a few calls more).',
      });
      return;
    }
    add({ check: 'unpaged-cap', title, found: failedAnswer(error), status: 'unknown', action: 'Kinds are read in one call each where OneFile allows; a name missing from one is read again page by page before it is called missing.' });
  }
}

/** Counting more pages would cost the probe more calls than it saves the first import (one). */
const MOST_PAGES_COUNTED = 2;
const UNCOUNTED = 'The first import reads the learners on to an empty page (one call more), and knows how many there are from then on.';

/**
 * The organisation's learners counted, where the probe measured a page size that ends
 * searches (`pageCap`, `servesWhole`): the import's learner search then takes a shorter
 * page for the end only once it has read as many (`listSizes`, `knownRows` in paging.ts).
 * Without the count, a OneFile capping its pages between the probe and the first import at
 * a number no rule foresees (73) would end that search on its first page, and every learner
 * past it would look new and be created twice. Asked as the import asks (archived learners
 * included), pages of the size the import asks, ending on a page shorter than the cap just
 * measured; at most two pages, and where there are more the first import reads its learners
 * to an empty page instead (one call; download.ts). A user search ignoring the role counts
 * every user: more than the learners, which costs the first import one call, never a row.
 */
export async function countLearners(client: ProbeClient, org: number, pageSize: number, report: ProbeReport, add: Add): Promise<void> {
  const measured = report.knowledge.pageCap ?? report.knowledge.servesWhole;
  if (measured === undefined) return;
  const title = "The organisation's learners, counted";
  const size = Math.min(pageSize, measured);
  // A OneFile refusing the archived filter is read without it, as imports then read it.
  let archivedRefused = false;
  const archived = { refused: () => archivedRefused, seenRefused: () => void (archivedRefused = true) };
  const ids = new Set<string>();
  let ended = false;
  try {
    for (let page = 1; page <= MOST_PAGES_COUNTED && !ended; page++) {
      const rows = await askTakingArchivedRefusal({ OrganisationID: org, Role: 1, IncludeArchived: true }, archived, (filter) => client.searchPageAsSent('User', filter, page, size));
      for (const row of rows) ids.add(JSON.stringify(row.ID));
      ended = rows.length < size;
    }
  } catch (error) {
    add({ check: 'learner-count', title, found: failedAnswer(error), status: 'unknown', action: UNCOUNTED });
    return;
  }
  if (!ended) {
    add({ check: 'learner-count', title, found: `${ids.size} learners or more: not counted (it would cost more calls than the one it saves)`, status: 'unknown', action: UNCOUNTED });
    return;
  }
  report.knowledge.listSizes = { [`${org}:learners`]: ids.size };
  add({
    check: 'learner-count',
    title,
    found: `${ids.size} learners`,
    status: 'as-expected',
    action: `A page shorter than ${measured} ends a learner search only once ${ids.size} learners have come, so a page cap set after this probe cannot make existing learners look new.`,
  });
}
