import { describe, expect, it } from 'vitest';
import { withGuideKeys } from '../../main/onefile/answer-keys';

describe("answers keyed in another case are read under the guides' keys", () => {
  it(".NET's camel case: every known key in the guides' spelling, nested lists too", () => {
    const rows = withGuideKeys([
      { id: 7, firstName: 'Amelia', lastName: 'Hughes', misid: 'BA24001', uln: '4821730560', defaultAssessorID: 12, l13: 'F' },
      { id: 8, title: 'Business Administrator L3', standards: [{ standardID: 4001, units: [{ unitID: 'KS_COMM1' }] }] },
    ]);
    expect(rows).toEqual([
      { ID: 7, FirstName: 'Amelia', LastName: 'Hughes', MISID: 'BA24001', ULN: '4821730560', DefaultAssessorID: 12, L13: 'F' },
      { ID: 8, Title: 'Business Administrator L3', Standards: [{ StandardID: 4001, Units: [{ UnitID: 'KS_COMM1' }] }] },
    ]);
  });

  it('other spellings of the same words (MisId, Id) too; keys it does not know stay as they came, in their order', () => {
    expect(withGuideKeys({ Id: 1, MisId: 'X1', favouriteColour: 'blue', Email: 'a@b.example' })).toEqual({ ID: 1, MISID: 'X1', favouriteColour: 'blue', Email: 'a@b.example' });
    expect(Object.keys(withGuideKeys({ misid: 'X', id: 1, other: 2 }) as object)).toEqual(['MISID', 'ID', 'other']);
  });

  it("a key sent both ways keeps the guides' one, and the other as it came", () => {
    expect(withGuideKeys({ ID: 1, id: 2 })).toEqual({ ID: 1, id: 2 });
  });

  it('a hostile "__proto__" key in a renamed row gives it no prototype to read keys from', () => {
    const row = withGuideKeys(JSON.parse('{"id": 5, "__proto__": {"MISID": "INJECTED"}}')) as Record<string, unknown>;
    expect(row.ID).toBe(5);
    expect(row.MISID).toBeUndefined();
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('an answer as the guides write it is the same object, untouched; bare values pass through', () => {
    const row = { ID: 1, FirstName: 'A', LastName: 'B', MISID: 'M' };
    const rows = [row];
    expect(withGuideKeys(rows)).toBe(rows);
    expect(rows[0]).toBe(row);
    expect(withGuideKeys(123)).toBe(123);
    expect(withGuideKeys('token')).toBe('token');
    expect(withGuideKeys(null)).toBe(null);
  });
});
