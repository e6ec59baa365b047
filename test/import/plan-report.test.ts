import { describe, expect, it } from 'vitest';
import { buildPlanSheet, PLAN_HEADERS } from '../../main/import/report/plan-report';
import { ROLE, type ImportPlan, type RowPlan } from '../../main/import/plan/types';
import { columnLetter, type Table } from '../../shared/table';

/** The plan's workbook: what each kind of row says, read the way a person reads the sheet. */
const HEADERS = ['Learner Ref', 'First name', 'Last name', 'Email'];
const table: Table = {
  source: { file: 'weekly.csv', format: 'csv', headerRow: 1 },
  headers: HEADERS,
  columns: HEADERS.map((_, i) => columnLetter(i)),
  rows: [
    { row: 2, cells: ['M1', 'Ann', 'Lee', 'ann@example.com'] },
    { row: 3, cells: ['M1', 'Ann', 'Lee', 'ann@example.com'] },
    { row: 4, cells: ['M3', 'Bo', 'Reed', 'bo@example.com'] },
    { row: 5, cells: ['M4', 'Cy', 'Hart', 'not-an-email'] },
    { row: 6, cells: ['M5', 'Di', 'Moss', 'di@example.com'] },
  ],
};
const mapping = { columns: [{ index: 0, field: 'MISID' }, { index: 1, field: 'FirstName' }, { index: 2, field: 'LastName' }, { index: 3, field: 'Email' }] };

function row(index: number, extra: Partial<RowPlan>): RowPlan {
  const [, first, last] = table.rows[index].cells;
  return { row: index + 2, index, role: ROLE.Learner, action: 'create', name: `${first} ${last}`, operations: [], problems: [], ...extra };
}

const rows: RowPlan[] = [
  row(0, { operations: [{ id: '2:create-user:new', kind: 'create-user', description: 'Create learner Ann Lee', role: ROLE.Learner, fields: { DefaultAssessorID: 11, ClassroomID: 21 }, matchKey: null }] }),
  row(1, { action: 'joined', joinedTo: 2 }),
  row(2, {
    action: 'update',
    matched: { userId: 7003, by: 'Email' },
    link: { by: 'Email' },
    operations: [{ id: '4:update-user:7003', kind: 'update-user', description: 'Link Bo Reed (found by email): MIS ID → M3', user: { existing: 7003 }, changes: { MISID: 'M3' }, before: { MISID: null } }],
  }),
  row(3, {
    action: 'blocked',
    problems: [
      { code: 'namesake', severity: 'warning', message: 'OneFile already has a learner called Cy Hart.' },
      { code: 'bad-email', severity: 'error', header: 'Email', value: 'not-an-email', message: 'It is not an email address.' },
    ],
  }),
  row(4, { action: 'unchanged', matched: { userId: 7005, by: 'MISID' } }),
];
// Given in another order than the file's: the sheet is in the file's.
const plan = {
  organisationId: 5740,
  rows: [rows[4], rows[2], rows[0], rows[3], rows[1]],
  summary: { rows: 5, create: 1, update: 0, link: 1, unchanged: 1, joined: 1, blocked: 1, skipped: 0, assignments: { templates: 0, standards: 0, units: 0, staff: 0 }, calls: { directory: 7, reads: 0, writes: 2, total: 9 }, etaMs: 1000, budgetPerMinute: 100 },
} as ImportPlan;
const directory = {
  staff: [{ id: 11, firstName: 'James', lastName: 'Fayre', role: ROLE.Assessor }],
  classrooms: [{ id: 21, name: 'Business Admin L2' }],
  placements: [],
} as never;

describe("the plan's workbook", () => {
  const sheet = buildPlanSheet({ plan, table, mapping, directory, about: { file: 'weekly.csv', environment: 'sandbox', organisation: { id: 5740, name: 'Example' }, plannedAt: new Date('2026-12-07T09:30:00Z') } });
  const byRow = new Map(sheet.rows.map((r) => [r.cells[0], Object.fromEntries(sheet.headers.map((h, i) => [h, r.cells[i]]))]));

  it('has every row in the file order, with the identity the file gave it', () => {
    expect(sheet.headers).toEqual(['Row', 'Name', 'MIS ID', 'Email', ...PLAN_HEADERS.slice(2)]);
    expect(sheet.rows.map((r) => r.cells[0])).toEqual(['2', '3', '4', '5', '6']);
    expect(byRow.get('4')!['MIS ID']).toBe('M3');
  });

  it('says what each kind of row does', () => {
    expect(byRow.get('2')!).toMatchObject({ Action: 'create', 'What the import does': 'Create learner Ann Lee (assessor James Fayre, class Business Admin L2)', Role: 'learner' });
    expect(byRow.get('3')!).toMatchObject({ Action: 'with row 2', 'What the import does': expect.stringMatching(/^nothing of its own: row 2 imports this person/) });
    expect(byRow.get('4')!).toMatchObject({ Action: 'link (MIS ID set)', 'OneFile user ID': '7003', 'Found in OneFile by': 'email', 'What the import does': 'Link Bo Reed (found by email): MIS ID → M3' });
    expect(byRow.get('6')!).toMatchObject({ Action: 'unchanged', 'OneFile user ID': '7005', 'Found in OneFile by': 'MIS ID' });
  });

  it("puts a blocked row's errors before its warnings, its Problems cell marked", () => {
    expect(byRow.get('5')!.Action).toBe('not imported: an error');
    expect(byRow.get('5')!.Problems).toBe('Error: Email "not-an-email": It is not an email address.\nWarning: OneFile already has a learner called Cy Hart.');
    expect(sheet.rows[3].highlight).toEqual([sheet.headers.indexOf('Problems')]);
    expect(sheet.rows[0].highlight).toBeUndefined();
  });

  it('says on its own sheet where, when and how many', () => {
    expect(sheet.note).toBe(
      'The plan of an import of weekly.csv into OneFile sandbox, organisation 5740 "Example", made 2026-12-07 09:30 UTC. ' +
        'Nothing had been sent to OneFile when it was made: it is what an import would do with OneFile as it was then read. ' +
        '5 rows: create 1, update 0, link 1, unchanged 1, with an earlier row 1, not imported 1, skipped 0. ' +
        'Assignments: 0 framework templates, 0 standards, 0 units, 0 staff assignments. OneFile calls to import: 2 (2 writes), at 100 a minute.',
    );
  });
});
