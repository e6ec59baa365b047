import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { listRuns } from '../../main/import';
import { openJournal } from '../../main/import/journal/journal';
import { journalCounts } from '../../main/service/run-history';
import type { RowPlan } from '../../main/import/plan/types';
import { createProgressTracker } from '../../main/import/run/progress';
import type { RowResult } from '../../main/import/run/row-result';
import { followRowsJoined, runRow, type RowRun } from '../../main/import/run/run-row';
import type { OperationContext } from '../../main/import/run/operation';
import { createRunner } from '../../main/import/run/runner';
import { GUIDE } from '../../main/sandbox';
import { lastJson } from './cli-fixtures';
import { startWitness, type Witness } from './onefile-witness';
import { planFile, planningSandbox } from './plan-fixture';
import { sheet } from './rows';
import { clientFor, fastSandbox, FAST_LOOKS_MS, FAST_RETRY, newLearnerRow, planOf, tempDir } from './run-fixtures';

/**
 * One learner on several rows, as an MIS's report of learning aims writes them (a row
 * per aim): rows alike in every column but the standards and units are one person,
 * created once with every row's standards; rows that share an MIS ID, ULN or email but
 * differ elsewhere are still blocked, naming what differs. Never a second learner.
 */

const HEADERS = ['Learner Ref', 'Forename', 'Surname', 'Date of Birth', 'Email', 'Assessor', 'Class', 'Employer', 'Standard', 'Aim Status'];
const ZARA = ['AIM1', 'Zara', 'Quinn', '01/02/2003', 'zara.quinn@example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'];
const YUSUF = ['AIM2', 'Yusuf', 'Reid', '05/06/2004', 'yusuf.reid@example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'];
const MAIN = 'Business Administrator Level 3';
const ENGLISH = 'Functional Skills English Level 2';
const MATHS = 'Functional Skills Maths Level 2';

const standardsOf = (row: RowPlan) => row.operations.flatMap((op) => (op.kind === 'assign-standard' ? [op.standardTitle] : []));

