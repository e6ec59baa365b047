import { describe, expect, it } from 'vitest';
import { Creations, isAskedFor, isCreatable, parseCreateMissing } from '../../main/import/plan/create-missing';
import { withNino } from '../../main/import/plan/match-learner';
import type { ReferenceIssue } from '../../main/import/plan/references';

/** Which names may be created, and how a person asks for them (issue 13): pure rules, no OneFile. */

const unmatched = (field: ReferenceIssue['field'], value: string, scores: number[] = [], extra: Partial<ReferenceIssue> = {}): ReferenceIssue => ({
  field,
  value,
  resolution: { status: 'unmatched', suggestions: scores.map((score, i) => ({ id: i + 1, name: `Near ${i}`, score })) },
  ...extra,
});

describe('asking for a class or placement to be created', () => {
  it('reads "Placement:Name" and "Class:Name" (case of the kind aside), and refuses anything else', () => {
    expect(parseCreateMissing('Placement:Tesco - York')).toEqual({ field: 'Placement', name: 'Tesco - York' });
    expect(parseCreateMissing('class: Business  Admin L4 ')).toEqual({ field: 'Classroom', name: 'Business Admin L4' });
    expect(parseCreateMissing('Classroom:Evening group')).toEqual({ field: 'Classroom', name: 'Evening group' });
    for (const bad of ['Tesco - York', 'Assessor:Kate', 'Placement:', ' : ']) expect(parseCreateMissing(bad), bad).toBeNull();
  });

  it('creates only a class or placement that matched nothing with nothing close, and never an ILR employer number', () => {
    expect(isCreatable(unmatched('Placement', 'Tesco - York', [0.48]))).toBe(true);
    expect(isCreatable(unmatched('Classroom', 'Evening group'))).toBe(true);
    expect(isCreatable(unmatched('Placement', 'BT - Manchestr', [0.93]))).toBe(false);
    expect(isCreatable(unmatched('Placement', '12345678', [], { byMisIdOnly: true }))).toBe(false);
    expect(isCreatable(unmatched('Assessor', 'Nobody Here'))).toBe(false);
    expect(isCreatable({ field: 'Placement', value: 'BT', resolution: { status: 'ambiguous', candidates: [] } })).toBe(false);
  });

  it('makes one creation per name however the rows write it, only for names asked for, and says what was asked in vain', () => {
    const creations = new Creations([
      { field: 'Placement', name: 'Tesco - York' },
      { field: 'Placement', name: 'BT - Manchestr' },
      { field: 'Classroom', name: 'Not In This File' },
    ]);
    const a = creations.consider(unmatched('Placement', 'Tesco - York'), 2);
    const b = creations.consider(unmatched('Placement', 'TESCO  York'), 3);
    expect(a).toEqual(b);
    expect(creations.consider(unmatched('Placement', 'Asda - Leeds'), 4)).toBeUndefined();
    expect(creations.consider(unmatched('Placement', 'BT - Manchestr', [0.93]), 5)).toBeUndefined();
    expect(creations.operations()).toEqual([{ id: '0:create-placement:tesco york', kind: 'create-placement', description: 'Create placement Tesco - York', name: 'Tesco - York' }]);
    expect(creations.summary(() => true)).toEqual([{ kind: 'placement', name: 'Tesco - York', rows: 2 }]);
    expect(creations.notes().map((n) => n.code)).toEqual(['create-missing-close', 'create-missing-unused']);
    expect(isAskedFor('all', 'Classroom', 'Anything')).toBe(true);
    expect(isAskedFor([{ field: 'Placement', name: 'Tesco - York' }], 'Placement', 'tesco york')).toBe(true);
    expect(isAskedFor([{ field: 'Placement', name: 'Tesco - York' }], 'Classroom', 'Tesco - York')).toBe(false);
  });
});

describe('the NI number among the keys that find a learner', () => {
  it('comes right after the ULN, or before the email when the ULN is not a key', () => {
    expect(withNino(['MISID', 'ULN', 'Email'])).toEqual(['MISID', 'ULN', 'NINO', 'Email']);
    expect(withNino(['Email', 'ULN', 'MISID'])).toEqual(['Email', 'ULN', 'NINO', 'MISID']);
    expect(withNino(['MISID', 'Email'])).toEqual(['MISID', 'NINO', 'Email']);
    expect(withNino(['MISID'])).toEqual(['MISID']);
  });
});
