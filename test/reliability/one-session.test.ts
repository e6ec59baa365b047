import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import { RESUMABLE_STATES } from '../../main/import';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * "Several sessions may be live at once" [doc]. A OneFile keeping one session per customer
 * token ends a program's session whenever another program signs in with the same token: a
 * weekly command-line import running while the app checks a file, or two organisations
 * imported side by side. Every call then risks a 401 and a sign-in. Played by the sandbox
 * (`sessionsAtOnce: one`): two imports of 80 learners each, into two organisations, side
 * by side with one token. Each must end with every learner once (a run stopped by sessions
 * ended too often is resumed, as its message says), and a session refused is never taken
 * for a write done or a bad token.
 */

const WINDOW_MS = 500;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

function writeFile(sandbox: RunningSandbox, org: number, tag: string): string {
  const assessor = sandbox.store.usersOf(org, 5).find((u) => !u.Archived)!;
  const classroom = sandbox.store.all('classrooms').find((c) => c.OrganisationID === org)!;
  const placement = sandbox.store.all('placements').find((p) => p.OrganisationID === org)!;
  const lines = Array.from({ length: 80 }, (_, i) =>
    [`${tag}${String(i).padStart(3, '0')}`, `Learner${i}`, tag, `${tag.toLowerCase()}${i}@one-session.example.com`, `${assessor.FirstName} ${assessor.LastName}`, classroom.Name, placement.Name].join(','),
  );
  const file = path.join(tempDir('one-session-'), `${tag}.csv`);
  fs.writeFileSync(file, `${['MIS ID,First Name,Last Name,Email,Assessor,Class,Placement', ...lines].join('\r\n')}\r\n`);
  return file;
}

async function importToTheEnd(sandbox: RunningSandbox, file: string, org: number) {
  const env = { ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken };
  const dataDir = tempDir('one-session-data-');
  const io = capturedIo(env);
  let code = await runImport(file, { env: sandbox.baseUrl, org, dataDir, json: true, rateWindowMs: WINDOW_MS }, io);
  let summary = lastJson(io.stdout);
  const said = [io.stderr.join('')];
  for (let resumes = 0; code !== 0 && RESUMABLE_STATES.has(summary.state) && resumes < 3; resumes++) {
    const again = capturedIo(env);
    code = await runResume(summary.runId, { dataDir, json: true, rateWindowMs: WINDOW_MS }, again);
    summary = lastJson(again.stdout);
    said.push(again.stderr.join(''));
  }
  return { code, summary, said: said.join('\n') };
}

describe('a OneFile keeping one session per customer token', () => {
  it('two imports side by side with one token: every learner once in each organisation, the token never blamed', async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW_MS, sessionsAtOnce: 'one' });
    sandboxes.push(sandbox);
    const [first, second] = await Promise.all([importToTheEnd(sandbox, writeFile(sandbox, 5740, 'ONEA'), 5740), importToTheEnd(sandbox, writeFile(sandbox, 5741, 'ONEB'), 5741)]);
    for (const run of [first, second]) {
      expect(run.code, run.said).toBe(0);
      expect(run.summary).toMatchObject({ state: 'completed', failed: 0 });
      expect(run.said).not.toMatch(/refused the customer token/);
    }
    for (const [org, tag] of [[5740, 'ONEA'], [5741, 'ONEB']] as const) {
      const made = sandbox.store.usersOf(org, 1).filter((u) => u.MISID?.startsWith(tag));
      expect(made).toHaveLength(80);
      expect(new Set(made.map((u) => u.MISID)).size).toBe(80);
    }
    // The sandbox did end each program's sessions: the two did meet.
    expect(sandbox.calls.filter((c) => c.status === 401).length).toBeGreaterThan(0);
  });
});
