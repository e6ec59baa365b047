import { describe, expect, it } from 'vitest';
import { fieldsNotKept, heldAsSent, KeptFieldsCheck } from '../../main/import/run/kept-fields';
import type { OneFileUser } from '../../main/onefile';
import { OneFileError } from '../../main/onefile/errors';

/** What counts as kept when OneFile stores a value in its own form, and when the check reads (run/kept-fields.ts). */

describe('heldAsSent: a value OneFile holds against the one sent', () => {
  it('reads dates as calendar days, in any form an answer writes them', () => {
    expect(heldAsSent('DOB', '2004-06-01', '2004-06-01T00:00:00.000Z')).toBe(true);
    expect(heldAsSent('DOB', '2004-06-01', '2004-05-31T23:00:00.000Z')).toBe(true); // midnight in London, summer
    expect(heldAsSent('DOB', '2004-06-01', '/Date(1086048000000)/')).toBe(true);
    expect(heldAsSent('DOB', '2004-06-01', '2004-06-02T00:00:00.000Z')).toBe(false);
    expect(heldAsSent('DOB', '2004-06-01', null)).toBe(false);
  });

  it('reads IDs as numbers', () => {
    expect(heldAsSent('PlacementID', 18928, '18928')).toBe(true);
    expect(heldAsSent('PlacementID', 18928, 0)).toBe(false);
    expect(heldAsSent('ClassroomID', 15381, 15380)).toBe(false);
  });

  it('takes text stored in its own form as kept, but not nothing, nor what was there before an update', () => {
    expect(heldAsSent('NINO', 'AB 12 34 56 C', 'ab123456c')).toBe(true);
    expect(heldAsSent('Telephone', '0161 496 0000', '+44 161 496 0000')).toBe(true);
    expect(heldAsSent('MISID', 'NEW1', '', 'OLD1')).toBe(false);
    expect(heldAsSent('MISID', 'NEW1', 'OLD1', 'OLD1')).toBe(false);
    expect(heldAsSent('MISID', 'NEW1', 'new1', 'OLD1')).toBe(true);
  });

  it('leaves out what the answer does not carry, and the organisation and role', () => {
    const notKept = fieldsNotKept({ OrganisationID: 5740, Role: 1, PlacementID: 18928, DOB: '2004-06-01', ULN: '1234567890' }, { ID: 1, OrganisationID: 0, PlacementID: null, DOB: '2004-06-01T00:00:00Z' });
    expect(notKept).toEqual([{ field: 'PlacementID', sent: 18928, held: null }]);
  });
});

describe('KeptFieldsCheck: when it reads a learner back', () => {
  function client(kept: string[] = []) {
    const known = { create: [...kept], update: [...kept] };
    const reads: number[] = [];
    let held: Record<string, unknown> = {};
    return {
      reads,
      hold: (user: Record<string, unknown>) => void (held = user),
      known,
      getUser: async (id: number) => {
        reads.push(id);
        return { ID: id, ...held } as OneFileUser;
      },
      userFieldsKept: (write: 'create' | 'update') => known[write],
      userFieldsSeenKept: (write: 'create' | 'update', fields: readonly string[]) => void known[write].push(...fields.filter((f) => !known[write].includes(f))),
    };
  }
  const direct = <T>(read: () => Promise<T>) => read();

  it('a create answered with the record is checked from it, with no read', async () => {
    const fake = client();
    const check = new KeptFieldsCheck(fake);
    const notKept = await check.afterCreate(7, { FirstName: 'Amy', PlacementID: 18928 }, { ID: 7, FirstName: 'Amy', PlacementID: null } as unknown as OneFileUser, direct);
    expect(notKept).toEqual([{ field: 'PlacementID', sent: 18928, held: null }]);
    expect(fake.reads).toEqual([]);
  });

  it('a create answered with its ID alone is read back once; what it kept is learned, so the next reads nothing', async () => {
    const fake = client();
    const check = new KeptFieldsCheck(fake);
    fake.hold({ FirstName: 'Amy', PlacementID: 18928 });
    expect(await check.afterCreate(7, { FirstName: 'Amy', PlacementID: 18928 }, { ID: 7 } as OneFileUser, direct)).toEqual([]);
    expect(await check.afterCreate(8, { FirstName: 'Ben', PlacementID: 18928 }, { ID: 8 } as OneFileUser, direct)).toEqual([]);
    expect(fake.reads).toEqual([7]);
    expect(fake.known.create.sort()).toEqual(['FirstName', 'PlacementID']);
  });

  it('a field a read does not show cannot be checked: remembered, so it is not read for again', async () => {
    const fake = client();
    const check = new KeptFieldsCheck(fake);
    fake.hold({ FirstName: 'Amy' });
    expect(await check.afterCreate(7, { FirstName: 'Amy', EpisodeName: 'Autumn' }, { ID: 7 } as OneFileUser, direct)).toEqual([]);
    expect(await check.afterCreate(8, { FirstName: 'Ben', EpisodeName: 'Autumn' }, { ID: 8 } as OneFileUser, direct)).toEqual([]);
    expect(fake.reads).toEqual([7]);
  });

  it('an update sending a field not yet seen kept is read after; a read that fails leaves the write standing and learns nothing', async () => {
    const fake = client(['ClassroomID']);
    const check = new KeptFieldsCheck(fake);
    expect(await check.afterUpdate(7, { ClassroomID: 2 }, { ClassroomID: 1 }, undefined, direct)).toEqual([]);
    expect(fake.reads).toEqual([]);
    fake.hold({ MISID: 'OLD1' });
    expect(await check.afterUpdate(7, { MISID: 'NEW1' }, { MISID: 'OLD1' }, undefined, direct)).toEqual([{ field: 'MISID', sent: 'NEW1', held: 'OLD1' }]);
    const failing = new KeptFieldsCheck({
      ...fake,
      getUser: async () => {
        throw new OneFileError({ kind: 'server', endpoint: 'GET User/{id}', message: 'OneFile answered 500.', status: 500, mayHaveApplied: false });
      },
    });
    expect(await failing.afterUpdate(7, { ULN: '1234567890' }, {}, undefined, direct)).toEqual([]);
    expect(fake.known.update).not.toContain('ULN');
  });
});
