import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { SESSION_REFUSALS } from '../../main/sandbox/switches';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * A session that has ended, refused otherwise than with 401 (sandbox `sessionRefusal`):
 * a 400 naming the session, a redirect to a sign-in page, or that page with 200, as a
 * web app's forms sign-in answers. Sessions end every few calls here. Before, the first
 * refusal after one ended failed that row and every row after it (a 400 read as the
 * data's fault, a redirect or a page as an answer that was not OneFile's); now the
 * session is renewed and the import completes, every learner created exactly once.
 */

const WINDOW_MS = 300;
const ORG = GUIDE.business;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const LEARNERS = 20;

function learnersFile(dir: string): string {
  const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement';
  const lines = Array.from({ length: LEARNERS }, (_, i) => {
    const misid = `SESS${String(i + 1).padStart(3, '0')}`;
    return [misid, `Learner${i + 1}`, 'Session', `${misid.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester'].join(',');
  });
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

describe('a session that ends, refused in whatever way', () => {
  for (const sessionRefusal of SESSION_REFUSALS) {
    it(`refused with ${sessionRefusal}: the session is renewed, every learner created once, every row done`, async () => {
      // A write answered with a redirect or a page is checked, then sent again, within the runner's four tries: sessions
      // ending every 7th call (a storm no OneFile makes: they last a day) could take all four from one row, so those end less often.
      const checked = sessionRefusal === 'redirect' || sessionRefusal === 'page';
      const sandbox = await startSandbox({ windowMs: WINDOW_MS, sessionRefusal, expireSessionsEvery: checked ? 23 : 7 });
      sandboxes.push(sandbox);
      const dir = tempDir('session-refusal-');
      const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
      const code = await runImport(learnersFile(dir), { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, io);
      expect(code, io.stderr.join('') + io.stdout.join('')).toBe(0);
      expect(lastJson(io.stdout)).toMatchObject({ created: LEARNERS, failed: 0 });
      const learners = sandbox.store.usersOf(ORG, 1).filter((u) => u.LastName === 'Session');
      expect(learners).toHaveLength(LEARNERS);
      expect(new Set(learners.map((u) => u.MISID)).size).toBe(LEARNERS);
      // Sessions really ended mid-run, and were signed in again.
      expect(sandbox.calls.filter((c) => c.sessionRefused).length).toBeGreaterThan(0);
      expect(sandbox.calls.filter((c) => c.route === 'POST Authentication').length).toBeGreaterThanOrEqual(2);
      // A write answered with a redirect or a page is checked in OneFile after a pause before it is sent again: slower, never twice.
    }, 90_000);
  }
});
