import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { readFindings } from '../../main/import/environment/findings';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * A OneFile whose searches trail its writes (sandbox `searchLagMs`): a learner made a
 * moment ago is not yet in `User/Search`, as a search served from a replica or an index
 * would be, while `GET User/{id}` shows it. The importer assumed a search shows a write
 * as soon as it is answered. Before, a create whose answer was lost was checked with a
 * search, found missing and sent again (each learner made twice), and importing the same
 * file again straight after created every new learner a second time (they were missing
 * from the directory). Now neither makes a learner twice.
 */

const WINDOW_MS = 300;
const ORG = GUIDE.business;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });

function learnersFile(dir: string, count: number, name = 'learners.csv', programme = false): string {
  const header = `MIS ID,First Name,Last Name,Email,Assessor,Class,Placement${programme ? ',Standards,Units' : ''}`;
  const lines = Array.from({ length: count }, (_, i) => {
    const misid = `LAG${String(i + 1).padStart(3, '0')}`;
    const cells = [misid, `Learner${i + 1}`, 'Trailing', `${misid.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester'];
    return (programme ? [...cells, 'Business Administrator Level 3', '"KS_ORG1; KS_COMM1"'] : cells).join(',');
  });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

async function importFile(sandbox: RunningSandbox, dir: string, file: string, dryRun = false) {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  const code = await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS, dryRun }, io);
  return { code, summary: lastJson(io.stdout), output: io.stderr.join('') + io.stdout.join('') };
}

const learnersOf = (sandbox: RunningSandbox) => sandbox.store.usersOf(ORG, 1).filter((u) => u.LastName === 'Trailing');
const creates = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.route === 'POST User' && !c.sessionRefused).length;

describe('a OneFile whose searches show a new learner only seconds after it is made', () => {
  it("every create's answer lost: each is found made, however late the search shows it, and none is sent twice", async () => {
    const sandbox = await sandboxWith({ searchLagMs: 4_000, loseEveryNthWrite: 1 });
    const dir = tempDir('search-lag-lost-');
    const run = await importFile(sandbox, dir, learnersFile(dir, 3));
    const learners = learnersOf(sandbox);
    expect(learners.map((u) => u.MISID).sort()).toEqual(['LAG001', 'LAG002', 'LAG003']);
    expect(creates(sandbox)).toBe(3);
    expect(run.code, run.output).toBe(0);
    expect(run.summary).toMatchObject({ created: 3, failed: 0 });
    // What was seen is kept for the environment: its searches trail its writes.
    expect(readFindings(dir, sandbox.baseUrl)?.knowledge.searchLagMs).toBeGreaterThan(0);
  }, 120_000);

  it('importing the same file again straight after: the learners the first import made are found, nothing is created twice', async () => {
    const sandbox = await sandboxWith({ searchLagMs: 600_000 });
    const dir = tempDir('search-lag-again-');
    const file = learnersFile(dir, 3);
    const first = await importFile(sandbox, dir, file);
    expect(first.code, first.output).toBe(0);
    expect(first.summary).toMatchObject({ created: 3, failed: 0 });

    const again = await importFile(sandbox, dir, file);
    expect(learnersOf(sandbox)).toHaveLength(3);
    expect(creates(sandbox)).toBe(3);
    expect(again.code, again.output).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, failed: 0 });
    // Read one by one, by the IDs OneFile gave them.
    expect(sandbox.calls.filter((c) => c.route === 'GET User/{id}').length).toBe(3);
    // And the plan says so.
    const plan = await importFile(sandbox, dir, file, true);
    expect(plan.summary.summary).toMatchObject({ create: 0, unchanged: 3 });
    expect(plan.summary.summary.notes.map((n: { code: string }) => n.code)).toContain('users-made-not-in-search');
  }, 60_000);

  it('a file giving standards and units imported again straight after: the learners found, and no standard or unit given twice', async () => {
    const sandbox = await sandboxWith({ searchLagMs: 600_000 });
    const dir = tempDir('search-lag-programme-');
    const file = learnersFile(dir, 3, 'learners.csv', true);
    const first = await importFile(sandbox, dir, file);
    expect(first.code, first.output).toBe(0);
    expect(first.summary).toMatchObject({ created: 3, failed: 0 });

    const again = await importFile(sandbox, dir, file);
    expect(again.code, again.output).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    for (const learner of learnersOf(sandbox)) {
      expect(sandbox.store.learningAimsOf(learner.ID).map((a) => a.StandardID), learner.MISID!).toEqual([4001]);
      expect(sandbox.store.unitSummariesOf(learner.ID).map((u) => String(u.UnitID)).sort(), learner.MISID!).toEqual(['KS_COMM1', 'KS_ORG1']);
    }
    // Each row says why nothing was sent.
    const results = fs.readFileSync(again.summary.reports.results.csv, 'utf8');
    expect(results.match(/Not sent again: ""Assign standard Business Administrator Level 3"", ""Assign unit Organisational purpose and values"", ""Assign unit Communications: written and verbal""\. An import did them about \d+ minutes? ago/g)).toHaveLength(3);
  }, 60_000);
});
