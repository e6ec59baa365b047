import { afterEach, describe, expect, it } from 'vitest';
import { createOneFileClient } from '../../main/onefile';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';

/**
 * Many calls at once against a OneFile ending every session every few calls (the sandbox's
 * `expireSessionsEvery`, which counts sign-ins too). Before, a new session was shared by
 * every call waiting for it at once; with 8 at once where sessions end every 9th call, the
 * sign-in and its 8 calls made 9, so every new session was ended by its own calls' arrival
 * before one of them was answered, and again, until each call gave up "as if the session
 * had ended, even just after signing in again" (seen on CI as a rare failure of an import
 * whose directory reads go out together). Now a new session carries one call alone until
 * OneFile answers it, then the rest.
 */

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

const WINDOW_MS = 100;

async function endingSessions(sessionRefusal: 400 | 401, expireSessionsEvery: number): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ seed: 1, sessionRefusal, expireSessionsEvery, windowMs: WINDOW_MS });
  running.push(sandbox);
  return sandbox;
}

/** Each search's own refusals, told apart by the customer it names. */
function mostRefusalsOfOneSearch(sandbox: RunningSandbox): number {
  const refusals = new Map<string, number>();
  for (const call of sandbox.calls.filter((c) => c.sessionRefused && c.route.startsWith('POST Organisation/Search'))) {
    const key = JSON.stringify(call.body);
    refusals.set(key, (refusals.get(key) ?? 0) + 1);
  }
  return Math.max(0, ...refusals.values());
}

describe('sessions ending under many calls at once', () => {
  for (const sessionRefusal of [400, 401] as const) {
    for (const [expireSessionsEvery, atOnce] of [[9, 8], [9, 16], [13, 12], [5, 4], [3, 2]] as const) {
      const nth = `${expireSessionsEvery}${expireSessionsEvery === 3 ? 'rd' : 'th'}`;
      it(`answers every one of ${atOnce} calls sent at once, round after round, where sessions end every ${nth} call (${sessionRefusal})`, async () => {
        const sandbox = await endingSessions(sessionRefusal, expireSessionsEvery);
        const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: WINDOW_MS });
        running.push(client);
        await client.getCustomer();
        // The rounds start at every place in the count of calls.
        for (let place = 0; place < expireSessionsEvery; place += 1) {
          for (let call = 0; call < place; call += 1) await client.getCustomer();
          for (let round = 0; round < 3; round += 1) {
            const answers = await Promise.allSettled(Array.from({ length: atOnce }, () => client.getCustomer()));
            expect(answers.filter((a) => a.status === 'rejected').map((a) => String((a as PromiseRejectedResult).reason))).toEqual([]);
          }
        }
        expect(sandbox.calls.some((c) => c.sessionRefused)).toBe(true);
      });
    }

    it(`keeps a call going through more than four sessions that carried others' calls and ended under it (${sessionRefusal})`, async () => {
      const sandbox = await endingSessions(sessionRefusal, 4);
      const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: WINDOW_MS });
      running.push(client);
      await client.getCustomer();
      const customers = Array.from({ length: 16 }, (_, i) => 9000 + i);
      const answers = await Promise.allSettled(customers.map((id) => client.searchOrganisations(id)));
      expect(answers.filter((a) => a.status === 'rejected').map((a) => String((a as PromiseRejectedResult).reason))).toEqual([]);
      // Past the four sign-ins after which a call refused at new sessions' first calls gives up.
      expect(mostRefusalsOfOneSearch(sandbox)).toBeGreaterThan(4);
    });
  }
});
