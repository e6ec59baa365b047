import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUndo } from '../../main/cli/undo-command';
import { listRuns } from '../../main/import';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { tempDir } from '../import/run-fixtures';
import { importNewAndChanged, ioFor, WINDOW, type Imported } from '../import/undo-fixtures';

/**
 * `undo <runId> --dry-run` of a run that created more learners than the plan lists (25
 * here, 20 listed) ended the list with "... and 5 more (all in the undo report)": a dry
 * run writes no undo report, so the reader looked for one that was nowhere. Now the line
 * says a dry run writes none, and where the whole list is.
 */

let sandbox: RunningSandbox;
let imported: Imported;

beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: WINDOW, rateLimit: 100 });
  imported = await importNewAndChanged(sandbox, tempDir('undo-dry-run-'), 'DRYU', 25, []);
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
});

describe('undo --dry-run of a run with more learners than its plan lists', () => {
  it('does not send the reader to an undo report it never writes', async () => {
    const io = ioFor(sandbox);
    const code = await runUndo(imported.runId, { dataDir: imported.dataDir, dryRun: true, rateWindowMs: WINDOW }, io);
    const output = io.stdout.join('');
    expect(code, io.stderr.join('')).toBe(0);
    expect(output).toContain('  Archive: 25 users the run created\n');
    expect(output).toContain("    ... and 5 more (a dry run writes no report: with --json it prints them all; the undo's undo report will list them all)\n");
    expect(output).not.toContain('all in the undo report');
    expect(output).not.toContain('listed in the undo report');
    // No undo run, so no undo report anywhere: the import's run is the only one.
    expect(listRuns(imported.dataDir).map((run) => run.runId)).toEqual([imported.runId]);
    expect(fs.readdirSync(path.join(imported.dataDir, 'runs'), { recursive: true }).filter((name) => String(name).endsWith('undo.xlsx'))).toEqual([]);
  }, 60_000);
});
