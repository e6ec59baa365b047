import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../main/sandbox';
import { seedStore } from '../../main/sandbox/seed';
import { newLearner, sandboxWithCaller, type SandboxCaller } from './sandbox-client';

/** Records of the care organisation (5741), from the same seed the sandboxes use. */
const seeded = seedStore(1);
const careAssessorId = seeded.usersOf(5741, 5)[0].ID;
const carePlacementId = seeded.all('placements').find((p) => p.OrganisationID === 5741)!.ID;
const careClassroomId = seeded.all('classrooms').find((c) => c.OrganisationID === 5741)!.ID;

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(): Promise<SandboxCaller> {
  const started = await sandboxWithCaller();
  sandbox = started.sandbox;
  return started.caller;
}

/** The 400's code and whether its message names what is wrong. */
async function refusal(caller: SandboxCaller, path: string, body: unknown) {
  const answer = await caller.post(path, body);
  expect(answer.status, answer.text).toBe(400);
  return answer.json as { code: number; message: string };
}

describe('creating users', () => {
  it('creates a learner and answers 200 with the full user, its ID and a username', async () => {
    const caller = await start();
    const answer = await caller.post('User', newLearner({ DOB: '2003-11-02', ULN: 1234567890 }));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ FirstName: 'Amira', LastName: 'Okafor', Username: 'amira.okafor', DOB: '2003-11-02T00:00:00.000Z', ULN: '1234567890', Archived: false });
    expect(Number.isInteger(answer.json.ID)).toBe(true);
    expect(sandbox!.store.user(answer.json.ID)).toEqual(answer.json);
  });

  it('creates staff of every role, needing a placement only for employers and observers', async () => {
    const caller = await start();
    for (const role of [4, 5, 10]) {
      expect((await caller.post('User', { OrganisationID: 5740, Role: role, FirstName: 'Sam', LastName: 'Staff', Email: `sam${role}@centre.example.com` })).status).toBe(200);
    }
    for (const role of [40, 45]) {
      const body = { OrganisationID: 5740, Role: role, FirstName: 'Pat', LastName: 'Employer', Email: `pat${role}@employer.example.com` };
      expect((await refusal(caller, 'User', body)).code).toBe(-100);
      expect((await caller.post('User', { ...body, PlacementID: 18929 })).status).toBe(200);
    }
  });

  it("refuses a learner without an email by default, naming it; with learnerEmail optional creates one (the guide to creating users), staff still needing one", async () => {
    const caller = await start();
    const { Email: _left, ...noEmail } = newLearner();
    const refused = await refusal(caller, 'User', noEmail);
    expect(refused.message).toMatch(/Email/);
    sandbox!.switches.learnerEmail = 'optional';
    const made = await caller.post('User', noEmail);
    expect(made.status, made.text).toBe(200);
    expect(sandbox!.store.user(made.json.ID)?.Email ?? null).toBeNull();
    // Given, it must still be an email; a staff user still needs one.
    expect((await refusal(caller, 'User', { ...noEmail, Email: 'not an email' })).message).toMatch(/not a valid email/);
    expect((await refusal(caller, 'User', { OrganisationID: 5740, Role: 5, FirstName: 'Sam', LastName: 'Staff' })).message).toMatch(/Email/);
  });

  it('numbers a username that is taken and accepts a duplicate MISID', async () => {
    const caller = await start();
    const first = await caller.post('User', newLearner());
    const second = await caller.post('User', newLearner({ Email: 'other@learner.example.com' }));
    expect(second.status).toBe(200);
    expect([first.json.Username, second.json.Username]).toEqual(['amira.okafor', 'amira.okafor2']);
    expect(second.json.MISID).toBe(first.json.MISID);
  });

  it('with uniqueUserFields, refuses a value another user of the customer has (any case, another organisation), on create and on an update changing it', async () => {
    const started = await sandboxWithCaller({ uniqueUserFields: ['Email', 'MISID'] });
    sandbox = started.sandbox;
    const caller = started.caller;
    const first = await caller.post('User', newLearner({ MISID: 'UQ1' }));
    expect(first.status).toBe(200);
    const taken = await refusal(caller, 'User', newLearner({ MISID: 'UQ2', Email: 'AMIRA.OKAFOR@learner.example.com' }));
    expect(taken).toEqual({ code: -125, message: 'Email address AMIRA.OKAFOR@learner.example.com is already in use by another user.' });
    expect((await refusal(caller, 'User', newLearner({ OrganisationID: 5741, DefaultAssessorID: careAssessorId, PlacementID: carePlacementId, ClassroomID: careClassroomId, MISID: 'uq1', Email: 'b@learner.example.com' }))).message).toMatch(/^MIS ID uq1 is already in use/);
    const second = await caller.post('User', newLearner({ MISID: 'UQ2', Email: 'second@learner.example.com' }));
    expect(second.status).toBe(200);
    expect((await refusal(caller, `User/${second.json.ID}`, { Email: 'amira.okafor@learner.example.com' })).code).toBe(-125);
    // An update sending the user's own value, or another field, is not refused.
    expect((await caller.post(`User/${second.json.ID}`, { Email: 'second@learner.example.com', FirstName: 'Sara' })).status).toBe(204);
  });

  it.each([
    ['OrganisationID', -100],
    ['FirstName', -100],
    ['LastName', -100],
    ['Email', -100],
    ['Role', -100],
    ['DefaultAssessorID', -100],
    ['ClassroomID', -100],
    ['PlacementID', -100],
  ])('refuses a learner without %s', async (field, code) => {
    const caller = await start();
    const body = newLearner();
    delete body[field];
    const { code: answered, message } = await refusal(caller, 'User', body);
    expect(answered).toBe(code);
    expect(message).toContain(field);
  });

  it.each([
    ['an unknown organisation', { OrganisationID: 9999 }, -11],
    ['an unknown placement', { PlacementID: 1 }, -57],
    ['a placement of another organisation', { PlacementID: carePlacementId }, -57],
    ['an unknown classroom', { ClassroomID: 1 }, -58],
    ['a bad email', { Email: 'amira.okafor@' }, -101],
    ['a default assessor who is a learner', { DefaultAssessorID: 137945 }, -102],
    ['a default assessor of another organisation', { DefaultAssessorID: careAssessorId }, -102],
    ['a default employer who is not an employer', { DefaultEmployerID: 122762 }, -112],
    ['an impossible date', { DOB: '2003-02-30' }, -107],
    ['a UK-style date', { StartOn: '02/09/2025' }, -107],
    ['an unknown role', { Role: 7 }, -108],
    ['an ID that is not a number', { ClassroomID: 'BAD1' }, -113],
    ['an unknown learner status', { LearnerStatusID: 99 }, -119],
  ])('refuses %s', async (_, fields, code) => {
    const caller = await start();
    expect((await refusal(caller, 'User', newLearner(fields))).code).toBe(code);
  });

  it('accepts a trainee assessor as default assessor, and IDs sent as numeric text', async () => {
    const caller = await start();
    const trainee = sandbox!.store.usersOf(5740, 4)[0];
    const answer = await caller.post('User', newLearner({ DefaultAssessorID: String(trainee.ID), ClassroomID: '15381' }));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ DefaultAssessorID: trainee.ID, ClassroomID: 15381 });
  });

  it('stores a date sent with an offset as the UTC instant it names', async () => {
    const caller = await start();
    const answer = await caller.post('User', newLearner({ DOB: '2003-11-02T00:00:00+01:00' }));
    expect(answer.json.DOB).toBe('2003-11-01T23:00:00.000Z');
  });
});

