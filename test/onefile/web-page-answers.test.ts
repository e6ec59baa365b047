import { describe, expect, it } from 'vitest';
import { collect, OneFileError } from '../../main/onefile';
import { scriptedClients } from './scripted-server';

/**
 * A success status carrying a web page (a proxy's or a maintenance page in OneFile's
 * place): never a success. A write it answers may or may not have reached OneFile, so it
 * is checked before it is sent again; a read it answers wrote nothing.
 */

const clientFor = scriptedClients('customer-token-web-page');
const PAGE = '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>Back soon</body></html>';

async function client() {
  const { client } = await clientFor((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  return client;
}

describe('a web page answered with HTTP 200', () => {
  const writes: Array<[string, (c: Awaited<ReturnType<typeof client>>) => Promise<unknown>]> = [
    ['an update', (c) => c.updateUser(5, { MISID: 'X1' })],
    ['a staff assign', (c) => c.assignUser(12, { LearnerID: 5 })],
    ['a template assign', (c) => c.assignFrameworkTemplate(9, 5, false)],
    ['a create', (c) => c.createUser({ OrganisationID: 1, FirstName: 'A', LastName: 'B', Email: 'a.b@example.com', Role: 1 })],
    ['a standard assign', (c) => c.assignStandard(7, 5)],
  ];
  for (const [what, send] of writes) {
    it(`to ${what}: may or may not have been made, naming the page, never done`, async () => {
      const error = await send(await client()).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(OneFileError);
      expect(error).toMatchObject({ kind: 'bad-response', mayHaveApplied: true });
      expect((error as OneFileError).message).toMatch(/was a web page \("Service Unavailable"\), not OneFile's.*checks OneFile before sending it again/);
    });
  }

  it("to GET FrameworkTemplate/{id}, which no guide documents (a web app's fallback page): not offered here, contents unknown", async () => {
    const c = await client();
    expect(await c.getFrameworkTemplate(9)).toBeNull();
    expect(c.templateContentsAvailability()).toBe('unavailable');
  });

  it('to a search: nothing written, no rows taken from it', async () => {
    const error = await collect((await client()).searchUsers({ OrganisationID: 1, Role: 1 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'bad-response', mayHaveApplied: false });
    expect((error as OneFileError).message).toMatch(/Nothing was written/);
  });
});
