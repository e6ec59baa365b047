import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import { RESUMABLE_STATES } from '../../main/import';
import type { RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * No guide says what `POST User/{id}/Assign` does with an assignment the learner already
 * has, and no documented call reads a learner's assigned staff back. The importer assumed
 * OneFile keeps one and answers 204 again; a public SDK notes that a repeated unit assign
 * "only passes first time", so a OneFile refusing the repeat (400, "already assigned") is
 * as likely. There, the weekly import from another computer (its own record of what was
 * assigned), and the assign sent again after a lost answer, met that refusal: each such
 * row failed with "correct the value" over an assignment that was there.
 */

const ORG = 5740;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const LEARNERS = 6;

function staffOf(sandbox: RunningSandbox) {
  const last = <T extends { ID: number }>(rows: T[]) => [...rows].sort((a, b) => b.ID - a.ID)[0];
  return { iqa: last(sandbox.store.usersOf(ORG, 10).filter((u) => !u.Archived)), observer: last(sandbox.store.usersOf(ORG, 45).filter((u) => !u.Archived)) };
}

function fileOf(dir: string, sandbox: RunningSandbox): string {
  const { iqa, observer } = staffOf(sandbox);
  const header = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Standard,IQA,Observer';
  const rows = Array.from({ length: LEARNERS }, (_, n) => {
    const ref = `SAA${String(n + 1).padStart(3, '0')}`;
    return [ref, `Learner${n + 1}`, 'Again', `${ref.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Business Administrator Level 3', `${iqa.FirstName} ${iqa.LastName}`, `${observer.FirstName} ${observer.LastName}`].join(',');
  });
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, [header, ...rows].join('\r\n') + '\r\n');
  return file;
}

/** Imports as a user would: a run stopped part-way resumed, a finished one with failed rows imported again. */
async function importUntilDone(sandbox: RunningSandbox, file: string, dataDir: string) {
  const env = { ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken };
  const options = { env: sandbox.baseUrl, org: ORG, dataDir, json: true, yes: true, rateWindowMs: WINDOW_MS };
  const io = capturedIo(env);
  let code = await runImport(file, options, io);
  let summary = lastJson(io.stdout);
  const first = summary;
  const errors: string[] = [];
  const errorsOf = (s: Record<string, any>) => s.reports?.errors && errors.push(fs.readFileSync(s.reports.errors.csv, 'utf8'));
  errorsOf(summary);
  for (let tries = 0; code === 1 && tries < 3; tries++) {
    const again = capturedIo(env);
    code = RESUMABLE_STATES.has(summary.state) ? await runResume(summary.runId, { dataDir, json: true, rateWindowMs: WINDOW_MS }, again) : await runImport(file, options, again);
    summary = lastJson(again.stdout);
    errorsOf(summary);
  }
  return { code, first, last: summary, errors: errors.join('\n'), stderr: io.stderr.join('') };
}

function assignmentsOf(sandbox: RunningSandbox) {
  const { iqa, observer } = staffOf(sandbox);
  return sandbox.store
    .usersOf(ORG, 1)
    .filter((u) => u.LastName === 'Again')
    .map((u) => ({
      ref: u.MISID,
      iqa: sandbox.store.assignmentsOf(u.ID).filter((a) => a.StaffID === iqa.ID).length,
      observer: sandbox.store.assignmentsOf(u.ID).filter((a) => a.StaffID === observer.ID).length,
    }))
    .sort((a, b) => String(a.ref).localeCompare(String(b.ref)));
}

const eachOnce = Array.from({ length: LEARNERS }, (_, n) => ({ ref: `SAA${String(n + 1).padStart(3, '0')}`, iqa: 1, observer: 1 }));
const refusedRepeats = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => /^POST User\/\{id\}\/Assign$/.test(c.route ?? '') && c.status === 400).length;

describe('a OneFile refusing a staff assignment the learner already has (400, "already assigned")', () => {
  it('the weekly import from another computer: each learner\'s IQA and observer taken as assigned, every row done, none failed', async () => {
    const sandbox = await sandboxWith({ staffAssignAgain: 'refused' });
    const dir = tempDir('staff-again-');
    const file = fileOf(dir, sandbox);
    const first = await importUntilDone(sandbox, file, path.join(dir, 'office-pc'));
    expect(first.code, first.stderr).toBe(0);
    expect(first.first).toMatchObject({ created: LEARNERS, failed: 0 });
    expect(assignmentsOf(sandbox)).toEqual(eachOnce);
    expect(refusedRepeats(sandbox)).toBe(0);

    // Another computer: its own data folder, so nothing tells it what the first assigned.
    const other = await importUntilDone(sandbox, file, path.join(dir, 'laptop'));
    expect(other.code, other.errors).toBe(0);
    // Nothing changed in OneFile: the rows are unchanged, not "updated".
    expect(other.first).toMatchObject({ created: 0, updated: 0, unchanged: LEARNERS, failed: 0 });
    // Each was sent and refused as already there: the row is done, nothing added, and says so.
    expect(refusedRepeats(sandbox)).toBe(LEARNERS * 2);
    const outcome = fs.readFileSync(other.first.reports.results.csv, 'utf8');
    expect(outcome).toMatch(/Already in OneFile, so not made again: Assign IQA [^(]+ for Business Administrator Level 3 \(OneFile: ""User \d+ is already assigned to learner \d+ at level 3 for standard 4001\.""\); Assign observer/);
    expect(assignmentsOf(sandbox)).toEqual(eachOnce);

    // The laptop now knows them too: its next import sends nothing.
    const writes = sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path)).length;
    const again = await importUntilDone(sandbox, file, path.join(dir, 'laptop'));
    expect(again.code).toBe(0);
    expect(sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path)).length).toBe(writes);
  }, 120_000);

  it('every third write\'s answer lost: an assign sent again and refused as already there is done; each learner\'s IQA and observer once', async () => {
    const sandbox = await sandboxWith({ staffAssignAgain: 'refused', loseEveryNthWrite: 3 });
    const dir = tempDir('staff-again-lost-');
    const result = await importUntilDone(sandbox, fileOf(dir, sandbox), path.join(dir, 'data'));
    expect(result.code, result.errors).toBe(0);
    expect(sandbox.calls.some((c) => c.lost && /Assign$/.test(c.path))).toBe(true);
    expect(result.errors).not.toMatch(/already assigned/i);
    // Refused as already there after a try of its own whose answer was lost: made by this run, so the row says done.
    expect(refusedRepeats(sandbox)).toBeGreaterThan(0);
    expect(fs.readFileSync(result.first.reports.results.csv, 'utf8')).not.toContain('Already in OneFile');
    expect(assignmentsOf(sandbox)).toEqual(eachOnce);
  }, 120_000);
});
