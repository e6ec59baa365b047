import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * An import started while OneFile does not answer (its maintenance hour) waits for it,
 * trying again and again. Each try printed "Connecting to OneFile..." again, between the
 * lines saying it is not answering, so a log read as if the import kept starting over.
 * Now each step is said once: then what is waited on, and when OneFile answers.
 */

const WINDOW_MS = 300;
/** Short waits, so the test takes seconds (production: 5 s growing to a minute, 30 minutes in all). */
const TIMING = { firstLookMs: 40, mostLookMs: 150, giveUpMs: 60_000 };
let sandbox: RunningSandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
});

const count = (text: string, words: string) => text.split(words).length - 1;

describe('an import waiting for OneFile to answer before it starts', () => {
  it('says "Connecting to OneFile..." once, then what it waits for, and imports once OneFile answers', async () => {
    sandbox = await startSandbox({ windowMs: WINDOW_MS, outage: 'maintenance' });
    const dir = tempDir('connecting-once-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('ONCE', 1)]);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const done = runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), yes: true, rateWindowMs: WINDOW_MS, outageTiming: TIMING }, io);
    const said = () => io.stderr.join('');
    // Several tries gone unanswered: each said as a try again, not as connecting again.
    await expect.poll(() => count(said(), 'Still no answer from OneFile'), { timeout: 30_000, interval: 10 }).toBeGreaterThanOrEqual(2);
    sandbox.switches.outage = 'none';

    expect(await done, said()).toBe(0);
    expect(count(said(), 'Connecting to OneFile...')).toBe(1);
    expect(said()).toMatch(/Connecting to OneFile\.\.\.\nOneFile is not answering \(since \d\d:\d\d:\d\d/);
    expect(said()).toMatch(/OneFile answers again after \d+ s: carrying on\.\n/);
    for (const step of ['Reading the spreadsheet...', "Downloading the organisation's directory...", 'Planning the import...']) expect(count(said(), step), step).toBe(1);
  }, 60_000);
});
