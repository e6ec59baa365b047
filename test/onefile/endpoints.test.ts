import { afterEach, describe, expect, it } from 'vitest';
import { collect, createOneFileClient, OneFileError, type ApiKnowledge } from '../../main/onefile';
import { mayBeACap } from '../../main/onefile/paging';
import { answer, startScriptedServer, type Script, type ScriptedServer } from './scripted-server';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A client of a OneFile whose pages are known to start at 1, as the guides have it (`unknown`: not known, checked). */
async function clientFor(script: Script, pageBase: 0 | 1 | 'unknown' = 1, known: ApiKnowledge = {}) {
  const onefile = await startScriptedServer(script);
  servers.push(onefile);
  const knowledge = pageBase === 'unknown' ? known : { pageBase, ...known };
  const client = createOneFileClient({ baseUrl: onefile.baseUrl, customerToken: 'customer-token-endpoints', retry: { attempts: 1, baseDelayMs: 1 }, knowledge });
  return { onefile, client };
}

const learners = Array.from({ length: 7 }, (_, i) => ({ ID: 100 + i, FirstName: `L${i}`, LastName: 'Smith', MISID: `M${i}` }));

/**
 * Pages `rows` as OneFile does for `Entity/Search/{page}/{size}`; with `cap`, at most
 * that many rows a page, page p starting at (p-1) x cap (`capped`) or at (p-1) x the
 * size asked (`requested`, which skips rows for a client that keeps asking for more).
 * `first`: the first page's number (0 plays a OneFile counting from 0; a page before it is a 400).
 */
function paged(rows: unknown[], empty: 'none' | 'array', cap?: { rows: number; offsets: 'capped' | 'requested' }, first: 0 | 1 = 1): Script {
  return (req, res) => {
    const match = /Search\/(\d+)\/(\d+)$/.exec(req.path);
    if (!match) return answer(res, 404);
    const [page, asked] = [Number(match[1]), Number(match[2])];
    if (page < first) return answer(res, 400, { code: -1, message: `Pages start at ${first}.` });
    const size = cap ? Math.min(asked, cap.rows) : asked;
    const start = (page - first) * (cap?.offsets === 'requested' ? asked : size);
    const slice = rows.slice(start, start + size);
    if (slice.length === 0) return empty === 'none' ? answer(res, 204) : answer(res, 200, []);
    answer(res, 200, slice);
  };
}

