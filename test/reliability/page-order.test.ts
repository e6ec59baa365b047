import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * A paged search must hold every row once. A OneFile ordering its user pages by last
 * name alone, each page's query breaking ties its own way (as `ORDER BY LastName` with
 * `OFFSET`/`FETCH` does; sandbox `userPageOrder: last-name`), serves some learners on two
 * pages and as many on none: read once, those learners look new and are created a
 * second time. The importer must notice the overlap and read again with other page
 * edges until every row is in, or stop.
 */

const WINDOW_MS = 300;
const ORG = GUIDE.business;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const cell = (value: string | number) => (/[",\r\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));

/** Every active learner of the organisation as OneFile holds them: importing it changes nothing. */
function writeWholeOrganisation(dir: string, sandbox: RunningSandbox): { file: string; learners: number } {
  const learners = sandbox.store
    .usersOf(ORG, 1)
    .filter((u) => !u.Archived && u.MISID && u.Email && u.DefaultAssessorID && u.ClassroomID && u.PlacementID);
  const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement';
  const lines = learners.map((u) => [u.MISID!, u.FirstName, u.LastName, u.Email!, u.DefaultAssessorID!, u.ClassroomID!, u.PlacementID!].map(cell).join(','));
  const file = path.join(dir, 'whole-organisation.csv');
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return { file, learners: learners.length };
}

describe('user pages in no stable order', () => {
  it('the whole organisation imported again: no learner created, none lost, whatever rows the pages skipped', async () => {
    // Pages of at most 50, as seen in production: the 400 learners span several.
    const sandbox = await startSandbox({ windowMs: WINDOW_MS, userPageOrder: 'last-name', pageCap: 50 });
    sandboxes.push(sandbox);
    const dir = tempDir('page-order-');
    const { file, learners } = writeWholeOrganisation(dir, sandbox);
    expect(learners).toBeGreaterThan(300);
    const before = sandbox.store.usersOf(ORG, 1).length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const code = await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, io);
    expect(code, io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 0, failed: 0 });
    expect(sandbox.calls.filter((c) => c.route === 'POST User')).toEqual([]);
    expect(sandbox.store.usersOf(ORG, 1)).toHaveLength(before);
    // The pages did overlap (the learner search was read more than once), so the test tested something.
    const learnerPage1 = sandbox.calls.filter((c) => c.route === 'POST User/Search/{page}/{size}' && /\/1\/\d+$/.test(c.path) && (c.body as { Role?: number } | null)?.Role === 1);
    expect(learnerPage1.length).toBeGreaterThan(1);
  });
});
