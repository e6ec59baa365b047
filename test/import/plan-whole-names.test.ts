import { describe, expect, it } from 'vitest';
import type { Operation, RowPlan } from '../../main/import/plan/types';
import { planFile, planningSandbox } from './plan-fixture';
import { sheet, type SheetRows } from './rows';

const ofKind = <K extends Operation['kind']>(row: RowPlan, kind: K) => row.operations.filter((op): op is Extract<Operation, { kind: K }> => op.kind === kind);

describe('planning an import from a column of whole names', () => {
  const sandbox = planningSandbox();
  const plan = (file: SheetRows) => planFile(sandbox, file);

  it('creates learners from them, and never renames one OneFile has only because the split is a guess', async () => {
    const headers = ['Learner Name', 'Email', 'MIS ID', 'Assessor', 'Class', 'Placement'];
    const references = ['James Fayre', 'Business Admin L2', 'BT - Manchester'];
    const result = await plan(sheet(headers, [
      ['JONES Amy Louise', 'amy.jones@example.com', 'AJ001', ...references],
      ['HALL, Gemma', 'gemma.hall@learner.example.com', 'GHALL391', ...references],
      ['Chloe Anne Henshall', 'chloe.henshall@learner.example.com', 'CHENSHALL194', 'JFAYE51P', 'BAD1', 'Vodaphone - Salford'],
    ]));

    const [amy, gemma, chloe] = result.rows;
    expect(ofKind(amy, 'create-user')[0].fields).toMatchObject({ FirstName: 'Amy Louise', LastName: 'JONES' });
    // OneFile has Gemma Hall and Chloe Henshall: the same whole name is no change, however it was split or cased.
    expect(gemma).toMatchObject({ action: 'unchanged', operations: [] });
    expect(chloe.action).toBe('update');
    expect(ofKind(chloe, 'update-user')[0].changes).toEqual({ FirstName: 'Chloe Anne' });
    // A whole name that differs is a change the plan shows.
    const [renamed] = (await plan(sheet(headers, [['Hall, Gemma-Jane', 'gemma.hall@learner.example.com', 'GHALL391', ...references]]))).rows;
    expect(ofKind(renamed, 'update-user')[0]).toMatchObject({ changes: { FirstName: 'Gemma-Jane' }, before: { FirstName: 'Gemma' } });
  });


  it('blocks a learner whose whole name is one word once, for that, and not again as a missing last name', async () => {
    const [madonna] = (await plan(sheet(['Learner Name', 'Email', 'MIS ID', 'Assessor', 'Class', 'Placement'], [['Madonna', 'm@example.com', 'M1', 'James Fayre', 'Business Admin L2', 'BT - Manchester']]))).rows;
    expect(madonna.action).toBe('blocked');
    expect(madonna.problems.map((p) => [p.field, p.code])).toEqual([['FullName', 'name-incomplete']]);
  });
});
