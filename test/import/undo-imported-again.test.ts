import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runUndo } from '../../main/cli/undo-command';
import { readRun } from '../../main/import';
import { undoPlanView } from '../../main/service/undo-handlers';
import { sandboxesClosedAfterEach } from '../reliability/sandboxes';
import { lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';
import { HEADER, ioFor, WINDOW } from './undo-fixtures';

/**
 * Undoing an import archives the learners it created. When a later import (next week's
 * file) has matched some of them since, and moved their class or given them more, the
 * archive takes that away too: the undo's plan says so, naming that import and how many
 * of the learners it touched, before anything is written, on the command line and in the
 * app alike. An import about other learners meanwhile is not named.
 */

const sandboxWith = sandboxesClosedAfterEach();

function weekFile(dataDir: string, name: string, rows: string[]): string {
  const file = path.join(dataDir, name);
  fs.writeFileSync(file, `${[HEADER, ...rows].join('\r\n')}\r\n`);
  return file;
}

const learner = (tag: string, n: number, classroom: string) => `${tag}${n},New${n},${tag},${tag.toLowerCase()}${n}@undo.example.com,Kate Anderson,${classroom},BT - Manchester`;

async function imported(sandbox: Awaited<ReturnType<typeof sandboxWith>>, file: string, dataDir: string) {
  const io = ioFor(sandbox);
  const code = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, rateWindowMs: WINDOW, role: 'learner' }, io);
  expect(code, io.stderr.join('')).toBe(0);
  return lastJson(io.stdout) as { runId: string; created: number; updated: number };
}

describe('undoing an import whose learners a later import changed', () => {
  it('the plan names the later import and how many of the learners it changed; another cohort is not named', async () => {
    const sandbox = await sandboxWith({ windowMs: WINDOW, rateLimit: 100 });
    const dataDir = tempDir('undo-again-');
    const first = await imported(sandbox, weekFile(dataDir, 'week-1.csv', [1, 2, 3].map((n) => learner('UAG', n, 'Business Admin L2'))), dataDir);
    expect(first.created).toBe(3);
    // Next week: two of them moved to another class; and a file of other learners.
    const second = await imported(sandbox, weekFile(dataDir, 'week-2.csv', [learner('UAG', 1, 'Business Admin L3'), learner('UAG', 2, 'Business Admin L3'), learner('UAG', 3, 'Business Admin L2')]), dataDir);
    expect(second).toMatchObject({ created: 0, updated: 2 });
    await imported(sandbox, weekFile(dataDir, 'others.csv', [1, 2].map((n) => learner('UOT', n, 'Business Admin L2'))), dataDir);

    const json = ioFor(sandbox);
    expect(await runUndo(first.runId, { dataDir, dryRun: true, json: true, rateWindowMs: WINDOW }, json), json.stderr.join('')).toBe(0);
    const { plan } = lastJson(json.stdout);
    expect(plan.archive).toHaveLength(3);
    expect(plan.laterRuns).toEqual([expect.objectContaining({ runId: second.runId, fileName: 'week-2.csv', userIds: expect.any(Array) })]);
    expect(plan.laterRuns[0].userIds).toHaveLength(2);

    // The app's undo dialog says the same, above the list of users to archive.
    expect(undoPlanView(plan, readRun(dataDir, first.runId), null).archive.importedAgain).toMatch(/^2 of the 3 users to archive were imported again since, by week-2\.csv/);

    const text = ioFor(sandbox);
    expect(await runUndo(first.runId, { dataDir, dryRun: true, rateWindowMs: WINDOW }, text), text.stderr.join('')).toBe(0);
    expect(text.stdout.join('')).toMatch(
      new RegExp(`Note: 2 of the 3 users to archive were imported again since, by week-2\\.csv \\(run ${second.runId}, from [^)]+: 2 of them\\): archiving them undoes what that import did for them too\\.`),
    );
  }, 60_000);

  it('says nothing when no later import touched them', async () => {
    const sandbox = await sandboxWith({ windowMs: WINDOW, rateLimit: 100 });
    const dataDir = tempDir('undo-again-');
    const first = await imported(sandbox, weekFile(dataDir, 'week-1.csv', [1, 2].map((n) => learner('UNO', n, 'Business Admin L2'))), dataDir);
    await imported(sandbox, weekFile(dataDir, 'week-1.csv', [1, 2].map((n) => learner('UNO', n, 'Business Admin L2'))), dataDir);
    const io = ioFor(sandbox);
    expect(await runUndo(first.runId, { dataDir, dryRun: true, json: true, rateWindowMs: WINDOW }, io), io.stderr.join('')).toBe(0);
    const { plan } = lastJson(io.stdout);
    expect(plan.laterRuns).toEqual([]);
    expect(undoPlanView(plan, readRun(dataDir, first.runId), null).archive.importedAgain).toBeNull();
  }, 60_000);
});
