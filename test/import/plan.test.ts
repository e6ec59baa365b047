import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapTable } from '../../shared/mapped-rows';
import { applyProfile, parseProfileText } from '../../shared/profile';
import { validateRows } from '../../shared/validate';
import { readSpreadsheet } from '../../main/spreadsheet';
import { downloadDirectory, type Directory } from '../../main/import/directory/download';
import { planImport, type PlanInput } from '../../main/import/plan/plan';
import { createProgrammeReader, createUserReader } from '../../main/import/plan/readers';
import { estimateDurationMs, formatDuration } from '../../main/import/plan/summary';
import type { Operation, RowPlan } from '../../main/import/plan/types';
import { createResolver } from '../../main/import/directory/resolve';
import { GUIDE } from '../../main/sandbox';
import { planFile } from './plan-fixture';
import { sheet, TODAY, type SheetRows } from './rows';
import { FAST_WINDOW_MS, startSandboxWithClient, type SandboxWithClient } from './sandbox-fixture';

const LEARNER_HEADERS = ['First Name', 'Last Name', 'Email', 'MIS ID', 'ULN', 'DOB', 'Start Date', 'Planned End Date', 'Assessor', 'Class', 'Placement'];

const kinds = (row: RowPlan) => row.operations.map((op) => op.kind);
const ofKind = <K extends Operation['kind']>(row: RowPlan, kind: K) => row.operations.filter((op): op is Extract<Operation, { kind: K }> => op.kind === kind);