describe('a learner on a row per standard: the plan', () => {
  const sandbox = planningSandbox();

  it('creates them once, on their first row, with every row\'s standard; the later rows are imported with it', async () => {
    const file = sheet(HEADERS, [
      [...ZARA, MAIN, 'Continuing'],
      [...YUSUF, MAIN, 'Continuing'],
      [...ZARA, ENGLISH, 'Completed'],
      [...ZARA.slice(0, 1), ' zara ', 'QUINN', ...ZARA.slice(3), MATHS, 'Continuing'],
    ]);
    expect(file.issues.filter((issue) => issue.row === 4 || issue.row === 5).map((issue) => [issue.row, issue.code, issue.severity, issue.column, issue.sameAs])).toEqual([
      [4, 'same-person', 'warning', 'A', 2],
      [5, 'same-person', 'warning', 'A', 2],
    ]);
    expect(file.issues.find((issue) => issue.row === 4)?.message).toBe(
      'The same person as row 2 (the same MIS ID and Email, and alike in every other column): imported once, with row 2, with this row\'s standards and units too.',
    );

    const plan = await planFile(sandbox, file);
    const [zara, yusuf, english, maths] = plan.rows;
    expect(zara.action).toBe('create');
    expect(zara.operations.filter((op) => op.kind === 'create-user')).toHaveLength(1);
    expect(standardsOf(zara)).toEqual([MAIN, ENGLISH, MATHS]);
    expect(standardsOf(yusuf)).toEqual([MAIN]);
    for (const later of [english, maths]) expect(later).toMatchObject({ action: 'joined', joinedTo: 2, name: 'Zara Quinn', operations: [] });
    expect(plan.summary).toMatchObject({ create: 2, joined: 2, blocked: 0, assignments: { standards: 4 } });
    // No row says "already creates a user with this MIS ID", no namesake of Zara in her own rows.
    expect(plan.rows.flatMap((row) => row.problems.map((p) => p.code))).toEqual(['same-person', 'same-person']);
  });

  it('gives the learner the earliest start date and the latest planned end date of their rows', async () => {
    const headers = [...HEADERS.slice(0, 9), 'Start Date', 'Planned End Date'];
    const file = sheet(headers, [
      [...ZARA, MAIN, '02/09/2024', '31/08/2026'],
      [...ZARA, ENGLISH, '16/09/2024', '30/06/2025'],
      [...ZARA, MATHS, '16/09/2024', '31/12/2026'],
    ]);
    expect(file.issues.map((issue) => [issue.row, issue.code])).toEqual([[3, 'same-person'], [4, 'same-person']]);
    expect(file.issues[0].message).toBe(
      "The same person as row 2 (the same MIS ID and Email, and alike in every other column): imported once, with row 2, with this row's standards and units too; the start date is the earliest of their rows (02/09/2024), and the planned end date the latest (31/12/2026).",
    );
    const [zara] = (await planFile(sandbox, file)).rows;
    const create = zara.operations.find((op) => op.kind === 'create-user');
    expect(create?.kind === 'create-user' && [create.fields.StartOn, create.fields.PlannedEndDate]).toEqual(['2024-09-02', '2026-12-31']);
    expect(standardsOf(zara)).toEqual([MAIN, ENGLISH, MATHS]);
  });

  it('assigns a learner OneFile has only the standards of their rows that they lack', async () => {
    const gemma = sandbox.directory.learners.find((l) => l.id === GUIDE.gemmaHall)!;
    const file = sheet(['MIS ID', 'First Name', 'Last Name', 'Standard'], [
      [gemma.misid!, gemma.firstName, gemma.lastName, ENGLISH],
      [gemma.misid!, gemma.firstName, gemma.lastName, MATHS],
    ]);
    const plan = await planFile(sandbox, file);
    expect(plan.rows.map((row) => [row.action, row.matched?.userId, row.joinedTo])).toEqual([
      ['update', GUIDE.gemmaHall, undefined],
      ['joined', undefined, 2],
    ]);
    const has = new Set(sandbox.fixture.sandbox.store.learningAimsOf(GUIDE.gemmaHall).map((aim) => aim.StandardID));
    const lacks = ([[ENGLISH, 4005], [MATHS, 4006]] as const).filter(([, id]) => !has.has(id)).map(([title]) => title);
    expect(lacks.length).toBeGreaterThan(0);
    expect(standardsOf(plan.rows[0])).toEqual(lacks);
  });

  it('blocks rows that share an MIS ID but differ in another column, naming the column', async () => {
    const file = sheet(HEADERS, [
      [...ZARA, MAIN, ''],
      [...ZARA.slice(0, 3), '01/02/2004', ...ZARA.slice(4), ENGLISH, ''],
    ]);
    const messages = file.issues.filter((issue) => issue.code === 'duplicate').map((issue) => `${issue.row} ${issue.column} ${issue.message}`);
    expect(messages).toEqual([
      '2 A MIS ID "AIM1" is also on row 3, but the two rows differ in Date of birth: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them.',
      '2 E Email "zara.quinn@example.com" is also on row 3, but the two rows differ in Date of birth: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them.',
      '3 A MIS ID "AIM1" is also on row 2, but the two rows differ in Date of birth: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them.',
      '3 E Email "zara.quinn@example.com" is also on row 2, but the two rows differ in Date of birth: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them.',
    ]);
    const plan = await planFile(sandbox, file);
    expect(plan.rows.map((row) => row.action)).toEqual(['blocked', 'blocked']);
  });

  it('blocks rows whose MIS IDs differ only by the zeros at the front, and the plan creates one of them at most, should validation have missed them', async () => {
    // Zara under a second email: only the MIS ID links her rows.
    const file = sheet(HEADERS, [
      ['0123', ...ZARA.slice(1), MAIN, ''],
      ['123', ...ZARA.slice(1, 4), 'zara.q@example.com', ...ZARA.slice(5), MAIN, ''],
    ]);
    expect(file.issues.filter((issue) => issue.code === 'duplicate').map((issue) => [issue.row, issue.column])).toEqual([[2, 'A'], [3, 'A']]);
    expect((await planFile(sandbox, file)).rows.map((row) => row.action)).toEqual(['blocked', 'blocked']);
    // The plan's own check that no two rows create one user compares MIS IDs the same way.
    const unchecked = await planFile(sandbox, { rows: file.rows, issues: [] });
    expect(unchecked.rows.map((row) => [row.action, row.problems.map((problem) => problem.message)])).toEqual([
      ['create', []],
      ['blocked', ['Row 2 already creates a user with this MIS ID: keep one row per person.']],
    ]);
  });

  it(`assigns a later row's own assessor for that row's standards, the first row's staying the learner's assessor`, async () => {
    const english = [...ZARA.slice(0, 5), 'Kate Anderson', ...ZARA.slice(6)];
    const file = sheet(HEADERS, [
      [...ZARA, MAIN, ''],
      [...english, ENGLISH, ''],
    ]);
    expect(file.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(file.issues.find((issue) => issue.row === 3)?.message).toBe(
      "The same person as row 2 (the same MIS ID and Email, and alike in every other column but the assessor): imported once, with row 2, with this row's standards and units too, Kate Anderson assigned as their assessor for this row's standards (row 2's is the learner's assessor).",
    );
    const plan = await planFile(sandbox, file);
    const [zara, joined] = plan.rows;
    expect([zara.action, joined.action]).toEqual(['create', 'joined']);
    const create = zara.operations.find((op) => op.kind === 'create-user');
    expect(create?.kind === 'create-user' && create.fields.DefaultAssessorID).toBe(GUIDE.jamesFayre);
    const staff = zara.operations.filter((op) => op.kind === 'assign-staff');
    expect(staff).toEqual([expect.objectContaining({ staffUserId: GUIDE.kateAnderson, level: 3, standardId: 4005, description: `Assign assessor Kate Anderson for ${ENGLISH}` })]);
    // Assigned after the learning aim it is for exists.
    expect(zara.operations.findIndex((op) => op.kind === 'assign-standard' && op.standardId === 4005)).toBeLessThan(zara.operations.indexOf(staff[0]));
  });

  it('blocks a later row with an assessor of its own but no standard for them to be assigned to', async () => {
    const file = sheet(HEADERS, [
      [...ZARA, MAIN, ''],
      [...ZARA.slice(0, 5), 'Kate Anderson', ...ZARA.slice(6), '', ''],
    ]);
    expect(file.issues.find((issue) => issue.code === 'duplicate')?.message).toBe(
      'MIS ID "AIM1" is also on row 3, but the two rows differ in Assessor: each person must be in the file once (or on a row per standard, alike in every other column), so remove or correct one of them (a row per standard may name an assessor of its own only with its standards, whom the assessor is for).',
    );
    expect((await planFile(sandbox, file)).rows.map((row) => row.action)).toEqual(['blocked', 'blocked']);
  });

  it('blocks a later row whose own standard is unknown, and every later row of a first row that cannot be imported', async () => {
    const unknown = await planFile(sandbox, sheet(HEADERS, [[...ZARA, MAIN, ''], [...ZARA, 'Basket Weaving Level 9', '']]), { skipInvalid: true });
    expect(unknown.rows.map((row) => row.action)).toEqual(['create', 'skipped']);
    expect(standardsOf(unknown.rows[0])).toEqual([MAIN]);

    const first = await planFile(sandbox, sheet(HEADERS, [[...ZARA, 'Basket Weaving Level 9', ''], [...ZARA, ENGLISH, '']]), { skipInvalid: true });
    expect(first.rows.map((row) => row.action)).toEqual(['skipped', 'skipped']);
    expect(first.rows[1].problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'joined-row-not-imported',
        message: "Row 2, which imports this person with this row's standards and units, cannot be imported: correct it and both go ahead.",
      }),
    ]);
  });
});

