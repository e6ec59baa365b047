import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, HEADER, lastJson, learnerLine } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * An unattended import (`--quiet`, or `--json` read by a script) is told what the file's
 * reading left out, as an interactive one is: before, a file whose last line was a total
 * ("Total: 2 learners"), or a workbook whose hidden row or second sheet was not imported,
 * printed only its final line, and the JSON said nothing of it.
 */

const WINDOW_MS = 300;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

function fileWithTotal(dir: string, tag: string): string {
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[HEADER, learnerLine(tag, 1), learnerLine(tag, 2), 'Total: 2 learners'].join('\r\n')}\r\n`);
  return file;
}

describe('what the reading left out, in an unattended import', () => {
  it('--quiet says it beside the final line; --json carries it as fileIssues', async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW_MS });
    sandboxes.push(sandbox);
    const dir = tempDir('quiet-file-');
    const options = { env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), rateWindowMs: WINDOW_MS };

    const quiet = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(fileWithTotal(dir, 'QFI'), { ...options, quiet: true }, quiet), quiet.stderr.join('')).toBe(0);
    const said = quiet.stdout.join('').trim().split('\n');
    expect(said[0]).toMatch(/^Warning: .*Total: 2 learners/);
    expect(said.at(-1)).toMatch(/^Run \S+ completed: created 2,/);

    const json = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(fileWithTotal(dir, 'QFJ'), { ...options, json: true }, json), json.stderr.join('')).toBe(0);
    const result = lastJson(json.stdout) as { created: number; fileIssues?: Array<{ severity: string; message: string }> };
    expect(result.created).toBe(2);
    expect(result.fileIssues).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('Total: 2 learners') })]);
  }, 60_000);
});