describe('planning an import', () => {
  let fixture: SandboxWithClient;
  let directory: Directory;

  beforeAll(async () => {
    fixture = await startSandboxWithClient();
    directory = await downloadDirectory(fixture.directoryClient, GUIDE.business);
  });
  afterAll(() => fixture.close());

  const plan = (file: SheetRows, options: Partial<PlanInput['options']> = {}, extra: Partial<PlanInput> = {}) => planFile({ fixture, directory }, file, options, extra);

  /** A learner in the sandbox with a learning aim and not every unit of its standard yet. */
  function learnerWithPartProgramme(standardIds?: number[]) {
    const { store } = fixture.sandbox;
    for (const aim of store.all('learningAims')) {
      const user = store.user(aim.UserID)!;
      if (standardIds && !standardIds.includes(aim.StandardID)) continue;
      if (user.OrganisationID !== GUIDE.business || user.Archived || store.learningAimsOf(user.ID).length !== 1) continue;
      const units = store.all('units').filter((u) => u.StandardID === aim.StandardID);
      const has = store.unitSummariesOf(user.ID).map((s) => String(s.UnitID));
      const missing = units.filter((u) => !has.includes(String(u.ID)));
      if (missing.length > 0) return { user, aim, has: units.filter((u) => has.includes(String(u.ID))), missing };
    }
    throw new Error('the sandbox seed has no learner with part of a programme');
  }

  it('sends a sex only as M or F: a learner whose Gender is "Prefer not to say" is created without it, and the row says so', async () => {
    const file = sheet(
      [...LEARNER_HEADERS, 'Gender'],
      [
        ['Amy', 'Jones', 'amy.sex@example.com', 'SX001', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Female'],
        ['Ben', 'Khan', 'ben.sex@example.com', 'SX002', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Prefer not to say'],
      ],
    );
    expect(file.issues.map((issue) => [issue.row, issue.code, issue.severity, issue.column])).toEqual([[3, 'sex-not-sent', 'warning', 'L']]);
    const result = await plan(file);
    expect(result.rows.map((r) => r.action)).toEqual(['create', 'create']);
    expect(ofKind(result.rows[0], 'create-user')[0].fields.L13).toBe('F');
    expect(ofKind(result.rows[1], 'create-user')[0].fields).not.toHaveProperty('L13');
  });

  it('creates new learners with every reference turned into its OneFile ID', async () => {
    const file = sheet(LEARNER_HEADERS, [
      ['Amy', 'Jones', 'Amy.Jones@example.com', 'AJ001', '', '04/03/2005', '01/09/2025', '31/08/2026', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      ['Ben', 'Khan', 'ben.khan@example.com', 'BK002', '', '', '', '', 'KANDREWS142', 'BAD2', 'Vodaphone - Salford'],
    ]);
    const result = await plan(file);

    expect(result.rows.map((r) => r.action)).toEqual(['create', 'create']);
    const [amy] = ofKind(result.rows[0], 'create-user');
    expect(amy.role).toBe(1);
    expect(amy.fields).toMatchObject({
      OrganisationID: GUIDE.business,
      Role: 1,
      FirstName: 'Amy',
      Email: 'amy.jones@example.com',
      DOB: '2005-03-04',
      StartOn: '2025-09-01',
      DefaultAssessorID: GUIDE.jamesFayre,
      ClassroomID: GUIDE.businessAdminL2,
      PlacementID: GUIDE.btManchester,
    });
    expect(amy.matchKey).toEqual({ field: 'MISID', value: 'AJ001' });
    expect(ofKind(result.rows[1], 'create-user')[0].fields).toMatchObject({ DefaultAssessorID: GUIDE.kateAnderson, ClassroomID: GUIDE.businessAdminL3, PlacementID: GUIDE.vodaphoneSalford });

    expect(result.summary).toMatchObject({ rows: 2, create: 2, update: 0, blocked: 0, calls: { directory: directory.calls, planning: 0, reads: 0, writes: 2 } });
    expect(result.summary.calls.total).toBe(directory.calls + 2);
  });

  it('creates every learner of the example spreadsheet with the IDs of the guide\'s assessors, classes and placements', async () => {
    const { table } = await readSpreadsheet('examples/learners.xlsx');
    const profile = parseProfileText(await readFile('examples/learners.profile.json', 'utf8'));
    const rows = mapTable(table, applyProfile(profile, table.headers), { today: TODAY });
    const issues = validateRows(rows, { today: TODAY }).rows.flat();
    const result = await plan({ rows, issues });

    expect(result.summary).toMatchObject({ rows: table.rows.length, create: table.rows.length, blocked: 0, update: 0 });
    const creates = result.rows.flatMap((r) => ofKind(r, 'create-user'));
    expect(creates).toHaveLength(table.rows.length);
    const ids = (field: string) => new Set(creates.map((op) => op.fields[field]));
    expect(ids('DefaultAssessorID')).toEqual(new Set([GUIDE.jamesFayre, GUIDE.kateAnderson]));
    expect(ids('ClassroomID')).toEqual(new Set([GUIDE.businessAdminL2, GUIDE.businessAdminL3]));
    expect(ids('PlacementID')).toEqual(new Set([GUIDE.btManchester, GUIDE.vodaphoneSalford]));
    expect(creates.every((op) => /^\d{4}-\d{2}-\d{2}$/.test(String(op.fields.DOB)) && op.matchKey?.field === 'MISID')).toBe(true);
  });

  it('updates only the fields that differ for a learner already in OneFile, and leaves an identical one alone', async () => {
    const headers = [...LEARNER_HEADERS, 'Mobile'];
    const gemma = ['Gemma', 'Hall', 'GEMMA.HALL@learner.example.com', 'GHALL391', '9276308686', '17/05/2004', '06/01/2025', '05/01/2026', 'James Fayre', 'Business Admin L2', 'BT - Manchester'];
    const chloe = ['Chloe', 'Henshall', 'chloe.henshall@learner.example.com', 'CHENSHALL194', '4938261048', '17/05/2004', '06/01/2025', '05/01/2026', 'JFAYE51P', 'BAD1', 'Vodaphone - Salford'];
    const result = await plan(sheet(headers, [[...gemma, '07700 900123'], [...chloe, '']]));

    const [gemmaPlan, chloePlan] = result.rows;
    expect(gemmaPlan).toMatchObject({ action: 'update', matched: { userId: GUIDE.gemmaHall, by: 'MISID' } });
    expect(ofKind(gemmaPlan, 'update-user')).toEqual([
      expect.objectContaining({ user: { existing: GUIDE.gemmaHall }, changes: { MobileNumber: '07700900123' }, before: { MobileNumber: null } }),
    ]);
    expect(chloePlan).toMatchObject({ action: 'unchanged', operations: [], matched: { userId: GUIDE.chloeHenshall } });
    expect(result.summary).toMatchObject({ update: 1, unchanged: 1, create: 0 });
  });

  it('moves a learner to another class and assessor by sending just those IDs', async () => {
    const row = ['Gemma', 'Hall', 'gemma.hall@learner.example.com', 'GHALL391', '', '', '', '', 'Kate Anderson', 'Business Admin L3', 'BT - Manchester'];
    const [gemma] = (await plan(sheet(LEARNER_HEADERS, [row]))).rows;
    expect(ofKind(gemma, 'update-user')[0]).toMatchObject({
      changes: { DefaultAssessorID: GUIDE.kateAnderson, ClassroomID: GUIDE.businessAdminL3 },
      before: { DefaultAssessorID: GUIDE.jamesFayre, ClassroomID: GUIDE.businessAdminL2 },
    });
  });

  it('reads a matched learner in full only when the directory lacks a field it must compare, and counts it', async () => {
    const lean: Directory = { ...directory, learners: directory.learners.map((l) => ({ ...l, record: { ID: l.id, FirstName: l.firstName, LastName: l.lastName, MISID: l.misid } })) };
    const from = fixture.sandbox.calls.length;
    const file = sheet(LEARNER_HEADERS, [
      ['Gemma', 'Hall', 'gemma.hall@learner.example.com', 'GHALL391', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      ['New', 'Person', 'new.person@example.com', 'NP1', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
    ]);
    const result = await planImport({
      rows: file.rows, validationIssues: file.issues, directory: lean, resolver: createResolver(lean),
      readUser: createUserReader(fixture.client), readProgramme: createProgrammeReader(fixture.client),
      options: { organisationId: GUIDE.business, budgetPerMinute: 100 },
    });
    expect(fixture.callsSince(from).filter((r) => r === 'GET User/{id}')).toHaveLength(1);
    expect(result.summary.calls.planning).toBe(1);
    expect(result.rows[0].action).toBe('unchanged');
  });

  describe('programme', () => {
    it('gives a new learner a framework template, whole', async () => {
      const file = sheet([...LEARNER_HEADERS, 'Framework Template'], [
        ['Cara', 'Dunn', 'cara@example.com', 'CD1', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Customer Service Practitioner L2 with English'],
      ]);
      const from = fixture.sandbox.calls.length;
      const [cara] = (await plan(file)).rows;
      expect(kinds(cara)).toEqual(['create-user', 'assign-template']);
      // A new learner has no learning aims to compare: the template's contents are not read (a lost
      // answer is checked against the learner's learning aims either way).
      expect(ofKind(cara, 'assign-template')[0]).toMatchObject({ learner: { createdByRow: true }, templateId: 802, onlyChangeAssigned: false, standardIds: [] });
      expect(fixture.callsSince(from)).toEqual([]);
    });

    it('assigns standards, then their units, to a new learner', async () => {
      const file = sheet([...LEARNER_HEADERS, 'Standards', 'Units'], [
        ['Dan', 'Ede', 'dan@example.com', 'DE1', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Business Administrator Level 3; Functional Skills English Level 2', 'KS_COMM1; Reading; End-point assessment gateway'],
      ]);
      const [dan] = (await plan(file)).rows;
      expect(kinds(dan)).toEqual(['create-user', 'assign-standard', 'assign-standard', 'assign-unit', 'assign-unit', 'assign-unit']);
      expect(ofKind(dan, 'assign-unit').map((op) => [op.unitId, op.standardId])).toEqual([
        ['KS_COMM1', 4001],
        ['FS_ENG2_R', 4005],
        ['EPA_BA3', 4001],
      ]);
    });

    it("never sends again the learning aims and unit summaries a learner already has", async () => {
      const { user, aim, has, missing } = learnerWithPartProgramme();
      const standard = directory.standards.find((s) => s.id === aim.StandardID)!;
      const units = [...has.slice(0, 1), missing[0]].map((u) => String(u.ID)).join('; ');
      const from = fixture.sandbox.calls.length;
      const file = sheet(['First Name', 'Last Name', 'Email', 'MIS ID', 'Standards', 'Units'], [
        [user.FirstName, user.LastName, user.Email!, user.MISID!, `${standard.title}; Functional Skills Maths Level 2`, units],
      ]);
      const [row] = (await plan(file)).rows;
      expect(row.action).toBe('update');
      expect(ofKind(row, 'assign-standard').map((op) => op.standardId)).toEqual([4006]);
      expect(ofKind(row, 'assign-unit').map((op) => op.unitId)).toEqual([String(missing[0].ID)]);
      // The documented paged searches, each ending on its empty page.
      const reads = fixture.callsSince(from);
      expect(reads.filter((r) => r === 'POST LearningAim/Search/{page}/{size}')).toHaveLength(2);
      expect(reads.filter((r) => r === 'POST UnitSummary/Search/{page}/{size}')).toHaveLength(2);
    });

    it('leaves alone a learner who already has all the template\'s standards', async () => {
      const { user } = learnerWithPartProgramme([4001]);
      const file = sheet(['First Name', 'Last Name', 'Email', 'MIS ID', 'Framework Template'], [[user.FirstName, user.LastName, user.Email!, user.MISID!, 'Business Administrator L3 - 18 months']]);
      const from = fixture.sandbox.calls.length;
      const result = await plan(file);
      expect(result.rows[0]).toMatchObject({ action: 'unchanged', operations: [], matched: { userId: user.ID } });
      // The template's contents, read because the learner exists; without units in the row the learning
      // aims alone decide: one paged search (its page and the empty one).
      expect(fixture.callsSince(from)).toEqual(['GET FrameworkTemplate/{id}', 'POST LearningAim/Search/{page}/{size}', 'POST LearningAim/Search/{page}/{size}']);
      expect(result.summary.calls.planning).toBe(3);
    });

    it('blocks a template for a learner who has only some of its standards (OneFile would duplicate them)', async () => {
      const { user } = learnerWithPartProgramme([4002]);
      const file = sheet(['First Name', 'Last Name', 'Email', 'MIS ID', 'Framework Template'], [[user.FirstName, user.LastName, user.Email!, user.MISID!, 'Customer Service Practitioner L2 with English']]);
      const [row] = (await plan(file)).rows;
      expect(row.action).toBe('blocked');
      expect(row.problems).toContainEqual(expect.objectContaining({ code: 'template-partly-assigned', column: 'E' }));
      expect(row.problems[0].message).toContain('Customer Service Practitioner Level 2');
    });

    it('blocks a template for a learner with aims when OneFile does not say what the template holds', async () => {
      const { user } = learnerWithPartProgramme([4001]);
      const blind: Directory = { ...directory, templates: directory.templates.map((t) => ({ ...t, standardIds: null, unitIds: null })) };
      const file = sheet(['First Name', 'Last Name', 'Email', 'MIS ID', 'Framework Template'], [[user.FirstName, user.LastName, user.Email!, user.MISID!, 'Business Administrator L3 - 18 months']]);
      const result = await planImport({
        rows: file.rows, directory: blind, resolver: createResolver(blind), readProgramme: createProgrammeReader(fixture.client),
        options: { organisationId: GUIDE.business, budgetPerMinute: 100 },
      });
      expect(result.rows[0].problems.map((p) => p.code)).toEqual(['template-contents-unknown']);
    });

    it('refuses a unit of a standard the learner neither has nor is given', async () => {
      const file = sheet([...LEARNER_HEADERS, 'Standards', 'Units'], [
        ['Eve', 'Fox', 'eve@example.com', 'EF1', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Functional Skills English Level 2', 'KS_COMM1'],
      ]);
      const [eve] = (await plan(file)).rows;
      expect(eve.action).toBe('blocked');
      expect(eve.problems).toContainEqual(expect.objectContaining({ code: 'unit-outside-standards', column: 'M', value: 'KS_COMM1' }));
      expect(eve.problems.find((p) => p.code === 'unit-outside-standards')?.message).toContain('Business Administrator Level 3');
    });

    it('assigns the IQA per learning aim and the observer as an additional user', async () => {
      const iqa = directory.staff.find((u) => u.role === 10)!;
      const observer = directory.staff.find((u) => u.role === 45)!;
      const file = sheet([...LEARNER_HEADERS, 'Standards', 'IQA', 'Observer'], [
        ['Fay', 'Gill', 'fay@example.com', 'FG1', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Business Administrator Level 3', iqa.misid!, `${observer.lastName}, ${observer.firstName}`],
      ]);
      const [fay] = (await plan(file)).rows;
      expect(ofKind(fay, 'assign-staff').map((op) => [op.staffUserId, op.level, op.standardId])).toEqual([
        [iqa.id, 3, 4001],
        [observer.id, 1, undefined],
      ]);
    });
  });

  describe('staff rows', () => {
    it('creates an assessor and updates an existing IQA the same way as learners', async () => {
      const iqa = directory.staff.find((u) => u.role === 10)!;
      const file = sheet(['Role', 'First Name', 'Last Name', 'Email', 'MIS ID', 'Placement', 'Mobile'], [
        ['Assessor', 'Hana', 'Ito', 'hana.ito@centre.example.com', 'HITO1', '', ''],
        ['IQA', iqa.firstName, iqa.lastName, iqa.email!, iqa.misid!, '', '07700 900456'],
        ['Employer', 'Ian', 'Jay', 'ian@employer.example.com', 'IJ1', '', ''],
      ]);
      const [assessor, existingIqa, employer] = (await plan(file)).rows;
      expect(ofKind(assessor, 'create-user')[0]).toMatchObject({ role: 5, fields: { Role: 5, FirstName: 'Hana', MISID: 'HITO1' } });
      expect(existingIqa).toMatchObject({ action: 'update', role: 10, matched: { userId: iqa.id } });
      expect(ofKind(existingIqa, 'update-user')[0].changes).toEqual({ MobileNumber: '07700900456' });
      // Employers need a placement.
      expect(employer.action).toBe('blocked');
      expect(employer.problems).toContainEqual(expect.objectContaining({ code: 'required', field: 'Placement' }));
    });
  });

  describe('rows that cannot run', () => {
    const rows = [
      ['Amy', 'Jones', 'amy@example.com', 'AJ001', '', '', '', '', 'James Fayre', 'Busness Admin L2', 'BT - Manchester'],
      ['Ben', 'Khan', 'not-an-email', 'BK002', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      ['Cat', 'Lee', 'cat@example.com', 'CL003', '', '', '', '', 'James Fayre', 'Business Admin L2', 'Tesco - Leeds'],
      ['Dee', 'Moss', 'dee@example.com', 'DM004', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
    ];

    it('are blocked with a message that says what is wrong and what to do', async () => {
      const result = await plan(sheet(LEARNER_HEADERS, rows));
      expect(result.rows.map((r) => r.action)).toEqual(['blocked', 'blocked', 'blocked', 'create']);
      const unmatched = result.rows[0].problems.find((p) => p.code === 'reference-unmatched')!;
      expect(unmatched).toMatchObject({ column: 'J', header: 'Class', value: 'Busness Admin L2' });
      expect(unmatched.message).toContain('Did you mean "Business Admin L2"?');
      expect(unmatched.suggestions?.[0]).toMatchObject({ id: GUIDE.businessAdminL2 });
      expect(result.rows[1].problems.map((p) => p.code)).toContain('email-invalid');
      const ambiguous = result.rows[2].problems.find((p) => p.code === 'reference-ambiguous')!;
      expect(ambiguous.message).toContain('TES-LDS-01');
      expect(ambiguous.message).toContain('TES-LDS-02');
      expect(result.rows.slice(0, 3).every((r) => r.operations.length === 0)).toBe(true);
      expect(result.summary.blocked).toBe(3);
      expect(result.summary.blockedReasons?.map((r) => [r.code, r.rows])).toEqual([
        ['email-invalid', 1],
        ['reference-ambiguous', 1],
        ['reference-unmatched', 1],
      ]);
    });

    it('say a cell holding Excel\'s sign of a failed formula once, never looking it up or asking for it again', async () => {
      const result = await plan(
        sheet(LEARNER_HEADERS, [
          ['Amy', 'Jones', 'amy@example.com', 'AJ001', '', '', '', '', '#N/A', 'Business Admin L2', 'BT - Manchester'],
          ['Ben', 'Khan', '#N/A', 'BK002', '', '', '', '', 'James Fayre', '#REF!', 'BT - Manchester'],
        ]),
      );
      expect(result.rows.map((r) => r.action)).toEqual(['blocked', 'blocked']);
      expect(result.rows.map((r) => r.problems.map((p) => [p.field, p.code]))).toEqual([
        [['Assessor', 'excel-error']],
        [
          ['Email', 'excel-error'],
          ['Classroom', 'excel-error'],
        ],
      ]);
      expect(result.rows[0].problems[0].message).toBe(
        '"#N/A" is Excel\'s sign of a formula that failed (#N/A: a lookup such as VLOOKUP found nothing): correct the formula or what it looks up in the spreadsheet, then save or export the file again.',
      );
    });

    it('are skipped, and the rest planned, when told to skip invalid rows', async () => {
      const result = await plan(sheet(LEARNER_HEADERS, rows), { skipInvalid: true });
      expect(result.rows.map((r) => r.action)).toEqual(['skipped', 'skipped', 'skipped', 'create']);
      expect(result.summary).toMatchObject({ blocked: 0, skipped: 3, create: 1 });
    });

    it('include a second row about a learner an earlier row already names', async () => {
      const file = sheet(LEARNER_HEADERS, [
        ['Gemma', 'Hall', 'gemma.hall@learner.example.com', 'GHALL391', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
        ['Gem', 'Hall', 'gemma.hall@learner.example.com', '', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      ]);
      // Validation already calls the shared email a duplicate; without it the planner still sees it.
      const result = await plan({ rows: file.rows, issues: [] });
      expect(result.rows[0].action).toBe('unchanged');
      expect(result.rows[1]).toMatchObject({ action: 'blocked', matched: { userId: GUIDE.gemmaHall, by: 'Email' } });
      expect(result.rows[1].problems[0].message).toContain('Row 2 is already about Gemma Hall');
    });

    it('include a row whose MIS ID and email belong to two different learners', async () => {
      const file = sheet(LEARNER_HEADERS, [
        ['Gemma', 'Hall', 'chloe.henshall@learner.example.com', 'GHALL391', '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester'],
      ]);
      const [row] = (await plan(file)).rows;
      expect(row.action).toBe('blocked');
      expect(row.problems[0]).toMatchObject({ code: 'match-conflict' });
      expect(row.problems[0].message).toMatch(/Gemma Hall .*Chloe Henshall/);
    });
  });

  it('leaves an archived learner alone, with a warning', async () => {
    const archived = directory.learners.find((l) => l.archived)!;
    const file = sheet(['First Name', 'Last Name', 'Email', 'MIS ID', 'Mobile'], [[archived.firstName, archived.lastName, archived.email!, archived.misid!, '07700 900999']]);
    const [row] = (await plan(file)).rows;
    expect(row).toMatchObject({ action: 'unchanged', operations: [], matched: { userId: archived.id } });
    expect(row.problems).toEqual([expect.objectContaining({ code: 'archived-user-matched', severity: 'warning' })]);
  });

  it('warns when a new learner has no MIS ID or ULN to be recognised by next time', async () => {
    const file = sheet(['First Name', 'Last Name', 'Email', 'Assessor', 'Class', 'Placement'], [['Kim', 'Lo', 'kim@example.com', 'James Fayre', 'BAD1', 'BT54810A']]);
    const [row] = (await plan(file)).rows;
    expect(row.action).toBe('create');
    expect(row.problems).toEqual([expect.objectContaining({ code: 'no-upsert-key', severity: 'warning' })]);
    expect(ofKind(row, 'create-user')[0].matchKey).toEqual({ field: 'Email', value: 'kim@example.com' });
  });

  it('estimates the run honestly at the rate limit', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`P${i}`, 'Test', `p${i}@example.com`, `PT${i}`, '', '', '', '', 'James Fayre', 'Business Admin L2', 'BT - Manchester']);
    const result = await plan(sheet(LEARNER_HEADERS, rows), { budgetPerMinute: 100, windowMs: 60_000, concurrency: 4, latencyMs: 300 });
    expect(result.summary.calls.writes).toBe(150);
    // 150 calls at 100 a minute; the limiter counts each call until a window after its answer: 1.5 × (60 s + 0.3 s).
    expect(result.summary.etaMs).toBe(90_450);
    expect(formatDuration(result.summary.etaMs)).toBe('about 2 minutes');
  });
});

describe('the time an import takes', () => {
  it('is set by the rate limit when calls are many and quick', () => {
    expect(estimateDurationMs(1000, { budgetPerMinute: 100, windowMs: 60_000, concurrency: 4, latencyMs: 300 })).toBe(603_000);
    expect(estimateDurationMs(1000, { budgetPerMinute: 100, windowMs: FAST_WINDOW_MS })).toBe(5_000);
  });

  it('stays at the rate limit when calls are slow but rows in flight adapt to the latency', () => {
    // 2 s a call: automatic rows in flight (up to 16) cover it, so only the window's lengthening shows.
    expect(estimateDurationMs(1000, { budgetPerMinute: 100, windowMs: 60_000, concurrency: 'auto', latencyMs: 2_000 })).toBe(620_000);
    expect(estimateDurationMs(1000, { budgetPerMinute: 100, windowMs: 60_000, latencyMs: 2_000 })).toBe(620_000);
  });

  it('is set by latency when calls are slow and few rows run at once', () => {
    expect(estimateDurationMs(50, { budgetPerMinute: 100, windowMs: 60_000, concurrency: 2, latencyMs: 2_000 })).toBe(50_000);
  });

  it('is nothing for nothing to do, and reads as a person would say it', () => {
    expect(estimateDurationMs(0, { budgetPerMinute: 100 })).toBe(0);
    expect(formatDuration(30_000)).toBe('under a minute');
    expect(formatDuration(60_000)).toBe('about 1 minute');
    expect(formatDuration(125 * 60_000)).toBe('about 2 h 05 min');
  });
});