describe('paged searches', () => {
  it('reads pages from page 1 until an empty answer: a short page is not the end', async () => {
    const { client, onefile } = await clientFor(paged(learners, 'none'));
    const pages = [];
    for await (const page of client.searchUsers({ OrganisationID: 5740, Role: 1 }, { pageSize: 3 })) pages.push(page.map((u) => u.ID));
    expect(pages).toEqual([[100, 101, 102], [103, 104, 105], [106]]);
    expect(onefile.calls().map((c) => c.path)).toEqual(['User/Search/1/3', 'User/Search/2/3', 'User/Search/3/3', 'User/Search/4/3']);
    expect(JSON.parse(onefile.calls()[0].body)).toEqual({ OrganisationID: 5740, Role: 1 });
  });

  it('reads rows answered in an envelope ({Items, TotalCount}), and never takes an object with another list, or two lists, for no rows', async () => {
    const envelope = (body: unknown): Script => (req, res) => {
      const match = /Search\/(\d+)\/(\d+)$/.exec(req.path);
      if (match && Number(match[1]) > 1) return answer(res, 200, { items: [], totalCount: 7 });
      answer(res, 200, body);
    };
    const read = async (body: unknown) => collect((await clientFor(envelope(body))).client.searchUsers({ OrganisationID: 5740 }));
    expect((await read({ Items: learners, TotalCount: 7, Page: 1, PageSize: 100 })).map((u) => u.ID)).toEqual(learners.map((l) => l.ID));
    expect((await read({ data: learners.slice(0, 2) })).map((u) => u.ID)).toEqual([100, 101]);
    // An answer with no rows in a form not known is not "no learners": every learner would look new.
    await expect(read({ Errors: [] })).rejects.toThrow(OneFileError);
    await expect(read({ Items: [], Errors: [] })).rejects.toThrow(OneFileError);
  });

  const many = Array.from({ length: 130 }, (_, i) => ({ ID: 1000 + i, FirstName: `L${i}`, LastName: 'Jones', MISID: `X${i}` }));

  it('reads every row when the page asked for is larger than all the rows and the server counts pages in rows asked for', async () => {
    const { client } = await clientFor(paged(many, 'none', { rows: 50, offsets: 'requested' }));
    const users = await collect(client.searchUsers({}, { pageSize: 500 }));
    expect(users).toHaveLength(130);
  });

  for (const offsets of ['capped', 'requested'] as const) {
    it(`reads every row from a server that serves at most 50 a page when asked for 100 (pages start ${offsets === 'capped' ? 'after the rows served' : 'after the rows asked for'})`, async () => {
      const { client, onefile } = await clientFor(paged(many, 'none', { rows: 50, offsets }));
      const users = await collect(client.searchUsers({ OrganisationID: 5740, Role: 1 }, { pageSize: 100 }));
      expect(users.map((u) => u.ID)).toEqual(many.map((u) => u.ID));
      // Page 1 short: the rest asked for at the 50 served, which reads page 2 from row 51 either way; the cap is learned.
      expect(onefile.calls().map((c) => c.path)).toEqual(['User/Search/1/100', 'User/Search/2/50', 'User/Search/3/50', 'User/Search/4/50']);
      // Later searches ask for the learned size straight away.
      await collect(client.searchUsers({ OrganisationID: 5740, Role: 5 }));
      expect(onefile.calls().at(-1)!.path).toMatch(/\/50$/);
    });
  }

  it('ends at a page shorter than the cap the probe measured, and not before', async () => {
    const { client, onefile } = await clientFor(paged([...many, ...many.slice(0, 3).map((u) => ({ ...u, ID: u.ID + 500 }))], 'none', { rows: 50, offsets: 'capped' }));
    const users = await collect(client.searchUsers({}, { pageSize: 100, pageCap: 50 }));
    expect(users).toHaveLength(133);
    expect(onefile.calls().map((c) => c.path)).toEqual(['User/Search/1/50', 'User/Search/2/50', 'User/Search/3/50']);
  });

  it('does not end at a short page whose length may be a cap set since the probe measured more: every row of a OneFile now serving 30 a page', async () => {
    const { client, onefile } = await clientFor(paged(many, 'none', { rows: 30, offsets: 'capped' }), 1, { pageCap: 50, pageSize: 50 });
    const users = await collect(client.searchUsers({}, { pageSize: 100 }));
    expect(users).toHaveLength(130);
    expect(onefile.calls().map((c) => c.path)).toEqual(['User/Search/1/50', 'User/Search/2/30', 'User/Search/3/30', 'User/Search/4/30', 'User/Search/5/30', 'User/Search/6/30']);
    // The measurement is out of date: dropped for later searches.
    expect(client.knowledge()).toMatchObject({ pagesShorterSinceProbe: 30 });
    expect(client.knowledge().pageCap).toBeUndefined();
  });

  it('does not end at a short page of any length while fewer rows have come than the search held when last read whole', async () => {
    // 130 users served 37 a page (no round number) under a measured 50: the list held 130 last time.
    const { client, onefile } = await clientFor(paged(many, 'none', { rows: 37, offsets: 'capped' }), 1, { pageCap: 50, pageSize: 50 });
    expect(await collect(client.searchUsers({}, { knownRows: 130 }))).toHaveLength(130);
    expect(onefile.calls().map((c) => c.path)).toEqual(['User/Search/1/50', 'User/Search/2/37', 'User/Search/3/37', 'User/Search/4/37', 'User/Search/5/37']);
    // Once as many have come as it held, a short page under the measurement ends it again.
    const more = [...many, ...many.slice(0, 3).map((u) => ({ ...u, ID: u.ID + 500 }))];
    const again = await clientFor(paged(more, 'none', { rows: 50, offsets: 'capped' }), 1, { pageCap: 50, pageSize: 50 });
    expect(await collect(again.client.searchUsers({}, { knownRows: 133 }))).toHaveLength(133);
    expect(again.onefile.calls()).toHaveLength(3);
  });

  it('learns a cap met without a measurement as before: nothing to drop, nothing said', async () => {
    const { client } = await clientFor(paged(many, 'none', { rows: 30, offsets: 'capped' }));
    expect(await collect(client.searchUsers({}, { pageSize: 100 }))).toHaveLength(130);
    expect(client.knowledge()).toMatchObject({ learnedPageCap: 30 });
    expect(client.knowledge().pagesShorterSinceProbe).toBeUndefined();
  });

  it('takes round lengths and powers of two for possible caps, and nothing under 10', () => {
    expect([10, 25, 30, 50, 64, 100, 128, 250, 256, 500].every(mayBeACap)).toBe(true);
    expect([1, 5, 8, 9, 11, 33, 49, 63, 99, 416, 422].some(mayBeACap)).toBe(false);
  });

  it('says a search that failed part-way is incomplete, so nothing is planned from it', async () => {
    let calls = 0;
    const { client } = await clientFor((req, res) => {
      calls += 1;
      if (calls === 1) return answer(res, 200, learners.slice(0, 3));
      answer(res, 400, { code: -1, message: 'Something else' });
    });
    const error = await collect(client.searchUsers({}, { pageSize: 3 })).catch((e) => e);
    expect(error).toBeInstanceOf(OneFileError);
    expect(error.message).toMatch(/stopped at page 2 after 3 rows, so the list is incomplete: nothing is planned or written from it/);
  });

  it('stops at 204 No Content or an empty array after full pages', async () => {
    for (const empty of ['none', 'array'] as const) {
      const { client, onefile } = await clientFor(paged(learners.slice(0, 6), empty));
      const users = await collect(client.searchUsers({}, { pageSize: 3 }));
      expect(users.map((u) => u.ID)).toEqual([100, 101, 102, 103, 104, 105]);
      // Two full pages, then the empty one asked twice (a stray empty answer would end the list early: stray-empty.test.ts).
      expect(onefile.calls()).toHaveLength(4);
      expect(onefile.calls()[2].path).toBe(onefile.calls()[3].path);
    }
    const nothing = await clientFor(paged([], 'none'));
    expect(await collect(nothing.client.searchPlacements({ Name: 'Nowhere' }))).toEqual([]);
    expect(nothing.onefile.calls()).toHaveLength(1);
  });

  it('refuses a server that answers every page with the same rows', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 200, learners.slice(0, 3)));
    const error = await collect(client.searchUsers({}, { pageSize: 3 })).catch((e) => e);
    expect(error).toMatchObject({ kind: 'bad-response', endpoint: 'POST User/Search/{page}/{size}' });
  });

  it('reads framework templates from the unpaged search, once', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 200, [{ ID: 9, Name: 'Business Admin L3', OrganisationID: 5740, Standards: [] }]));
    const templates = await collect(client.searchFrameworkTemplates({ OrganisationID: 5740 }));
    expect(templates).toEqual([{ ID: 9, Name: 'Business Admin L3', OrganisationID: 5740, Standards: [] }]);
    expect(onefile.calls().map((c) => c.path)).toEqual(['FrameworkTemplate/Search']);
  });
});