describe('updating users', () => {
  it('changes only the fields sent and answers 204', async () => {
    const caller = await start();
    const before = sandbox!.store.user(137945)!;
    const answer = await caller.post('User/137945', { MISID: 'GH-NEW', ClassroomID: 15381 });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    const after = sandbox!.store.user(137945)!;
    expect(after).toEqual({ ...before, MISID: 'GH-NEW', ClassroomID: 15381, LastModified: after.LastModified });
  });

  it('refuses an update that breaks a rule, and changes nothing', async () => {
    const caller = await start();
    const before = sandbox!.store.user(137945)!;
    expect((await refusal(caller, 'User/137945', { PlacementID: 4 })).code).toBe(-57);
    expect((await refusal(caller, 'User/137945', { ClassroomID: null })).code).toBe(-100);
    expect((await refusal(caller, 'User/137945', { DefaultAssessorID: 137946 })).code).toBe(-102);
    expect(sandbox!.store.user(137945)).toEqual(before);
  });

  it('answers 404 for an unknown user', async () => {
    const caller = await start();
    expect((await caller.post('User/999', { MISID: 'X' })).status).toBe(404);
  });

  it('archives and unarchives with 204', async () => {
    const caller = await start();
    expect((await caller.post('User/137946/Archive')).status).toBe(204);
    expect(sandbox!.store.user(137946)!.Archived).toBe(true);
    expect((await caller.post('User/Search', { MISID: 'CHENSHALL194' })).status).toBe(204);
    expect((await caller.post('User/137946/unarchive')).status).toBe(204);
    expect(sandbox!.store.user(137946)!.Archived).toBe(false);
    expect((await caller.post('User/999/Archive')).status).toBe(404);
  });
});

