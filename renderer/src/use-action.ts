import { useCallback, useRef, useState } from 'react';
import { errorMessage } from './format';

/**
 * Runs a call to the session with a busy flag and the error kept for an inline alert
 * (an error a user sees says what happened and what to do; it does not vanish).
 *
 * `latestOnly`: a call replaces one still under way (something asked for afresh, as a plan
 * made again with another setting): the action stays busy until the latest call ends, and
 * only that call's error or answer counts; an earlier call gives undefined, whatever it
 * ended with (its answer is out of date, its error, a Stop, about what was replaced).
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>, { latestOnly = false } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(action);
  latest.current = action;
  const calls = useRef(0);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      const call = ++calls.current;
      const counts = () => !latestOnly || call === calls.current;
      setBusy(true);
      setError(null);
      try {
        const answer = await latest.current(...args);
        return counts() ? answer : undefined;
      } catch (caught) {
        if (counts()) setError(errorMessage(caught));
        return undefined;
      } finally {
        if (counts()) setBusy(false);
      }
    },
    [latestOnly],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, busy, error, clearError };
}