describe('a learner on a row per standard: the import', () => {
  let witness: Witness;
  beforeAll(async () => {
    witness = await startWitness();
  });
  afterAll(() => witness.close());

  it('creates one learner with all their learning aims, says so of every row, and a second import sends nothing', async () => {
    const file = witness.csv('aims.csv', [
      HEADERS.join(','),
      [...ZARA, MAIN, 'Continuing'].join(','),
      [...ZARA, ENGLISH, 'Completed'].join(','),
      [...ZARA, MATHS, 'Continuing'].join(','),
    ]);
    const dry = witness.io();
    expect(await runImport(file, { ...witness.options, dryRun: true }, dry)).toBe(0);
    const text = dry.stdout.join('');
    expect(text).toContain('Rows: 3: create 1, update 0, unchanged 0, with an earlier row (same person) 2, blocked 0');
    expect(text).toContain('the same person as row 2 (a row per standard, alike in every other column, or in all but the assessor)');

    const io = witness.io();
    const from = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true }, io)).toBe(0);
    const outcome = lastJson(io.stdout) as { created: number; joined: number; failed: number; reports: { results: { csv: string } } };
    expect(outcome).toMatchObject({ created: 1, joined: 2, failed: 0 });
    const zaras = witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID === 'AIM1');
    expect(zaras).toHaveLength(1);
    expect(witness.writesSince(from).filter((w) => w.route === 'POST User')).toHaveLength(1);
    expect(witness.sandbox.store.learningAimsOf(zaras[0].ID).map((aim) => aim.StandardID).sort()).toEqual([4001, 4005, 4006]);
    // History counts a run from its journal while it is unfinished: the joined rows are as far as their first row.
    const run = listRuns(witness.dataDir).find((info) => info.runId === (lastJson(io.stdout) as { runId: string }).runId)!;
    expect(journalCounts(witness.dataDir, run)).toMatchObject({ created: 1, joined: 2, pending: 0, failed: 0 });
    const results = fs.readFileSync(outcome.reports.results.csv, 'utf8');
    expect(results).toContain('with an earlier row');
    expect(results).toContain('Imported with row 2, the same person');

    const again = witness.io();
    expect(await runImport(file, { ...witness.options, json: true }, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, unchanged: 1, joined: 2 });
    expect(witness.writesSince(from).filter((w) => w.route === 'POST User')).toHaveLength(1);
  });

  it(`gives a Functional Skills row's own tutor that learning aim in OneFile, once, and nothing the second time`, async () => {
    const YARA = ['AIM7', 'Yara', 'Quill', '01/02/2003', 'yara.quill@example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'];
    const tutor = [...YARA.slice(0, 5), 'Kate Anderson', ...YARA.slice(6)];
    const file = witness.csv('aims-tutors.csv', [HEADERS.join(','), [...YARA, MAIN, ''].join(','), [...tutor, ENGLISH, ''].join(','), [...tutor, MATHS, ''].join(',')]);
    const from = witness.sandbox.calls.length;
    const io = witness.io();
    expect(await runImport(file, { ...witness.options, json: true }, io)).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 1, joined: 2, failed: 0 });
    const results = fs.readFileSync((lastJson(io.stdout) as { reports: { results: { csv: string } } }).reports.results.csv, 'utf8');
    expect(results).toContain("Imported with row 2, the same person: that row sent this row's standards and units with its own, and assigned Kate Anderson as their assessor for this row's standards.");
    const [yara] = witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID === 'AIM7');
    expect(yara.DefaultAssessorID).toBe(GUIDE.jamesFayre);
    const kate = witness.sandbox.store.assignmentsOf(yara.ID).filter((a) => a.StaffID === GUIDE.kateAnderson);
    expect(kate.map((a) => [a.Level, a.StandardID]).sort()).toEqual([
      [3, 4005],
      [3, 4006],
    ]);
    const again = witness.io();
    expect(await runImport(file, { ...witness.options, json: true }, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, unchanged: 1, joined: 2 });
    expect(witness.sandbox.store.assignmentsOf(yara.ID).filter((a) => a.StaffID === GUIDE.kateAnderson)).toHaveLength(2);
    expect(witness.writesSince(from).filter((w) => /Assign/i.test(w.route) && /User/i.test(w.route))).toHaveLength(2);
  });
});

