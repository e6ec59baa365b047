import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { readFindings } from '../../main/import/environment/findings';
import type { RunningSandbox } from '../../main/sandbox';
import { isValidUln } from '../../main/sandbox/uln';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * A learner without an email. OneFile's guide to creating users lists a learner's required
 * fields without one; the API table has every user need one. Neither is taken on trust: the
 * sandbox plays both (`learnerEmail`), and against both the importer never creates a learner
 * twice and never leaves a row unsaid.
 * - Created without one: every such learner once, the next import of the file makes no write
 *   (they are found by MIS ID), and the environment remembers that it accepts them.
 * - Refused: that row fails with OneFile's message, the others without an email are held back
 *   without a call, each saying why; the next import blocks them in its plan without a call;
 *   with their emails filled in they are created, each once.
 */

const WINDOW_MS = 300;
const LEARNERS = 10;
/** The rows (1-based learner numbers) that have no email. */
const WITHOUT_EMAIL = [3, 5, 7, 9];
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });

const lines = (tag: string, filled = false) =>
  Array.from({ length: LEARNERS }, (_, i) => learnerLine(tag, i + 1, WITHOUT_EMAIL.includes(i + 1) && !filled ? { email: '' } : {}));
const misid = (tag: string, n: number) => `${tag}${String(n).padStart(3, '0')}`;
const writes = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path)).length;
const refusedCreates = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.route === 'POST User' && c.status === 400).length;

function learnersOf(sandbox: RunningSandbox, tag: string) {
  return sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith(tag));
}

/** Each MIS ID of the file at most once; returns the MIS IDs present. */
function eachAtMostOnce(sandbox: RunningSandbox, tag: string): string[] {
  const found = learnersOf(sandbox, tag).map((u) => u.MISID!);
  expect(new Set(found).size, 'a learner created twice').toBe(found.length);
  return found.sort();
}

async function importFile(sandbox: RunningSandbox, file: string, dataDir: string, extra: { concurrency?: number } = {}) {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  const code = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, yes: true, rateWindowMs: WINDOW_MS, ...extra }, io);
  return { code, io, summary: lastJson(io.stdout) };
}

