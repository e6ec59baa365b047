import { describe, expect, it } from 'vitest';
import { planText } from '../../main/cli/run-output';
import { namesakesInFile } from '../../main/import/plan/namesakes';
import { planWarningGroups } from '../../main/import/plan/warnings';
import type { MappedRow } from '../../shared/mapped-rows';
import { GUIDE } from '../../main/sandbox';
import { planFile, planningSandbox } from './plan-fixture';
import { sheet, type SheetRows } from './rows';

const HEADERS = ['Learner Ref', 'Forename', 'Surname', 'Date of Birth', 'Email', 'Assessor', 'Class', 'Employer'];
const PLACE = ['James Fayre', 'Business Admin L2', 'BT - Manchester'];

describe('a person the import may make twice, found by name', () => {
  const sandbox = planningSandbox();
  const plan = (file: SheetRows) => planFile(sandbox, file);

  it('is said before the import when OneFile has a learner of that name whom no key of the row finds, and still created', async () => {
    const result = await plan(sheet(HEADERS, [
      ['NEW1', 'Gemma', 'HALL', '01/01/2000', 'gemma.personal@example.com', ...PLACE],
      ['GHALL391', 'Gemma', 'Hall', '', 'gemma.hall@learner.example.com', ...PLACE],
      ['NEW2', 'Chloé', 'Henshall', '', 'chloe.h@example.com', ...PLACE],
    ]));
    const [newGemma, gemma, chloe] = result.rows;
    expect(newGemma.action).toBe('create');
    expect(newGemma.problems).toEqual([
      expect.objectContaining({
        code: 'namesake-in-onefile',
        severity: 'warning',
        value: 'Gemma HALL',
        message: `OneFile already has a learner called Gemma Hall (OneFile ID ${GUIDE.gemmaHall}, MIS ID GHALL391), and this row's MIS ID, ULN, NI number and email find no one, so the import creates another learner: if it is the same person, put the MIS ID or email OneFile has for them in the file.`,
      }),
    ]);
    // Found by her MIS ID: she is Gemma Hall, not a namesake of her.
    expect(gemma.problems.map((p) => p.code)).not.toContain('namesake-in-onefile');
    // Accents and case are not a different name.
    expect(chloe.problems.map((p) => p.code)).toContain('namesake-in-onefile');
    expect(result.summary.create).toBe(2);
  });

  it('is said when two rows create people of one name and date of birth, not when the dates differ', async () => {
    const result = await plan(sheet(HEADERS, [
      ['N1', 'Amy', 'Stone', '02/02/2002', 'amy1@example.com', ...PLACE],
      ['N2', 'Amy', 'Stone', '03/03/2003', 'amy2@example.com', ...PLACE],
      ['N3', 'amy', 'STONE', '02/02/2002', 'amy3@example.com', ...PLACE],
    ]));
    expect(result.rows.map((row) => row.problems.map((p) => p.code))).toEqual([[], [], ['namesake-in-file']]);
    expect(result.rows[2].problems[0].message).toBe(
      'Row 2 also creates amy STONE, born 02/02/2002, with no MIS ID, ULN, NI number or email in common: if they are the same person, keep one of the rows, or both become users in OneFile.',
    );
    expect(result.summary.create).toBe(3);
  });

  it('lists each such person on a line of their own before the import, apart from the warnings grouped by column', async () => {
    const result = await plan(sheet([...HEADERS, 'Mobile'], [
      ['NEW1', 'Gemma', 'Hall', '', 'g@example.com', ...PLACE, '12'],
      ['NEW2', 'Chloe', 'Henshall', '', 'c@example.com', ...PLACE, '34'],
    ]));
    const groups = planWarningGroups(result);
    expect(groups.map((g) => [g.code, g.value, g.rowCount])).toEqual([
      ['phone-invalid', '12', 2],
      ['namesake-in-onefile', 'Gemma Hall', 1],
      ['namesake-in-onefile', 'Chloe Henshall', 1],
    ]);
    const heading = { fileName: 'learners.csv', environment: 'sandbox', organisation: { id: GUIDE.business, name: 'Business' } };
    const lines = planText(result, heading, { warnings: groups });
    const at = lines.indexOf('Worth checking before you import (these rows are imported as planned):');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 2]).toMatch(/^ {2}Name "Gemma Hall": OneFile already has a learner called Gemma Hall .*, row 2 \(warning\)$/);
  });
});

describe("check's word on two rows of one name and date of birth", () => {
  const row = (number: number, values: MappedRow['values']): MappedRow => ({ row: number, values, raw: {} });
  const amy = { FirstName: 'Amy', LastName: 'Stone', DOB: '2002-02-02' };

  it('warns the later row that shares no key, not a row that shares one, which is still the first of its name', () => {
    const rows = [
      row(2, amy),
      // Shares a key with row 2 (a clash, or a row per standard): never said to share none.
      row(3, { ...amy, LastName: 'STONE' }),
      row(4, amy),
      row(5, { ...amy, DOB: '2003-03-03' }),
      row(6, { FirstName: 'Amy', LastName: 'Stone' }),
    ];
    const issues = namesakesInFile(rows, (index) => index === 1);
    expect(issues.map(({ row, code, severity, field }) => ({ row, code, severity, field }))).toEqual([{ row: 4, code: 'namesake-in-file', severity: 'warning', field: null }]);
    expect(issues[0].message).toMatch(/^Row 2 is also Amy Stone, born 02\/02\/2002, with no MIS ID, ULN, NI number or email in common/);
    // The row that shares a key still stands for its name: a later row is warned of it when it comes first.
    expect(namesakesInFile([row(3, amy), row(4, amy)], (index) => index === 0).map((issue) => issue.message.slice(0, 5))).toEqual(['Row 3']);
  });
});

