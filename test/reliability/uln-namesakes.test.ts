import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import type { UserRecord } from '../../main/sandbox/records';
import { blankUser } from '../../main/sandbox/user-factory';
import { capturedIo, importReported, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { learnersWithDetails } from './class-moves';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * The documented user search rows are `{ID, FirstName, LastName, MISID}`: no email, no ULN.
 * ULN is no documented filter, so a learner OneFile holds under another MIS ID and email
 * (the centre moved to a new MIS; the learner's email changed) but with the row's ULN
 * cannot be searched for. Played (sandbox `pagedUserRows: brief`) before this was handled:
 * such a row LOOKED NEW AND THE LEARNER WAS CREATED A SECOND TIME, with the same ULN. Now
 * the learners of the row's name are read before a learner with a ULN is created.
 */

const ORG = GUIDE.business;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const HEADER = 'Learner Ref,Forename,Surname,Email Address,ULN,Assessor,Class,Employer';

function fileOf(dir: string, rows: string[][]): string {
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, [HEADER, ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n');
  return file;
}

/** A learner of that name, as a colleague would have made them: their ID. */
function learnerNamed(sandbox: RunningSandbox, like: UserRecord, changes: Partial<UserRecord>): number {
  const id = sandbox.store.nextId('users');
  sandbox.store.put('users', { ...blankUser({ ...like, ID: id, Username: `namesake.${id}`, Email: `namesake.${id}@learners.example.com`, LastModified: new Date().toISOString() }), ...changes });
  return id;
}

describe('a OneFile whose learner search rows show no ULN', () => {
  it('finds a learner held under another MIS ID and email by their ULN among the learners of their name: updated, not created again', async () => {
    const sandbox = await sandboxWith({ pagedUserRows: 'brief' });
    const [learner] = learnersWithDetails(sandbox, 1);
    // A namesake of another ULN, who is read and left alone.
    const namesake = learnerNamed(sandbox, learner, { MISID: 'OTHER-1', ULN: '9999999999' });
    const dir = tempDir('uln-namesakes-');
    const file = fileOf(dir, [['NEWMIS-1', learner.FirstName, learner.LastName, 'new.address@learners.example.com', learner.ULN!, 'James Fayre', 'Business Admin L2', 'BT - Manchester']]);
    const run = await importReported(sandbox, file, { org: ORG, dataDir: path.join(dir, 'data'), rateWindowMs: WINDOW_MS });
    expect(run.code, run.results + run.output).toBe(0);
    expect(run.summary).toMatchObject({ created: 0, updated: 1, failed: 0 });
    expect(sandbox.calls.filter((c) => c.route === 'POST User')).toEqual([]);
    expect(sandbox.store.usersOf(ORG, 1).filter((u) => u.ULN === learner.ULN).map((u) => u.ID)).toEqual([learner.ID]);
    expect(sandbox.store.user(learner.ID)).toMatchObject({ MISID: 'NEWMIS-1', Email: 'new.address@learners.example.com' });
    // Both of the name were read, once each; the namesake was not written to.
    const reads = sandbox.calls.filter((c) => c.route === 'GET User/{id}').map((c) => Number(c.path.split('/').at(-1)));
    expect(new Set(reads)).toEqual(new Set([learner.ID, namesake]));
    expect(sandbox.calls.filter((c) => c.route === 'POST User/{id}').map((c) => c.path.split('/').at(-1))).toEqual([String(learner.ID)]);
  }, 60_000);

  it('reads nothing for a new learner of a name no one else has, and each namesake once for a learner whose name others share', async () => {
    const sandbox = await sandboxWith({ pagedUserRows: 'brief' });
    const [learner] = learnersWithDetails(sandbox, 1);
    const common = Array.from({ length: 6 }, (_, i) => learnerNamed(sandbox, learner, { FirstName: 'Common', LastName: 'Name', MISID: `COMMON-${i}`, ULN: null }));
    const dir = tempDir('uln-namesakes-');
    const file = fileOf(dir, [
      ['NEWMIS-2', 'Quite', 'Unusual', 'quite.unusual@learners.example.com', '1000000094', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      ['NEWMIS-3', 'Common', 'Name', 'common.name@learners.example.com', '1000000108', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
    ]);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: path.join(dir, 'data'), dryRun: true, json: true, rateWindowMs: WINDOW_MS }, io);
    expect((lastJson(io.stdout) as { summary: { create: number } }).summary.create).toBe(2);
    const reads = sandbox.calls.filter((c) => c.route === 'GET User/{id}').map((c) => Number(c.path.split('/').at(-1)));
    expect(reads.sort((a, b) => a - b)).toEqual(common);
  }, 60_000);
});
