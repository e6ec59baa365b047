import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountsView } from '../../shared/contract-types';
import { runCheck, type CheckOptions } from '../../main/cli/check-command';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { ROOT } from './terminal';

/**
 * `check` counted a row with an error and a warning twice, among the rows with errors and
 * among those with warnings ("25 rows checked: 24 valid, 1 with errors, 3 with warnings"),
 * so its counts did not add up to the rows, and did not say what the app's Review says of
 * the same file: Errors and Ready make every row, Unresolved is a part of Errors (with
 * --env), Ready with warnings a part of Ready. Now `check` counts as Review does, and
 * its --json carries Review's counts under Review's names (withWarnings kept as it was).
 */

let dir: string;
let file: string;
let service: AppService;
let review: CountsView;

/**
 * The example file with Isla's email mistyped (an error) and her ULN "N/A" (a warning),
 * Ava's NI number "N/A" (a warning only), Sophie's assessor one OneFile does not have,
 * and Jack's too, with his NI number "N/A".
 */
function learnersWithErrorsAndWarnings(folder: string): string {
  const edits: Record<string, Record<number, string>> = {
    BA24003: { 6: 'isla.murray@example', 4: 'N/A' },
    BA24005: { 5: 'N/A' },
    BA24006: { 10: 'Nobody Known', 5: 'N/A' },
    BA24007: { 10: 'Nobody Known' },
  };
  const lines = readFileSync(path.join(ROOT, 'examples/learners.csv'), 'utf8').split(/\r?\n/);
  for (const [misid, cells] of Object.entries(edits)) {
    const at = lines.findIndex((line) => line.startsWith(`${misid},`));
    const row = lines[at].split(',');
    for (const [column, text] of Object.entries(cells)) row[Number(column)] = text;
    lines[at] = row.join(',');
  }
  mkdirSync(folder, { recursive: true });
  const written = path.join(folder, 'learners-counts.csv');
  writeFileSync(written, lines.join('\r\n'));
  return written;
}

async function check(options: CheckOptions) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = { out: (text: string) => void stdout.push(text), err: (text: string) => void stderr.push(text), now: () => new Date(), env: {}, ask: null };
  const code = await runCheck(file, { dataDir: path.join(dir, 'check-data'), ...options }, io);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'check-counts-'));
  file = learnersWithErrorsAndWarnings(path.join(dir, 'mis'));
  // The same file in the app's Review, its names checked in the built-in sandbox.
  service = await createAppService({ dataDir: path.join(dir, 'app-data'), face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });
  await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await service.handlers.chooseOrganisation({ organisationId: 5740 });
  await service.handlers.openFile({ fileName: path.basename(file), contentBase64: readFileSync(file).toString('base64') });
  review = await service.handlers.checkReferences({ refresh: false });
}, 60_000);

afterAll(async () => {
  await service?.close();
});

describe("check's counts of a file with a row that has an error and a warning", () => {
  it("with --env: the numbers of the app's Review, errors and ready making every row", async () => {
    const json = await check({ json: true, env: 'sandbox', org: 5740 });
    expect(json.code, json.stderr).toBe(1);
    const { summary } = JSON.parse(json.stdout);
    expect(review).toMatchObject({ rows: 25, withErrors: 3, unresolvedRows: 2, valid: 22, readyWithWarnings: 1 });
    expect(summary).toEqual({
      rows: review.rows,
      withErrors: review.withErrors,
      unresolvedRows: review.unresolvedRows,
      valid: review.valid,
      readyWithWarnings: review.readyWithWarnings,
      // As before: every row with a warning, errors or not (Isla's, Ava's and Jack's).
      withWarnings: 3,
    });
    expect(summary.withErrors + summary.valid).toBe(summary.rows);

    const text = await check({ env: 'sandbox', org: 5740 });
    expect(text.stdout).toContain('25 rows checked: 3 with errors (2 unresolved), 22 ready (1 with warnings). Rows with errors: 4, 7-8.\n');
  }, 60_000);

  it('without --env: a row with an error and a warning is counted once, among the errors; names are not counted as unresolved', async () => {
    const json = await check({ json: true });
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout).summary).toEqual({ rows: 25, withErrors: 1, unresolvedRows: null, valid: 24, readyWithWarnings: 2, withWarnings: 3 });

    const text = await check({});
    expect(text.stdout).toContain('25 rows checked: 1 with errors, 24 ready (2 with warnings). Rows with errors: 4.\n');
  }, 60_000);
});
