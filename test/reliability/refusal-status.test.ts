import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * A refusal answered with HTTP 200 and its `{code, message}` (sandbox `refusalStatus`),
 * through a whole import. The Assign whose path the guides disagree on is the refusal
 * a real OneFile is likeliest to give: here OneFile reads it with the learner in the
 * path and the importer is left at its default. With 400 or with 200 alike, each row's
 * IQA must be reported failed, with the hint about the setting, never done (before, with
 * 200, every row was reported done and no learner had an IQA).
 */

const WINDOW_MS = 300;
const ORG = GUIDE.business;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

function writeFile(dir: string, sandbox: RunningSandbox): string {
  const iqa = sandbox.store.usersOf(ORG, 10).find((u) => !u.Archived)!;
  const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement,IQA';
  const lines = ['REF001', 'REF002', 'REF003'].map((misid, i) =>
    [misid, `Learner${i + 1}`, 'Refused', `${misid.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester', `${iqa.FirstName} ${iqa.LastName}`].join(','),
  );
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

describe('refusals answered with HTTP 200, through an import', () => {
  for (const refusalStatus of [400, 200] as const) {
    it(`answered with ${refusalStatus}: every IQA refused is reported failed with what to do, none reported done`, async () => {
      const sandbox = await startSandbox({ windowMs: WINDOW_MS, refusalStatus, assignPath: 'learner-in-path' });
      sandboxes.push(sandbox);
      const dir = tempDir('refusal-status-');
      const file = writeFile(dir, sandbox);
      const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
      const code = await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, io);
      expect(code, io.stderr.join('')).not.toBe(0);
      const summary = lastJson(io.stdout);
      expect(summary).toMatchObject({ failed: 3 });
      const learners = sandbox.store.usersOf(ORG, 1).filter((u) => u.LastName === 'Refused');
      expect(learners).toHaveLength(3);
      for (const learner of learners) expect(sandbox.store.assignmentsOf(learner.ID), learner.MISID!).toEqual([]);
      const report = fs.readFileSync(summary.reports.errors.csv, 'utf8');
      expect(report).toMatch(/learner-in-path/);
      expect(report.match(/REF00\d/g)?.sort()).toEqual(['REF001', 'REF002', 'REF003']);
    });
  }
});
