import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport, runTemplate } from '../../main/cli/export-command';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * OneFile answering 5xx part-way through an export's reading (a busy server, a gateway
 * between deployments). Before, one such answer past the client's own retries ended the
 * export ("... so the list is incomplete and nothing is planned from it", an import's
 * words), where an import reading the same searches waits and reads again. Now `export`
 * and `template` wait for OneFile as an import does, say so, read again from the start,
 * and write the whole workbook.
 */

const WINDOW = 300;
const TIMING = { firstLookMs: 40, mostLookMs: 150, giveUpMs: 60_000 };
let sandbox: RunningSandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/**
 * A sandbox that answers HTTP 500 to every call once `searches` searches have been
 * answered, until one call has been refused as many times as the client tries it (4):
 * past the client's own retries, so only waiting for OneFile carries the reading on.
 * With `always`, it never answers again.
 */
async function failingPartWay(searches: number, always = false): Promise<RunningSandbox> {
  let triggered = false;
  const refusedWhole = () => {
    const refusals = new Map<string, number>();
    for (const call of sandbox!.calls.filter((c) => c.status === 500)) {
      const key = `${call.method} ${call.path} ${JSON.stringify(call.body)}`;
      refusals.set(key, (refusals.get(key) ?? 0) + 1);
    }
    return [...refusals.values()].some((count) => count >= 4);
  };
  const failing = () => {
    triggered ||= sandbox!.calls.filter((call) => /Search/i.test(call.path) && call.status === 200).length >= searches;
    return triggered && (always || !refusedWhole());
  };
  sandbox = await startSandbox({ windowMs: WINDOW, errorRate: 0.5, random: () => (failing() ? 0 : 0.99) });
  return sandbox;
}

const io = (running: RunningSandbox) => ({ ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: running.customerToken }), barStream: null });

async function learnerRows(file: string): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.getWorksheet('Learners')!.actualRowCount - 1;
}

describe('OneFile answering 5xx part-way through', () => {
  it('export waits, says so, reads again and writes every learner', async () => {
    const running = await failingPartWay(1);
    const dir = tempDir('export-5xx-');
    const file = path.join(dir, 'export.xlsx');
    const out = io(running);
    const code = await runExport({ env: running.baseUrl, org: 5740, out: file, dataDir: dir, json: true, rateWindowMs: WINDOW, outageTiming: TIMING }, out);
    const said = out.stderr.join('');
    expect(code, said).toBe(0);
    expect(running.calls.filter((call) => call.status === 500).length).toBeGreaterThanOrEqual(4);
    expect(said).toMatch(/OneFile is not answering \(since \d\d:\d\d:\d\d/);
    expect(said).toMatch(/OneFile answers again after \d+ s: carrying on\./);
    const learners = running.store.usersOf(5740, 1).filter((user) => !user.Archived).length;
    expect(lastJson(out.stdout).sheets.find((sheet: { name: string }) => sheet.name === 'Learners').rows).toBe(learners);
    expect(await learnerRows(file)).toBe(learners);
  }, 60_000);

  it('template does the same', async () => {
    const running = await failingPartWay(2);
    const dir = tempDir('template-5xx-');
    const out = io(running);
    const code = await runTemplate({ env: running.baseUrl, org: 5740, out: path.join(dir, 'template.xlsx'), dataDir: dir, json: true, rateWindowMs: WINDOW, outageTiming: TIMING }, out);
    expect(code, out.stderr.join('')).toBe(0);
    expect(running.calls.filter((call) => call.status === 500).length).toBeGreaterThanOrEqual(4);
    expect(out.stderr.join('')).toMatch(/OneFile is not answering/);
  }, 60_000);

  it('silent past the time allowed, says the export was not written, in its own words', async () => {
    const running = await failingPartWay(1, true);
    const dir = tempDir('export-5xx-');
    const out = io(running);
    const code = await runExport({ env: running.baseUrl, org: 5740, out: path.join(dir, 'export.xlsx'), dataDir: dir, json: true, rateWindowMs: WINDOW, outageTiming: { ...TIMING, giveUpMs: 400 } }, out);
    expect(code).toBe(2);
    expect(out.stderr.join('')).toMatch(/OneFile has not answered for 1 minute \(the last try: .*\), so the export was not written\. Nothing was written\..*then export again\./s);
    expect(out.stderr.join('')).not.toMatch(/planned/);
  }, 60_000);
});
