import { describe, expect, it } from 'vitest';
import { createMissingArgument, Creations, isAskedFor, isCreatable, parseCreateMissing, placeLookCalls } from '../../main/import/plan/create-missing';
import type { CreatePlaceOperation } from '../../main/import/plan/types';
import { withNino } from '../../main/import/plan/match-learner';
import { referenceProblem, type ReferenceIssue } from '../../main/import/plan/references';

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

  it('suggests the option as the help writes it, "Class:" for a class, and reads back what it suggests', () => {
    expect([createMissingArgument('Classroom', 'Evening group'), createMissingArgument('Placement', 'Tesco - York')]).toEqual(['Class:Evening group', 'Placement:Tesco - York']);
    expect(parseCreateMissing(createMissingArgument('Classroom', 'Evening group'))).toEqual({ field: 'Classroom', name: 'Evening group' });
    const { message } = referenceProblem(unmatched('Classroom', 'Evening group'), { row: 2, values: { Classroom: 'Evening group' }, raw: {} });
    expect(message).toContain('--create-missing "Class:Evening group"');
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

  it('never creates a class or placement written by digits alone: a number reads as its MIS ID, and 4242 and 04242 would make two', () => {
    expect(isCreatable(unmatched('Classroom', '4242'))).toBe(false);
    expect(isCreatable(unmatched('Placement', ' 04242 '))).toBe(false);
    expect(isCreatable(unmatched('Classroom', 'Group 4242'))).toBe(true);
    const asked = new Creations([{ field: 'Classroom', name: '04242' }]);
    expect([asked.consider(unmatched('Classroom', '04242'), 2), asked.consider(unmatched('Classroom', '4242'), 3)]).toEqual([undefined, undefined]);
    expect(asked.operations()).toEqual([]);
    expect(asked.notes()).toEqual([
      { code: 'create-missing-number', message: expect.stringMatching(/^The class "04242" is not created: a number reads as a class's MIS ID, and the import creates a class by name only\. Add it in OneFile/) },
    ]);
    const all = new Creations('all');
    expect([all.consider(unmatched('Placement', '4242'), 2), all.consider(unmatched('Placement', '04242'), 3)]).toEqual([undefined, undefined]);
    expect(all.operations()).toEqual([]);
    const { message } = referenceProblem(unmatched('Classroom', '4242'), { row: 2, values: { Classroom: '4242' }, raw: {} }, 'all');
    expect(message).toBe(
      'No class in OneFile matches "4242". It is not created for you: a number reads as a class\'s MIS ID, and the import creates a class by name only. Add it in OneFile with its name and this MIS ID, or choose the class it is.',
    );
  });
});

describe('the calls of the look before a class or placement is created', () => {
  const op = (kind: CreatePlaceOperation['kind'], name: string): CreatePlaceOperation => ({ id: `0:${kind}:${name}`, kind, description: name, name });
  const places = (count: number) => Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `Place ${i + 1}`, misid: null }));
  const directory = { classrooms: places(3), placements: places(500) };
  const creations = [op('create-placement', 'Tesco - York'), op('create-placement', 'Tesco - Leeds'), op('create-classroom', 'Evening group')];

  it('is one unpaged search each where this OneFile offers it whole as far as is known', () => {
    expect(placeLookCalls(creations, { ...directory, placements: places(498) }, undefined)).toBe(3);
    // More rows were seen answered whole than the 500 placements: no cut is possible at 500.
    expect(placeLookCalls(creations, directory, undefined, { Placement: 600 })).toBe(3);
    // Seen whole for classes only: placements are a search of their own.
    expect(placeLookCalls(creations, directory, undefined, { Classroom: 600 })).toBe(1 + 2 + 1 + 1);
  });

  it('reads the pages too after an answer of a round number of rows, which a default limit could have cut, until one is seen whole', () => {
    // 500 placements: the unpaged search, one page of 500 and the closing page; then 501 (not round): one call; 3 classes: one.
    expect(placeLookCalls(creations, directory, undefined)).toBe(1 + 2 + 1 + 1);
    // 499, then 500 placements: the second look reads the pages (500 is round, and only 499 were seen whole).
    expect(placeLookCalls(creations, { ...directory, placements: places(499) }, undefined, { Placement: 499 })).toBe(1 + 1 + 2 + 1);
  });

  it('is every page of the kind and the closing one where the unpaged search is refused or cut, counting the ones made before it', () => {
    // 500 placements: one page of 500 and the closing page; 501 once the first is made: two pages and the closing one; 3 classes: one and the closing page.
    expect(placeLookCalls(creations, directory, 'capped')).toBe(2 + 3 + 2);
    expect(placeLookCalls(creations, directory, 'not-offered')).toBe(7);
    expect(placeLookCalls([], directory, 'capped')).toBe(0);
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
