import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, createOneFileClient, ONEFILE_ROLE, type OneFileClient } from '../../main/onefile';
import { ERROR_CODE, GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';

/**
 * The client against the built-in sandbox over real HTTP: every endpoint the import
 * uses, with the guides' example data.
 */

let sandbox: RunningSandbox;
let client: OneFileClient;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 1 });
  client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken });
});

afterAll(async () => {
  await client.close();
  await sandbox.close();
});

describe('reading the customer and its organisations', () => {
  it('finds the example customer and both organisations', async () => {
    await expect(client.getCustomer()).resolves.toEqual({ ID: 2070, Name: 'Example Beta Customer' });
    const organisations = await client.searchOrganisations(2070);
    expect(organisations.map((o) => o.ID)).toEqual([5740, 5741]);
    expect(organisations[0]).toMatchObject({ KeychainCreationForNewUserActive: false });
  });

  it('lists the learner statuses of an organisation', async () => {
    const statuses = await client.getLearnerStatuses(5740);
    expect(statuses).toContainEqual(expect.objectContaining({ ID: 1, Name: 'Continuing' }));
  });
});

describe('searching users', () => {
  it('finds the assessors by MISID and role', async () => {
    const [james] = await collect(client.searchUsers({ OrganisationID: 5740, MISID: 'JFAYE51P' }));
    expect(james).toMatchObject({ ID: GUIDE.jamesFayre, FirstName: 'James', LastName: 'Fayre', Role: ONEFILE_ROLE.assessor });
    const assessors = await collect(client.searchUsers({ OrganisationID: 5740, Role: ONEFILE_ROLE.assessor }));
    expect(assessors.map((a) => a.MISID)).toEqual(expect.arrayContaining(['JFAYE51P', 'KANDREWS142']));
  });

  it('pages through every learner of an organisation exactly once', async () => {
    const expected = sandbox.store.all('users').filter((u) => u.OrganisationID === 5740 && !u.Archived).map((u) => u.ID);
    expect(expected.length).toBeGreaterThan(100);
    const seen = await collect(client.searchUsers({ OrganisationID: 5740 }, { pageSize: 37 }));
    expect(seen.map((u) => u.ID)).toEqual(expected);
  });

  it('reads one user in full', async () => {
    const gemma = await client.getUser(GUIDE.gemmaHall);
    expect(gemma).toMatchObject({ MISID: 'GHALL391', ULN: '9276308686', DefaultAssessorID: GUIDE.jamesFayre, DOB: '2004-05-17T00:00:00.000Z' });
  });
});

describe('classrooms, placements, standards, units and framework templates', () => {
  it('finds classrooms and placements by name and reads them by ID', async () => {
    const [l2] = await collect(client.searchClassrooms({ OrganisationID: 5740, Name: 'business admin l2' }));
    expect(l2).toMatchObject({ ID: GUIDE.businessAdminL2, MISID: 'BAD1' });
    await expect(client.getClassroom(GUIDE.businessAdminL3)).resolves.toMatchObject({ Name: 'Business Admin L3', MISID: 'BAD2' });
    const placements = await collect(client.searchPlacements({ OrganisationID: 5740 }));
    expect(placements.map((p) => p.MISID)).toEqual(expect.arrayContaining(['BT54810A', 'VP0491045X']));
    await expect(client.getPlacement(GUIDE.vodaphoneSalford)).resolves.toMatchObject({ Name: 'Vodaphone - Salford' });
  });

  it('reads standards, their units with text IDs, and framework templates', async () => {
    const standards = await collect(client.searchStandards({ OrganisationID: 5740 }));
    const admin = standards.find((s) => s.Title === 'Business Administrator Level 3')!;
    await expect(client.getStandard(admin.ID)).resolves.toMatchObject({ ID: admin.ID });
    const units = await collect(client.searchUnits({ StandardID: admin.ID }, { pageSize: 5 }));
    expect(units.length).toBeGreaterThan(0);
    expect(units.every((u) => typeof u.ID === 'string')).toBe(true);
    expect(units.map((u) => u.ID)).toContain('KS_COMM1');
    await expect(client.getUnit('KS_COMM1')).resolves.toMatchObject({ ID: 'KS_COMM1', StandardID: admin.ID });
    const templates = await collect(client.searchFrameworkTemplates({ OrganisationID: 5740 }));
    expect(templates.map((t) => t.Name)).toContain('Business Administrator L3 - 18 months');
  });

  it("reads a framework template's standards, and answers null for a template OneFile does not serve", async () => {
    const template = await client.getFrameworkTemplate(802);
    expect(template).toMatchObject({ ID: 802, Name: 'Customer Service Practitioner L2 with English' });
    const standards = (template as unknown as { Standards: Array<{ StandardID: number }> }).Standards.map((s) => s.StandardID);
    expect(standards).toEqual([4002, 4005]);
    await expect(client.getFrameworkTemplate(99_999_999)).resolves.toBeNull();
  });

  it('reports unknown records as not found', async () => {
    for (const lookup of [() => client.getUser(99_999_999), () => client.getClassroom(99_999_999), () => client.getPlacement(99_999_999), () => client.getStandard(99_999_999), () => client.getUnit('NO_SUCH_UNIT')]) {
      await expect(lookup()).rejects.toMatchObject({ kind: 'not-found', status: 404 });
    }
  });
});

