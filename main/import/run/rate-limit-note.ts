import { DEFAULT_BUDGET_PER_MINUTE } from '../../../shared/defaults';
import type { AtOnceNews, RateLimiter } from '../../onefile/limiter';

type Limiter = Pick<RateLimiter, 'stats' | 'budget' | 'configuredBudget' | 'takePacingNews' | 'takeAdmittedNews'> & Partial<Pick<RateLimiter, 'takeAtOnceNews'>>;

/**
 * What a run met of OneFile's rate limit, said when it ends (the command line prints the
 * run's message, the app shows it): that this OneFile was found refusing a burst (so calls
 * are now paced evenly; said by the first run to end after it was found, which may have
 * been while its directory was read), that it admits fewer calls a minute than the budget
 * set (so calls now go at what it admits), how many of the run's calls OneFile refused
 * with 429, and, with a budget above the documented 100 a minute still refused, what to
 * lower. Nothing when nothing was refused.
 */
export class RateLimitNote {
  private readonly refusedBefore: number;

  constructor(private readonly limiter: Limiter | undefined) {
    this.refusedBefore = limiter?.stats().rateLimited ?? 0;
  }

  sentence(): string | undefined {
    if (!this.limiter) return undefined;
    const refused = this.limiter.stats().rateLimited - this.refusedBefore;
    const said: string[] = [];
    if (this.limiter.takePacingNews()) {
      said.push('OneFile refused a burst of calls its minute had room for, so calls to it are now sent evenly spaced (remembered for this OneFile).');
    }
    const atOnce = this.limiter.takeAtOnceNews?.();
    if (atOnce) said.push(atOnceSentence(atOnce));
    const admitted = this.limiter.takeAdmittedNews();
    if (admitted !== undefined) {
      said.push(
        `OneFile admitted only about ${admitted} calls a minute, not the ${this.limiter.configuredBudget} set, so calls to it are now sent at ${admitted} a minute ` +
          `(remembered for this OneFile while the setting stays at ${this.limiter.configuredBudget}; set the calls a minute to ${admitted}, or --budget ${admitted} on the command line, to say so yourself).`,
      );
    }
    if (refused > 0) {
      const why = atOnce?.status === 429 ? 'with HTTP 429, over its rate limit or sent beside too many others' : 'as over its rate limit';
      said.push(`OneFile refused ${refused === 1 ? 'one call' : `${refused} calls`} of this run ${why} (a refused call is not done: the importer waited and sent it again).`);
      if (admitted === undefined && this.limiter.budget > DEFAULT_BUDGET_PER_MINUTE) {
        said.push(`If it goes on refusing, lower the calls a minute from ${this.limiter.budget} to ${DEFAULT_BUDGET_PER_MINUTE}, the limit OneFile documents.`);
      }
    }
    return said.length > 0 ? said.join(' ') : undefined;
  }
}

/** Why calls went fewer at once, and what it cost. */
function atOnceSentence({ atOnce, status }: AtOnceNews): string {
  const since = atOnce === 1 ? 'from then on calls were sent one at a time' : `from then on at most ${atOnce} calls were sent at once`;
  if (status === 403) {
    return (
      'OneFile refused a call with HTTP 403 although the customer token had worked, as some OneFiles (or gateways before them) refuse calls sent while others are being answered, ' +
      `so ${since} (slower; a refused call was signed in again and sent again). The next import tries several at once again.`
    );
  }
  const redone = status === 429 ? 'a refused call is not done, and was sent again' : 'a call so refused was sent again, a change first looked for in OneFile in case it was made';
  return (
    `OneFile answered HTTP ${status} to a call sent while others were being answered, as a OneFile (or a gateway before it) that handles only so many calls at once does, ` +
    `so ${since}, one more tried again after minutes without such a refusal (${redone}). The next import starts with more at once again.`
  );
}

/** The run's own message (a stop) and the rate limit's, in that order. */
export function runMessage(...parts: (string | undefined)[]): string | undefined {
  const said = parts.filter((part): part is string => Boolean(part));
  return said.length > 0 ? said.join(' ') : undefined;
}
