import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { importReported } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * A unit's ID may be text (`KS_COMM1`) [seen]. No guide says a unit summary's `UnitID`
 * is written as the unit search writes it: a OneFile whose database compares text without
 * case keeps the ID as whoever assigned the unit sent it. Played with the sandbox
 * (`summaryUnitIds: lower-case`) before this was handled: the plan compared the IDs case
 * by case, took every learner's units for missing, and sent each of them again: A SECOND
 * UNIT SUMMARY of each (a OneFile refusing repeats would have failed every row instead).
 */

const ORG = GUIDE.business;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const LEARNERS = 3;
const UNITS = ['KS_ORG1', 'KS_COMM1'];

function programmeFile(dir: string): string {
  const header = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Standards,Units';
  const rows = Array.from({ length: LEARNERS }, (_, n) => {
    const ref = `UIC${String(n + 1).padStart(3, '0')}`;
    return [ref, ['Amelia', 'Bilal', 'Chloe'][n], 'Unitcase', `${ref.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Business Administrator Level 3', `"${UNITS.join('; ')}"`].join(',');
  });
  const file = path.join(dir, 'programme.csv');
  fs.writeFileSync(file, [header, ...rows].join('\r\n') + '\r\n');
  return file;
}

const importFile = (sandbox: RunningSandbox, file: string, dataDir: string) => importReported(sandbox, file, { org: ORG, dataDir, rateWindowMs: WINDOW_MS });

/** Each learner's unit summaries' unit IDs, as the sandbox holds them (one each, if nothing was made twice). */
function unitsOf(sandbox: RunningSandbox): string[][] {
  return sandbox.store
    .usersOf(ORG, 1)
    .filter((u) => u.LastName === 'Unitcase')
    .sort((a, b) => String(a.MISID).localeCompare(String(b.MISID)))
    .map((u) => sandbox.store.unitSummariesOf(u.ID).map((s) => String(s.UnitID)).sort());
}

const unitAssigns = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => /^POST Unit\/\{id\}\/Assign/.test(c.route)).length;

describe('a OneFile writing a unit summary\'s text unit ID in another case than its unit search (`summaryUnitIds: lower-case`)', () => {
  it('the learners\' units are found and not sent again: each unit summary once', async () => {
    const sandbox = await sandboxWith();
    const dir = tempDir('unit-id-case-');
    const dataDir = path.join(dir, 'data');
    const file = programmeFile(dir);
    const made = await importFile(sandbox, file, dataDir);
    expect(made.code, made.errors || made.output).toBe(0);
    expect(unitsOf(sandbox)).toEqual(Array(LEARNERS).fill([...UNITS].sort()));
    const sentFirst = unitAssigns(sandbox);
    expect(sentFirst).toBe(LEARNERS * UNITS.length);

    // From another computer (nothing remembered of the first import): what OneFile holds is all there is to go by.
    sandbox.switches.summaryUnitIds = 'lower-case';
    const again = await importFile(sandbox, file, path.join(dir, 'elsewhere'));
    expect(again.code, again.errors || again.output).toBe(0);
    expect(again.summary).toMatchObject({ unchanged: LEARNERS, failed: 0 });
    expect(unitAssigns(sandbox)).toBe(sentFirst);
    expect(unitsOf(sandbox)).toEqual(Array(LEARNERS).fill([...UNITS].sort()));
  }, 60_000);

  it("every third write's answer lost: a unit whose answer was lost is found in the learner's summaries, never sent again; the import again sends nothing", async () => {
    const sandbox = await sandboxWith({ summaryUnitIds: 'lower-case', loseEveryNthWrite: 3 });
    const dir = tempDir('unit-id-case-lost-');
    const dataDir = path.join(dir, 'data');
    const file = programmeFile(dir);
    const made = await importFile(sandbox, file, dataDir);
    expect(made.code, made.errors || made.output).toBe(0);
    expect(sandbox.calls.some((c) => c.lost && /^POST Unit\/\{id\}\/Assign/.test(c.route))).toBe(true);
    expect(unitsOf(sandbox)).toEqual(Array(LEARNERS).fill([...UNITS].sort()));

    sandbox.switches.loseEveryNthWrite = 0;
    const writesBefore = sandbox.calls.filter((c) => !/Search|^GET/.test(c.route) && c.route !== 'POST Authentication').length;
    const again = await importFile(sandbox, file, path.join(dir, 'elsewhere'));
    expect(again.code, again.errors || again.output).toBe(0);
    expect(again.summary).toMatchObject({ unchanged: LEARNERS, failed: 0 });
    expect(sandbox.calls.filter((c) => !/Search|^GET/.test(c.route) && c.route !== 'POST Authentication').length).toBe(writesBefore);
    expect(unitsOf(sandbox)).toEqual(Array(LEARNERS).fill([...UNITS].sort()));
  }, 60_000);
});