describe('a learner without an email', () => {
  it('where OneFile creates one: each created once, with no email, found again by MIS ID, and remembered', async () => {
    const sandbox = await sandboxWith({ learnerEmail: 'optional' });
    const dir = tempDir('learner-email-');
    const dataDir = path.join(dir, 'data');
    const file = writeCsv(dir, 'learners.csv', lines('LEO'));

    const first = await importFile(sandbox, file, dataDir);
    expect(first.code, first.io.stderr.join('')).toBe(0);
    expect(first.summary).toMatchObject({ state: 'completed', created: LEARNERS, failed: 0 });
    expect(eachAtMostOnce(sandbox, 'LEO')).toHaveLength(LEARNERS);
    for (const n of WITHOUT_EMAIL) expect(learnersOf(sandbox, 'LEO').find((u) => u.MISID === misid('LEO', n))?.Email ?? null).toBeNull();
    expect(refusedCreates(sandbox)).toBe(0);
    expect(readFindings(dataDir, sandbox.baseUrl)?.knowledge.learnerEmail).toBe('optional');

    const before = writes(sandbox);
    const again = await importFile(sandbox, file, dataDir);
    expect(again.code, again.io.stderr.join('')).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, failed: 0 });
    expect(writes(sandbox)).toBe(before);
    expect(eachAtMostOnce(sandbox, 'LEO')).toHaveLength(LEARNERS);
  }, 120_000);

  it('where OneFile refuses one: one refusal, the rest held back without a call and each said; the next plan blocks them; filled in, each created once', async () => {
    const sandbox = await sandboxWith({ learnerEmail: 'required' });
    const dir = tempDir('learner-email-');
    const dataDir = path.join(dir, 'data');
    const file = writeCsv(dir, 'learners.csv', lines('LER'));

    // One row at a time, so that the first refusal comes before any other such row is sent.
    const first = await importFile(sandbox, file, dataDir, { concurrency: 1 });
    expect(first.code).toBe(1);
    expect(first.summary).toMatchObject({ created: LEARNERS - WITHOUT_EMAIL.length, failed: WITHOUT_EMAIL.length });
    expect(refusedCreates(sandbox)).toBe(1);
    expect(eachAtMostOnce(sandbox, 'LER')).toEqual(Array.from({ length: LEARNERS }, (_, i) => i + 1).filter((n) => !WITHOUT_EMAIL.includes(n)).map((n) => misid('LER', n)));
    expect(readFindings(dataDir, sandbox.baseUrl)?.knowledge.learnerEmail).toBe('required');
    // The error report a person hands on: every such row, OneFile's own refusal for the first, the hold for the rest.
    const errors = fs.readFileSync(first.summary.reports.errors.csv, 'utf8');
    for (const n of WITHOUT_EMAIL) expect(errors).toContain(misid('LER', n));
    expect(errors).toMatch(/Required field missing: Email/);
    expect(errors.match(/Not sent: this OneFile refused a learner without an email/g)).toHaveLength(WITHOUT_EMAIL.length - 1);
    // Each names the column to fill in (the report's "Error column").
    const errorRows = errors.trim().split(/\r?\n/).slice(1);
    expect(errorRows).toHaveLength(WITHOUT_EMAIL.length);
    for (const row of errorRows) expect(row).toMatch(/,Email Address,Create learner/);

    // The next import of the same file: blocked in the plan, no call sent for them.
    const refusedBefore = refusedCreates(sandbox);
    const writesBefore = writes(sandbox);
    const again = await importFile(sandbox, file, dataDir);
    expect(again.code).not.toBe(0);
    expect(JSON.stringify(again.summary) + again.io.stderr.join('') + again.io.stdout.join('')).toMatch(/refused a learner without an email in an earlier import/);
    expect(refusedCreates(sandbox)).toBe(refusedBefore);
    expect(writes(sandbox)).toBe(writesBefore);

    // Their emails filled in: created, each once.
    const filled = writeCsv(dir, 'learners-filled.csv', lines('LER', true));
    const fixed = await importFile(sandbox, filled, dataDir);
    expect(fixed.code, fixed.io.stderr.join('')).toBe(0);
    expect(fixed.summary).toMatchObject({ created: WITHOUT_EMAIL.length, failed: 0 });
    expect(eachAtMostOnce(sandbox, 'LER')).toHaveLength(LEARNERS);
  }, 120_000);

  it('where OneFile refuses one, with rows in flight together: one refusal, never a learner without an email made, never twice, every such row failed and said', async () => {
    const sandbox = await sandboxWith({ learnerEmail: 'required' });
    const dir = tempDir('learner-email-');
    const file = writeCsv(dir, 'learners.csv', lines('LEC'));
    const run = await importFile(sandbox, file, path.join(dir, 'data'), { concurrency: 8 });
    expect(run.code).toBe(1);
    expect(run.summary).toMatchObject({ created: LEARNERS - WITHOUT_EMAIL.length, failed: WITHOUT_EMAIL.length });
    // Until OneFile's answer to the first is known, the others wait for it: they are held back, not sent and refused.
    expect(refusedCreates(sandbox)).toBe(1);
    expect(eachAtMostOnce(sandbox, 'LEC')).toHaveLength(LEARNERS - WITHOUT_EMAIL.length);
  }, 120_000);

  it('where OneFile creates one, with rows in flight together: the first goes alone, then the rest, each created once', async () => {
    const sandbox = await sandboxWith({ learnerEmail: 'optional' });
    const dir = tempDir('learner-email-');
    const run = await importFile(sandbox, writeCsv(dir, 'learners.csv', lines('LEF')), path.join(dir, 'data'), { concurrency: 8 });
    expect(run.code, run.io.stderr.join('')).toBe(0);
    expect(run.summary).toMatchObject({ created: LEARNERS, failed: 0 });
    expect(eachAtMostOnce(sandbox, 'LEF')).toHaveLength(LEARNERS);
  }, 120_000);

  it("known by a ULN alone (no MIS ID, no email), every answer lost: each is found made by its name, role and ULN, never sent twice", async () => {
    const sandbox = await sandboxWith({ learnerEmail: 'optional', loseEveryNthWrite: 1 });
    const dir = tempDir('learner-uln-');
    const dataDir = path.join(dir, 'data');
    const ulns = ['1000000043', '1000000051', '1000000078'];
    for (const uln of ulns) expect(isValidUln(uln), uln).toBe(true);
    const file = path.join(dir, 'learners.csv');
    const rows = ulns.map((uln, i) => `${uln},Uma${i + 1},Lindqvist,Kate Anderson,Business Admin L2,BT - Manchester`);
    fs.writeFileSync(file, `ULN,First Name,Last Name,Assessor,Class,Placement\r\n${rows.join('\r\n')}\r\n`);

    const first = await importFile(sandbox, file, dataDir);
    const made = sandbox.store.usersOf(5740, 1).filter((u) => u.LastName === 'Lindqvist');
    expect(made.map((u) => u.ULN).sort()).toEqual(ulns);
    expect(sandbox.calls.filter((c) => c.route === 'POST User').length).toBe(ulns.length);
    expect(first.code, first.io.stderr.join('')).toBe(0);
    expect(first.summary).toMatchObject({ created: ulns.length, failed: 0 });
    // Looked for by a name sent and the role, never by the ULN (no documented filter takes it).
    const checks = sandbox.calls.filter((c) => c.route.startsWith('POST User/Search') && (c.body as { LastName?: string } | null)?.LastName === 'Lindqvist');
    expect(checks.length).toBeGreaterThanOrEqual(ulns.length);
    expect(checks.every((c) => (c.body as { Role?: number }).Role === 1 && !('ULN' in (c.body as object)))).toBe(true);

    const before = writes(sandbox);
    const again = await importFile(sandbox, file, dataDir);
    expect(again.code, again.io.stderr.join('')).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, failed: 0 });
    expect(writes(sandbox)).toBe(before);
  }, 120_000);
});
