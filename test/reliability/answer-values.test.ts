import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { ANSWER_VALUES } from '../../main/sandbox/switches';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * A OneFile typing its answers' values otherwise than the guides' examples (sandbox
 * `answerValues`): every number and flag as text (`"5740"`, `"True"`), or a user's Role
 * as its name (`"Learner"`) and the ULN as a JSON number. Before, reading the
 * organisation's users failed on either and no import could start; now the values are read
 * for what they say, every learner is made once, and importing again sends nothing.
 */

const WINDOW_MS = 300;
const ORG = GUIDE.business;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

function learnersFile(dir: string): string {
  // The organisation's learners carry ULNs: the directory reads them as OneFile types them.
  const header = 'MIS ID,First Name,Last Name,Email,Date of Birth,Assessor,Class,Placement';
  const lines = [1, 2, 3].map((i) => {
    const misid = `TYPED00${i}`;
    return [misid, `Learner${i}`, 'Typed', `${misid.toLowerCase()}@learners.example.com`, `0${i}/06/2004`, 'James Fayre', 'Business Admin L2', 'BT - Manchester'].join(',');
  });
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

describe('answers whose values are typed otherwise', () => {
  for (const answerValues of ANSWER_VALUES) {
    it(`${answerValues}: every learner made once, and importing again sends nothing`, async () => {
      const sandbox = await startSandbox({ windowMs: WINDOW_MS, answerValues });
      sandboxes.push(sandbox);
      const dir = tempDir('answer-values-');
      const file = learnersFile(dir);
      const importFile = async () => {
        const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
        const code = await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, io);
        const output = io.stderr.join('') + io.stdout.join('');
        if (code !== 0) console.log(output.slice(0, 1500));
        return { code, summary: lastJson(io.stdout), output };
      };
      const first = await importFile();
      expect(first.code, first.output).toBe(0);
      expect(first.summary).toMatchObject({ created: 3, failed: 0 });
      const again = await importFile();
      expect(again.code, again.output).toBe(0);
      expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0 });
      expect(sandbox.store.usersOf(ORG, 1).filter((u) => u.LastName === 'Typed')).toHaveLength(3);
    }, 60_000);
  }
});
