import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { findingsPath, readFindings, READING_LIFE_MS, type EnvironmentFindings } from '../../main/import/environment/findings';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import type { UserRecord } from '../../main/sandbox/records';
import { kept, learnersWithDetails, moveFile } from './class-moves';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * What an import learned of how OneFile behaves saves checks in later imports: an
 * update seen keeping the fields it is not sent is not read around again. OneFile
 * upgraded since could behave otherwise, and believing last month's reading would wipe
 * learners' dates, MIS IDs and ULNs on every update, silently. A reading is believed
 * for a week after it was seen; then the next import checks it again.
 */

const WINDOW_MS = 300;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

/** Moves the learners; what the import read of them (`GET User/{id}`), and whether anything of theirs but the class changed. */
async function move(sandbox: RunningSandbox, dir: string, learners: UserRecord[], name: string) {
  const before = new Map(learners.map((u) => [u.ID, structuredClone(sandbox.store.user(u.ID)!)]));
  const from = sandbox.calls.length;
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  const code = await runImport(moveFile(dir, name, learners), { env: sandbox.baseUrl, org: GUIDE.business, dataDir: dir, json: true, rateWindowMs: WINDOW_MS }, io);
  expect(code, io.stderr.join('')).toBe(0);
  expect(lastJson(io.stdout)).toMatchObject({ updated: learners.length, failed: 0 });
  for (const u of learners) expect(sandbox.store.user(u.ID)!.ClassroomID, u.MISID!).not.toBe(before.get(u.ID)!.ClassroomID);
  return {
    reads: sandbox.calls.slice(from).filter((c) => c.route === 'GET User/{id}').length,
    othersKept: learners.every((u) => JSON.stringify(kept(sandbox.store.user(u.ID)!)) === JSON.stringify(kept(before.get(u.ID)!))),
  };
}

/** The findings as an import a week or more later finds them: every reading's date moved back. */
function dateBack(dir: string, sandbox: RunningSandbox, ms: number, edit: (findings: EnvironmentFindings) => EnvironmentFindings = (f) => f) {
  const findings = readFindings(dir, sandbox.baseUrl)!;
  const seenOn = Object.fromEntries(Object.entries(findings.seenOn ?? {}).map(([key, at]) => [key, new Date(Date.parse(at) - ms).toISOString()]));
  fs.writeFileSync(findingsPath(dir, sandbox.baseUrl), JSON.stringify(edit({ ...findings, seenOn })));
}

describe('readings of OneFile learned by imports, a week on', () => {
  it('an update seen keeping the fields it is not sent is checked again a week on: a OneFile upgraded to clear them since loses no learner anything', async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW_MS, userUpdates: 'fields-sent' });
    sandboxes.push(sandbox);
    const dir = tempDir('readings-age-');

    const first = await move(sandbox, dir, learnersWithDetails(sandbox, 2, 0), 'first.csv');
    expect(first.othersKept).toBe(true);
    expect(first.reads).toBeGreaterThan(0);
    expect(readFindings(dir, sandbox.baseUrl)!.knowledge.userUpdates).toBe('fields-sent');

    // Within the week: believed, and updates are sent with no read.
    dateBack(dir, sandbox, READING_LIFE_MS - 3_600_000);
    const sameWeek = await move(sandbox, dir, learnersWithDetails(sandbox, 2, 2), 'same-week.csv');
    expect(sameWeek).toEqual({ reads: 0, othersKept: true });

    // OneFile upgraded: an update now clears what it is not sent. A week on, the first update is checked again.
    sandbox.switches.userUpdates = 'whole-record';
    dateBack(dir, sandbox, READING_LIFE_MS);
    const weekOn = await move(sandbox, dir, learnersWithDetails(sandbox, 3, 4), 'week-on.csv');
    expect(weekOn.othersKept).toBe(true);
    const findings = readFindings(dir, sandbox.baseUrl)!;
    expect(findings.knowledge.userUpdates).toBe('whole-record');
    expect(Date.now() - Date.parse(findings.seenOn!.userUpdates!)).toBeLessThan(60_000);

    // And the import after that knows: each learner read first and sent whole.
    const after = await move(sandbox, dir, learnersWithDetails(sandbox, 2, 7), 'after.csv');
    expect(after).toEqual({ reads: 2, othersKept: true });
  }, 60_000);

  it('a reading saved before readings were dated is checked again once', async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW_MS, userUpdates: 'whole-record' });
    sandboxes.push(sandbox);
    const dir = tempDir('readings-undated-');
    await move(sandbox, dir, learnersWithDetails(sandbox, 1, 0), 'first.csv');
    // As an importer before this one left it: "fields-sent" (say), and no dates.
    dateBack(dir, sandbox, 0, (f) => ({ ...f, knowledge: { ...f.knowledge, userUpdates: 'fields-sent', userFieldsKept: { update: ['DOB', 'MISID', 'ULN', 'ClassroomID'] } }, seenOn: undefined }));
    const next = await move(sandbox, dir, learnersWithDetails(sandbox, 2, 1), 'next.csv');
    expect(next.othersKept).toBe(true);
    expect(readFindings(dir, sandbox.baseUrl)!.knowledge.userUpdates).toBe('whole-record');
  }, 60_000);
});
