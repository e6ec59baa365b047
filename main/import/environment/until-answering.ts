import { isMetByEveryTry, OneFileError } from '../../onefile';
import { nextLookMs, OUTAGE_TIMING, wentUnanswered, type OneFileUnanswered, type OutageTiming } from '../run/outage';

/**
 * OneFile not answering before a run has sent anything: signing in, reading the
 * organisation's directory or making the plan (a maintenance window at the hour a weekly
 * import is scheduled). Nothing has been written, so all of it can simply be done again:
 * the reads are tried again after a wait that grows as a run's does (run/outage.ts, 5 s
 * doubling to a minute), until OneFile answers or has been silent for as long as a run
 * waits (30 minutes); then the import does not start, saying so. Only a failure that
 * says OneFile did not answer (no connection, a time-out, a 5xx, a web page in its place)
 * is waited out; any answer (a refused token, an unknown organisation) ends it at once, and
 * so does what every try meets again (an https:// address whose server does not speak a
 * secure connection, a certificate not trusted, a proxy's refusal).
 */

export interface WaitForOneFile {
  /** The waits (default a run's: OUTAGE_TIMING). */
  timing?: OutageTiming;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Told each time a try went unanswered (since when, the next try, the time allowed), and once OneFile answers again (null). */
  onWaiting?: (waiting: OneFileUnanswered | null) => void;
  /** What giving up means and what to do then (default: the import did not start; run the import again). */
  giveUpWords?: { outcome: string; next: string };
  /**
   * The address was given by hand (`--env https://...`), not one of OneFile's own: a host
   * name no one knows (ENOTFOUND) at the first try is a mistake in it, said at once, not a
   * silence to wait 30 minutes for. OneFile's own name not found is the network's trouble
   * (no DNS, a VPN down), waited out.
   */
  addressGivenByHand?: boolean;
}

/** What every try meets again (a secure connection that cannot be set up, a certificate not trusted, a proxy's refusal): said at once. */
function metByEveryTry(error: unknown): boolean {
  return error instanceof OneFileError && isMetByEveryTry(error.causeCode);
}

/** The host name is not known to this computer's network (getaddrinfo found no such name). */
function hostNameUnknown(error: unknown): boolean {
  return error instanceof OneFileError && (error.causeCode === 'ENOTFOUND' || error.causeCode === 'EAI_NONAME');
}

const IMPORT_WORDS = { outcome: 'the import did not start', next: 'run the import again' };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (reads only: it is done again whole) until OneFile answers it, waiting out a
 * silence as said above. The attempt may call `answered` as soon as OneFile has answered its
 * first call, so that OneFile's return is told then, before what the attempt goes on to say
 * (reading the directory, planning); otherwise it is told when the attempt has succeeded.
 */
export async function untilOneFileAnswers<T>(attempt: (answered: () => void) => Promise<T>, wait: WaitForOneFile | undefined): Promise<T> {
  if (!wait) return attempt(() => {});
  const timing = wait.timing ?? OUTAGE_TIMING;
  const now = wait.now ?? Date.now;
  const sleep = wait.sleep ?? realSleep;
  let since: number | undefined;
  // The return told for this silence (a silence again after it is told again, as is the next return).
  let told = false;
  const answered = () => {
    if (since === undefined || told) return;
    told = true;
    wait.onWaiting?.(null);
  };
  let delayMs = timing.firstLookMs;
  for (;;) {
    // Since the first try that went unanswered began (its own tries took a while).
    const tryStarted = now();
    try {
      const result = await attempt(answered);
      answered();
      return result;
    } catch (error) {
      if (!wentUnanswered(error) || metByEveryTry(error)) throw error;
      if (since === undefined && wait.addressGivenByHand && hostNameUnknown(error)) throw error;
      since ??= tryStarted;
      if (now() + delayMs - since > timing.giveUpMs) throw notAnswering(error as OneFileError, timing.giveUpMs, wait.giveUpWords ?? IMPORT_WORDS);
      told = false;
      wait.onWaiting?.({ since, nextLookInMs: delayMs, giveUpAfterMs: timing.giveUpMs });
      await sleep(delayMs);
      delayMs = nextLookMs(timing, delayMs);
    }
  }
}

function notAnswering(last: OneFileError, giveUpMs: number, words: { outcome: string; next: string }): OneFileError {
  const minutes = Math.max(1, Math.round(giveUpMs / 60_000));
  return new OneFileError({
    kind: last.kind,
    endpoint: last.endpoint,
    status: last.status,
    causeCode: last.causeCode,
    message:
      `OneFile has not answered for ${minutes} minute${minutes === 1 ? '' : 's'} (the last try: ${last.message.replace(/\s*Nothing was written\..*$/s, '').replace(/\.$/, '')}), ` +
      `so ${words.outcome}. Nothing was written. Check this computer's network and OneFile's service status, then ${words.next}.`,
  });
}