describe('records and their shapes', () => {
  it('keeps unit IDs as text, numeric ones included, and accepts null optional values', async () => {
    const { client } = await clientFor((req, res) =>
      req.path.includes('/Search/1/')
        ? answer(res, 200, [
            { ID: 'KS_COMM1', Title: 'Communication', StandardID: 3, Extra: 'kept' },
            { ID: 5501, Title: 'Finance', StandardID: null },
          ])
        : answer(res, 204),
    );
    const units = await collect(client.searchUnits({ StandardID: 3 }, { pageSize: 10 }));
    expect(units.map((u) => u.ID)).toEqual(['KS_COMM1', '5501']);
    expect(units[1].StandardID).toBeUndefined();
    expect(units[0].Extra).toBe('kept');
  });

  it('reads JSON sent as text/plain', async () => {
    const { client } = await clientFor((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('{"ID":2070,"Name":"Example Beta Customer"}'));
    await expect(client.getCustomer()).resolves.toMatchObject({ ID: 2070 });
  });

  it('names the endpoint when an answer is not JSON or not the expected shape', async () => {
    const broken = await clientFor((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>'));
    const notJson = await broken.client.getUser(5).catch((e) => e);
    expect(notJson).toBeInstanceOf(OneFileError);
    expect(notJson).toMatchObject({ kind: 'bad-response', endpoint: 'GET User/{id}' });
    expect(notJson.message).toMatch(/answer to GET User\/\{id\} was a web page, not OneFile's/);
    const text = await clientFor((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('Service Unavailable'));
    const notJsonText = await text.client.getUser(5).catch((e) => e);
    expect(notJsonText).toMatchObject({ kind: 'bad-response', endpoint: 'GET User/{id}' });
    expect(notJsonText.message).toMatch(/answer to GET User\/\{id\} was not JSON/);

    const wrong = await clientFor((_req, res) => answer(res, 200, { Id: 'x', FirstName: 4 }));
    const shape = await wrong.client.getUser(5).catch((e) => e);
    expect(shape).toMatchObject({ kind: 'bad-response', endpoint: 'GET User/{id}', mayHaveApplied: false });
    expect(shape.message).toMatch(/not in the expected shape \(ID:/);
  });

  it('says a created user may exist when the answer to POST User cannot be read', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 204));
    const error = await client
      .createUser({ OrganisationID: 5740, FirstName: 'A', LastName: 'B', Email: 'a@b.org', Role: 1 })
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'bad-response', endpoint: 'POST User', mayHaveApplied: true });
  });

  it('reports a missing record as not found', async () => {
    const { client } = await clientFor((_req, res) => answer(res, 404));
    for (const lookup of [() => client.getClassroom(1), () => client.getPlacement(2), () => client.getStandard(3), () => client.getUnit('KS_COMM1')]) {
      await expect(lookup()).rejects.toMatchObject({ kind: 'not-found', status: 404 });
    }
  });

  it("reports OneFile's validation code and message", async () => {
    const { client } = await clientFor((_req, res) => answer(res, 400, { code: -57, message: 'Placement not found' }));
    const error = await client.updateUser(12, { PlacementID: 999 }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'validation', endpoint: 'POST User/{id}', status: 400, code: -57, oneFileMessage: 'Placement not found' });
    expect(error.message).toMatch(/code -57.*Placement not found/);
  });
});

