import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runProbe } from '../../main/cli/probe-command';
import { readFindings } from '../../main/import/environment/findings';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { GUIDE, startSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * The path a new user takes first: the shipped example spreadsheet into the built-in
 * sandbox, then the same file again next week, then the same file with one email
 * changed. The sandbox's saved state is the witness.
 */

const EXAMPLE = path.resolve('examples/learners.xlsx');
const FAST = { rateWindowMs: 500 };
const TEMPLATE_STANDARDS: Record<string, number[]> = {
  'Business Administrator L3 - 18 months': [4001],
  'Customer Service Practitioner L2 with English': [4002, 4005],
};

async function examplesInSandbox(dataDir: string) {
  const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
  try {
    const learners = sandbox.store.usersOf(5740, 1).filter((u) => String(u.MISID ?? '').startsWith('BA24'));
    return learners.map((u) => ({
      misid: String(u.MISID),
      email: String(u.Email),
      classroom: u.ClassroomID,
      placement: u.PlacementID,
      assessor: u.DefaultAssessorID,
      aims: sandbox.store.learningAimsOf(u.ID).map((a) => a.StandardID).sort(),
      unitSummaries: sandbox.store.unitSummariesOf(u.ID).length,
    }));
  } finally {
    await sandbox.close();
  }
}

/** The example's own cells, keyed by MIS ID, read from the CSV twin of the workbook. */
function exampleRows(): Map<string, Record<string, string>> {
  const [header, ...lines] = fs.readFileSync('examples/learners.csv', 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
  const names = header.split(',');
  return new Map(
    lines.map((line) => {
      const cells = line.split(',');
      const row = Object.fromEntries(names.map((name, i) => [name, cells[i]]));
      return [row['Learner Ref'], row];
    }),
  );
}

describe('the example spreadsheet', () => {
  it('imports every learner once, with the right class, placement, assessor and programme, and a second import changes nothing', async () => {
    const dir = tempDir('examples-');
    const dry = capturedIo();
    expect(await runImport(EXAMPLE, { env: 'sandbox', org: 5740, dataDir: dir, dryRun: true, ...FAST }, dry)).toBe(0);
    expect(dry.stdout.join('')).toContain('Rows: 25: create 25, update 0, unchanged 0, blocked 0');
    expect(dry.stdout.join('')).toContain('Assignments: 25 framework templates');
    // The sandbox has an Evie Shaw of its own (MIS ID ESHAW331) whom the row's keys do not find: said before, created anyway.
    expect(dry.stdout.join('')).toMatch(/Worth checking before you import.*\n {2}Name "Evie Shaw": OneFile already has a learner called Evie Shaw \(OneFile ID \d+, MIS ID ESHAW331\)/);

    const first = capturedIo();
    expect(await runImport(EXAMPLE, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, first)).toBe(0);
    // The dry run's plan is what the live run did: 25 creates, 25 template assignments, and
    // one look at the first learner's learning aims to see the template made them.
    // The directory's reads already made are said; none while planning (every learner is new), so none is said.
    expect(dry.stdout.join('')).toMatch(/OneFile calls: 51 to import \(plus \d+ for the directory\); at 100 a minute/);
    expect(lastJson(first.stdout)).toMatchObject({ state: 'completed', created: 25, updated: 0, failed: 0, skipped: 0, calls: 51 });
    // What the look showed is kept for this OneFile: later imports make no look.
    expect(readFindings(dir, 'sandbox')?.knowledge.templateApply).toBe('at-once');
    // The results report says it again on her row, for the record.
    const results = fs.readFileSync((lastJson(first.stdout) as { reports: { results: { csv: string } } }).reports.results.csv, 'utf8');
    expect(results.split(/\r?\n/).find((line) => line.includes('Evie Shaw'))).toMatch(/Done: Create learner Evie Shaw; .*Worth checking: OneFile already has a learner called Evie Shaw/);

    const saved = await examplesInSandbox(dir);
    const expected = exampleRows();
    expect(saved).toHaveLength(25);
    expect(new Set(saved.map((l) => l.misid)).size).toBe(25);
    const classrooms: Record<string, number> = { 'Business Admin L2': GUIDE.businessAdminL2, 'Business Admin L3': GUIDE.businessAdminL3 };
    const placements: Record<string, number> = { 'BT - Manchester': GUIDE.btManchester, 'Vodaphone - Salford': GUIDE.vodaphoneSalford };
    const assessors: Record<string, number> = { 'James Fayre': GUIDE.jamesFayre, 'Kate Anderson': GUIDE.kateAnderson };
    for (const learner of saved) {
      const row = expected.get(learner.misid)!;
      expect(learner).toMatchObject({
        email: row['Email Address'],
        classroom: classrooms[row.Class],
        placement: placements[row.Employer],
        assessor: assessors[row.Assessor],
        aims: TEMPLATE_STANDARDS[row['Framework Template']],
      });
      expect(learner.unitSummaries).toBeGreaterThan(0);
    }

    const again = capturedIo();
    expect(await runImport(EXAMPLE, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 25, calls: 0 });
    expect(await examplesInSandbox(dir)).toEqual(saved);
  });

  it('says on a re-run into a OneFile never checked what checking it saves, and checking it saves that', async () => {
    const dir = tempDir('examples-');
    expect(await runImport(EXAMPLE, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, capturedIo())).toBe(0);
    const dryRun = async () => {
      const io = capturedIo();
      expect(await runImport(EXAMPLE, { env: 'sandbox', org: 5740, dataDir: dir, dryRun: true, ...FAST }, io)).toBe(0);
      const said = io.stdout.join('');
      return { said, planning: Number(/(\d+) while planning/.exec(said)?.[1]) };
    };
    // Every learner's learning aims are read to an empty page: 25 searches, each a call more.
    const unchecked = await dryRun();
    expect(unchecked.said).toContain('Rows: 25: create 0, update 0, unchanged 25');
    expect(unchecked.said).toContain(
      "Note: This OneFile's page size has not been measured, so each of the 25 searches of learners' learning aims and unit summaries made while planning ended only on an empty page, a call each. " +
        'Check this OneFile once (Check this OneFile on the Connect screen, or onefile-import probe; what it finds is kept) and a short page ends such a search: imports like this one then make up to 25 fewer calls.',
    );
    expect(await runProbe({ env: 'sandbox', org: 5740, dataDir: dir, json: true }, capturedIo())).toBe(0);
    const checked = await dryRun();
    expect(checked.said).toContain('Rows: 25: create 0, update 0, unchanged 25');
    expect(checked.said).not.toContain('has not been measured');
    expect(checked.planning).toBe(unchecked.planning - 25);
  });

  it("updates only one learner's email when only that email changed", async () => {
    const dir = tempDir('examples-');
    expect(await runImport(EXAMPLE, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, capturedIo())).toBe(0);
    const before = await examplesInSandbox(dir);

    const changed = path.join(dir, 'changed.csv');
    fs.writeFileSync(changed, fs.readFileSync('examples/learners.csv', 'utf8').replace('amelia.hughes@example.com', 'amelia.hughes@newmail.example.com'));
    const io = capturedIo();
    expect(await runImport(changed, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, io)).toBe(0);
    // The first update into this OneFile is made between two reads of the learner: does it keep the fields it is not sent?
    expect(lastJson(io.stdout)).toMatchObject({ created: 0, updated: 1, unchanged: 24, calls: 3 });

    const after = await examplesInSandbox(dir);
    const expected = before.map((l) => (l.misid === 'BA24001' ? { ...l, email: 'amelia.hughes@newmail.example.com' } : l));
    expect(after).toEqual(expected);
  });
});
