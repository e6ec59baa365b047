import * as fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { GUIDE } from '../../main/sandbox';
import { lastJson } from './cli-fixtures';
import { startWitness, type Witness } from './onefile-witness';

/**
 * Issue 13, part 0: an assignment file (a match key and what to assign or change, for
 * learners OneFile already has) imports without the columns only a new learner needs,
 * and does exactly what it names, as OneFile's own call log shows. A new learner in it
 * without those columns is blocked alone, named.
 */

const HEADER = 'Learner Ref,Framework Template,Standard,Units,IQA,Assessor,Class';
const TEMPLATE = 'Customer Service Practitioner L2 with English';
const IQA = 'Harper Miller';

describe('an assignment file for learners OneFile already has', () => {
  let witness: Witness;
  let third: { id: number; misid: string };

  beforeEach(async () => {
    witness = await startWitness();
    const { store } = witness.sandbox;
    const learner = store
      .usersOf(GUIDE.business, 1)
      .find((u) => u.ID !== GUIDE.gemmaHall && u.ID !== GUIDE.chloeHenshall && u.MISID && u.ClassroomID !== GUIDE.businessAdminL3 && store.learningAimsOf(u.ID).length === 0)!;
    third = { id: learner.ID, misid: learner.MISID! };
  });
  afterEach(() => witness.close());

  function assignmentLines(extra: string[] = []): string[] {
    return [
      HEADER,
      `GHALL391,${TEMPLATE},,,${IQA},,`,
      'CHENSHALL194,,Business Administrator Level 3,KS_ORG1,,Kate Anderson,Business Admin L3',
      `${third.misid},,,,,,Business Admin L3`,
      ...extra,
    ];
  }

  it('imports with exit 0 and sends exactly the assignments and changes it names, and nothing the second time', async () => {
    const file = witness.csv('assignments.csv', assignmentLines());
    const io = witness.io();
    const from = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true }, io)).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', created: 0, updated: 3, failed: 0, skipped: 0 });

    const writes = witness.writesSince(from).map((w) => `${w.path} ${JSON.stringify(w.body)}`);
    expect(writes.sort()).toEqual(
      [
        `FrameworkTemplate/802/Assign/${GUIDE.gemmaHall}/false null`,
        `User/137955/Assign {"LearnerID":${GUIDE.gemmaHall},"Level":3,"StandardID":4002}`,
        `User/137955/Assign {"LearnerID":${GUIDE.gemmaHall},"Level":3,"StandardID":4005}`,
        `User/${GUIDE.chloeHenshall} {"DefaultAssessorID":${GUIDE.kateAnderson},"ClassroomID":${GUIDE.businessAdminL3}}`,
        `Standard/4001/Assign/${GUIDE.chloeHenshall} null`,
        `Unit/KS_ORG1/Assign/${GUIDE.chloeHenshall}/4001 null`,
        `User/${third.id} {"ClassroomID":${GUIDE.businessAdminL3}}`,
      ].sort(),
    );
    const { store } = witness.sandbox;
    expect(store.learningAimsOf(GUIDE.gemmaHall).map((a) => a.StandardID).sort()).toEqual([4002, 4005]);
    expect(store.learningAimsOf(GUIDE.chloeHenshall).map((a) => a.StandardID)).toEqual([4001]);
    expect(store.unitSummariesOf(GUIDE.chloeHenshall).map((s) => String(s.UnitID))).toEqual(['KS_ORG1']);
    expect(store.usersOf(GUIDE.business, 1).filter((u) => u.MISID === 'GHALL391')).toHaveLength(1);

    // The results report says per row what was assigned or changed.
    const results = fs.readFileSync(lastJson(io.stdout).reports.results.csv, 'utf8');
    expect(results).toContain('Done: Assign framework template Customer Service Practitioner L2 with English; Assign IQA Harper Miller for Customer Service Practitioner Level 2;');
    expect(results).toContain('Done: Update Chloe Henshall: assessor → Kate Anderson, class → Business Admin L3; Assign standard Business Administrator Level 3; Assign unit');

    const again = witness.io();
    const before = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true }, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(witness.writesSince(before)).toEqual([]);
  });

  it('says in the plan, row by row, what each row assigns or changes, and says the file-level message once', async () => {
    const file = witness.csv('assignments.csv', assignmentLines());
    const io = witness.io();
    expect(await runImport(file, { ...witness.options, dryRun: true }, io)).toBe(0);
    const text = io.stdout.join('');
    expect(text).toContain('Rows: 3: create 0, update 3, unchanged 0, blocked 0');
    expect(text).toContain(`  row 2, Gemma Hall (OneFile ID ${GUIDE.gemmaHall}): Assign framework template ${TEMPLATE}; Assign IQA Harper Miller for Customer Service Practitioner Level 2`);
    expect(text).toContain(`  row 4, `);
    expect(text).toContain(': Update ');
    const warning = 'No column is mapped to First name, Last name or Placement (employer): they are needed only to create new learners.';
    expect([...io.stdout, ...io.stderr].join('').split(warning)).toHaveLength(2);
    expect(text).not.toMatch(/^Error:/m);
  });

  it('assigns an observer and changes the employer, placement and any learner field of a learner found by ULN, and nothing else', async () => {
    const { store } = witness.sandbox;
    const employer = store.usersOf(GUIDE.business, 40)[0];
    const file = witness.csv('changes.csv', [
      'ULN,Observer,Line Manager,Placement,Planned End Date,Mobile',
      `9276308686,Charlotte Wilkinson,${employer.FirstName} ${employer.LastName},Vodaphone - Salford,31/12/2026,07700 900123`,
    ]);
    const io = witness.io();
    const from = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true }, io)).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const writes = witness.writesSince(from);
    expect(writes.map((w) => w.path).sort()).toEqual([`User/${GUIDE.gemmaHall}`, 'User/137970/Assign']);
    expect(writes.find((w) => w.path === `User/${GUIDE.gemmaHall}`)!.body).toEqual({
      DefaultEmployerID: employer.ID,
      PlacementID: GUIDE.vodaphoneSalford,
      PlannedEndDate: '2026-12-31T00:00:00.000Z',
      MobileNumber: '07700900123',
    });
    expect(writes.find((w) => w.path === 'User/137970/Assign')!.body).toEqual({ LearnerID: GUIDE.gemmaHall, Level: 1 });
    const gemma = store.usersOf(GUIDE.business, 1).find((u) => u.ID === GUIDE.gemmaHall)!;
    expect(gemma).toMatchObject({ PlacementID: GUIDE.vodaphoneSalford, DefaultEmployerID: employer.ID, MISID: 'GHALL391' });
  });

  it('blocks a new learner missing the fields a create needs, alone and named, and imports the others', async () => {
    const file = witness.csv('mixed.csv', assignmentLines(['NEW001,,,,,,Business Admin L3']));
    const plan = witness.io();
    expect(await runImport(file, { ...witness.options, dryRun: true, json: true }, plan)).toBe(1);
    const dry = lastJson(plan.stdout);
    expect(dry.summary).toMatchObject({ rows: 4, create: 0, update: 3, blocked: 1 });
    // Every problem is row 5's: what the file lacks to create the learner, and its empty Assessor cell.
    expect(dry.problems.map((p: { code: string; rowRanges: string[] }) => `${p.code} ${p.rowRanges.join()}`).sort()).toEqual(['create-fields-missing 5', 'required 5']);
    const missing = dry.problems.find((p: { code: string }) => p.code === 'create-fields-missing');
    expect(missing.field).toBe('MISID');
    expect(missing.message).toMatch(/would create a new learner, which needs First name, Last name and Placement \(employer\); the file has no column for them/);

    const refused = witness.io();
    const from = witness.sandbox.calls.length;
    expect(await runImport(file, witness.options, refused)).toBe(2);
    expect(refused.stderr.join('')).toContain('Nothing was imported: 1 row has errors (first: row 5)');
    expect(witness.writesSince(from)).toEqual([]);

    const io = witness.io();
    expect(await runImport(file, { ...witness.options, json: true, skipInvalid: true }, io)).toBe(1);
    expect(lastJson(io.stdout)).toMatchObject({ created: 0, updated: 3, skipped: 1, failed: 0 });
    const writes = witness.writesSince(from);
    expect(writes).toHaveLength(7);
    expect(writes.some((w) => w.route === 'POST User')).toBe(false);
  });
});
