import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../main/sandbox';
import { sandboxWithCaller } from './sandbox-client';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options = {}) {
  const started = await sandboxWithCaller(options);
  sandbox = started.sandbox;
  return started.caller;
}

describe("the guides' example data", () => {
  it('gives the customer and its two organisations', async () => {
    const caller = await start();
    expect((await caller.get('Customer')).json).toEqual({ ID: 2070, Name: 'Example Beta Customer' });
    const organisations = await caller.post('Organisation/search', { CustomerID: 2070 });
    expect(organisations.json).toEqual([
      { ID: 5740, Name: 'Example Organisation - Business', KeychainCreationForNewUserActive: false, KeychainEmailSuppression: false },
      { ID: 5741, Name: 'Example Organisation - Care', KeychainCreationForNewUserActive: false, KeychainEmailSuppression: false },
    ]);
  });

  it('finds James Fayre and Kate Anderson first among the assessors of organisation 5740', async () => {
    const caller = await start();
    const answer = await caller.post('User/Search/1/10', { OrganisationID: 5740, Role: 5 });
    expect(answer.json.slice(0, 2).map((u: any) => [u.ID, u.FirstName, u.LastName, u.MISID])).toEqual([
      [122762, 'James', 'Fayre', 'JFAYE51P'],
      [132757, 'Kate', 'Anderson', 'KANDREWS142'],
    ]);
    expect(answer.json.every((u: any) => u.Role === 5 && u.OrganisationID === 5740)).toBe(true);
  });

  it('lists the classes and placements of the guide', async () => {
    const caller = await start();
    const classes = (await caller.post('Classroom/Search', { OrganisationID: 5740 })).json;
    expect(classes.slice(0, 2)).toEqual([
      { ID: 15379, Name: 'Business Admin L2', MISID: 'BAD1' },
      { ID: 15381, Name: 'Business Admin L3', MISID: 'BAD2' },
    ]);
    const placements = (await caller.post('Placement/Search', { OrganisationID: 5740 })).json;
    expect(placements.slice(0, 2)).toEqual([
      { ID: 18928, Name: 'BT - Manchester', MISID: 'BT54810A' },
      { ID: 18929, Name: 'Vodaphone - Salford', MISID: 'VP0491045X' },
    ]);
  });

  it('lists the learners Gemma Hall and Chloe Henshall first', async () => {
    const caller = await start();
    const learners = (await caller.post('User/Search', { OrganisationID: 5740, Role: 1 })).json;
    expect(learners.slice(0, 2)).toEqual([
      { ID: 137945, FirstName: 'Gemma', LastName: 'Hall', MISID: 'GHALL391' },
      { ID: 137946, FirstName: 'Chloe', LastName: 'Henshall', MISID: 'CHENSHALL194' },
    ]);
    expect(learners.length).toBeGreaterThan(300);
  });

  it('offers the learner statuses of an organisation, and 404 for an unknown one', async () => {
    const caller = await start();
    expect((await caller.get('Organisation/5740/LearnerStatuses')).json).toContainEqual({ ID: 1, Name: 'Continuing' });
    expect((await caller.get('Organisation/9999/LearnerStatuses')).status).toBe(404);
  });
});

describe('paging', () => {
  it('pages from 1 and ends with a short page, then an empty one', async () => {
    const caller = await start();
    const all = (await caller.post('Classroom/Search', { OrganisationID: 5740 })).json;
    expect(all).toHaveLength(33);
    const pages = [];
    for (let page = 1; page <= 4; page++) pages.push(await caller.post(`Classroom/Search/${page}/10`, { OrganisationID: 5740 }));
    expect(pages.map((p) => p.json?.length)).toEqual([10, 10, 10, 3]);
    expect(pages.flatMap((p) => p.json)).toEqual(all);
    const beyond = await caller.post('Classroom/Search/5/10', { OrganisationID: 5740 });
    expect(beyond.status).toBe(204);
    expect(beyond.text).toBe('');
  });

  it('refuses page 0 or size 0 with 400', async () => {
    const caller = await start();
    expect((await caller.post('Classroom/Search/0/10', {})).json.code).toBe(-118);
    expect((await caller.post('Classroom/Search/1/0', {})).json.code).toBe(-118);
  });

  it('answers an empty search with 204 by default and [] when switched', async () => {
    const caller = await start();
    const nothing = { OrganisationID: 5740, MISID: 'NO-SUCH-CLASS' };
    expect((await caller.post('Classroom/Search', nothing)).status).toBe(204);
    sandbox!.switches.emptySearch = '[]';
    const answer = await caller.post('Classroom/Search', nothing);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([]);
    sandbox!.switches.emptySearch = 'null';
    const none = await caller.post('Classroom/Search', nothing);
    expect([none.status, none.text]).toEqual([200, 'null']);
  });
});

