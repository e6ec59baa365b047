import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWrite } from '../../bench/call-figures';
import { runImport } from '../../main/cli/import-command';
import { runResolve } from '../../main/cli/resolve-command';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxForTheseTests } from '../import/sandbox-fixture';

/**
 * An MIS report of learning aims from the command line: a learner on a row per aim, the
 * programme aim "ZPROG001" on a row of its own beside the standards. Nothing imports
 * until a person says what it is; `resolve --leave-out` (or "n" on a terminal) leaves
 * it out, and from then on the weekly import brings every learner once, with the
 * standards OneFile has, saying what it left out.
 */

const WINDOW_MS = 500;
const HEADERS = 'Learner Ref,Forename,Surname,Date of Birth,Email,Assessor,Class,Employer,Standard';
const person = (ref: string, first: string, last: string) => `${ref},${first},${last},01/02/2003,${first.toLowerCase()}.${ref.toLowerCase()}@example.com,James Fayre,Business Admin L2,BT - Manchester`;

const started = sandboxForTheseTests({ windowMs: WINDOW_MS });

function aimsReport(dir: string): string {
  const zara = person('LVO1', 'Zara', 'Quinn');
  const yusuf = person('LVO2', 'Yusuf', 'Reid');
  const lines = [HEADERS, `${zara},ZPROG001`, `${zara},Business Administrator Level 3`, `${zara},Functional Skills Maths Level 2`, `${yusuf},ZPROG001`, `${yusuf},Business Administrator Level 3`];
  const file = path.join(dir, 'aims-week-3.csv');
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

const learnersOf = (tag: string) => started.sandbox.store.usersOf(5740, 1).filter((user) => user.MISID?.startsWith(tag));

describe('a programme aim left out from the command line', () => {
  it('stops the import until told, prints the --leave-out that settles it, and then imports each learner once', async () => {
    const dir = tempDir('leave-out-');
    const dataDir = path.join(dir, 'data');
    const file = aimsReport(dir);
    const options = { env: started.sandbox.baseUrl, org: 5740, dataDir, rateWindowMs: WINDOW_MS };

    const refused = capturedIo(started.token);
    expect(await runImport(file, options, refused)).toBe(2);
    expect(refused.stdout.join('')).toContain(
      `Standard "ZPROG001": the ILR's programme aim, not a standard: leave it out, or choose the standard it stands for, rows 2, 5 (2 rows)`,
    );
    expect(refused.stderr.join('')).toMatch(/in a script: +onefile-import resolve .* --leave-out Standard:ZPROG001$/m);
    expect(learnersOf('LVO')).toEqual([]);

    // Only a standard or unit can be left out, and only a value the file has.
    const wrongColumn = capturedIo(started.token);
    expect(await runResolve(file, { ...options, leaveOut: ['Class:Business Admin L2'] }, wrongColumn)).toBe(2);
    expect(wrongColumn.stderr.join('')).toContain('--leave-out "Class:Business Admin L2": only a standard or unit can be left out of a row (every row needs its class)');
    const notInFile = capturedIo(started.token);
    expect(await runResolve(file, { ...options, leaveOut: ['Standard:ZPROG999'] }, notInFile)).toBe(2);
    expect(notInFile.stderr.join('')).toContain('--leave-out "Standard:ZPROG999": no row has "ZPROG999" in column I (Standard)');

    const resolved = capturedIo(started.token);
    expect(await runResolve(file, { ...options, leaveOut: ['Standard:zprog001'], json: true }, resolved)).toBe(0);
    const answer = lastJson(resolved.stdout);
    expect(answer.chosen).toEqual([{ field: 'Standards', value: 'ZPROG001', id: '', name: 'left out', leftOut: true }]);
    expect(JSON.parse(fs.readFileSync(answer.profile, 'utf8')).values).toEqual({ Standards: { ZPROG001: '' } });

    const dry = capturedIo(started.token);
    expect(await runImport(file, { ...options, dryRun: true }, dry)).toBe(0);
    const plan = dry.stdout.join('');
    expect(plan).toContain('Rows: 5: create 2, update 0, unchanged 0, with an earlier row (same person) 3, blocked 0');
    expect(plan).toContain(
      `Standard "ZPROG001": "ZPROG001" is left out of the standards, as you chose: not imported (take the choice back in Review's choices, or delete it from the mapping profile's "values"), rows 2, 5 (2 rows) (warning)`,
    );

    const imported = capturedIo(started.token);
    expect(await runImport(file, { ...options, json: true }, imported)).toBe(0);
    expect(lastJson(imported.stdout)).toMatchObject({ created: 2, joined: 3, failed: 0 });
    const learners = learnersOf('LVO');
    expect(learners.map((learner) => learner.MISID).sort()).toEqual(['LVO1', 'LVO2']);
    const aims = (misid: string) => started.sandbox.store.learningAimsOf(learners.find((learner) => learner.MISID === misid)!.ID).map((aim) => aim.StandardID).sort();
    expect(aims('LVO1')).toEqual([4001, 4006]);
    expect(aims('LVO2')).toEqual([4001]);

    // Next week's file: the choice is remembered, nothing is asked, nothing is written twice.
    const callsBefore = started.sandbox.calls.length;
    const again = capturedIo(started.token);
    expect(await runImport(file, { ...options, json: true }, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, unchanged: 2, joined: 3, failed: 0 });
    expect(started.sandbox.calls.slice(callsBefore).filter(isWrite)).toEqual([]);
  }, 120_000);
});