describe('page numbering (pages start at 1 [doc, seen]; a OneFile counting from 0 checked once)', () => {
  const rows = Array.from({ length: 23 }, (_, i) => ({ ID: 500 + i, FirstName: `P${i}`, LastName: 'Paged', MISID: `P${i}` }));
  const idsOf = (list: { ID: number }[]) => list.map((u) => u.ID);
  const paths = (onefile: ScriptedServer) => onefile.calls().map((c) => c.path);

  it('a short first page followed by an empty one proves pages start at 1: no call more, and it is remembered', async () => {
    const { client, onefile } = await clientFor(paged(rows.slice(0, 7), 'none'), 'unknown');
    expect(idsOf(await collect(client.searchUsers({}, { pageSize: 10 })))).toEqual(idsOf(rows.slice(0, 7)));
    expect(paths(onefile)).toEqual(['User/Search/1/10', 'User/Search/2/7']);
    expect(client.knowledge().pageBase).toBe(1);
  });

  it('an empty or full first page asks page 0 once; refused there, pages start at 1, and later searches ask it no more', async () => {
    const { client, onefile } = await clientFor(paged(rows, 'none'), 'unknown');
    expect(idsOf(await collect(client.searchUsers({}, { pageSize: 10 })))).toEqual(idsOf(rows));
    expect(paths(onefile)).toEqual(['User/Search/1/10', 'User/Search/0/10', 'User/Search/2/10', 'User/Search/3/10', 'User/Search/4/10']);
    expect(client.knowledge().pageBase).toBe(1);
    const before = onefile.calls().length;
    await collect(client.searchUsers({ MISID: 'nobody' }, { pageSize: 10 }));
    expect(paths(onefile).slice(before).filter((p) => p.includes('/0/'))).toEqual([]);
  });

  it('a OneFile answering page 0 as page 1 (the same rows) starts at 1: every row once', async () => {
    const clamped: Script = (req, res) => {
      const match = /Search\/(\d+)\/(\d+)$/.exec(req.path)!;
      const [page, size] = [Math.max(1, Number(match[1])), Number(match[2])];
      const slice = rows.slice((page - 1) * size, page * size);
      return slice.length === 0 ? answer(res, 204) : answer(res, 200, slice);
    };
    const { client } = await clientFor(clamped, 'unknown');
    expect(idsOf(await collect(client.searchUsers({}, { pageSize: 10 })))).toEqual(idsOf(rows));
    expect(client.knowledge().pageBase).toBe(1);
  });

  for (const [what, count, size] of [
    ['fewer rows than a page (page 1 empty)', 7, 10],
    ['more rows than two pages (page 1 full)', 23, 10],
    ['between one and two pages (page 1 short, page 2 not empty)', 23, 15],
  ] as const) {
    it(`a OneFile counting pages from 0, ${what}: read from page 0, every row once, and remembered`, async () => {
      const { client, onefile } = await clientFor(paged(rows.slice(0, count), 'none', undefined, 0), 'unknown');
      const read = await collect(client.searchUsers({}, { pageSize: size }));
      expect(idsOf(read).sort()).toEqual(idsOf(rows.slice(0, count)));
      expect(read).toHaveLength(count);
      expect(client.knowledge().pageBase).toBe(0);
      // The next search starts at page 0 at once.
      const before = onefile.calls().length;
      await collect(client.searchUsers({ Role: 1 }, { pageSize: size }));
      expect(paths(onefile)[before]).toBe(`User/Search/0/${size}`);
    });
  }

  it('a OneFile counting from 0, with at most 5 rows a page served: every row once', async () => {
    const { client } = await clientFor(paged(rows, 'none', { rows: 5, offsets: 'capped' }, 0), 'unknown');
    const read = await collect(client.searchUsers({}, { pageSize: 10 }));
    expect(idsOf(read).sort()).toEqual(idsOf(rows));
    expect(client.knowledge().pageBase).toBe(0);
  });
});