describe('searches', () => {
  it('gives unpaged user rows four fields and paged rows the full user', async () => {
    const caller = await start();
    const [unpaged] = (await caller.post('User/Search', { MISID: 'GHALL391' })).json;
    expect(Object.keys(unpaged)).toEqual(['ID', 'FirstName', 'LastName', 'MISID']);
    const [paged] = (await caller.post('User/Search/1/5', { MISID: 'GHALL391' })).json;
    expect(paged).toMatchObject({ ID: 137945, ULN: '9276308686', Email: 'gemma.hall@learner.example.com', Role: 1, DefaultAssessorID: 122762, ClassroomID: 15379, PlacementID: 18928, DOB: '2004-05-17T00:00:00.000Z' });
    expect(paged).toEqual((await caller.get('User/137945')).json);
  });

  it('filters users by email and ULN, exactly and ignoring case', async () => {
    const caller = await start();
    expect((await caller.post('User/Search', { Email: 'GEMMA.HALL@learner.example.com' })).json).toHaveLength(1);
    expect((await caller.post('User/Search', { ULN: '9276308686' })).json[0].ID).toBe(137945);
    expect((await caller.post('User/Search', { Email: 'gemma.hall@learner' })).status).toBe(204);
  });

  it('filters users modified on or after a date', async () => {
    const caller = await start();
    const since = '2025-06-01T00:00:00.000Z';
    const rows = (await caller.post('User/Search/1/1000', { OrganisationID: 5740, LastModified: since })).json;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((u: any) => u.LastModified >= since)).toBe(true);
    const total = (await caller.post('User/Search', { OrganisationID: 5740 })).json.length;
    expect(rows.length).toBeLessThan(total);
  });

  it('hides archived learners unless asked for them', async () => {
    const caller = await start();
    const archived = sandbox!.store.all('users').filter((u) => u.Archived && u.OrganisationID === 5740);
    expect(archived.length).toBeGreaterThanOrEqual(3);
    const misid = archived[0].MISID;
    expect((await caller.post('User/Search', { MISID: misid })).status).toBe(204);
    expect((await caller.post('User/Search', { MISID: misid, IncludeArchived: true })).json).toHaveLength(1);
    expect((await caller.post('User/Search/1/10', { MISID: misid, Archived: true })).json[0].Archived).toBe(true);
    const onlyArchived = (await caller.post('User/Search/1/100', { OrganisationID: 5740, Archived: true })).json;
    expect(onlyArchived.map((u: any) => u.ID)).toEqual(archived.map((u) => u.ID));
  });

  it('finds both placements named "Tesco - Leeds" and both spellings of the evening class', async () => {
    const caller = await start();
    const tesco = (await caller.post('Placement/Search', { OrganisationID: 5740, Name: 'tesco - leeds' })).json;
    expect(tesco.map((p: any) => p.MISID)).toEqual(['TES-LDS-01', 'TES-LDS-02']);
    const evening = sandbox!.store.all('classrooms').filter((c) => c.Name.toLowerCase().replace(/\s+/g, ' ') === 'business admin l3 - evening');
    expect(evening.map((c) => c.MISID)).toEqual(['BA3-EVE', 'BA3-EVE2']);
  });

  it('searches standards, units (some with text IDs) and framework templates', async () => {
    const caller = await start();
    const standards = (await caller.post('Standard/Search', { OrganisationID: 5740 })).json;
    expect(standards).toContainEqual({ ID: 4001, Title: 'Business Administrator Level 3' });
    expect(standards).toContainEqual({ ID: 4004, Title: 'Data Analyst Level 4' });
    const units = (await caller.post('Unit/Search/1/50', { StandardID: 4001 })).json;
    expect(units.map((u: any) => u.ID)).toContain('KS_COMM1');
    expect(units.every((u: any) => u.StandardID === 4001)).toBe(true);
    expect((await caller.get('Unit/KS_COMM1')).json).toMatchObject({ ID: 'KS_COMM1', StandardID: 4001 });
    const templates = (await caller.post('FrameworkTemplate/Search', { OrganisationID: 5740 })).json;
    expect(templates).toContainEqual({ ID: 801, Name: 'Business Administrator L3 - 18 months' });
    expect((await caller.post('FrameworkTemplate/Search/1/2', { OrganisationID: 5740 })).json).toHaveLength(2);
  });

  it('reads one record by ID and answers 404 for an unknown one', async () => {
    const caller = await start();
    expect((await caller.get('Classroom/15379')).json).toEqual({ ID: 15379, OrganisationID: 5740, Name: 'Business Admin L2', MISID: 'BAD1' });
    expect((await caller.get('Placement/18929')).json.MISID).toBe('VP0491045X');
    expect((await caller.get('Standard/4001')).json).toMatchObject({ Title: 'Business Administrator Level 3', Reference: 'ST0070' });
    for (const path of ['User/1', 'User/abc', 'Classroom/1', 'Placement/1', 'Standard/1', 'Unit/NOPE', 'FrameworkTemplate/1']) {
      expect((await caller.get(path)).status, path).toBe(404);
    }
  });

  it('searches learning aims and unit summaries of a learner', async () => {
    const caller = await start();
    const aim = sandbox!.store.all('learningAims')[0];
    const aims = (await caller.post('LearningAim/Search/1/10', { UserID: aim.UserID })).json;
    expect(aims[0]).toMatchObject({ ID: aim.ID, StandardID: aim.StandardID, UserID: aim.UserID, Status: 1 });
    const summaries = (await caller.post('UnitSummary/Search', { UserID: aim.UserID })).json;
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.every((s: any) => s.UserID === aim.UserID && s.LearningAimID === aim.ID)).toBe(true);
    expect((await caller.post('LearningAim/Search', { UserID: 137945 })).status).toBe(204);
  });
});
