import { afterEach, describe, expect, it } from 'vitest';
import { createOneFileClient } from '../../main/onefile';
import { answer, startScriptedServer, type Script, type ScriptedServer } from './scripted-server';

/**
 * `POST Classroom` and `POST Placement` ("also present" in the guides; the importer
 * creates a class or placement a person asked for): the body sent, the answer checked
 * for its ID, and each way OneFile may refuse said as docs/onefile-assumptions.md says.
 */

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function clientFor(script: Script) {
  const onefile = await startScriptedServer(script);
  servers.push(onefile);
  const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: 'customer-token-places', retry: { attempts: 1, baseDelayMs: 1 } });
  return { onefile, client };
}

describe('creating a class or a placement', () => {
  it('sends the organisation and the name, and returns the record OneFile answers with', async () => {
    const { onefile, client } = await clientFor((req, res) => answer(res, 200, { ID: '31001', Name: JSON.parse(req.body).Name, MISID: null }));
    await expect(client.createPlacement({ OrganisationID: 5740, Name: 'Tesco - York' })).resolves.toMatchObject({ ID: 31001, Name: 'Tesco - York' });
    await expect(client.createClassroom({ OrganisationID: 5740, Name: 'Business Admin L4' })).resolves.toMatchObject({ ID: 31001 });
    expect(onefile.calls().map((c) => [c.method, c.path, JSON.parse(c.body)])).toEqual([
      ['POST', 'Placement', { OrganisationID: 5740, Name: 'Tesco - York' }],
      ['POST', 'Classroom', { OrganisationID: 5740, Name: 'Business Admin L4' }],
    ]);
  });

  it('says the name may have been created when the answer has no ID, or OneFile failed inside', async () => {
    const scripts: Script[] = [(_req, res) => answer(res, 200, { Name: 'Tesco - York' }), (_req, res) => answer(res, 500)];
    for (const script of scripts) {
      const { client } = await clientFor(script);
      const error = await client.createPlacement({ OrganisationID: 5740, Name: 'Tesco - York' }).catch((e) => e);
      expect(error).toMatchObject({ endpoint: 'POST Placement', mayHaveApplied: true });
    }
  });

  it('says a refused name is the value to correct, and a missing call is not offered here', async () => {
    const refused = await clientFor((_req, res) => answer(res, 400, { code: -20, message: 'Name too long' }));
    const error = await refused.client.createClassroom({ OrganisationID: 5740, Name: 'x'.repeat(300) }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'validation', endpoint: 'POST Classroom', code: -20, mayHaveApplied: false });
    expect(error.message).toMatch(/Correct the value it names/);

    const missing = await clientFor((_req, res) => answer(res, 405));
    const unsupported = await missing.client.createPlacement({ OrganisationID: 5740, Name: 'Tesco - York' }).catch((e) => e);
    expect(unsupported).toMatchObject({ kind: 'unsupported', endpoint: 'POST Placement', mayHaveApplied: false });
    expect(unsupported.message).toMatch(/OneFile does not offer POST Placement here/);
  });
});
