import type { ServiceClient } from '../../shared/contract';
import type { MappingView, RowsPage } from '../../shared/contract-types';
import { PAGE_SIZE } from './components/use-row-pages';

/** What the Review screen asks for before anything else: its columns and the grid's first rows. */
export interface ReviewOpening {
  mapping: Promise<MappingView>;
  firstPage: Promise<RowsPage>;
}

let asked: ReviewOpening | null = null;

function ask(client: ServiceClient): ReviewOpening {
  const opening = { mapping: client.getMapping(), firstPage: client.getRows({ offset: 0, limit: PAGE_SIZE, filter: 'all' }) };
  // Whoever takes them reports a failure; none is left unhandled meanwhile.
  opening.mapping.catch(() => undefined);
  opening.firstPage.catch(() => undefined);
  return opening;
}

/**
 * Asks Review's first questions as "Continue to review" is pressed, so their answers
 * are on their way while the screen changes (taking down Map and putting up Review is
 * a good part of the time before the first rows show). The mapping is final by then.
 */
export function openReviewEarly(client: ServiceClient): void {
  asked = ask(client);
}

/** The answers asked for on the way in, or asked for now (Review reached another way: Back, a reload). */
export function reviewOpening(client: ServiceClient): ReviewOpening {
  const opening = asked ?? ask(client);
  asked = null;
  return opening;
}
