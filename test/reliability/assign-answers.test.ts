import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { RESUMABLE_STATES } from '../../main/import';
import { runResume } from '../../main/cli/resume-command';
import { GUIDE, startSandbox, type RunningSandbox, type SandboxSwitches } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * What `POST Standard/{id}/Assign` and `POST Unit/{id}/Assign` answer is seen once: the
 * new learning aim's or unit summary's bare ID. A OneFile answering with the record, or
 * with 204 and nothing, must still give every learner each standard and unit once: an
 * answer the client cannot read is not taken for a refusal (the row would say "nothing
 * was written" over an aim that exists) nor sent again on a guess.
 */

const WINDOW_MS = 300;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const LEARNERS = 6;
const UNITS = ['KS_ORG1', 'KS_COMM1'];

function writeFile(dir: string): string {
  const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement,Standards,Units';
  const lines = Array.from({ length: LEARNERS }, (_, i) => {
    const misid = `ASN${String(i + 1).padStart(3, '0')}`;
    return [misid, `Learner${i + 1}`, 'Answers', `${misid.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Business Administrator Level 3', `"${UNITS.join('; ')}"`].join(',');
  });
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

async function importUntilDone(file: string, dir: string, sandbox: RunningSandbox) {
  const env = { ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken };
  const options = { env: sandbox.baseUrl, org: GUIDE.business, dataDir: dir, json: true, rateWindowMs: WINDOW_MS };
  const io = capturedIo(env);
  let code = await runImport(file, options, io);
  let summary = lastJson(io.stdout);
  const first = summary;
  // As a user would: a run stopped part-way is resumed, a finished one with failed rows imported again.
  for (let tries = 0; code === 1 && tries < 3; tries++) {
    const again = capturedIo(env);
    code = RESUMABLE_STATES.has(summary.state)
      ? await runResume(summary.runId, { dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, again)
      : await runImport(file, options, again);
    summary = lastJson(again.stdout);
  }
  return { code, first, stderr: io.stderr.join('') };
}

describe('standard and unit assigns answered in other ways', () => {
  for (const assignAnswers of ['id', 'record', 'empty'] as const) {
    for (const lost of [false, true]) {
      it(`answered with ${assignAnswers === 'id' ? 'the bare ID' : assignAnswers === 'record' ? 'the new record' : '204 and nothing'}${lost ? ', every third write\'s answer lost' : ''}: each standard and unit once, and a second import sends nothing`, async () => {
        const switches: Partial<SandboxSwitches> = { windowMs: WINDOW_MS, assignAnswers, loseEveryNthWrite: lost ? 3 : 0 };
        const sandbox = await startSandbox(switches);
        sandboxes.push(sandbox);
        const dir = tempDir('assign-answers-');
        const file = writeFile(dir);

        const { code, first, stderr } = await importUntilDone(file, dir, sandbox);
        expect(code, stderr).toBe(0);
        // With every answer heard, one import does it all.
        if (!lost) {
          expect(first).toMatchObject({ created: LEARNERS, failed: 0 });
          // Any success answer is a success: none is checked in OneFile (a search and a pause per assign).
          const firstWrite = sandbox.calls.findIndex((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path));
          expect(sandbox.calls.slice(firstWrite).filter((c) => /LearningAim|UnitSummary/.test(c.route))).toEqual([]);
        }

        const learners = sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.LastName === 'Answers');
        expect(learners).toHaveLength(LEARNERS);
        for (const learner of learners) {
          expect(sandbox.store.learningAimsOf(learner.ID).map((a) => a.StandardID), learner.MISID!).toEqual([4001]);
          expect(sandbox.store.unitSummariesOf(learner.ID).map((s) => String(s.UnitID)).sort(), learner.MISID!).toEqual([...UNITS].sort());
        }
        if (lost) expect(sandbox.calls.some((c) => c.lost && /Standard|Unit/.test(c.route))).toBe(true);

        const writesBefore = sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path)).length;
        const again = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
        expect(await runImport(file, { env: sandbox.baseUrl, org: GUIDE.business, dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, again), again.stderr.join('')).toBe(0);
        expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 0, failed: 0 });
        expect(sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path)).length).toBe(writesBefore);
      }, 60_000);
    }
  }
});