describe('a later row of a person whose first row fails', () => {
  it('is reported failed with that row, never as imported', async () => {
    const sandbox = await fastSandbox();
    try {
      const first = newLearnerRow(0, 'JOIN');
      const create = first.operations[0];
      if (create.kind !== 'create-user') throw new Error('fixture changed');
      create.fields.PlacementID = 999_999; // OneFile refuses it (-57)
      const later: RowPlan = { row: 3, index: 1, role: first.role, action: 'joined', joinedTo: 2, name: first.name, operations: [], problems: [] };
      const journal = openJournal(path.join(tempDir('joined-'), 'journal.jsonl'));
      const runner = createRunner({ runId: '20250102T030405678Z-j01n3d', plan: planOf([first, later]), client: clientFor(sandbox), journal, retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS });
      const outcome = await runner.run();
      journal.close();
      expect(outcome.results.map((r) => r.action)).toEqual(['failed', 'failed']);
      expect(outcome.results[1].message).toBe("Not imported: row 2, which imports this person with this row's standards and units, failed (see that row).");
    } finally {
      await sandbox.close();
    }
  });
});

describe('a later row on the Import screen', () => {
  const later = { row: 3, index: 1, role: 1, action: 'joined', joinedTo: 2, name: 'Learner0 TestLIVE', operations: [], problems: [] } as RowPlan;
  const result = (row: number, action: RowResult['action']): RowResult => ({ row, index: row - 2, name: 'Learner0 TestLIVE', action, learningAimIds: [], unitSummaryIds: [] });
  /** The row's own run, with its first row's result still to come, and every status the screen is told. */
  function joinedRowRun() {
    const statuses: string[] = [];
    const tracker = { rowChanged: (update: { status: string }) => void statuses.push(update.status) } as unknown as RowRun['tracker'];
    let settle!: (leader: RowResult) => void;
    let stop!: (error: Error) => void;
    const leader = new Promise<RowResult>((resolve, reject) => {
      settle = resolve;
      stop = reject;
    });
    const run = { tracker, rowSettled: (row: number) => (row === 2 ? leader : undefined) } as unknown as RowRun;
    const own = result(3, 'pending');
    const running = runRow(later, own, {} as OperationContext, run);
    /** The first row's outcome, once this row has taken it (its reaction was registered first). */
    const leaderSettled = () => leader.then(() => undefined, () => undefined);
    return { statuses, settle, stop, own, running, leaderSettled };
  }

  it('is not shown done before its first row is, holding no place in flight meanwhile; then it is done with it', async () => {
    const live = joinedRowRun();
    // The row's own run ends at once: it does not wait among the rows in flight.
    await live.running;
    expect(live.statuses).toEqual([]);
    live.settle({ ...result(2, 'created'), userId: 41 });
    await live.leaderSettled();
    expect(live.statuses).toEqual(['done']);
    expect(live.own).toMatchObject({ action: 'joined', userId: 41 });
  });

  it('fails the moment its first row fails, never shown done', async () => {
    const live = joinedRowRun();
    live.settle(result(2, 'failed'));
    await live.leaderSettled();
    expect(live.statuses).toEqual(['failed']);
    expect(live.own.action).toBe('failed');
  });

  it('is left to the end of the run when its first row was stopped (a cancel)', async () => {
    const live = joinedRowRun();
    live.stop(new Error('cancelled'));
    await live.leaderSettled();
    expect(live.statuses).toEqual([]);
    const settled = [result(2, 'pending'), live.own];
    followRowsJoined([{ ...later, row: 2, action: 'create', joinedTo: undefined }, later], settled, createProgressTracker({ runId: 'r', rows: [], onEvent: () => {} }));
    expect(live.own.action).toBe('pending');
  });
});