describe('writes', () => {
  it('sends calendar dates as midnight UTC and returns the created user', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 200, { ID: 777, Username: 'ada.l', FirstName: 'Ada', LastName: 'L' }));
    const user = await client.createUser({
      OrganisationID: 5740,
      FirstName: 'Ada',
      LastName: 'L',
      Email: 'ada@example.org',
      Role: 1,
      DOB: '2001-03-04',
      StartOn: new Date(Date.UTC(2024, 8, 1)),
      DefaultAssessorID: 12,
    });
    expect(user).toMatchObject({ ID: 777, Username: 'ada.l' });
    const body = JSON.parse(onefile.calls()[0].body);
    expect(body).toMatchObject({ DOB: '2001-03-04T00:00:00.000Z', StartOn: '2024-09-01T00:00:00.000Z', DefaultAssessorID: 12 });
  });

  it('sends a timestamp filter as its UTC instant', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 204));
    await collect(client.searchUsers({ OrganisationID: 5740, LastModified: '2025-06-01T10:00:00+01:00' }));
    expect(JSON.parse(onefile.calls()[0].body)).toEqual({ OrganisationID: 5740, LastModified: '2025-06-01T09:00:00.000Z' });
    await expect(collect(client.searchUsers({ LastModified: '2025-06-01 10:00' }))).rejects.toMatchObject({ kind: 'validation' });
    expect(onefile.calls()).toHaveLength(1);
  });

  it('refuses an impossible date before calling OneFile', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 204));
    await expect(client.updateUser(5, { DOB: '2001-02-30' })).rejects.toMatchObject({ kind: 'validation', endpoint: 'POST User/{id}' });
    expect(onefile.received).toHaveLength(0);
  });

  it('sends only the changed fields of an update, and nothing when nothing changed', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 204));
    await client.updateUser(5, { MISID: 'NEW1', ULN: undefined });
    await client.updateUser(5, {});
    expect(onefile.calls().map((c) => [c.path, c.body])).toEqual([['User/5', '{"MISID":"NEW1"}']]);
  });

  it('archives, unarchives and assigns staff with the staff user in the path', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 204));
    await client.archiveUser(5);
    await client.unarchiveUser(5);
    await client.assignUser(12, { LearnerID: 5, Level: 3, StandardID: 7 });
    await client.assignFrameworkTemplate(9, 5, false);
    expect(onefile.calls().map((c) => `${c.method} ${c.path} ${c.body}`)).toEqual([
      'POST User/5/Archive ',
      'POST User/5/Unarchive ',
      'POST User/12/Assign {"LearnerID":5,"Level":3,"StandardID":7}',
      'POST FrameworkTemplate/9/Assign/5/false ',
    ]);
    await expect(client.assignUser(12, { LearnerID: 5, Level: 2 })).rejects.toThrow(/needs the unit/);
  });

  it('takes a staff assign refused as one the learner already has for "already assigned", and every other refusal for a refusal', async () => {
    const said = [
      'User 137957 is already assigned to learner 138440 at level 3 for standard 4001.',
      'This assignment already exists.',
      'Duplicate assignment.',
      'User 5 is a learner: only staff users can be assigned to a learner.',
      'Learner 5 has no learning aim for standard 7: assign the standard first.',
      'User 5 already has the role Learner.',
    ];
    const { client } = await clientFor((_req, res) => answer(res, 400, { code: -124, message: said.shift() }));
    const assign = () => client.assignUser(12, { LearnerID: 5, Level: 3, StandardID: 7 });
    await expect(assign()).resolves.toEqual({ assigned: 'already', said: 'User 137957 is already assigned to learner 138440 at level 3 for standard 4001.' });
    await expect(assign()).resolves.toEqual({ assigned: 'already', said: 'This assignment already exists.' });
    await expect(assign()).resolves.toEqual({ assigned: 'already', said: 'Duplicate assignment.' });
    await expect(assign()).rejects.toThrow(/only staff users/);
    await expect(assign()).rejects.toThrow(/assign the standard first/);
    await expect(assign()).rejects.toThrow(/already has the role/);
  });

  it('returns the bare integer IDs of new learning aims and unit summaries, text unit IDs encoded in the path', async () => {
    const bodies = ['4411', '"4412"'];
    const { client, onefile } = await clientFor((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(bodies.shift()));
    await expect(client.assignStandard(7, 5)).resolves.toBe(4411);
    await expect(client.assignUnit('KS COMM/1', 5, 7)).resolves.toBe(4412);
    expect(onefile.calls().map((c) => c.path)).toEqual(['Standard/7/Assign/5', 'Unit/KS%20COMM%2F1/Assign/5/7']);
  });

  it('takes a standard or unit assign answered with nothing (204, an empty 200) as done with its ID unknown, and one answered with something else as an unknown outcome', async () => {
    const answers: Array<[number, string]> = [[204, ''], [200, ''], [200, '{"ID": 4413, "UserID": 5}'], [200, '{"success": false, "message": "Not assigned"}'], [200, 'OK']];
    const { client } = await clientFor((_req, res) => {
      const [status, body] = answers.shift()!;
      res.writeHead(status, body ? { 'content-type': 'application/json' } : {}).end(body);
    });
    await expect(client.assignStandard(7, 5)).resolves.toBeNull();
    await expect(client.assignUnit('KS1', 5, 7)).resolves.toBeNull();
    await expect(client.assignStandard(7, 5)).resolves.toBe(4413);
    // A 200 carrying an error is not passed for done: the runner checks in OneFile before anything is sent again.
    await expect(client.assignStandard(7, 5)).rejects.toMatchObject({ kind: 'bad-response', mayHaveApplied: true });
    await expect(client.assignUnit('KS1', 5, 7)).rejects.toMatchObject({ mayHaveApplied: true });
  });

  it('refuses an ID that is not a positive whole number before calling OneFile', async () => {
    const { client, onefile } = await clientFor((_req, res) => answer(res, 204));
    await expect(client.archiveUser(Number.NaN)).rejects.toMatchObject({ kind: 'validation' });
    await expect(client.getUser(-4)).rejects.toThrow(/positive whole number/);
    expect(onefile.received).toHaveLength(0);
  });
});