describe('assigning staff to a learner', () => {
  it('assigns an IQA at default level and records it once however often it is sent', async () => {
    const caller = await start();
    const iqa = sandbox!.store.usersOf(5740, 10)[0];
    for (let i = 0; i < 2; i++) expect((await caller.post(`User/${iqa.ID}/Assign`, { LearnerID: 137945 })).status).toBe(204);
    expect(sandbox!.store.assignmentsOf(137945)).toEqual([expect.objectContaining({ StaffID: iqa.ID, LearnerID: 137945, Level: null })]);
  });

  it('assigns at learning-aim level only for a standard the learner has', async () => {
    const caller = await start();
    expect((await refusal(caller, 'User/122762/Assign', { LearnerID: 137945, Level: 3, StandardID: 4001 })).code).toBe(-104);
    expect((await refusal(caller, 'User/122762/Assign', { LearnerID: 137945, Level: 3 })).code).toBe(-100);
    expect((await refusal(caller, 'User/122762/Assign', { LearnerID: 137945, Level: 3, StandardID: 4101 })).code).toBe(-109);
    await caller.post('Standard/4001/Assign/137945');
    expect((await caller.post('User/122762/Assign', { LearnerID: 137945, Level: 3, StandardID: 4001 })).status).toBe(204);
    expect(sandbox!.store.assignmentsOf(137945)).toEqual([expect.objectContaining({ StaffID: 122762, Level: 3, StandardID: 4001 })]);
  });

  it('assigns at unit-summary level only for a unit the learner has', async () => {
    const caller = await start();
    await caller.post('Standard/4001/Assign/137945');
    expect((await refusal(caller, 'User/122762/Assign', { LearnerID: 137945, Level: 2, UnitID: 'KS_COMM1' })).code).toBe(-117);
    expect((await refusal(caller, 'User/122762/Assign', { LearnerID: 137945, Level: 2, UnitID: 'NOPE' })).code).toBe(-110);
    await caller.post('Unit/KS_COMM1/Assign/137945/4001');
    expect((await caller.post('User/122762/Assign', { LearnerID: 137945, Level: 2, UnitID: 'ks_comm1' })).status).toBe(204);
  });

  it('refuses unknown users, a learner as staff, and bad levels', async () => {
    const caller = await start();
    expect((await refusal(caller, 'User/999/Assign', { LearnerID: 137945 })).code).toBe(-103);
    expect((await refusal(caller, 'User/122762/Assign', { LearnerID: 999 })).code).toBe(-103);
    expect((await refusal(caller, 'User/122762/Assign', {})).code).toBe(-100);
    expect((await refusal(caller, 'User/122762/Assign', { LearnerID: 132757 })).code).toBe(-111);
    expect((await refusal(caller, 'User/137946/Assign', { LearnerID: 137945 })).code).toBe(-126);
    expect((await refusal(caller, 'User/122762/Assign', { LearnerID: 137945, Level: 4 })).code).toBe(-106);
    expect(sandbox!.store.assignmentsOf(137945)).toEqual([]);
  });
});

describe('classrooms and placements', () => {
  it('creates and updates a classroom and a placement', async () => {
    const caller = await start();
    const classroom = await caller.post('Classroom', { OrganisationID: 5740, Name: 'Data Analyst L4 - Jan 2026', MISID: 'DA4-2601A' });
    expect(classroom.status).toBe(200);
    expect(classroom.json).toMatchObject({ OrganisationID: 5740, Name: 'Data Analyst L4 - Jan 2026', MISID: 'DA4-2601A' });
    expect((await caller.post(`Classroom/${classroom.json.ID}`, { Name: 'Data Analyst L4 - Jan 2026 Group A' })).status).toBe(204);
    expect((await caller.get(`Classroom/${classroom.json.ID}`)).json.Name).toBe('Data Analyst L4 - Jan 2026 Group A');
    const placement = await caller.post('Placement', { OrganisationID: 5740, Name: 'Greggs - Leeds' });
    expect(placement.json).toMatchObject({ Name: 'Greggs - Leeds', MISID: null });
    expect((await refusal(caller, 'Placement', { OrganisationID: 1, Name: 'X' })).code).toBe(-11);
    expect((await refusal(caller, 'Classroom', { OrganisationID: 5740 })).code).toBe(-100);
  });
});