describe('a later row of a person whose first row was not reached', () => {
  it('is still to do, saying to resume; one whose first row was not imported is not imported either', () => {
    const tracker = createProgressTracker({ runId: 'r', rows: [], onEvent: () => {} });
    const plan = [newLearnerRow(0, 'WAIT'), { row: 3, index: 1, role: 1, action: 'joined', joinedTo: 2, name: 'Learner0 TestWAIT', operations: [], problems: [] } as RowPlan];
    const result = (row: number, action: RowResult['action']): RowResult => ({ row, index: row - 2, name: 'Learner0 TestWAIT', action, learningAimIds: [], unitSummaryIds: [] });
    const waiting = [result(2, 'pending'), result(3, 'joined')];
    followRowsJoined(plan, waiting, tracker);
    expect(waiting[1]).toMatchObject({ action: 'pending', message: "Not imported yet: row 2, which imports this person with this row's standards and units, was not reached; resume the run." });
    const skipped = [result(2, 'skipped'), result(3, 'joined')];
    followRowsJoined(plan, skipped, tracker);
    expect(skipped[1]).toMatchObject({ action: 'skipped', failure: { step: 'Row 2' } });
    const created = [{ ...result(2, 'created'), userId: 77 }, result(3, 'joined')];
    followRowsJoined(plan, created, tracker);
    expect(created[1]).toMatchObject({ action: 'joined', userId: 77 });
  });
});

