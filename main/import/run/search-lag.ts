import type { OneFileClient } from '../../onefile';
import { changedByHtmlEncoding } from '../../onefile/schemas';
import { SEARCH_LOOKS_MS, type SearchLagContext } from './verify';

type Witness = ReturnType<SearchLagContext['witness']>;

/**
 * How far this OneFile's searches trail its writes, as the run's checks need it (verify.ts,
 * `untilShown`): what the client knows for the environment, and the run's latest
 * answered create, a witness a search can be asked for to show it is up to date.
 */
export class SearchLagWatch implements SearchLagContext {
  private latest: { sentAt: number; witness: NonNullable<Witness> } | undefined;

  constructor(
    private readonly client: Partial<Pick<OneFileClient, 'searchLagMs' | 'searchLagSeen'>>,
    /** The pauses between looks for a record a check's search did not show (tests shorten them). */
    readonly looksMs: readonly number[] = SEARCH_LOOKS_MS,
  ) {}

  lagMs(): number | undefined {
    return this.client.searchLagMs?.();
  }

  seen(ms: number): void {
    this.client.searchLagSeen?.(ms);
  }

  /** A create sent at `sentAt` (ms since the epoch) that OneFile answered with the new user's ID. */
  created(sentAt: number, userId: number, fields: Record<string, unknown>): void {
    // A witness is searched for by its key: one a OneFile could hold otherwise than sent would never show.
    const text = (value: unknown) => (typeof value === 'string' && value.trim() && !changedByHtmlEncoding(value) ? value.trim() : undefined);
    const misid = text(fields.MISID);
    const email = text(fields.Email);
    const filter = misid ? { MISID: misid } : email ? { Email: email } : undefined;
    if (!filter || (this.latest && this.latest.sentAt > sentAt)) return;
    this.latest = { sentAt, witness: { userId, filter } };
  }

  witness(failedAt: number | undefined): Witness {
    if (!this.latest || (failedAt !== undefined && this.latest.sentAt <= failedAt)) return undefined;
    return this.latest.witness;
  }
}
