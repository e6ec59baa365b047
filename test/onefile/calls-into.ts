import { RateLimiter } from '../../main/onefile';
import type { SentAs } from '../../main/onefile/limiter';
import { RateWindow } from '../../main/sandbox/rate-window';
import type { RateShape } from '../../main/sandbox/switches';
import type { VirtualTime } from './virtual-time';

export function limiterIn(time: VirtualTime, budget = 100, windowMs = 1000) {
  return new RateLimiter({ budget, windowMs, clock: time.clock, sleep: time.sleep });
}

/**
 * `calls` calls through the limiter into a OneFile admitting `limit` a window counted as
 * `shape` (the sandbox's own counting, no Retry-After) and, with `atOnce`, refusing a call
 * while that many others are being answered; `rows` at a time, each answered after
 * `latencyMs` and sent again on a 429 as the transport does (telling the limiter how many
 * were in flight when it was sent). When each 429 came.
 */
export async function callsInto(
  time: VirtualTime,
  limiter: RateLimiter,
  server: { limit: number; shape: RateShape; burst?: number; atOnce?: number },
  calls: number,
  rows = 8,
  latencyMs = 5,
) {
  const counting = new RateWindow();
  const refusals: number[] = [];
  let next = 0;
  let handling = 0;
  const row = async () => {
    while (next < calls) {
      next += 1;
      for (let consecutive = 1; ; consecutive += 1) {
        let sentAs: SentAs | undefined;
        const admitted = await limiter.run(
          async (sent) => {
            sentAs = sent;
            if (server.atOnce !== undefined && handling >= server.atOnce) return false;
            handling += 1;
            const at = time.now;
            await time.sleep(latencyMs);
            handling -= 1;
            return counting.admit(at, server.limit, limiter.windowMs, server.shape, server.burst).admitted;
          },
          { retry: consecutive > 1 },
        );
        if (admitted) break;
        refusals.push(time.now);
        limiter.backOff(undefined, Math.min(limiter.windowMs, 5 * 2 ** (consecutive - 1)), sentAs);
      }
    }
  };
  await time.drive(Promise.all(Array.from({ length: rows }, row)));
  return refusals;
}
