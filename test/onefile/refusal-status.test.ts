import { afterEach, describe, expect, it } from 'vitest';
import { createOneFileClient, OneFileError } from '../../main/onefile';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';

/**
 * A refusal is seen as HTTP 400 with `{code, message}` [seen]. An API that puts its
 * errors in the body may answer the same body with HTTP 200. Every write the importer
 * sends must read such an answer as the refusal it is: taken for a success, a learner's
 * IQA, template or update would be reported done while OneFile did nothing (before: an
 * update, an Assign and a template assign passed as done; a create and a standard or
 * unit assign became "may have been made" and were looked for in OneFile).
 */

const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const ORG = GUIDE.business;

async function clientFor(refusalStatus: 400 | 200) {
  const sandbox = await startSandbox({ refusalStatus });
  sandboxes.push(sandbox);
  const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, retry: { attempts: 1, baseDelayMs: 1 } });
  const learner = sandbox.store.usersOf(ORG, 1).find((u) => !u.Archived)!;
  const assessor = sandbox.store.usersOf(ORG, 5).find((u) => !u.Archived)!;
  const classroom = sandbox.store.all('classrooms').find((c) => c.OrganisationID === ORG)!;
  const placement = sandbox.store.all('placements').find((p) => p.OrganisationID === ORG)!;
  const standard = sandbox.store.all('standards').find((s) => s.OrganisationID === ORG)!;
  return { sandbox, client, learner, assessor, classroom, placement, standard };
}

type Fixture = Awaited<ReturnType<typeof clientFor>>;

const WRITES: Array<{ call: string; send: (f: Fixture) => Promise<unknown>; code: number; unchanged: (f: Fixture) => unknown }> = [
  {
    call: 'POST User',
    send: ({ client, assessor, classroom, placement }) =>
      client.createUser({ OrganisationID: ORG, Role: 1, FirstName: 'Refused', LastName: 'Learner', Email: 'not-an-address', DefaultAssessorID: assessor.ID, ClassroomID: classroom.ID, PlacementID: placement.ID }),
    code: -101,
    unchanged: ({ sandbox }) => sandbox.store.usersOf(ORG, 1).filter((u) => u.LastName === 'Learner' && u.FirstName === 'Refused').length,
  },
  {
    call: 'POST User/{id}',
    send: ({ client, learner }) => client.updateUser(learner.ID, { DefaultAssessorID: learner.ID }),
    code: -102,
    unchanged: ({ sandbox, learner }) => sandbox.store.user(learner.ID)!.DefaultAssessorID,
  },
  {
    call: 'POST User/{id}/Assign',
    send: ({ client, learner }) => client.assignUser(learner.ID, { LearnerID: learner.ID }),
    code: -126,
    unchanged: ({ sandbox, learner }) => sandbox.store.assignmentsOf(learner.ID).length,
  },
  {
    call: 'POST FrameworkTemplate/{id}/Assign/{userId}/{onlyChangeAssigned}',
    send: ({ client, learner }) => client.assignFrameworkTemplate(987654, learner.ID, false),
    code: -114,
    unchanged: ({ sandbox, learner }) => sandbox.store.learningAimsOf(learner.ID).length,
  },
  {
    call: 'POST Standard/{id}/Assign/{learnerID}',
    send: ({ client, learner }) => client.assignStandard(987654, learner.ID),
    code: -109,
    unchanged: ({ sandbox, learner }) => sandbox.store.learningAimsOf(learner.ID).length,
  },
  {
    call: 'POST Unit/{id}/Assign/{learnerID}/{standardID}',
    send: ({ client, learner, standard }) => client.assignUnit('NO_SUCH_UNIT', learner.ID, standard.ID),
    code: -110,
    unchanged: ({ sandbox, learner }) => sandbox.store.unitSummariesOf(learner.ID).length,
  },
];

describe('a refusal answered with HTTP 200 and its {code, message}', () => {
  for (const status of [400, 200] as const) {
    for (const write of WRITES) {
      it(`${write.call}, refused with ${status}: a refusal, nothing written, never "may have been made"`, async () => {
        const fixture = await clientFor(status);
        const before = write.unchanged(fixture);
        const error = await write.send(fixture).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, 'the call must not pass as done').toBeInstanceOf(OneFileError);
        expect(error).toMatchObject({ kind: 'validation', code: write.code, mayHaveApplied: false });
        expect((error as OneFileError).message).toContain(`code ${write.code}`);
        if (status === 200) expect((error as OneFileError).message).toMatch(/HTTP 200/);
        expect(write.unchanged(fixture)).toEqual(before);
      });
    }
  }

  it('a write OneFile accepts under the same switch is still a success', async () => {
    const fixture = await clientFor(200);
    const created = await fixture.client.createUser({
      OrganisationID: ORG, Role: 1, FirstName: 'Fine', LastName: 'Learner', Email: 'fine.learner@learners.example.com',
      DefaultAssessorID: fixture.assessor.ID, ClassroomID: fixture.classroom.ID, PlacementID: fixture.placement.ID,
    });
    expect(created.ID).toBeGreaterThan(0);
  });
});
