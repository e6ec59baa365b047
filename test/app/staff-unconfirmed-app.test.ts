import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { blankUser } from '../../main/sandbox/user-factory';
import { createAppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { upload } from './connected-service';

/**
 * In the app, a OneFile whose user search ignores its organisation and role filters, with
 * rows that say neither (test/reliability/number-filters-brief.test.ts has the command
 * line): Review's check of the names read the staff lists as the search gave them, every
 * organisation's users of every role. It showed another organisation's "Ruth Elsewhere" as
 * the learners' assessor, and this organisation's "James Fayre" as ambiguous beside a
 * namesake elsewhere, while the plan said the opposite of both. Review now reads the staff
 * the names fit as the plan does, and shows what the plan will do.
 */

const WINDOW_MS = 300;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A member of staff put into OneFile by another organisation's administrator: their ID. */
function staffOf(sandbox: RunningSandbox, organisationId: number, firstName: string, lastName: string): number {
  const id = sandbox.store.nextId('users');
  const username = `${firstName}.${lastName}.${id}`.toLowerCase();
  sandbox.store.put('users', blankUser({ ID: id, Username: username, OrganisationID: organisationId, Role: 5, FirstName: firstName, LastName: lastName, Email: `${username}@staff.example.com`, LastModified: new Date().toISOString() }));
  return id;
}

describe("Review's staff names in a OneFile whose user search ignores organisation and role", () => {
  it("shows another organisation's assessor as no match and this organisation's among namesakes as found, as the plan does", async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW_MS, numberFilters: 'ignored', pagedUserRows: 'brief', staffReferences: 'unchecked' });
    closers.push(() => sandbox.close());
    const ruth = staffOf(sandbox, GUIDE.care, 'Ruth', 'Elsewhere');
    const namesake = staffOf(sandbox, GUIDE.care, 'James', 'Fayre');
    const sam = staffOf(sandbox, GUIDE.care, 'Sam', 'Elsewhere');
    const dir = mkdtempSync(path.join(tmpdir(), 'staff-unconfirmed-app-'));
    const service = await createAppService({ dataDir: path.join(dir, 'data'), face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: WINDOW_MS });
    closers.push(() => service.close());
    await service.handlers.connect({ environment: 'custom', customBaseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, rememberToken: false });
    await service.handlers.chooseOrganisation({ organisationId: GUIDE.business });
    const file = path.join(dir, 'learners.csv');
    writeFileSync(
      file,
      'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer\r\n' +
        'NB0010,First,Learner,nb0010@learners.example.com,Ruth Elsewhere,Business Admin L2,BT - Manchester\r\n' +
        'NB0011,Second,Learner,nb0011@learners.example.com,James Fayre,Business Admin L2,BT - Manchester\r\n',
    );
    await service.handlers.openFile(upload(file));

    const from = sandbox.calls.length;
    await service.handlers.checkReferences({ refresh: false });
    // The three users the names fit were read, each once.
    const reads = sandbox.calls.slice(from).filter((c) => c.route === 'GET User/{id}').map((c) => Number(c.path.split('/').at(-1)));
    expect(reads.sort()).toEqual([ruth, namesake, GUIDE.jamesFayre].sort());
    // Only Ruth is left to resolve: James Fayre is this organisation's one.
    const unresolved = await service.handlers.listUnresolved({});
    expect(unresolved.map((v) => [v.field, v.value, v.kind])).toEqual([['Assessor', 'Ruth Elsewhere', 'unmatched']]);
    const rows = (await service.handlers.getRows({ offset: 0, limit: 2, filter: 'all' })).rows;
    expect(rows[0].issues.find((issue) => issue.code === 'reference-unmatched')?.message).toContain(`Ruth Elsewhere (OneFile ID ${ruth}) is of organisation ${GUIDE.care}`);
    expect(rows[1].issues.filter((issue) => issue.code.startsWith('reference-'))).toEqual([]);

    // Choosing her anyway (she is in the search's list) is still no match, in Review as in the plan.
    await service.handlers.resolveValue({ field: 'Assessor', value: 'Ruth Elsewhere', id: String(ruth), remember: false });
    const after = (await service.handlers.getRows({ offset: 0, limit: 1, filter: 'all' })).rows[0];
    expect(after.issues.find((issue) => issue.code === 'reference-unmatched')?.message).toContain(`is of organisation ${GUIDE.care}`);

    const planned = sandbox.calls.length;
    const plan = await service.handlers.planImport({ skipInvalid: false });
    expect(plan).toMatchObject({ create: 1, blocked: 1 });
    // The plan, made on Review's fresh reading, reads none of the staff Review read.
    const readAgain = sandbox.calls.slice(planned).filter((c) => c.route === 'GET User/{id}').map((c) => Number(c.path.split('/').at(-1)));
    expect(readAgain.filter((id) => [ruth, namesake, GUIDE.jamesFayre].includes(id))).toEqual([]);

    // Next week's file names another assessor of the other organisation: Review reads them too.
    const next = path.join(dir, 'next-week.csv');
    writeFileSync(next, 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer\r\nNB0012,Third,Learner,nb0012@learners.example.com,Sam Elsewhere,Business Admin L2,BT - Manchester\r\n');
    await service.handlers.openFile(upload(next));
    const again = sandbox.calls.length;
    await service.handlers.checkReferences({ refresh: false });
    expect(sandbox.calls.slice(again).filter((c) => c.route === 'GET User/{id}').map((c) => Number(c.path.split('/').at(-1)))).toEqual([sam]);
    expect((await service.handlers.listUnresolved({})).map((v) => [v.value, v.kind])).toEqual([['Sam Elsewhere', 'unmatched']]);

    // A name typed into the cell in Review is read as it is typed: Ruth Elsewhere is still no match.
    const typed = sandbox.calls.length;
    const edited = await service.handlers.updateCell({ index: 0, column: 4, value: 'Ruth Elsewhere' });
    expect(sandbox.calls.slice(typed).filter((c) => c.route === 'GET User/{id}').map((c) => Number(c.path.split('/').at(-1)))).toEqual([ruth]);
    expect(edited.row.issues.find((issue) => issue.code === 'reference-unmatched')?.message).toContain(`Ruth Elsewhere (OneFile ID ${ruth}) is of organisation ${GUIDE.care}`);
    // And James Fayre typed instead is this organisation's, found among the namesakes read.
    const fixed = await service.handlers.updateCell({ index: 0, column: 4, value: 'James Fayre' });
    expect(fixed.row.issues.filter((issue) => issue.code.startsWith('reference-'))).toEqual([]);
  }, 60_000);
});
