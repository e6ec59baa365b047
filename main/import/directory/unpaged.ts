import type { OneFileClient } from '../../onefile/client';
import { OneFileError } from '../../onefile/errors';
import type { UnpagedEntity } from '../../onefile/knowledge';
import { mayBeACap } from '../../onefile/paging';
import type { ListedKind } from './types';

/** Answers that mean "OneFile will not do this" (a search not offered, or not with that filter), as against "try again later": another way to read it, not a failed directory. */
const SEARCH_REFUSALS: ReadonlySet<string> = new Set(['validation', 'not-found', 'unsupported', 'bad-response']);

/** Whether an error is OneFile refusing a search (see SEARCH_REFUSALS), not failing it. */
export function isSearchRefusal(error: unknown): error is OneFileError {
  return error instanceof OneFileError && SEARCH_REFUSALS.has(error.kind);
}

/**
 * Whether an unpaged answer of this many rows may be a cut: a server with a default
 * limit on unbounded queries answers exactly that limit, silently, and limits are set at
 * round numbers, as page caps are (`mayBeACap`). An answer of fewer rows than one seen
 * answered whole here (`seenWhole`: the cut, if any, is at least that) is whole; so is
 * any other number of rows, as far as can be known without a call. A cut at another
 * number is found by the probe, or by a name missing from the answer (download.ts,
 * `confirmListedMisses`).
 */
export function mayBeCutShort(rows: number, seenWhole: number | undefined): boolean {
  return rows >= (seenWhole ?? 0) && mayBeACap(rows);
}

/** The kind of record a listed kind's unpaged search reads. */
export function entityOf(kind: ListedKind): UnpagedEntity {
  const entities = { classrooms: 'Classroom', placements: 'Placement', standards: 'Standard', units: 'Unit', templates: 'FrameworkTemplate' } as const;
  return kind.startsWith('staff-') ? 'User' : entities[kind as keyof typeof entities];
}

type UnpagedClient = Partial<Pick<OneFileClient, 'unpagedSearchSeen' | 'unpagedSeenWhole' | 'unpagedAnsweredWhole'>>;

export interface UnpagedRead<T> {
  rows: T[];
  /** The rows came page by page (to the page that ends the search), whole whatever the unpaged search does. */
  paged: boolean;
  /** The unpaged search was refused or cut short here: every kind is read page by page from now on. */
  pagesFromNow: boolean;
}

/**
 * The unpaged search's rows. Where OneFile refuses it, the same rows page by page, and
 * (once the pages answer: refused both ways, it is the filter, not the route) the
 * environment remembers that unpaged searches are not offered. Where it answers a number
 * of rows a default limit would cut at (`mayBeCutShort`), the rows page by page too: more
 * there, and the environment remembers that its unpaged searches are cut short; as many,
 * and it remembers that answers of fewer rows are whole. Two records of one name either
 * side of a cut would otherwise be taken as one, the first, and a learner given the wrong
 * class, placement or assessor without a word.
 */
export async function unpagedOrPages<T>(
  client: UnpagedClient,
  entity: UnpagedEntity,
  list: () => Promise<T[]>,
  pages: () => Promise<T[]>,
): Promise<UnpagedRead<T>> {
  let rows: T[];
  try {
    rows = await list();
  } catch (error) {
    if (!isSearchRefusal(error)) throw error;
    const paged = await pages();
    client.unpagedSearchSeen?.('not-offered');
    return { rows: paged, paged: true, pagesFromNow: true };
  }
  return (await pagesWhereCut(client, entity, rows, pages)) ?? { rows, paged: false, pagesFromNow: false };
}

/**
 * After an unpaged answer of a number of rows a default limit would cut at
 * (`mayBeCutShort`), the same rows page by page: more there, and the environment
 * remembers that its unpaged searches are cut short; as many, and it remembers that
 * answers of fewer rows are whole (of this kind: a limit may be set on one search and not
 * another). Undefined where the answer is believed as it is, or where `pages` gives none
 * (a paged route OneFile refuses).
 */
export async function pagesWhereCut<T>(client: UnpagedClient, entity: UnpagedEntity, rows: readonly T[], pages: () => Promise<T[] | undefined>): Promise<UnpagedRead<T> | undefined> {
  if (!mayBeCutShort(rows.length, client.unpagedSeenWhole?.(entity))) return undefined;
  const paged = await pages();
  if (paged === undefined) return undefined;
  if (paged.length > rows.length) {
    client.unpagedSearchSeen?.('capped');
    return { rows: paged, paged: true, pagesFromNow: true };
  }
  client.unpagedAnsweredWhole?.(entity, rows.length);
  return { rows: paged, paged: true, pagesFromNow: false };
}