describe('creating and changing learners', () => {
  const newLearner = (suffix: string) => ({
    OrganisationID: 5740,
    FirstName: 'Ada',
    LastName: `Contract${suffix}`,
    Email: `ada.contract${suffix}@learner.example.com`,
    Role: ONEFILE_ROLE.learner,
    DefaultAssessorID: GUIDE.jamesFayre,
    ClassroomID: GUIDE.businessAdminL3,
    PlacementID: GUIDE.btManchester,
    MISID: `ADA${suffix}`,
    DOB: '2001-03-04',
  });

  it('creates a learner with their date of birth at midnight UTC', async () => {
    const created = await client.createUser(newLearner('1'));
    expect(created.ID).toBeGreaterThan(0);
    expect(sandbox.store.user(created.ID)).toMatchObject({ MISID: 'ADA1', DOB: '2001-03-04T00:00:00.000Z', ClassroomID: GUIDE.businessAdminL3 });
  });

  it("passes on OneFile's validation code for a placement that does not exist", async () => {
    const error = await client.createUser({ ...newLearner('2'), PlacementID: 99_999_999 }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'validation', status: 400, code: ERROR_CODE.placementNotFound, endpoint: 'POST User' });
  });

  it('updates only the fields sent, archives and unarchives', async () => {
    const learner = await client.createUser(newLearner('3'));
    await client.updateUser(learner.ID, { MISID: 'ADA3-NEW', PlacementID: GUIDE.vodaphoneSalford });
    expect(sandbox.store.user(learner.ID)).toMatchObject({ MISID: 'ADA3-NEW', PlacementID: GUIDE.vodaphoneSalford, ClassroomID: GUIDE.businessAdminL3 });

    await client.archiveUser(learner.ID);
    expect(await collect(client.searchUsers({ MISID: 'ADA3-NEW' }))).toEqual([]);
    expect(await collect(client.searchUsers({ MISID: 'ADA3-NEW', IncludeArchived: true }))).toHaveLength(1);
    await client.unarchiveUser(learner.ID);
    expect(await collect(client.searchUsers({ MISID: 'ADA3-NEW' }))).toHaveLength(1);
  });
});

describe("building a learner's programme", () => {
  it('applies a framework template, then lists its learning aims and unit summaries', async () => {
    const learner = await client.createUser({
      OrganisationID: 5740, FirstName: 'Tem', LastName: 'Plate', Email: 'tem.plate@learner.example.com', Role: ONEFILE_ROLE.learner,
      DefaultAssessorID: GUIDE.jamesFayre, ClassroomID: GUIDE.businessAdminL3, PlacementID: GUIDE.btManchester,
    });
    await client.assignFrameworkTemplate(801, learner.ID, false);
    const aims = await client.searchLearningAims(learner.ID);
    const template = sandbox.store.template(801)!;
    expect(aims.map((a) => a.StandardID)).toEqual(template.Standards.map((s) => s.StandardID));
    const summaries = await client.searchUnitSummaries(learner.ID);
    expect(summaries.map((s) => s.UnitID)).toEqual(template.Standards.flatMap((s) => s.Units.map((u) => String(u.UnitID))));
  });

  it('assigns a standard and a unit with a text ID, returning the new IDs, and assigns staff', async () => {
    const learner = await client.createUser({
      OrganisationID: 5740, FirstName: 'Stan', LastName: 'Dard', Email: 'stan.dard@learner.example.com', Role: ONEFILE_ROLE.learner,
      DefaultAssessorID: GUIDE.jamesFayre, ClassroomID: GUIDE.businessAdminL2, PlacementID: GUIDE.btManchester,
    });
    const aimId = await client.assignStandard(4001, learner.ID);
    const summaryId = await client.assignUnit('KS_COMM1', learner.ID, 4001);
    expect((await client.searchLearningAims(learner.ID)).map((a) => a.ID)).toEqual([aimId]);
    expect(await client.searchUnitSummaries(learner.ID)).toEqual([expect.objectContaining({ ID: summaryId, UnitID: 'KS_COMM1', StandardID: 4001 })]);

    await client.assignUser(GUIDE.kateAnderson, { LearnerID: learner.ID, Level: 3, StandardID: 4001 });
    expect(sandbox.store.assignmentsOf(learner.ID)).toEqual([expect.objectContaining({ StaffID: GUIDE.kateAnderson, Level: 3, StandardID: 4001 })]);
  });
});
