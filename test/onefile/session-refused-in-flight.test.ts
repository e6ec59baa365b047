import { describe, expect, it } from 'vitest';
import { ApiCaller } from '../../main/onefile/caller';
import type { Exchange } from '../../main/onefile/http-exchange';
import { Session } from '../../main/onefile/session';
import type { Transport } from '../../main/onefile/transport';

/**
 * A fresh client's first calls, on its first session. OneFile may end that session as they
 * arrive (sessions ending every few calls, the sandbox's `expireSessionsEvery`). Before, they
 * went out together: one call's refusal came back at once while another was still on its
 * way, the refused call signed in again, was refused again, and two refusals of sessions no
 * call had been answered with were taken for a customer token that does not work (the import
 * stopped, "as if the session had ended, even just after signing in again"). Now a new session
 * carries one call until OneFile answers it (`Session.tokenToSend`): the second call waits for
 * the first's answer, and a refusal after that is of a session that worked.
 */
const EXPIRED: Exchange = { status: 400, headers: { 'content-type': 'application/json' }, text: JSON.stringify({ message: 'Session token expired.' }) };
const ROWS: Exchange = { status: 200, headers: { 'content-type': 'application/json' }, text: JSON.stringify([{ ID: 1, Name: 'BT - Manchester' }]) };

/** A transport the test answers: sign-ins give session-1, -2 ...; `answer` says how each call is answered. */
function scriptedTransport(answer: (route: string, token: string, nth: number) => Exchange | Promise<Exchange>) {
  const sent: string[] = [];
  let signIns = 0;
  const transport = {
    async send(request: { route: string; headers: Record<string, string> }): Promise<Exchange> {
      if (request.route.includes('Authentication')) {
        signIns += 1;
        sent.push(`sign-in ${signIns}`);
        return { status: 200, headers: {}, text: `session-${signIns}` };
      }
      const token = request.headers['X-TokenID'];
      sent.push(`${request.route} ${token}`);
      return answer(request.route, token, sent.filter((s) => s.startsWith(request.route)).length);
    },
    oneCallAtATime() {},
  } as unknown as Transport;
  return { transport, sent };
}

describe('a fresh session ended while its first calls are on their way', () => {
  it("sends the second call only once the first is answered, and takes a refusal after it for a session that ended", async () => {
    let answerClasses!: (exchange: Exchange) => void;
    const classesAnswered = new Promise<Exchange>((resolve) => (answerClasses = resolve));
    const { transport, sent } = scriptedTransport((route, _token, nth) => {
      if (route.startsWith('POST Classroom')) return classesAnswered;
      // The placements' search is refused twice (the session ended as it arrived, twice), then answered.
      return nth <= 2 ? EXPIRED : ROWS;
    });
    const session = new Session({ transport, customerToken: 'customer-token-in-flight', renewAfterMs: 3_600_000, clock: Date.now, redact: (text) => text });
    const caller = new ApiCaller(transport, session, (text) => text);
    const read = (route: string, path: string) => caller.call({ method: 'POST', route, path, body: {}, read: true });

    const classes = read('POST Classroom/Search', 'Classroom/Search');
    const placements = read('POST Placement/Search', 'Placement/Search').then(
      (answer) => answer.value,
      (error: unknown) => error,
    );
    // Every call so far sent: the placements' search waits for the classes' answer.
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual(['sign-in 1', 'POST Classroom/Search session-1']);
    answerClasses(ROWS);

    expect((await classes).value).toEqual([{ ID: 1, Name: 'BT - Manchester' }]);
    expect(await placements).toEqual([{ ID: 1, Name: 'BT - Manchester' }]);
    expect(sent.filter((s) => s.startsWith('POST Placement'))).toHaveLength(3);
  });

  it('still takes two fresh sessions refused, with nothing on its way, for a customer token that does not work', async () => {
    const { transport } = scriptedTransport(() => EXPIRED);
    const session = new Session({ transport, customerToken: 'customer-token-refused', renewAfterMs: 3_600_000, clock: Date.now, redact: (text) => text });
    const caller = new ApiCaller(transport, session, (text) => text);
    await expect(caller.call({ method: 'POST', route: 'POST Classroom/Search', path: 'Classroom/Search', body: {}, read: true })).rejects.toThrow(/as if the session had ended \(HTTP 400\), even just after signing in again/);
  });
});
