import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OneFileError } from '../../main/onefile';
import { EnvironmentKnowledge } from '../../main/onefile/knowledge';
import { learnedByImports, readFindings, saveLearned } from '../../main/import/environment/findings';
import { createsLearnerWithoutEmail, heldBackWithoutEmail, learnerEmailAnswered, LearnerEmailTrial } from '../../main/import/run/learner-email';
import type { Operation } from '../../main/import/plan/types';
import { tempDir } from './run-fixtures';

/** What a create of a learner without an email teaches the importer about this OneFile (run/learner-email.ts). */

const create = (role: number, fields: Record<string, string>): Operation =>
  ({ id: 'op-1', kind: 'create-user', role, fields: { FirstName: 'Ben', LastName: 'Cole', ...fields }, description: 'Create learner Ben Cole' }) as unknown as Operation;
const refusal = (oneFileMessage: string) => new OneFileError({ kind: 'validation', endpoint: 'POST User', message: `OneFile rejected POST User (HTTP 400: "${oneFileMessage}").`, status: 400, oneFileMessage });

function knowledgeSaving() {
  let saved = 0;
  const knowledge = new EnvironmentKnowledge({}, () => saved++);
  const client = { learnerEmail: () => knowledge.learnerEmail, learnerEmailSeen: (r: 'required' | 'optional') => knowledge.learnerEmailSeen(r) };
  return { knowledge, client, saved: () => saved };
}

describe('a learner created without an email', () => {
  it('is a create of a learner whose email is absent or blank; never a staff user or a learner with one', () => {
    expect(createsLearnerWithoutEmail(create(1, {}))).toBe(true);
    expect(createsLearnerWithoutEmail(create(1, { Email: '  ' }))).toBe(true);
    expect(createsLearnerWithoutEmail(create(1, { Email: 'ben@example.com' }))).toBe(false);
    expect(createsLearnerWithoutEmail(create(5, {}))).toBe(false);
  });

  it('created: remembered as optional (saved at once), and never held back', () => {
    const { knowledge, client, saved } = knowledgeSaving();
    learnerEmailAnswered(create(1, {}), { created: true }, client);
    expect(knowledge.learnerEmail).toBe('optional');
    expect(saved()).toBe(1);
    expect(heldBackWithoutEmail(create(1, {}), client)).toBeUndefined();
    // A later refusal naming the email says less than a learner made without one.
    learnerEmailAnswered(create(1, {}), { refused: refusal('Email is not valid') }, client);
    expect(knowledge.learnerEmail).toBe('optional');
  });

  it('refused naming the email: remembered as required, and the next such learner is held back without a call', () => {
    const { knowledge, client } = knowledgeSaving();
    expect(heldBackWithoutEmail(create(1, {}), client)).toBeUndefined();
    learnerEmailAnswered(create(1, {}), { refused: refusal('Required field missing: E-mail.') }, client);
    expect(knowledge.learnerEmail).toBe('required');
    expect(heldBackWithoutEmail(create(1, {}), client)).toMatchObject({ kind: 'validation', message: expect.stringMatching(/^Not sent: this OneFile refused a learner without an email/) });
    // A learner with an email, or a staff user, goes as ever.
    expect(heldBackWithoutEmail(create(1, { Email: 'ben@example.com' }), client)).toBeUndefined();
    expect(heldBackWithoutEmail(create(5, {}), client)).toBeUndefined();
  });

  it('refused for something else, or not answered: nothing learned, the next one is still sent', () => {
    const { knowledge, client } = knowledgeSaving();
    learnerEmailAnswered(create(1, {}), { refused: refusal('Classroom 12 was not found.') }, client);
    learnerEmailAnswered(create(1, {}), { refused: new OneFileError({ kind: 'server', endpoint: 'POST User', message: 'HTTP 500 about the Email' }) }, client);
    learnerEmailAnswered(create(1, { Email: 'ben@example.com' }), { refused: refusal('Email is taken') }, client);
    expect(knowledge.learnerEmail).toBeUndefined();
    expect(heldBackWithoutEmail(create(1, {}), client)).toBeUndefined();
  });

  it("is kept with the environment's findings and said in the probe's report of what imports learned", () => {
    const dataDir = path.join(tempDir('learner-email-findings-'), 'data');
    saveLearned(dataDir, 'https://example.onefile.test/api/v2.1/', { learnerEmail: 'required' });
    expect(readFindings(dataDir, 'https://example.onefile.test/api/v2.1/')?.knowledge.learnerEmail).toBe('required');
    expect(learnedByImports({ learnerEmail: 'required' })).toMatch(/a learner without an email is refused/);
    expect(learnedByImports({ learnerEmail: 'optional' })).toMatch(/a learner is created without an email/);
  });
});

describe('learners without an email sent one at a time until OneFile has answered one', () => {
  /** Whether a promise has settled, after everything already queued has run. */
  const settled = async (promise: Promise<unknown>) => {
    let done = false;
    void promise.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    return done;
  };

  it('each waits for the one before; an answer that teaches nothing passes the turn to the next; once known, all go at once', async () => {
    const { knowledge, client } = knowledgeSaving();
    const trial = new LearnerEmailTrial(client);
    const first = await trial.turn(create(1, {}));
    const second = trial.turn(create(1, {}));
    const third = trial.turn(create(1, {}));
    // A learner with an email, and staff, never wait.
    expect(await settled(trial.turn(create(1, { Email: 'ann@example.com' })))).toBe(true);
    expect(await settled(trial.turn(create(5, {})))).toBe(true);
    expect(await settled(second)).toBe(false);

    // Refused for something else: nothing learned, the next goes alone.
    learnerEmailAnswered(create(1, {}), { refused: refusal('Placement not found') }, client);
    first();
    expect(await settled(second)).toBe(true);
    expect(await settled(third)).toBe(false);

    knowledge.learnerEmailSeen('required');
    (await second)();
    expect(await settled(third)).toBe(true);
    expect(await settled(trial.turn(create(1, {})))).toBe(true);
  });

  it('never waits where the client cannot learn it', async () => {
    const trial = new LearnerEmailTrial({});
    await trial.turn(create(1, {}));
    expect(await settled(trial.turn(create(1, {})))).toBe(true);
  });
});
