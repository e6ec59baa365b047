import { useEffect, useState } from 'react';

/**
 * Re-renders once a second while `active`, and says how long since `since` changed: the
 * time since the latest figures arrived, so Elapsed and the countdowns move between them.
 */
export function useMillisecondsSince(since: unknown, active: boolean): number {
  const [receivedAt, setReceivedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setReceivedAt(Date.now()), [since]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? Math.max(0, now - receivedAt) : 0;
}
