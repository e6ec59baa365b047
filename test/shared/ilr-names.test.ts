import { describe, expect, it } from 'vitest';
import { describeIlrSummary, ILR_FIELD_NAMES } from '../../shared/ilr';
import { autoMap, toMapping } from '../../shared/mapping';
import { mapTable } from '../../shared/mapped-rows';
import { parseProfile, profileFromMapping } from '../../shared/profile';
import { validateRows } from '../../shared/validate';
import { makeTable } from './make-table';

const context = { today: '2025-10-01', defaultRole: 'learner' as const };

describe("the ILR's field names", () => {
  it('map at full confidence, whatever their case or spacing', () => {
    const headers = Object.keys(ILR_FIELD_NAMES);
    const { columns, conflicts } = autoMap(headers);
    // TelNo (since 2017-18) and TelNumber (before) are one field: in one file, the first is kept.
    expect(conflicts).toEqual([{ field: 'Telephone', headers: ['TelNo', 'TelNumber'] }]);
    for (const column of columns.filter((c) => c.header !== 'TelNumber')) {
      expect(column, column.header).toMatchObject({ field: ILR_FIELD_NAMES[column.header], confidence: 1, reason: 'exact' });
    }
    expect(autoMap(['learn ref number', 'STDCODE', 'Emp Id']).columns.map((c) => c.field)).toEqual(['MISID', 'Standards', 'Placement']);
  });

  it('join the address lines and postcode into one home address, in column order, and a profile may say so', () => {
    const table = makeTable(['AddLine1', 'AddLine2', 'AddLine3', 'Postcode'], [['12 High Street', '', 'Salford', 'M5 4WT']]);
    const auto = autoMap(table.headers);
    expect(auto.conflicts).toEqual([]);
    const [row] = mapTable(table, toMapping(auto.columns), context);
    expect(row.values.HomeAddress).toBe('12 High Street, Salford, M5 4WT');
    expect(row.raw.HomeAddress).toMatchObject({ column: 'A', header: 'AddLine1' });
    expect(() => parseProfile(profileFromMapping(toMapping(auto.columns)))).not.toThrow();
  });

  it('read a StdCode as "StdCode 6", never a OneFile standard ID, and find a choice saved as "6" or as "StdCode 6"', () => {
    const table = makeTable(['LearnRefNumber', 'StdCode'], [['L1', '6'], ['L2', '014'], ['L3', 'Business Administrator']]);
    const mapping = toMapping(autoMap(table.headers).columns);
    expect(mapTable(table, mapping, context).map((r) => r.values.Standards)).toEqual(['StdCode 6', 'StdCode 14', 'Business Administrator']);

    const chosen = { ...mapping, values: { Standards: { '6': 'Business Administrator Level 3', 'StdCode 14': '4002' } } };
    expect(mapTable(table, chosen, { ...context, valueMaps: chosen.values }).map((r) => r.values.Standards)).toEqual([
      'Business Administrator Level 3',
      '4002',
      'Business Administrator',
    ]);
    // Only a StdCode column: a number in a Standards column is a OneFile ID or code as ever.
    const plain = makeTable(['Standard'], [['4001']]);
    expect(mapTable(plain, toMapping(autoMap(plain.headers).columns), context)[0].values.Standards).toBe('4001');
  });

  it('take a value for every row of a field no column holds, which satisfies a required field', () => {
    const table = makeTable(['LearnRefNumber', 'GivenNames', 'FamilyName', 'Email', 'EmpId'], [['L1', 'Siân', 'Hughes', 'sian@example.com', '154549452']]);
    const profile = { columns: {}, everyRow: { Assessor: 'Kate Anderson', Classroom: 'Business Admin L2' } };
    const auto = autoMap(table.headers, profile);
    expect(auto.missingRequired).toEqual([]);
    const mapping = toMapping(auto.columns, profile);
    const rows = mapTable(table, mapping, context);
    expect(rows[0].values).toMatchObject({ Assessor: 'Kate Anderson', Classroom: 'Business Admin L2', Placement: '154549452' });
    expect(rows[0].raw.Assessor).toEqual({ value: 'Kate Anderson', column: '', header: '(every row)' });
    expect(validateRows(rows, context).fileIssues.filter((issue) => issue.code === 'missing-column')).toEqual([]);
    expect(profileFromMapping(mapping).everyRow).toEqual(profile.everyRow);
    expect(() => parseProfile({ columns: {}, everyRow: { Assessor: '' } })).toThrow(/everyRow\.Assessor: give a value/);
    expect(() => parseProfile({ columns: {}, everyRow: { FullName: 'Ann Lee' } })).toThrow(/everyRow\.FullName: a whole name cannot be the same on every row/);
  });

  it("say how many learners an ILR had, read and left out", () => {
    const base = { namespace: 'ESFA/ILR/2024-25', year: '2024-25', includeEnded: false };
    expect(describeIlrSummary({ ...base, learners: 312, read: 41, ended: 250, notApprenticeship: 21 })).toBe(
      '312 learners in the file: 41 new apprenticeships read; 271 left out (250 ended or withdrawn, 21 not on an apprenticeship standard).',
    );
    expect(describeIlrSummary({ ...base, learners: 1, read: 1, ended: 0, notApprenticeship: 0 })).toBe('1 learner in the file: 1 new apprenticeship read.');
  });
});
