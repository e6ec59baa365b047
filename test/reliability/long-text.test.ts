import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import type { RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import * as fs from 'node:fs';
import { sandboxesClosedAfterEach } from './sandboxes';

const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const HEADER = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Home Address';
const LONG = '12 The Long Terrace, Off The High Street, Little Snoring-on-the-Marsh, Near Fakenham, Norfolk, NR21 0AA';

function fileOf(dir: string, longRows: number, shortRows: number): string {
  const rows = Array.from({ length: longRows + shortRows }, (_, n) => {
    const ref = `LT${String(n).padStart(3, '0')}`;
    const address = n < longRows ? `"${LONG}"` : '"1 Short St, Leeds"';
    return `${ref},Learner${n},Long,${ref.toLowerCase()}@learners.example.com,James Fayre,Business Admin L2,BT - Manchester,${address}`;
  });
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, [HEADER, ...rows].join('\r\n') + '\r\n');
  return file;
}

async function importFile(sandbox: RunningSandbox, file: string, dataDir: string) {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  const started = Date.now();
  const code = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, yes: true, rateWindowMs: WINDOW_MS }, io);
  return { code, io, summary: lastJson(io.stdout), ms: Date.now() - started };
}

describe('a OneFile holding at most 60 characters of a text field', () => {
  const longLearners = (sandbox: RunningSandbox) => sandbox.store.usersOf(5740, 1).filter((u) => u.LastName === 'Long');
  const createsOf = (sandbox: RunningSandbox, ref: string) => sandbox.calls.filter((c) => c.route === 'POST User' && (c.body as { MISID?: string })?.MISID === ref);
  const errorsOf = (summary: unknown) => {
    const errors = (summary as { reports: { errors: { csv: string } | null } }).reports.errors;
    return errors ? fs.readFileSync(errors.csv, 'utf8') : '';
  };

  it('failing a longer one with an internal error (500): each such row fails naming the long value and its column, not "try again later"; nothing is made twice', async () => {
    // Before: each row failed "If it keeps happening, try again later", which never helps.
    const sandbox = await sandboxWith({ textLimit: 60, longText: 'server-error' });
    const dir = tempDir('long-text-500-');
    const first = await importFile(sandbox, fileOf(dir, 8, 2), path.join(dir, 'data'));
    expect(first.code).toBe(1);
    expect(first.summary).toMatchObject({ created: 2, failed: 8 });
    expect(longLearners(sandbox).map((u) => u.MISID).sort()).toEqual(['LT008', 'LT009']);
    const sent = createsOf(sandbox, 'LT000').length;
    expect(sent).toBeGreaterThanOrEqual(4);
    const errors = errorsOf(first.summary);
    expect(errors).toContain(
      `""Create learner Learner0 Long"" failed: OneFile answered it with an internal error (HTTP 500) each of the ${sent} times it was sent, and each check between found it not made, though OneFile answered those searches: something in this row may be what OneFile cannot take, such as a value longer than it holds (the longest sent: the home address, 103 characters).`,
    );
    // The errors report marks the column.
    expect(errors.split('\r\n')[1] ?? errors.split('\n')[1]).toMatch(/,Home Address,/);
  }, 240_000);

  it('refusing a longer one (400): each such row fails once with what OneFile said', async () => {
    const sandbox = await sandboxWith({ textLimit: 60, longText: 'refused' });
    const dir = tempDir('long-text-400-');
    const first = await importFile(sandbox, fileOf(dir, 8, 2), path.join(dir, 'data'));
    expect(first.summary).toMatchObject({ created: 2, failed: 8 });
    for (let n = 0; n < 8; n++) expect(createsOf(sandbox, `LT00${n}`)).toHaveLength(1);
    expect(errorsOf(first.summary)).toContain('HomeAddress must be at most 60 characters long.');
  }, 60_000);

  it('cutting a longer one short: the learner is made once, and the row fails saying the address was not kept whole', async () => {
    // Before: every row said "created", the addresses cut at 60 characters without a word.
    const sandbox = await sandboxWith({ textLimit: 60, longText: 'truncated' });
    const dir = tempDir('long-text-cut-');
    const file = fileOf(dir, 8, 2);
    const dataDir = path.join(dir, 'data');
    const first = await importFile(sandbox, file, dataDir);
    expect(first.summary).toMatchObject({ failed: 8 });
    expect(longLearners(sandbox)).toHaveLength(10);
    expect(longLearners(sandbox).find((u) => u.MISID === 'LT000')?.HomeAddress).toHaveLength(60);
    expect(errorsOf(first.summary)).toMatch(/HomeAddress|home address/i);
    // The next import sends the address again as an update (OneFile still holds it cut), and makes no one twice.
    await importFile(sandbox, file, dataDir);
    expect(longLearners(sandbox)).toHaveLength(10);
  }, 60_000);
});
