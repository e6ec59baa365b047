import { afterEach, describe, expect, it } from 'vitest';
import { collect, createOneFileClient, OneFileError } from '../../main/onefile';
import { answer, startScriptedServer, type Script, type ScriptedServer } from './scripted-server';

/**
 * What a user reads when OneFile answers unexpectedly: which call, what OneFile
 * answered, whether anything was written, and the next step. "Correct the value" only
 * where a value of the user's is at fault.
 */

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function clientFor(script: Script) {
  const onefile = await startScriptedServer(script);
  servers.push(onefile);
  const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: 'customer-token-messages', retry: { attempts: 2, baseDelayMs: 1 } });
  return { onefile, client };
}

async function failure(promise: Promise<unknown>): Promise<OneFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OneFileError);
  return error as OneFileError;
}

const LEARNER = { OrganisationID: 5740, FirstName: 'Ann', LastName: 'Lee', Email: 'ann@example.com', Role: 1 };

describe("messages for OneFile's unexpected answers", () => {
  it('a refused learner names the call, what OneFile said and that nothing was written, and asks to correct the value', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 400, { Code: -57, Message: 'Placement not found' }));
    const error = await failure(client.createUser(LEARNER));
    expect(error).toMatchObject({ kind: 'validation', code: -57, endpoint: 'POST User', mayHaveApplied: false });
    expect(error.message).toBe('OneFile rejected POST User (HTTP 400, code -57: "Placement not found"). Nothing was written. Correct the value it names and try again.');
  });

  it('a refused read or assignment does not blame the user\'s values and points at the probe', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 400, { code: -1, message: 'Bad request' }));
    const search = await failure(collect(client.searchClassrooms({ OrganisationID: 5740 })));
    expect(search.message).not.toMatch(/Correct the value/);
    expect(search.message).toContain('OneFile rejected POST Classroom/Search/{page}/{size} (HTTP 400, code -1: "Bad request").');
    expect(search.message).toContain('no value of yours is at fault');
    expect(search.message).toContain('run the probe (onefile-import probe, or Check this OneFile on the Connect screen)');
    expect(search.message).toContain('contact OneFile support with this message');

    const assign = await failure(client.assignStandard(4001, 900));
    expect(assign.message).toContain('Nothing was written.');
    expect(assign.message).not.toMatch(/Correct the value/);
  });

  it('a refused staff assignment says which Assign path reading to try', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 400, { code: -111, message: 'User 5 is not a learner.' }));
    const error = await failure(client.assignUser(5, { LearnerID: 900, Level: 1 }));
    expect(error.message).toContain('this environment is set to staff-in-path');
    expect(error.message).toContain('set "Assign path" to learner-in-path for this environment (import --assign-path learner-in-path) and import the errors report again');
  });

  it('an internal error to a write says it may have been made and that the importer checks before sending again', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 500, { message: 'An error has occurred.' }));
    const error = await failure(client.assignStandard(4001, 900));
    expect(error).toMatchObject({ kind: 'server', mayHaveApplied: true });
    expect(error.message).toBe(
      'OneFile had an internal error answering POST Standard/{id}/Assign/{learnerId} (HTTP 500: "An error has occurred."). ' +
        'The change may or may not have been made: the importer checks OneFile before sending it again. If it keeps happening, try again later.',
    );
  });

  it('an internal error to a read says nothing was written and to try later', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 500, { message: 'An error has occurred.' }));
    const error = await failure(client.getCustomer());
    expect(error.message).toContain('Nothing was written. Try again later');
  });

  it('a 503 to a read says OneFile was unavailable (not an internal error), nothing was written, and to try later', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 503, { message: 'Too many concurrent requests.' }));
    const error = await failure(client.getCustomer());
    expect(error).toMatchObject({ kind: 'server', status: 503 });
    expect(error.message).toBe(
      'OneFile was unavailable for GET Customer (HTTP 503: "Too many concurrent requests."). Nothing was written. Try again later; if it keeps happening, run the probe (onefile-import probe).',
    );
  });

  it('a method OneFile does not offer is "not offered here", not a value to correct', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 405, { Message: "The requested resource does not support http method 'POST'." }));
    const error = await failure(client.archiveUser(900));
    expect(error).toMatchObject({ kind: 'unsupported', status: 405 });
    expect(error.message).toContain('OneFile does not offer POST User/{id}/Archive here (HTTP 405');
    expect(error.message).toContain('Nothing was written.');
    expect(error.message).not.toMatch(/Correct the value/);
  });

  it('an answer of the wrong shape says the API may differ and what to do', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 200, [{ Nope: true }]));
    const error = await failure(collect(client.searchPlacements({ OrganisationID: 5740 })));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain("OneFile's answer to POST Placement/Search/{page}/{size} was not in the expected shape");
    expect(error.message).toContain('run the probe (onefile-import probe) and contact OneFile support with this message');
  });

  it('a refused call that no guide documents is "not offered", never a bad customer token, and the import carries on', async () => {
    for (const status of [401, 403, 404, 405, 400, 500]) {
      const { client, onefile } = await clientFor((req, res) => {
        if (req.path.startsWith('FrameworkTemplate/')) return answer(res, status, { message: 'Denied' });
        answer(res, 200, { ID: 2070, Name: 'Example Beta Customer' });
      });
      await client.getCustomer();
      expect(await client.getFrameworkTemplate(801), `HTTP ${status}`).toBeNull();
      expect(client.templateContentsAvailability()).toBe('unavailable');
      // Not asked again in this environment, and the session is still good.
      expect(await client.getFrameworkTemplate(802)).toBeNull();
      await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
      const detailCalls = onefile.calls().filter((c) => c.path.startsWith('FrameworkTemplate/'));
      // A 401/403 may be an ended session: signed in again once, then taken as "not offered".
      expect(detailCalls).toHaveLength(status === 401 || status === 403 ? 2 : 1);
    }
  });

  it('only Authentication refusing the customer token says the token is wrong', async () => {
    const onefile = await startScriptedServer((_req, res) => answer(res, 401, { message: 'Authorization has been denied for this request.' }), { handleAuth: false });
    servers.push(onefile);
    const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: 'customer-token-messages', retry: { attempts: 1, baseDelayMs: 1 } });
    const error = await failure(client.getCustomer());
    expect(error).toMatchObject({ kind: 'auth', endpoint: 'POST Authentication' });
    expect(error.message).toContain('OneFile refused the customer token (HTTP 401 on POST Authentication).');
    expect(error.message).not.toContain('customer-token-messages');
  });
});
