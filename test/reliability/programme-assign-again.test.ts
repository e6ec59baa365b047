import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { importReported } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { SandboxCaller } from '../sandbox/sandbox-client';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * No guide says what `POST Standard/{id}/Assign` or `POST Unit/{id}/Assign` do with a
 * standard or unit the learner already has; a public SDK notes a repeated unit assign
 * "only passes first time". The importer sends one again only when it could not see it:
 * after a try whose answer was lost, missed by a search that trails the writes for longer
 * than the check waits, or given by hand a moment before, not yet in the search the plan
 * read. Played with the sandbox (`programmeAssignAgain: refused`) before this was handled:
 * each such row failed with "The importer sent only IDs it read from OneFile... contact
 * OneFile support" over a standard or unit the learner had.
 */

const ORG = GUIDE.business;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const LEARNERS = 3;
const UNITS = ['KS_ORG1', 'KS_COMM1'];
const FIRST_NAMES = ['Amelia', 'Bilal', 'Chloe'];

function fileOf(dir: string, name: string, programme: { standard: string; units: string[] } | undefined): string {
  const header = `Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer${programme ? ',Standards,Units' : ''}`;
  const rows = Array.from({ length: LEARNERS }, (_, n) => {
    const ref = `PAA${String(n + 1).padStart(3, '0')}`;
    const cells = [ref, FIRST_NAMES[n], 'Programme', `${ref.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester'];
    return (programme ? [...cells, programme.standard, `"${programme.units.join('; ')}"`] : cells).join(',');
  });
  const file = path.join(dir, name);
  fs.writeFileSync(file, [header, ...rows].join('\r\n') + '\r\n');
  return file;
}

const importFile = (sandbox: RunningSandbox, file: string, dataDir: string) => importReported(sandbox, file, { org: ORG, dataDir, rateWindowMs: WINDOW_MS });

function programmesOf(sandbox: RunningSandbox) {
  return sandbox.store
    .usersOf(ORG, 1)
    .filter((u) => u.LastName === 'Programme')
    .map((u) => ({
      ref: u.MISID,
      standards: sandbox.store.learningAimsOf(u.ID).map((a) => a.StandardID),
      units: sandbox.store.unitSummariesOf(u.ID).map((s) => String(s.UnitID)).sort(),
    }))
    .sort((a, b) => String(a.ref).localeCompare(String(b.ref)));
}

const refusedRepeats = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => /^POST (Standard|Unit)\/\{id\}\/Assign/.test(c.route ?? '') && c.status === 400).length;

describe('a OneFile refusing a standard or unit the learner already has (400, "already assigned")', () => {
  it("every fourth write's answer lost, searches trailing the writes by a minute: a standard or unit sent again and refused as there is done; each once", async () => {
    const sandbox = await sandboxWith({ programmeAssignAgain: 'refused' });
    const dir = tempDir('programme-again-');
    const dataDir = path.join(dir, 'data');
    const made = await importFile(sandbox, fileOf(dir, 'learners.csv', undefined), dataDir);
    expect(made.code, made.output).toBe(0);

    sandbox.switches.searchLagMs = 60_000;
    sandbox.switches.loseEveryNthWrite = 4;
    const run = await importFile(sandbox, fileOf(dir, 'programme.csv', { standard: 'Business Administrator Level 3', units: UNITS }), dataDir);
    expect(run.code, run.errors || run.output).toBe(0);
    expect(run.summary).toMatchObject({ updated: LEARNERS, failed: 0 });
    expect(sandbox.calls.some((c) => c.lost && /Assign/.test(c.path))).toBe(true);
    expect(refusedRepeats(sandbox)).toBeGreaterThan(0);
    // Refused after a try of its own whose answer was lost: this run made it, so the row says done.
    expect(run.results).not.toContain('Already in OneFile');
    const eachOnce = Array.from({ length: LEARNERS }, (_, n) => ({ ref: `PAA${String(n + 1).padStart(3, '0')}`, standards: [4001], units: [...UNITS].sort() }));
    expect(programmesOf(sandbox)).toEqual(eachOnce);
  }, 120_000);

  it('a unit given by hand a moment before, not yet in the search the plan read: refused as there, the row unchanged and saying so in OneFile\'s words', async () => {
    // The sandbox's clock, moved on past the lag once the first import is done.
    let later = 0;
    const sandbox = await sandboxWith({ programmeAssignAgain: 'refused', now: () => Date.now() + later });
    const dir = tempDir('programme-again-hand-');
    const dataDir = path.join(dir, 'data');
    const first = await importFile(sandbox, fileOf(dir, 'programme.csv', { standard: 'Business Administrator Level 3', units: ['KS_ORG1'] }), dataDir);
    expect(first.code, first.output).toBe(0);

    // A minute on, someone gives the first learner KS_COMM1 in OneFile; its searches show it only a minute later.
    sandbox.switches.searchLagMs = 60_000;
    later = 61_000;
    const learner = sandbox.store.usersOf(ORG, 1).find((u) => u.MISID === 'PAA001')!;
    const hand = new SandboxCaller(sandbox);
    await hand.authenticate();
    expect((await hand.post(`Unit/KS_COMM1/Assign/${learner.ID}/4001`)).status).toBe(200);

    const run = await importFile(sandbox, fileOf(dir, 'programme.csv', { standard: 'Business Administrator Level 3', units: UNITS }), dataDir);
    expect(run.code, run.errors || run.output).toBe(0);
    expect(run.summary).toMatchObject({ updated: LEARNERS - 1, unchanged: 1, failed: 0 });
    expect(refusedRepeats(sandbox)).toBe(1);
    const row = run.results.split('\n').find((line) => line.includes(',PAA001,'))!;
    expect(row).toMatch(/Already in OneFile, so not made again: Assign unit [^(]*\(OneFile: ""Unit KS_COMM1 is already assigned to learner \d+ for standard 4001\.""\)/);
    expect(programmesOf(sandbox).map((p) => p.units)).toEqual([[...UNITS].sort(), [...UNITS].sort(), [...UNITS].sort()]);
  }, 60_000);
});
